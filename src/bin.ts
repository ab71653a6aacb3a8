// The CLI bundle's entry (dist/lib/cli.js; the whole of the standalone executable). The
// loader sends `hook commit-msg FILE` to the hook's own bundle; here (the executable) it
// still goes straight to the hook, so a commit pays only for linting.
import { runMain } from './entry/run.js';
import { isCommitMsgHookArgv, isHelpArg } from './entry/argv.js';

const argv = process.argv.slice(2);

runMain(async (io) => {
  if (isCommitMsgHookArgv(argv)) {
    const { commitMsgHook } = await import('./hooks/commit-msg.js');
    return commitMsgHook(argv.slice(2), io);
  }
  if (argv[0] === 'hook' && argv[1] === 'pre-push' && argv.length <= 4 && !argv.some(isHelpArg)) {
    const { prePushHook } = await import('./hooks/pre-push.js');
    return prePushHook(argv.slice(2), io);
  }
  if (argv[0] === 'hook' && argv[1] === 'pre-commit' && argv.length === 2) {
    const { preCommitHook } = await import('./hooks/pre-commit.js');
    return preCommitHook([], io);
  }
  // git answers on another core while the command's modules load (entry/prefetch.ts: the
  // standalone executable starts them here; after the loader's call this one returns at once)
  const { prefetchReleaseReads } = await import('./entry/prefetch.js');
  prefetchReleaseReads(argv, io.cwd, io.env);
  const { main } = await import('./cli.js');
  return main(argv, io);
});
