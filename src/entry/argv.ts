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
 * Ends the process with a usage error (exit 2) when the working directory was deleted
 * under the shell: node cannot tell its path then (process.cwd() throws ENOENT, uv_cwd),
 * and every command starts from it. Plain text: nothing else is loaded yet.
 */
export function exitIfNoWorkingDir(): void {
  try {
    process.cwd();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'unknown error';
    process.stderr.write(`✖ the current directory no longer exists (${code})\n→ cd into the repository again (cd "$PWD" returns to a directory recreated at that path)\n  [E_NO_CWD]\n`);
    process.exit(2);
  }
}
