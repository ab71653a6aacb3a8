// `shipver hook pre-push REMOTE URL`: git passes one line per ref being pushed on stdin.
// Every version tag among them must be annotated, semver, match the version files at
// its commit, be reachable from a release branch (and verify, when tags are signed).
// Then each verified tag triggers its deploys. Branch pushes with no tags return at once.
import { ExitCode, usageError } from '../errors.js';
import type { Io } from '../io.js';
import { ZERO_SHA } from '../git/parse.js';
import { gitDirAt, printNotices } from '../deploy/notice.js';
import { parsePrePushInput, refsFromPreCommitEnv } from './pre-push-input.js';

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
