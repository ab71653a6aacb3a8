// The command table: names, arguments, options and the module each command lives in.
// Data only (no argument-parser import), so both the fast path (fast-args.ts) and
// commander (cli.ts, for help and errors) read the same definitions.
import type { ExitCode } from '../errors.js';
import type { Io } from '../io.js';

export type Action = (opts: Record<string, unknown>, args: string[], io: Io) => Promise<ExitCode>;
export type Loader = () => Promise<{ run: Action }>;

export interface CommandDef {
  name: string;
  args?: string;
  summary: string;
  options?: Array<[flags: string, description: string, defaultValue?: string | boolean | string[]]>;
  /** options for shipver's own internal use, not shown in --help */
  hiddenOptions?: Array<[flags: string, description: string]>;
  load: Loader;
  /** subcommands (e.g. `ops checkout`) */
  sub?: CommandDef[];
  hidden?: boolean;
  allowUnknown?: boolean;
}

const json: [string, string] = ['--json', 'print the result as JSON'];
const dryRun: [string, string] = ['--dry-run', 'show what would change, change nothing'];
const project: [string, string] = ['--project <name>', 'the project to act on (when shipver.yaml lists several)'];
const noFetch: [string, string] = ['--no-fetch', 'do not fetch the upstream first (offline: the up-to-date check uses what was fetched last)'];
const pre: [string, string] = ['--pre <id>', 'make a prerelease with this id (beta → 1.3.0-beta.0)'];

