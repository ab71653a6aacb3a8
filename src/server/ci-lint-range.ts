// `shipver ci verify`, its first half: the commits a pipeline builds, and their messages
// linted. Which commits: the range the CI variables (or --from/--to) give; for a new branch
// or a merge request, the commits not on the branch it starts from; else the last commit.
import { usageError } from '../errors.js';
import { OBJECT_ID, ZERO_SHA, type CommitRecord, type Git } from '../git/git.js';
import { lintSetupFor } from '../config/commitlint.js';
import { lintCommits, rewordHint, type CheckedCommit } from './commit-checks.js';
import { completeRange, defaultBranch, type Say } from './ci-history.js';
import type { CiEnv } from './ci-env.js';

const short = (sha: string) => sha.slice(0, 7);

export interface LintOutcome {
  description: string;
  from: string | null;
  to: string;
  commits: CheckedCommit[];
  hint: string | null;
}

async function resolveRev(git: Git, rev: string, what: string): Promise<string | null> {
  if (OBJECT_ID.test(rev)) return rev; // may be missing from a shallow clone yet
  const sha = await git.revParse(rev);
  if (!sha) throw usageError('E_BAD_REF', `${what} "${rev}" is not a commit in this repository`, 'use a branch, tag or commit id (in CI, the commit ids the pipeline gives)');
  return sha;
}

export async function lintRange(
  git: Git,
  ci: CiEnv,
  remote: string | null,
  want: { from: string | null; to: string; branch: string | null },
  root: string,
  say: Say,
): Promise<LintOutcome> {
  let to = await resolveRev(git, want.to, '--to');
  if (to && !(await git.hasCommit(to)) && remote) await git.fetchCommit(remote, to);
  if (!to || !(await git.hasCommit(to))) throw usageError('E_BAD_REF', `the commit to check (${want.to}) is not in this clone`, 'run shipver ci verify in the checkout of the commit being built');
  to = (await git.revParse(to))!;
  const setup = await lintSetupFor(root);
  const finish = async (description: string, from: string | null, commits: CommitRecord[]): Promise<LintOutcome> => {
    const checked = await lintCommits(commits, setup);
    return { description, from, to, commits: checked, hint: rewordHint(checked.filter((x) => !x.valid).length, from, setup) };
  };

  const fromRaw = want.from ?? (ci.targetBranch ? null : ci.before);
  if (fromRaw && !ZERO_SHA.test(fromRaw)) {
    const from = (await resolveRev(git, fromRaw, '--from'))!;
    const commits = await completeRange(git, [`${from}..${to}`], [from], remote, to, say);
    if (commits) return finish(`${short(from)}..${short(to)}`, from, commits);
    if (want.from) throw usageError('E_BAD_REF', `--from ${fromRaw} is not in the history of this clone, even after fetching all of it`, 'give a commit the pushed branch contains');
    say(`${short(from)} (where the branch was before this push) is not in its history any more (a force push?)`);
  }

  // A new branch (or a request): the commits that are not on the branch it starts from.
  const base = ci.targetBranch ?? (await defaultBranch(git, ci, remote));
  if (base && remote && base !== want.branch) {
    const baseRef = await git.fetchRemoteBranch(remote, base);
    if (baseRef) {
      const commits = await completeRange(git, [to, '--not', baseRef], [], remote, to, say);
      if (commits) {
        say(`checking the commits that are not on ${base}`);
        return finish(`the commits not on ${base}`, null, commits);
      }
    }
  }
  const why = base && base === want.branch ? `the first push of ${base}` : 'a new branch, and where it starts cannot be told';
  say(`checking the last commit only (${why})`);
  return finish(`the last commit, ${short(to)}`, null, await git.logCommits([to], 1));
}
