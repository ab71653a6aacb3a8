// Argument parsing and dispatch. Commands are imported only when run; commander only
// when the fast path (commands/fast-args.ts) cannot parse the arguments alone, or for help.
// Errors become output and exit codes in one place, entry/run.ts (which bin.ts runs this under).
import type { Command } from 'commander';
import { ExitCode } from './errors.js';
import { colors, type Io } from './io.js';
import { runGuarded } from './entry/run.js';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { VERSION } from './version-info.js';
import { COMMANDS, type CommandDef } from './commands/table.js';
import { fastParse } from './commands/fast-args.js';
import { findWorkTree } from './find-up.js';
import { journalPath } from './release/journal.js';

/** Runs a command through the one runner (entry/run.ts): a ShipverError is printed (as JSON with --json) and becomes the exit code. */
async function runCommand(def: CommandDef, opts: Record<string, unknown>, args: string[], io: Io, json: boolean): Promise<ExitCode> {
  const mod = await def.load();
  return runGuarded(io, () => mod.run(opts, args, io), json);
}

/** commander's program over the command table; `action` runs a parsed command. Exported for the fast path's differential test. */
export async function buildProgram(io: Io, action: (def: CommandDef, opts: Record<string, unknown>, args: string[]) => Promise<void>): Promise<Command> {
  const { Command, Option } = await import('commander');
  const program = new Command('shipver')
    .description('Version, tag and deploy Django and Express apps from plain git.')
    .version(VERSION, '-V, --version-info', 'print the shipver version')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: (s, write) => write(s) })
    .showSuggestionAfterError(true);

  const attach = (parent: Command, def: CommandDef) => {
    const cmd = parent.command(def.name + (def.args ? ` ${def.args}` : ''), { hidden: def.hidden }).description(def.summary);
    for (const [flags, description, dflt] of def.options ?? []) cmd.addOption(new Option(flags, description).default(dflt));
    for (const [flags, description] of def.hiddenOptions ?? []) cmd.addOption(new Option(flags, description).hideHelp());
    if (def.allowUnknown) cmd.allowUnknownOption(true).helpOption(false);
    if (def.sub?.length) {
      for (const s of def.sub) attach(cmd, s);
      return;
    }
    cmd.action(async (...received: unknown[]) => {
      const command = received[received.length - 1] as Command;
      const opts = command.opts();
      await action(def, opts, command.args);
    });
  };
  for (const def of COMMANDS) attach(program, def);
  return program;
}

/** An unfinished release journal near cwd (a cheap walk up to .git, no git process). */
function unfinishedRelease(cwd: string): boolean {
  const top = findWorkTree(cwd);
  return top !== null && existsSync(journalPath(path.join(top, '.git')));
}

export async function main(argv: string[], io: Io): Promise<ExitCode> {
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V' || argv[0] === '--version-info')) {
    io.stdout(`${VERSION}\n`);
    return ExitCode.Ok;
  }
  if (argv[0] && !['recover', 'hook', 'lint', 'release', 'bump', 'tag'].includes(argv[0]) && unfinishedRelease(io.cwd)) {
    // release/bump/tag refuse with the full story; everything else just says so once.
    io.stderr(colors(io).yellow('⚠ a release did not finish (the process was killed?): run shipver recover\n'));
  }
  // a hook's arguments are git's: its errors are text, whatever they hold
  const jsonRequested = () => argv[0] !== 'hook' && (argv.includes('--json') || argv.includes('--jsonl'));
  const fast = fastParse(argv, COMMANDS);
  if (fast) return runCommand(fast.def, fast.opts, fast.args, io, jsonRequested());
  let code: ExitCode = ExitCode.Ok;
  const program = await buildProgram(io, async (def, opts, args) => {
    code = await runCommand(def, opts, args, io, jsonRequested());
  });
  if (argv.length === 0) {
    io.stdout(program.helpInformation());
    return ExitCode.Ok;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof (await import('commander')).CommanderError) {
      // --help and --version exit 0; every parse error is bad usage.
      return e.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
    }
    throw e;
  }
  return code;
}
