// What adopting a set of commit rules means for a repository with a history: how many of
// its recent commits the rules would have refused, and for which rules. `shipver init`
// prints it before it installs the hook, so a team sees the cost before it pays it. The
// commits are read in config/commit-rules.ts; this is the counting.

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
