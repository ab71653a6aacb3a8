// `shipver ci verify`, its second half: the version tag a pipeline builds, checked as the
// pre-push hook checks it (src/release/tag-checks.ts), against the remote's release branches.
import { refusal } from '../errors.js';
import { isSafeRefName, type Git } from '../git/git.js';
import type { Config } from '../config/types.js';
import { branchPolicy } from '../release/branch-policy.js';
import { classifyTag, verifyTag, type ReleaseTip, type VerifiedTag } from '../release/tag-checks.js';
import type { Say } from './ci-history.js';

/**
 * Checks the tag a pipeline builds. The tag is fetched again first: actions/checkout
 * replaces an annotated tag with a lightweight one of the same name (actions/checkout#290).
 * Release branches are the remote's, fetched into remote-tracking refs.
 */
export async function verifyCiTag(git: Git, config: Config, tag: string, remote: string | null, say: Say): Promise<VerifiedTag | null> {
  if (!isSafeRefName(tag) || !classifyTag(config, tag)) {
    return verifyTag(git, config, tag, tag, { releaseTips: [], noReleaseBranch: '' }); // refuses an unsafe name, null for other tags
  }
  let tips: ReleaseTip[];
  if (remote) {
    if (!(await git.fetchTag(remote, tag))) throw refusal('E_TAG_NOT_ON_REMOTE', `tag ${tag} cannot be fetched from ${remote}`, `was it deleted? git ls-remote ${remote} refs/tags/${tag}`);
    const heads = (await git.remoteBranchNames(remote)).filter((b) => Boolean(branchPolicy(b, config.branches)));
    tips = [];
    for (const b of heads) {
      const ref = await git.fetchRemoteBranch(remote, b);
      if (ref) tips.push({ name: `${remote}/${b}`, rev: ref });
    }
    say(`release branches on ${remote}: ${heads.join(', ') || 'none'}`);
  } else {
    const heads = [...(await git.branchTips()).keys()];
    tips = heads.filter((b) => branchPolicy(b, config.branches)).map((b) => ({ name: b, rev: `refs/heads/${b}` }));
  }
  const object = await git.tagObject(tag);
  if (!object) throw refusal('E_NO_TAG', `there is no tag ${tag} in this clone`, 'run this in the pipeline of the tag, or fetch it: git fetch origin tag ' + tag);
  // fixes name the branch as a clone has it (main, not origin/main)
  const releaseBranches = tips.map((t) => t.name.slice(remote ? remote.length + 1 : 0));
  return verifyTag(git, config, tag, object, { releaseTips: tips, releaseBranches, noReleaseBranch: remote ? `${remote} has no release branch` : 'there is no local release branch' });
}
