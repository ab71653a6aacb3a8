// shipver hook NAME ...: the entry points the installed git hooks call.
// (bin.ts sends `hook commit-msg FILE` straight to its own small module; this is the
// path for every other hook and for unusual argument lists.) A hook's arguments are
// git's, passed through as they are, so commander does not parse them; --help (-h) is
// answered here: `shipver hook --help`, `shipver hook NAME --help`.
import { ExitCode, usageError } from '../errors.js';
import type { Io } from '../io.js';
import { isHelpArg as isHelp } from '../entry/argv.js';

export interface HookDef {
  /** the arguments git passes, as usage shows them */
  args: string;
  summary: string;
  /** more lines for `shipver hook NAME --help` */
  more: string[];
  run: (args: string[], io: Io) => Promise<ExitCode>;
}

export const HOOKS: Record<string, HookDef> = {
  'commit-msg': {
    args: '<file>',
    summary: 'lint the commit message git is about to commit (exit 1 rejects it)',
    more: [
      'FILE holds the message; it is linted as git will commit it (comment lines removed), with the commitlint rules of the repository',
      'installed as .husky/commit-msg: shipver hook commit-msg "$1"'],
    run: async (args, io) => (await import('../hooks/commit-msg.js')).commitMsgHook(args, io),
  },
  'pre-commit': {
    args: '',
    summary: 'refuse hand edits of version files on release branches',
    more: [
      'versions change only through shipver bump and shipver release; merges are let through',
      'installed as .husky/pre-commit: shipver hook pre-commit'],
    run: async (args, io) => (await import('../hooks/pre-commit.js')).preCommitHook(args, io),
  },
  'pre-push': {
    args: '<remote> [url]',
    summary: 'check the version tags being pushed, then start their deploys',
    more: [
      "git passes the remote and its URL, and one line per pushed ref on stdin; every problem of every version tag is reported at once, each tag with its fix",
      
      'installed as .husky/pre-push: shipver hook pre-push "$@"',
      '--from-env: the pushed ref from the pre-commit framework (PRE_COMMIT_* variables) instead of stdin',
      'SHIPVER_DEPLOY=off checks without deploying; =sync leaves the deploy to shipver release --push',
    ],
    run: async (args, io) => (await import('../hooks/pre-push.js')).prePushHook(args, io),
  },
  // on the server: a bare repository's hooks/pre-receive (shipver init --server installs it)
  'pre-receive': {
    args: '',
    summary: 'on a server: refuse pushes that break the release rules',
    more: [
      "git passes one line per updated ref on stdin; refused: bad commit messages on release branches, bad version tags, deleting or moving a version tag",
      'installed by shipver init --server BARE_REPO as its hooks/pre-receive'],
    run: async (args, io) => (await import('../server/pre-receive.js')).preReceiveHook(args, io),
  },
};

/** Usage in the layout commander gives every other command. */
function usage(name: string | undefined): string {
  const hook = name ? HOOKS[name] : undefined;
  if (hook && name) {
    return [`Usage: shipver hook ${name}${hook.args ? ` ${hook.args}` : ''}`, '', hook.summary, '', ...hook.more, ''].join('\n');
  }
  const width = Math.max(...Object.entries(HOOKS).map(([n, h]) => `${n} ${h.args}`.trim().length));
  return [
    'Usage: shipver hook <name> [args...]',
    '',
    'entry points the installed git hooks call (shipver init installs them)',
    '',
    'Hooks:',
    ...Object.entries(HOOKS).map(([n, h]) => `  ${`${n} ${h.args}`.trim().padEnd(width)}  ${h.summary}`),
    '',
    'shipver hook NAME --help shows one of them.',
    '',
  ].join('\n');
}

export async function run(_opts: Record<string, unknown>, args: string[], io: Io): Promise<ExitCode> {
  const [name, ...rest] = args;
  if (name === undefined || isHelp(name) || (HOOKS[name] && rest.some(isHelp))) {
    if (name === undefined) {
      io.stderr(usage(undefined));
      return ExitCode.Usage;
    }
    io.stdout(usage(isHelp(name) ? undefined : name));
    return ExitCode.Ok;
  }
  const hook = HOOKS[name];
  if (!hook) {
    throw usageError('E_USAGE', `unknown hook "${name}"`, `shipver hook takes one of: ${Object.keys(HOOKS).join(', ')} (shipver hook --help)`);
  }
  return hook.run(rest, io);
}
