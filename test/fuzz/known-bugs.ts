// Bugs the fuzzers found that are not fixed in src/ yet. Each has a failing test with a
// minimal reproduction in found-bugs.test.ts.
//
// While a bug is open, a fuzz case whose INPUT is of the kind that triggers it is set aside
// (counted, not run), so that the general properties stay green and keep guarding
// everything else, and so that a known multi-second hang does not eat the time budget.
// Once a bug is fixed: delete its entry here, and its inputs are fuzzed like all others.

export interface KnownBug {
  /** the fuzz target it affects */
  targets: string[];
  matches: (input: unknown) => boolean;
}

export const KNOWN_BUGS: Record<string, KnownBug> = {
  // None open. BUG-1 .. BUG-19 (Object.prototype commit types and pre-release ids, cubic
  // "#" references, quadratic reverts, whitespace-only messages, note parsing past the end,
  // stack-deep notes, slow version-file readers, deep JSON, alias bombs, pattern line ends,
  // NaN in shipver.yaml, directory and out-of-repo version files) are fixed;
  // found-bugs.test.ts keeps each one's reproduction as a regression test.
};

/** How often each known bug's inputs came up (and were set aside), for the summary. */
export const knownHits: Record<string, number> = {};

/** The id of an open bug this input triggers for this target, or null. */
export function knownBugFor(target: string, input: unknown): string | null {
  if (process.env.FUZZ_NO_KNOWN === '1') return null; // fuzz everything, open bugs included
  for (const [id, bug] of Object.entries(KNOWN_BUGS)) {
    if (bug.targets.includes(target) && bug.matches(input)) {
      knownHits[id] = (knownHits[id] ?? 0) + 1;
      return id;
    }
  }
  return null;
}
