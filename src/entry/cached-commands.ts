// The commands with a code cache of their own (entry/loader.ts): a cache holds what its
// command's first run compiled, so each command gets one; anything else (--help, --version,
// a mistyped command) shares "other". test/reliability/code-cache.test.ts checks this list
// against the command table (commands/table.ts) and the hooks.
export const CACHED_COMMANDS: ReadonlySet<string> = new Set([
  'init',
  'commit',
  'lint',
  'next',
  'bump',
  'tag',
  'release',
  'version',
  'changelog',
  'deploy',
  'envs',
  'dashboard',
  'ops',
  'ci',
  'doctor',
  'recover',
  'hook-pre-push',
  'hook-pre-commit',
  'hook-pre-receive',
]);
