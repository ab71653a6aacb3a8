// `shipver hook commit-msg FILE`, the call every commit makes: the loader sends it to the
// hook's own bundle, and bin.ts (the standalone executable) straight to the hook.
// `shipver hook commit-msg --help` is not a commit: the CLI answers it (commands/hook.ts).
export function isCommitMsgHookArgv(argv: readonly string[]): boolean {
  return argv[0] === 'hook' && argv[1] === 'commit-msg' && argv.length === 3 && !isHelpArg(argv[2]!);
}

/** --help / -h, which every command, subcommand and hook answers with its usage. */
export function isHelpArg(arg: string): boolean {
  return arg === '--help' || arg === '-h';
}

/**
 * The working directory, or node's error when it was deleted under the shell: node cannot
 * tell its path then (process.cwd() throws ENOENT, uv_cwd). The bundles' runner reports it
 * (entry/run.ts, E_NO_CWD); the loaders only skip what needs it.
 */
export function workingDir(): string | NodeJS.ErrnoException {
  try {
    return process.cwd();
  } catch (e) {
    return e as NodeJS.ErrnoException;
  }
}
