// `shipver hook commit-msg FILE`, the call every commit makes: the loader sends it to the
// hook's own bundle, and bin.ts (the standalone executable) straight to the hook.
export function isCommitMsgHookArgv(argv: readonly string[]): boolean {
  return argv[0] === 'hook' && argv[1] === 'commit-msg' && argv.length === 3;
}
