// What adopting a set of commit rules means for a repository with a history: how many of
// its recent commits the rules would have refused, and for which rules. `shipver init`
// prints it before it installs the hook, so a team sees the cost before it pays it.
import type { Git } from '../git/git.js';
import { usageError } from '../errors.js';
import { lintMessage, type LintSetup } from './lint.js';

/** How many of the newest non-merge commits init looks at. */
export const HISTORY_SAMPLE = 200;

export interface RuleCount {
  rule: string;
  /** commits refused by this rule (a commit with two problems counts for both rules) */
  commits: number;
  /** the subject of the newest such commit */
  example: string;
}

export interface HistoryCheck {
  /** non-merge commits looked at (up to HISTORY_SAMPLE; fewer in a young repository) */
  checked: number;
  /** of those, the ones the rules would refuse */
  rejected: number;
  /** every rule that refused a commit, most commits first */
  rules: RuleCount[];
}

/** Pure: counts refusals per rule over lint results (newest first), most-refusing rule first, ties by name. */
export function summarize(results: Array<{ subject: string; valid: boolean; rules: string[] }>): HistoryCheck {
  const byRule = new Map<string, RuleCount>();
  let rejected = 0;
  for (const r of results) {
    if (r.valid) continue;
    rejected++;
    for (const rule of new Set(r.rules)) {
      const entry = byRule.get(rule);
      if (entry) entry.commits++;
      else byRule.set(rule, { rule, commits: 1, example: r.subject });
    }
  }
  const rules = [...byRule.values()].sort((a, b) => b.commits - a.commits || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
  return { checked: results.length, rejected, rules };
}

/**
 * Lints the newest `limit` non-merge commits reachable from HEAD with `setup`. Null in a
 * repository without commits. A message the rules cannot evaluate (commitlint throws for
 * an unknown rule) is a config error, thrown as such.
 */
export async function checkRecentHistory(git: Git, setup: LintSetup, limit = HISTORY_SAMPLE): Promise<HistoryCheck | null> {
  if (!(await git.head())) return null;
  const commits = await git.commits(['HEAD'], { noMerges: true, limit });
  const results = [];
  for (const c of commits) {
    let r;
    try {
      r = await lintMessage(c.message, setup);
    } catch (e) {
      // commitlint throws for rule configs it does not understand (shipver lint says the same)
      throw usageError('E_COMMITLINT_CONFIG', `the commitlint rules are invalid: ${(e as Error).message.split('\n')[0]}`, `fix ${setup.source ?? 'the commitlint config'}`);
    }
    results.push({ subject: c.message.split('\n')[0] ?? '', valid: r.valid, rules: r.errors.map((e) => e.rule) });
  }
  return summarize(results);
}
