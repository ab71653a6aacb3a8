// The history a CI job reads. CI clones are usually shallow (GitHub: one commit; GitLab:
// 20), so a range is made complete first: fetch more history (`--deepen`, a few times, then
// `--unshallow`) until every commit of the range and everything it needs is there, and say so.
import type { Git, CommitRecord } from '../git/git.js';
import type { CiEnv } from './ci-env.js';

const DEEPEN_STEPS = [50, 250, 1000];

export type Say = (text: string) => void;

/** The remote a CI clone fetches from: origin, else the only one; null without remotes. */
export async function pickRemote(git: Git): Promise<string | null> {
  const remotes = await git.remoteNames();
  return remotes.includes('origin') ? 'origin' : (remotes[0] ?? null);
}

/** The commits of `revs` when the history has all of them and their parents; null when it is cut short. */
async function rangeIfComplete(git: Git, revs: string[], needs: string[]): Promise<CommitRecord[] | null> {
  for (const n of needs) if (!(await git.hasCommit(n))) return null;
  const commits = await git.logCommitsIfReadable(revs);
  if (!commits) return null;
  const cut = await git.shallowCommits();
  return commits.some((c) => cut.has(c.sha)) ? null : commits;
}

/** rangeIfComplete, fetching more history from a shallow clone until it is complete (or there is no more). */
export async function completeRange(git: Git, revs: string[], needs: string[], remote: string | null, tip: string, say: Say): Promise<CommitRecord[] | null> {
  for (let i = 0; ; i++) {
    const commits = await rangeIfComplete(git, revs, needs);
    if (commits) return commits;
    if (!remote || !(await git.isShallow()) || i > DEEPEN_STEPS.length) return null;
    if (i < DEEPEN_STEPS.length) {
      const n = DEEPEN_STEPS[i]!;
      say(`shallow clone: fetching ${n} more commits of history (git fetch --deepen=${n})`);
      await git.deepen(remote, n, tip);
    } else {
      say('shallow clone: fetching the whole history (git fetch --unshallow)');
      await git.unshallow(remote);
    }
  }
}

/** The remote's default branch, from CI variables or the remote's HEAD. */
export async function defaultBranch(git: Git, ci: CiEnv, remote: string | null): Promise<string | null> {
  if (ci.defaultBranch) return ci.defaultBranch;
  if (!remote) return null;
  return git.remoteDefaultBranch(remote);
}
