// shipver hook NAME ...: the entry points the installed git hooks call.
// (bin.ts sends `hook commit-msg FILE` straight to its own small module; this is the
// path for every other hook and for unusual argument lists.)
import { ExitCode, usageError } from '../errors.js';
import type { Io } from '../io.js';

export const HOOKS: Record<string, (args: string[], io: Io) => Promise<ExitCode>> = {
  'commit-msg': async (args, io) => (await import('../hooks/commit-msg.js')).commitMsgHook(args, io),
  'pre-commit': async (args, io) => (await import('../hooks/pre-commit.js')).preCommitHook(args, io),
  'pre-push': async (args, io) => (await import('../hooks/pre-push.js')).prePushHook(args, io),
  // on the server: a bare repository's hooks/pre-receive (shipver init --server installs it)
  'pre-receive': async (args, io) => (await import('../server/pre-receive.js')).preReceiveHook(args, io),
};

export async function run(_opts: Record<string, unknown>, args: string[], io: Io): Promise<ExitCode> {
  const [name, ...rest] = args;
  const hook = name ? HOOKS[name] : undefined;
  if (!hook) {
    throw usageError('E_USAGE', `unknown hook "${name ?? ''}"`, `shipver hook takes one of: ${Object.keys(HOOKS).join(', ')}`);
  }
  return hook(rest, io);
}
