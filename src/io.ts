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

export function processIo(): Io {
  const env = process.env;
  const color =
    env.NO_COLOR === undefined &&
    (env.FORCE_COLOR !== undefined ? env.FORCE_COLOR !== '0' : Boolean(process.stderr.isTTY && process.stdout.isTTY));
  return {
    cwd: process.cwd(),
    env,
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks);
    },
    stdinIsTTY: Boolean(process.stdin.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    color,
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
