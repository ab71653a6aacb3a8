// dist/shipver.js, the program `shipver` runs: picks one of the two bundles (the
// commit-msg hook's, or the CLI's) and runs it with V8's code cache (entry/code-cache.ts).
//
// Keep this file small (node's modules, code-cache.ts and entry/prefetch.ts only): it is
// compiled on every run, before everything.
import { prefetchReleaseReads } from './prefetch.js';
import { isCommitMsgHookArgv, workingDir } from './argv.js';
import { CACHED_COMMANDS } from './cached-commands.js';
import { runBundle } from './code-cache.js';

const argv = process.argv.slice(2);
if (isCommitMsgHookArgv(argv)) {
  // `shipver hook commit-msg FILE` (the hook line of shipver init before 0.2, and any
  // hook that calls shipver from PATH): the hook's own bundle, as dist/commit-msg-hook.js runs it
  const { exports, writesCache } = runBundle(__dirname, 'commit-msg', 'hook');
  (exports.run as (args: string[], warm: boolean) => void)(argv.slice(2), writesCache);
} else {
  const named = argv[0] === 'hook' ? `hook-${argv[1]}` : argv[0];
  // --help, --version, a mistyped command: one cache between them
  const topic = named && CACHED_COMMANDS.has(named) ? named : 'other';
  // next, bump, release: git starts on the questions they ask first while the bundle loads
  // (not when the working directory is gone: the bundle says so, entry/run.ts)
  const cwd = workingDir();
  if (typeof cwd === 'string') prefetchReleaseReads(argv, cwd, process.env);
  runBundle(__dirname, 'cli', topic);
}
