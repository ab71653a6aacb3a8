// What a command may touch of the outside world, passed in so tests and the hooks
// can run commands in-process without touching process.*.
import { createColors } from 'picocolors';
import type { ShipverError } from './errors.js';

export interface Io {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** reads all of stdin (only commands that take --stdin call it) */
  readStdin: () => Promise<Buffer>;
  stdinIsTTY: boolean;
  /** stderr is a terminal (progress that redraws itself in place); absent = no */
  stderrIsTTY?: boolean;
  /** colours on when stderr/stdout is a terminal and NO_COLOR is not set */
  color: boolean;
}

/**
 * The one place that handles output cut short by its reader (`shipver changelog --stdout |
 * head -1`): the next write to the closed pipe fails with EPIPE, which would otherwise
 * surface as an unhandled 'error' event, a stack trace and exit 1 (possibly after the
 * command returned: the error arrives on a later tick).
 *  - stdout closed: the reader has all it wants, and stdout only ever carries output (no
 *    command writes it while it changes something), so the process ends at once, quietly,
 *    with exit code 0 — or with the command's own code when it had already finished: a
 *    refusal printed as JSON is its last write, and the error event comes on a later tick
 *    than the promise chain that sets process.exitCode (entry/run.ts).
 *  - stderr closed: stderr carries progress and problems while commands change things
 *    (a release, a deploy), which must not stop half-way; what it would say is dropped
 *    and the command runs to its end, with its own exit code.
 * Installed once per process, by processIo()'s first write (or colour check); `closed` tells
 * io's writers what to drop.
 */
const closed = { stdout: false, stderr: false };
let watching = false;

function endQuietlyWhenOutputCloses(): void {
  if (watching) return;
  watching = true;
  for (const name of ['stdout', 'stderr'] as const) {
    process[name].on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
      closed[name] = true;
      if (name === 'stdout') process.exit(); // process.exitCode, when set; else 0
    });
  }
}

/**
 * The process's own Io. Lazy: node creates process.stdin/stdout/stderr (streams, and for a
 * terminal or a pipe the net module) on first use, which costs a command that prints
 * nothing, such as the commit-msg hook accepting a message, ~10 % of its run; so they are
 * touched only when written to or asked about (color, stdinIsTTY).
 */
export function processIo(cwd = process.cwd()): Io {
  const env = process.env;
  return {
    cwd,
    env,
    stdout: (t) => {
      endQuietlyWhenOutputCloses();
      if (!closed.stdout) process.stdout.write(t);
    },
    stderr: (t) => {
      endQuietlyWhenOutputCloses();
      if (!closed.stderr) process.stderr.write(t);
    },
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks);
    },
    get stdinIsTTY() {
      return Boolean(process.stdin.isTTY);
    },
    get stderrIsTTY() {
      return Boolean(process.stderr.isTTY);
    },
    get color() {
      if (env.NO_COLOR !== undefined) return false;
      if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0';
      endQuietlyWhenOutputCloses();
      return Boolean(process.stderr.isTTY && process.stdout.isTTY);
    },
  };
}

export type Colors = ReturnType<typeof createColors>;

export function colors(io: Io): Colors {
  return createColors(io.color);
}

/** The one way a user-facing error is printed: the rule, what was found, the fix. */
export function formatError(io: Io, e: ShipverError): string {
  const c = colors(io);
  const lines = [`${c.red(c.bold('✖'))} ${e.message}`];
  for (const d of e.details) lines.push(`  ${d}`);
  if (e.hint) lines.push(`${c.dim('→')} ${e.hint}`);
  lines.push(c.dim(`  [${e.code}]`));
  return lines.join('\n') + '\n';
}

export function printJson(io: Io, value: unknown): void {
  io.stdout(JSON.stringify(value, null, 2) + '\n');
}
