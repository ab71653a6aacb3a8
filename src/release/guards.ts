// The "clean master" rules, checked before any change. Each refusal names the rule,
// what was found and the fix; all failing rules are reported together.
import { refusal, ShipverError } from '../errors.js';
import { GitError } from '../git/git.js';
import type { ReleaseContext } from './context.js';
import { releasingBranches } from './branch-policy.js';

export interface GuardOptions {
  /** fetch the upstream before the behind-check (false: --no-fetch, or a dry run) */
  fetch: boolean;
  /** a dry run never fetches: say so instead of blaming --no-fetch */
  dryRun?: boolean;
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

export async function checkRepositoryGuards(ctx: ReleaseContext, opts: GuardOptions): Promise<GuardReport> {
  const { git, branch, config } = ctx;
  const errors: ShipverError[] = [];
  const warnings: string[] = [];
  if (!branch) {
    errors.push(refusal('E_DETACHED_HEAD', 'HEAD is detached, not on a branch', `check out a release branch: git switch ${config.branches.release[0] ?? 'main'}`));
  } else if (!ctx.policy) {
    const allowed = releasingBranches(config.branches);
    errors.push(refusal('E_BRANCH', `releases are not made from branch ${branch}`, `merge into a release branch and release there (${allowed.join(', ')}), or add ${branch} to branches in shipver.yaml`));
  }
  const changes = await git.trackedChanges();
  if (changes.length) {
    errors.push(
      refusal('E_DIRTY', `the working tree has uncommitted changes (${changes.length} file${changes.length === 1 ? '' : 's'})`, 'commit or stash them (git stash), then release', changes.slice(0, 10).map((c) => `  ${c}`)),
    );
  }
  let upstream: GuardReport['upstream'] = null;
  const up = branch ? await git.upstream() : null;
  if (!up) {
    if (branch) warnings.push(`branch ${branch} has no upstream: the check that it is not behind the remote was skipped`);
  } else {
    upstream = { remote: up.remote, branch: up.ref.replace(/^refs\/heads\//, '') };
    if (opts.fetch) {
      try {
        await git.fetch(up.remote, [up.ref]);
      } catch (e) {
        const why = e instanceof GitError ? e.result.stderr.trim().split('\n').pop() : (e as Error).message;
        errors.push(refusal('E_FETCH_FAILED', `could not fetch ${up.remote} to check that ${branch} is up to date (${why})`, 'check the network and your access, or run offline with --no-fetch (the check then uses what was fetched last)'));
      }
    } else {
      warnings.push(`${opts.dryRun ? 'dry run, no fetch' : '--no-fetch'}: compared with ${up.name} as last fetched, which may be out of date`);
    }
    const { ahead, behind } = await git.aheadBehind(up.name);
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

/** The tag must not exist yet, locally or on the upstream's remote. */
export async function checkTagFree(ctx: ReleaseContext, tag: string, remote: string | null, opts: GuardOptions): Promise<void> {
  if (await ctx.git.tagExists(tag)) {
    throw refusal('E_TAG_EXISTS', `tag ${tag} already exists`, 'this version was released already, and a released tag stays as it is: release the next version with shipver release (shipver next shows it)');
  }
  if (remote && opts.fetch) {
    let remoteSha: string | null;
    try {
      remoteSha = await ctx.git.remoteTag(remote, tag);
    } catch {
      throw refusal('E_REMOTE_UNREACHABLE', `could not ask ${remote} whether tag ${tag} exists`, 'check the network, or run with --no-fetch');
    }
    if (remoteSha) {
      throw refusal('E_TAG_EXISTS_REMOTE', `the remote moved: tag ${tag} already exists on ${remote}`, `someone released ${tag} meanwhile: git pull --rebase && git fetch --tags, then release again`);
    }
  }
}
