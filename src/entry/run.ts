// The one runner: how every entry point (each command through cli.ts, the git hooks, the
// pre-receive hook, the CI commands) turns what it throws into output and an exit code.
// A ShipverError is printed (the rule, what was found, the fix; one JSON line with --json)
// and ends with its exit code; anything else is a bug, reported as one with exit 70.
// Nothing else catches errors to print them.
import { ExitCode, ShipverError, usageError } from '../errors.js';
import { formatError, processIo, type Io } from '../io.js';
import { workingDir } from './argv.js';

/** Prints a ShipverError and gives its exit code; anything else is thrown on (a bug). */
export function reportError(io: Io, e: unknown, json = false): ExitCode {
  if (!(e instanceof ShipverError)) throw e;
  if (json) io.stdout(JSON.stringify({ ok: false, error: e.toJSON() }) + '\n');
  else io.stderr(formatError(io, e));
  return e.exitCode;
}

/** Runs one entry point: its exit code, or its ShipverError's after printing it. */
export async function runGuarded(io: Io, body: () => Promise<ExitCode>, json = false): Promise<ExitCode> {
  try {
    return await body();
  } catch (e) {
    return reportError(io, e, json);
  }
}

function reportBug(e: unknown): void {
  process.stderr.write(
    `shipver: internal error — this is a bug, please report it with the output below.\n` +
      `${e instanceof Error ? (e.stack ?? e.message) : String(e)}\nnode ${process.version}\n`,
  );
  process.exitCode = ExitCode.Internal;
}

/**
 * How a bundle's main function ends the process: its exit code becomes the process's.
 * `start` gets the process's Io; it does not run when the working directory was deleted
 * under the shell (every command starts from it): that is bad usage, E_NO_CWD.
 */
export function runMain(start: (io: Io) => Promise<ExitCode>): void {
  const cwd = workingDir();
  const io = processIo(typeof cwd === 'string' ? cwd : '');
  runGuarded(io, async () => {
    if (typeof cwd !== 'string') {
      throw usageError('E_NO_CWD', `the current directory no longer exists (${cwd.code ?? 'unknown error'})`, 'cd into the repository again (cd "$PWD" returns to a directory recreated at that path)');
    }
    return start(io);
  }).then((code) => {
    process.exitCode = code;
  }, reportBug);
}
