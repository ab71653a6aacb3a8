// Drives the built CLI through a real pseudo-terminal (python3's pty module, in
// pty-driver.py): the program sees a terminal on stdin, stdout and stderr, and the keys
// arrive as a person types them, each batch only once the screen shows what it answers.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI, type Sandbox } from '../helpers/sandbox.js';

const DRIVER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'pty-driver.py');

export const KEY = {
  enter: '\r',
  down: '\x1b[B',
  up: '\x1b[A',
  backspace: '\x7f',
  ctrlC: '\x03',
  /** readline: delete to the start of the line */
  ctrlU: '\x15',
};

export interface Step {
  /** wait until the output since the last keys matches this (escape sequences removed) */
  expect: RegExp;
  send?: string;
}

export interface PtyResult {
  exit: number;
  /** everything the terminal showed, escape sequences removed */
  output: string;
  /** the step whose screen never came (then the program was killed) */
  failed: { step: number; expect: string } | null;
}

export function shipverInPty(sb: Sandbox, cwd: string, args: string[], steps: Step[], env: NodeJS.ProcessEnv = {}): PtyResult {
  const spec = {
    argv: [process.execPath, CLI, ...args],
    cwd,
    env: { ...sb.env, TERM: 'xterm-256color', ...env },
    steps: steps.map((s) => ({ expect: s.expect.source, ...(s.send === undefined ? {} : { send: s.send }) })),
    timeout: 30,
    cols: 120,
    rows: 40,
  };
  const r = spawnSync('python3', [DRIVER], { input: JSON.stringify(spec), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`the pty driver failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as PtyResult;
}

/** Down-arrow presses that move a select from its first option to `name`, then Enter. */
export function choose(options: string[], name: string): string {
  const i = options.indexOf(name);
  if (i < 0) throw new Error(`${name} is not among ${options.join(', ')}`);
  return KEY.down.repeat(i) + KEY.enter;
}