// A new command also goes in entry/cached-commands.ts (its own code cache; a test checks).
export const COMMANDS: CommandDef[] = [
  {
    name: 'init',
    summary: 'detect the project, write shipver.yaml and commitlint.config.js, install the git hooks',
    options: [
      ['--yes', 'accept the defaults without asking'],
      ['--force', 'overwrite shipver.yaml and commitlint.config.js when they exist'],
      ['--makefile', 'add increment-*/tag/release targets to the Makefile'],
      ['--hooks-only', 'only install the git hooks (for a fresh clone)'],
      ['--server <path>', "install the pre-receive hook in a bare repository on the server (the rules hold for every push)"],
      ['--ci <provider>', 'write a CI workflow that runs shipver ci verify on every push and ci deploy on version tags: github | gitlab'],
      dryRun,
      json,
    ],
    load: () => import('./init.js'),
  },
  {
    name: 'commit',
    args: '[git-args...]',
    summary: 'compose a conventional commit message (asked on a terminal, from flags otherwise), lint it with the hook\'s rules, git commit with it (arguments after -- go to git)',
    options: [
      ['--type <type>', 'the type (feat, fix, ... as your commitlint rules allow)'],
      ['--scope <scope>', 'the scope (optional unless the rules require one)'],
      ['--subject <text>', 'the subject: what the commit does'],
      ['--body <text>', 'the body (several lines allowed)'],
      ['--breaking <text>', 'a breaking change: makes the header type!: and adds a BREAKING CHANGE: footer'],
      ['--closes <number...>', 'an issue the commit closes (repeatable): Closes #N'],
      ['--refs <number...>', 'an issue the commit refers to (repeatable): Refs #N'],
      ['--retry', 'start from the message git kept after the last refused commit (flags change parts of it)'],
      dryRun,
      json,
    ],
    load: () => import('./commit.js'),
  },
  {
    name: 'lint',
    args: '[message]',
    summary: 'lint commit messages (a file, stdin, a JSONL batch or a range of commits)',
    options: [
      ['--edit [file]', 'lint a commit message file as the hook does (default .git/COMMIT_EDITMSG)'],
      ['--stdin', 'read one message from stdin'],
      ['--jsonl', 'with --stdin: one {"message": ...} per input line, one result per output line'],
      ['--from <ref>', 'lint every commit after this ref'],
      ['--to <ref>', 'up to this ref (default HEAD)'],
      json,
    ],
    load: () => import('./lint.js'),
  },
  {
    name: 'next',
    args: '[level]',
    summary: 'the current version, the level the commits call for, and the next version',
    options: [pre, project, ['--messages-file <file>', 'compute the level from a JSON array of messages (no repository needed); a .jsonl file: one array per line, one answer per line'], ['--current <version>', 'with --messages-file: the current version (default 1.0.0)'], json],
    load: () => import('./next.js'),
  },
  {
    name: 'bump',
    args: '[level]',
    summary: 'write the next version to every version file, update CHANGELOG.md, make the release commit (auto|major|minor|patch|prerelease)',
    options: [pre, project, noFetch, dryRun, json],
    load: () => import('./bump.js'),
  },
  {
    name: 'tag',
    summary: 'annotated tag for the version at HEAD, with the release notes as its message',
    options: [project, noFetch, dryRun, json],
    load: () => import('./tag.js'),
  },
  {
    name: 'release',
    args: '[level]',
    summary: 'bump + tag in one step (auto|major|minor|patch|prerelease)',
    options: [pre, project, ['--push', 'push the branch and the tag in one atomic push'], noFetch, dryRun, json],
    load: () => import('./release.js'),
  },
  {
    name: 'version',
    summary: 'print the current version (for Makefiles and docker build args)',
    options: [project, ['--pep440', 'print it in PEP 440 form (1.3.0b1)'], json],
    load: () => import('./version.js'),
  },
  {
    name: 'changelog',
    summary: 'render release notes or update CHANGELOG.md',
    options: [
      ['--stdout', 'print the notes instead of writing the file'],
      ['--from <ref>', 'start of the range (default: the last version tag)'],
      ['--to <ref>', 'end of the range (default HEAD)'],
      ['--from-start', 'regenerate the whole history, one section per version tag'],
      project,
      dryRun,
      json,
    ],
    load: () => import('./changelog.js'),
  },
  {
    name: 'deploy',
    args: '[env] [version]',
    summary: "run an environment's deploy for a released version (default: the latest tag); --log lists past deploys, --follow attaches to a running one",
    options: [
      project,
      ['--log', 'list past and running deploys (env, version, start, duration, outcome and why, log file)'],
      ['--follow', 'attach to the running deploy (of ENV, when given), stream its log until it ends, exit with its result'],
      ['--wait', 'the same as --follow'],
      dryRun,
      json,
    ],
    hiddenOptions: [
      ['--wait-for-tag <remote>', 'wait until the remote has the tag (the runner the pre-push hook starts)'],
      ['--trigger <kind>', 'push | manual'],
      ['--run-id <id>', 'the run the pre-push hook recorded as started (the detached runner)'],
      ['--quiet', 'no progress output'],
    ],
    load: () => import('./deploy.js'),
  },
  {
    name: 'envs',
    summary: 'which version runs in each environment (from its status URL) and what is not deployed yet',
    options: [['--timeout <seconds>', 'how long to wait for each status URL (default 5)'], json],
    load: () => import('./envs.js'),
  },
  {
    name: 'dashboard',
    args: '[repos...]',
    summary: 'which version runs where, for several apps, as one self-contained HTML page (--out), live (--serve) or as data (--json)',
    options: [
      ['--out <file>', 'write the page here (default shipver-dashboard.html in the current directory); an existing file is replaced'],
      ['--serve', 'serve the page on 127.0.0.1 and keep it up to date without reloads (Ctrl-C stops)'],
      ['--port <n>', 'with --serve: the port (default: a free one, printed)'],
      ['--interval <seconds>', 'with --serve: re-read the state this often (default 10)'],
      ['--timeout <seconds>', 'how long to wait for each status URL (default 5)'],
      dryRun,
      json,
    ],
    load: () => import('./dashboard.js'),
  },
  {
    name: 'ops',
    summary: 'the steps of an ops deploy (for an ops Makefile): checkout | image-exists | manifest',
    // a group: both parsers run one of its subcommands, never the group itself
    load: () => Promise.reject(new Error('shipver ops runs through its subcommands')),
    sub: [
      {
        name: 'checkout',
        args: '<dir> <version>',
        summary: "check out the version's tag in the app checkout DIR (fetches tags from its origin; refuses local changes)",
        options: [['--tag-format <format>', 'tag format (default: tag.format of DIR/shipver.yaml, else v{version})'], project, dryRun, json],
        load: async () => ({ run: (await import('./ops.js')).runCheckout }),
      },
      {
        name: 'image-exists',
        args: '<image>',
        summary: 'ask the registry whether IMAGE:TAG exists: exit 0 yes, 1 no, 2 cannot tell (build only on 1)',
        options: [
          ['--insecure', 'plain http for a registry that is not on loopback'],
          ['--timeout <seconds>', 'give up after this many seconds (default 20)'],
          json,
        ],
        load: async () => ({ run: (await import('./ops.js')).runImageExists }),
      },
      {
        name: 'manifest',
        args: '<file>',
        summary: 'set the tag of an image in Kubernetes YAML (FILE, or - for stdin), every other byte kept',
        options: [
          ['--image <name>', 'the image whose tag to set (name without tag)'],
          ['--version <version>', 'the tag to set'],
          ['--env <name>', 'also set this env var to the version on the same containers'],
          ['-o, --output <file>', 'write here instead of stdout'],
          dryRun,
          json,
        ],
        load: async () => ({ run: (await import('./ops.js')).runManifest }),
      },
    ],
  },
  {
    name: 'ci',
    summary: 'in a CI job: verify (the pushed commit messages, the version tag being built) | deploy (that tag)',
    load: () => import('./ci.js'),
    sub: [
      {
        name: 'verify',
        summary: 'check the commit messages of the pushed range, and the version tag being built',
        options: [
          ['--from <ref>', 'check the commits after this one (default: from the CI variables)'],
          ['--to <ref>', 'up to this one (default: the commit being built)'],
          ['--tag <tag>', 'the version tag to verify (default: the tag the pipeline builds)'],
          json,
        ],
        load: async () => ({ run: async (opts, args, io) => (await import('./ci.js')).run(opts, ['verify', ...args], io) }),
      },
      {
        name: 'deploy',
        summary: 'run the deploys of the version tag being built, in the foreground',
        options: [['--tag <tag>', 'the version tag to deploy (default: the tag the pipeline builds)'], dryRun, json],
        load: async () => ({ run: async (opts, args, io) => (await import('./ci.js')).run(opts, ['deploy', ...args], io) }),
      },
    ],
  },
  {
    name: 'doctor',
    summary: 'check the config, the version files, the hooks and the tags',
    options: [project, ['--fix', 'apply the safe fixes: tag.format from the existing tags, the hooks, the version files to the latest release'], [dryRun[0], 'with --fix (or alone): show what --fix would change, change nothing'], json],
    load: () => import('./doctor.js'),
  },
  {
    name: 'recover',
    summary: 'after a release was killed half-way: restore the previous state (or finish it) from the journal',
    options: [['--force', 'recover even though the journal names a running process'], json],
    load: () => import('./recover.js'),
  },
  {
    name: 'hook',
    args: '<name> [args...]',
    summary: 'entry points the installed git hooks call: commit-msg, pre-commit, pre-push; pre-receive on a server',
    load: () => import('./hook.js'),
    allowUnknown: true,
  },
];
