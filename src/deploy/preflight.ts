// Before a deploy run by hand: the tag must be on the remote, or the ops script (which
// fetches it from there) would fail half-way.
import { refusal } from '../errors.js';
import type { Git } from '../git/git.js';

/** Refuses when the upstream (or origin) lacks the tag; a repository with no remote passes. */
export async function assertTagPushed(git: Git, tag: string): Promise<void> {
  const upstream = await git.upstream();
  const name = upstream?.remote ?? ((await git.configGet('remote.origin.url')) ? 'origin' : null);
  if (!name) return;
  const ref = `refs/tags/${tag}`;
  const onRemote = await git.remoteRefs(name, [ref]);
  if (!onRemote) throw refusal('E_REMOTE_UNREACHABLE', `could not ask ${name} whether it has ${tag}`, 'check the network');
  if (!onRemote.has(ref)) throw refusal('E_TAG_NOT_PUSHED', `${tag} is not on ${name} yet, so the ops script cannot fetch it`, `git push ${name} ${tag}`);
}
