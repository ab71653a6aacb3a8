// `shipver init` and a repository's own commit rules: which rules the hook will use (the
// team's commitlint config wherever commitlint finds it, else the conventional config
// init writes), and what adopting them means for the recent history.
import path from 'node:path';
import type { Git } from '../git/git.js';
import type { Colors } from '../io.js';
import { usageError } from '../errors.js';
import { defaultSetup, lintMessage, type LintSetup } from '../commits/lint.js';
import { HISTORY_SAMPLE, summarize, type HistoryCheck } from '../commits/history-check.js';
import { findCommitlintSource, isInitConfig, lintSetupFor } from './commitlint.js';

export interface CommitRulesPlan {
  /** the team's config, relative to the root ("package.json", ".commitlintrc.yaml"), or null when init writes one */
  source: string | null;
  /** true when the rules are the "commitlint" key of package.json / package.yaml */
  packageKey: boolean;
  /** true when `source` is the commitlint.config.js an earlier shipver init wrote (the conventional rules) */
  written: boolean;
  /** the recent history against these rules; null without commits */
  history: HistoryCheck | null;
}

/**
 * Loads the rules the hook will use and lints the recent history with them. A config that
 * cannot be loaded (a shareable config that is not installed, a syntax error) is thrown as
 * the same usage error the hook and `shipver lint` give: init stops before writing anything.
 */
export async function planCommitRules(root: string, git: Git, limit = HISTORY_SAMPLE): Promise<CommitRulesPlan> {
  const found = findCommitlintSource(root);
  const setup: LintSetup = found ? await lintSetupFor(root) : defaultSetup();
  const history = await checkRecentHistory(git, setup, limit);
  return { source: found ? path.relative(root, found.file) : null, packageKey: found?.packageKey ?? false, written: found ? !found.packageKey && isInitConfig(found.file) : false, history };
}

/** The lines init prints about the commit rules. Pure. */
export function formatCommitRules(c: Colors, plan: CommitRulesPlan): string[] {
  const where = plan.source === null ? null : plan.packageKey ? `the "commitlint" key of ${plan.source}` : plan.source;
  const out = [
    where === null
      ? `${c.cyan('●')} commit rules: conventional commits (@commitlint/config-conventional), in a new commitlint.config.js`
      : plan.written
        ? `${c.cyan('●')} commit rules: conventional commits, from ${where} (written by shipver init)`
        : `${c.cyan('●')} commit rules: your own, from ${where} (kept: the commit-msg hook and shipver lint use them)`,
  ];
  const h = plan.history;
  if (!h || h.checked === 0) return out;
  const young = h.checked < HISTORY_SAMPLE;
  const sample = young ? `the ${h.checked} commit${h.checked === 1 ? '' : 's'} in the history` : `the last ${h.checked} commits`;
  if (h.rejected === 0) {
    out.push(`  ${c.green('✔')} ${h.checked === 1 ? 'the one commit in the history passes' : `all ${young ? h.checked : 'of the last ' + h.checked} commits pass`} these rules (merges left out)`);
    return out;
  }
  if (h.checked === 1) {
    out.push(`  ${c.yellow('⚠')} the one commit in the history would be refused by these rules: ${h.rules.map((r) => r.rule).join(', ')}`);
    out.push(`    ${c.dim('commits already made stay as they are: the hook checks new ones only')}`);
    return out;
  }
  const top = h.rules.slice(0, 3).map((r) => `${r.rule} (${r.commits})`).join(', ');
  out.push(`  ${c.yellow('⚠')} ${h.rejected} of ${sample} (merges left out) would be refused by these rules; most often: ${top}`);
  out.push(`    ${c.dim('commits already made stay as they are: the hook checks new ones only')}`);
  return out;
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
