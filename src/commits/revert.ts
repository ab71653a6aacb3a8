// Reverts, read by one rule for the level (next, release) and for the changelog. Pure.
//
//   - A revert is what `git revert` writes: `Revert "<header>"` and "This reverts commit
//     <sha>." — the conventionalcommits preset's revert pattern reads that. Reverting a merge
//     (`git revert -m 1`) writes "This reverts commit <sha>, reversing changes made to
//     <sha>.", which the preset's pattern misses (it wants the "." right after the sha): that
//     form is a revert here too, so a merge revert is not "not conventional" in `next` and
//     left out of the changelog, but a revert in both.
//   - A revert releases as the `revert` type (a patch by default) and is listed under Reverts.
//   - A revert and the commit it reverts, both in the range, cancel out: neither counts for
//     the level nor is listed (conventional-commits-filter's rule, which the changelog writer
//     and conventional-recommended-bump apply). A merge revert names a merge commit, and
//     merges are never listed, so it stays: the commits the merge brought stay listed too
//     (shipver reads commits, not diffs), and the Reverts entry says they were taken back.

/** What a revert reverts: the reverted commit's header and its hash, as the message names them. */
export interface Reverted {
  header: string | null;
  hash: string | null;
}

const MERGE_REVERT_TAIL = /This reverts commit ([0-9a-f]{7,64}), reversing\s+changes made to [0-9a-f]{7,64}\./i;

/** git's revert of a merge: `Revert "<header>"` and "This reverts commit <sha>, reversing changes made to <sha>.". */
export function mergeRevertOf(message: string): Reverted | null {
  const first = message.split('\n', 1)[0]!.replace(/\r$/, '');
  const head = /^Revert "(.*)"$/.exec(first);
  if (!head) return null;
  const tail = MERGE_REVERT_TAIL.exec(message);
  return tail ? { header: head[1]!, hash: tail[1]! } : null;
}

/** What a commit reverts: the parser's reading (the preset's revert pattern), else git's merge-revert form; null for a commit that is no revert. */
export function revertOf(message: string, parsed: Record<string, string | null> | null | undefined): Reverted | null {
  if (parsed && (parsed.header != null || parsed.hash != null)) return { header: parsed.header ?? null, hash: parsed.hash ?? null };
  return mergeRevertOf(message);
}

/** A commit as the reverted-pair rule reads it. */
export interface RevertCandidate {
  hash?: string | null;
  header?: string | null;
  revert?: Record<string, string | null> | null;
}

/**
 * conventional-commits-filter's reverted-commit filter, on commits in log order (newest
 * first): a revert and the commit it reverts (found after it, every field the revert names
 * equal after trimming: header and hash) are both left out. The changelog renders what it
 * keeps (byte for byte the writer's), and `next` counts what it keeps.
 */
export function filterReverted<C extends RevertCandidate>(commits: readonly C[]): C[] {
  const hold = new Set<C>();
  let pendingReverts = 0;
  const out: C[] = [];
  const matches = (commit: C, revert: Record<string, string | null>) => {
    for (const key in revert) {
      let a: unknown = (commit as unknown as Record<string, unknown>)[key];
      let b: unknown = revert[key];
      if (typeof a === 'string') a = a.trim();
      if (typeof b === 'string') b = b.trim();
      if (a !== b) return false;
    }
    return true;
  };
  for (const commit of commits) {
    let reverted: C | null = null;
    for (const r of hold) {
      if (r.revert && matches(commit, r.revert)) {
        reverted = r;
        break;
      }
    }
    if (reverted) {
      hold.delete(reverted);
      pendingReverts--;
      continue;
    }
    if (commit.revert) {
      hold.add(commit);
      pendingReverts++;
      continue;
    }
    if (pendingReverts > 0) hold.add(commit);
    else {
      if (hold.size) {
        out.push(...hold);
        hold.clear();
      }
      out.push(commit);
    }
  }
  out.push(...hold);
  return out;
}
