// What the pre-push hook is told: the refs being pushed, from git's stdin or from the
// pre-commit framework's variables. Pure parsing, shared by pre-push.ts (which reads it) and
// pre-push-tags.ts (which checks the tags among the refs).
import { usageError } from '../errors.js';
import { OBJECT_ID, hookInputLines } from '../git/parse.js';

export interface PushedRef {
  localRef: string;
  localSha: string;
  remoteRef: string;
  remoteSha: string;
}

/** Parses git's pre-push input. Pure; refuses malformed lines rather than guessing. */
export function parsePrePushInput(text: string): PushedRef[] {
  const refs: PushedRef[] = [];
  for (const { n, parts } of hookInputLines(text)) {
    if (parts.length !== 4 || !OBJECT_ID.test(parts[1]!) || !OBJECT_ID.test(parts[3]!)) {
      throw usageError('E_PRE_PUSH_INPUT', `pre-push input line ${n} is not "<local ref> <local sha> <remote ref> <remote sha>"`, 'shipver hook pre-push is meant to be called by git');
    }
    refs.push({ localRef: parts[0]!, localSha: parts[1]!, remoteRef: parts[2]!, remoteSha: parts[3]! });
  }
  return refs;
}

/**
 * The pre-commit framework reads git's pre-push input itself and passes one ref in
 * PRE_COMMIT_* variables; it also passes the message-less remote name and URL there.
 */
export function refsFromPreCommitEnv(env: NodeJS.ProcessEnv): { remote: string; url: string; refs: PushedRef[] } {
  const remote = env.PRE_COMMIT_REMOTE_NAME;
  const local = env.PRE_COMMIT_LOCAL_BRANCH;
  const localSha = env.PRE_COMMIT_TO_REF;
  if (!remote) throw usageError('E_USAGE', '--from-env needs the pre-commit framework\'s PRE_COMMIT_REMOTE_NAME', 'this mode is for the pre-commit framework (.pre-commit-hooks.yaml); git hooks call shipver hook pre-push "$@"');
  const refs: PushedRef[] = [];
  if (local && localSha && OBJECT_ID.test(localSha)) {
    refs.push({ localRef: local, localSha, remoteRef: env.PRE_COMMIT_REMOTE_BRANCH ?? local, remoteSha: env.PRE_COMMIT_FROM_REF ?? '0'.repeat(40) });
  }
  return { remote, url: env.PRE_COMMIT_REMOTE_URL ?? remote, refs };
}
