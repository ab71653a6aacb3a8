// The "clean master" rules, checked before any change, on what gather.ts read. Each
// refusal names the rule, what was found and the fix; all failing rules are reported
// together. Pure.
import { refusal, ShipverError } from '../errors.js';
import type { Config } from '../config/types.js';
import { releasingBranches, type BranchPolicy } from './branch-policy.js';

/** What the guards read of the repository (bump, release). */
export interface RepoState {
  /** tracked files with uncommitted changes (`git status` lines) */
  changes: string[];
  /** the branch's upstream (null: none, or HEAD is detached) */
  upstream: { remote: string; ref: string; name: string } | null;
  /** whether the upstream was fetched first; the last line git said when that failed */
  fetch: { done: true } | { done: false; error: string | null };
  /** commits ahead of / behind the upstream (as fetched) */
  aheadBehind: { ahead: number; behind: number } | null;
}

export interface GuardInput {
  config: Config;
  branch: string | null;
  policy: BranchPolicy | null;
  state: RepoState;
  /** a dry run never fetches: say so instead of blaming --no-fetch */
  dryRun: boolean;
}

export interface GuardReport {
  warnings: string[];
  upstream: { remote: string; branch: string } | null;
}

function combine(errors: ShipverError[]): ShipverError {
  if (errors.length === 1) return errors[0]!;
  return refusal(
    'E_GUARDS',
    `${errors.length} release rules are not met`,
    'fix each of them, then run the command again',
    errors.flatMap((e) => [`- ${e.message} [${e.code}]`, ...(e.hint ? [`  → ${e.hint}`] : [])]),
  );
}

export function checkRepositoryGuards(input: GuardInput): GuardReport {
  const { branch, config, state } = input;
  const errors: ShipverError[] = [];
  const warnings: string[] = [];
  if (!branch) {
    errors.push(refusal('E_DETACHED_HEAD', 'HEAD is detached, not on a branch', `check out a release branch: git switch ${config.branches.release[0] ?? 'main'}`));
  } else if (!input.policy) {
    const allowed = releasingBranches(config.branches);
    errors.push(refusal('E_BRANCH', `releases are not made from branch ${branch}`, `merge into a release branch and release there (${allowed.join(', ')}), or add ${branch} to branches in shipver.yaml`));
  }
  const changes = state.changes;
  if (changes.length) {
    errors.push(
      refusal('E_DIRTY', `the working tree has uncommitted changes (${changes.length} file${changes.length === 1 ? '' : 's'})`, 'commit or stash them (git stash), then release', changes.slice(0, 10).map((c) => `  ${c}`)),
    );
  }
  let upstream: GuardReport['upstream'] = null;
  const up = state.upstream;
  if (!up) {
    if (branch) warnings.push(`branch ${branch} has no upstream: the check that it is not behind the remote was skipped`);
  } else {
    upstream = { remote: up.remote, branch: up.ref.replace(/^refs\/heads\//, '') };
    if (!state.fetch.done && state.fetch.error !== null) {
      errors.push(refusal('E_FETCH_FAILED', `could not fetch ${up.remote} to check that ${branch} is up to date (${state.fetch.error})`, 'check the network and your access, or run offline with --no-fetch (the check then uses what was fetched last)'));
    } else if (!state.fetch.done) {
      warnings.push(`${input.dryRun ? 'dry run, no fetch' : '--no-fetch'}: compared with ${up.name} as last fetched, which may be out of date`);
    }
    const { ahead, behind } = state.aheadBehind ?? { ahead: 0, behind: 0 };
    if (behind > 0) {
      errors.push(
        refusal(
          ahead > 0 ? 'E_DIVERGED' : 'E_BEHIND',
          ahead > 0
            ? `the remote moved: ${branch} and ${up.name} have diverged (${ahead} local, ${behind} remote commit${behind === 1 ? '' : 's'})`
            : `the remote moved: ${branch} is ${behind} commit${behind === 1 ? '' : 's'} behind ${up.name}`,
          `someone pushed meanwhile: git pull --rebase, check what changed, then release`,
        ),
      );
    }
  }
  if (errors.length) throw combine(errors);
  return { warnings, upstream };
}

/** The tag must not exist yet, locally or on the remote (when it was asked: `remoteTags` not null). */
export function checkTagFree(tag: string, localTags: ReadonlySet<string>, remote: string | null, remoteTags: readonly string[] | 'unreachable' | null): void {
  if (localTags.has(tag)) {
    throw refusal('E_TAG_EXISTS', `tag ${tag} already exists`, 'this version was released already, and a released tag stays as it is: release the next version with shipver release (shipver next shows it)');
  }
  if (!remote || remoteTags === null) return;
  if (remoteTags === 'unreachable') throw refusal('E_REMOTE_UNREACHABLE', `could not ask ${remote} whether tag ${tag} exists`, 'check the network, or run with --no-fetch');
  if (remoteTags.includes(tag)) {
    throw refusal('E_TAG_EXISTS_REMOTE', `the remote moved: tag ${tag} already exists on ${remote}`, `someone released ${tag} meanwhile: git pull --rebase && git fetch --tags, then release again`);
  }
}
