// `shipver hook pre-push REMOTE URL`: git passes one line per ref being pushed on stdin.
// Every version tag among them must be annotated, semver, match the version files at
// its commit, be reachable from a release branch (and verify, when tags are signed).
// Then each verified tag triggers its deploys. Branch pushes with no tags return at once.
import { ExitCode, usageError } from '../errors.js';
import type { Io } from '../io.js';
import { OBJECT_ID, ZERO_SHA, hookInputLines } from '../git/git.js';
import { gitDirAt, printNotices } from '../deploy/notice.js';

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

/**
 * Before anything else the push says: a background deploy that failed since the last
 * commit or push said so (once per failure), and a runner that died without a word is
 * found here (its pid is gone) and recorded, so it is said too.
 */
async function deployNotices(io: Io): Promise<void> {
  const gitDir = gitDirAt(io.cwd);
  if (!gitDir) return;
  try {
    const { loadRuns, recordsFile } = await import('../deploy/records.js');
    const { existsSync } = await import('node:fs');
    if (existsSync(recordsFile(gitDir))) loadRuns(gitDir);
  } catch {
    // a notice is never worth a refused push
  }
  printNotices(gitDir, io.stderr);
}

export async function prePushHook(args: string[], io: Io): Promise<ExitCode> {
  const fromEnv = args[0] === '--from-env' ? refsFromPreCommitEnv(io.env) : null;
  const [remote, url] = fromEnv ? [fromEnv.remote, fromEnv.url] : args;
  if (!remote) throw usageError('E_USAGE', 'shipver hook pre-push needs the remote name', 'the hook calls: shipver hook pre-push "$@"');
  const refs = fromEnv ? fromEnv.refs : parsePrePushInput((await io.readStdin()).toString('utf8'));
  await deployNotices(io);
  const tags = refs.filter((r) => r.remoteRef.startsWith('refs/tags/') && !ZERO_SHA.test(r.localSha));
  if (tags.length === 0) return ExitCode.Ok;
  const { verifyAndTrigger } = await import('./pre-push-tags.js');
  return await verifyAndTrigger(tags, { remote, url: url ?? remote }, io);
}
