// Runs a program with an argument array and never through a shell, so nothing from a
// tag, a version or a commit message can be interpreted as shell syntax.
// node:child_process rather than execa: execa costs ~65 ms of import, more than the
// whole budget of `shipver next` and of the commit-msg hook (bench/).
import { spawn, spawnSync } from 'node:child_process';
import { ProcessError, exitCodeOf, type RunResult } from './status.js';

// what a process ended with, and pidAlive: status.ts, for the modules that start none
export { ProcessError, exitCodeOf, pidAlive, type RunResult } from './status.js';

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  input?: string | Buffer;
  /** milliseconds; the child gets SIGTERM when it runs longer */
  timeout?: number;
}

/** Runs and collects output; never throws for a non-zero exit (look at exitCode). */
export function run(file: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: opts.cwd,
      env: opts.env,
      stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      timeout: opts.timeout,
      windowsHide: true,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', (d: Buffer) => out.push(d));
    child.stderr!.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    if (opts.input !== undefined) {
      child.stdin!.on('error', () => {}); // the child may exit without reading its input
      child.stdin!.end(opts.input);
    }
    child.on('close', (code, signal) => {
      resolve({
        exitCode: exitCodeOf(code, signal),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}

/**
 * Runs a program attached to this terminal (stdin, stdout and stderr are ours, so it can
 * print and prompt as if run directly), for `git commit`; `stdoutToStderr` sends its stdout
 * to our stderr (when our stdout carries JSON). Resolves to its exit code. Ctrl-C reaches
 * the program (the terminal signals the whole process group); this process waits for it
 * to end instead of dying first, so the caller can still clean up.
 */
export function runAttached(file: string, args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; stdoutToStderr?: boolean } = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ignore = () => {};
    process.on('SIGINT', ignore);
    const child = spawn(file, args, { cwd: opts.cwd, env: opts.env, stdio: ['inherit', opts.stdoutToStderr ? 2 : 'inherit', 'inherit'] });
    const done = () => process.off('SIGINT', ignore);
    child.on('error', (e) => {
      done();
      reject(e);
    });
    child.on('close', (code, signal) => {
      done();
      resolve(signal === 'SIGINT' ? 130 : exitCodeOf(code, signal));
    });
  });
}

/** Synchronous form for the few lean paths (the commit-msg hook) that want no promise machinery. */
export function runSync(file: string, args: readonly string[], opts: RunOptions = {}): RunResult {
  const r = spawnSync(file, args, {
    cwd: opts.cwd,
    env: opts.env,
    input: opts.input,
    timeout: opts.timeout,
    encoding: 'utf8',
    stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  if (r.error) throw r.error;
  return { exitCode: exitCodeOf(r.status, r.signal), stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/**
 * Runs and hands stdout over in chunks (bytes) while the program still writes. Output is
 * read as it comes (never leaving the program blocked on a full pipe while the consumer
 * waits for something else) and queued until taken. The iteration ends when the program
 * exits; it throws a ProcessError then if the exit code was not 0.
 */
export function stream(file: string, args: readonly string[], opts: RunOptions = {}): AsyncIterable<Buffer> {
  const child = spawn(file, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
  const queue: Buffer[] = [];
  const err: Buffer[] = [];
  let finished: { result?: RunResult; error?: Error } | null = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  child.stdout!.on('data', (d: Buffer) => {
    queue.push(d);
    notify();
  });
  child.stderr!.on('data', (d: Buffer) => err.push(d));
  child.on('error', (error) => {
    finished = { error };
    notify();
  });
  child.on('close', (code, signal) => {
    finished ??= { result: { exitCode: exitCodeOf(code, signal), stdout: '', stderr: Buffer.concat(err).toString('utf8') } };
    notify();
  });
  return {
    async *[Symbol.asyncIterator]() {
      for (;;) {
        while (queue.length) yield queue.shift()!;
        if (finished) break;
        await new Promise<void>((r) => (wake = r));
      }
      const end = finished as { result?: RunResult; error?: Error };
      if (end.error) throw end.error;
      if (end.result!.exitCode !== 0) throw new ProcessError(file, args, end.result!);
    },
  };
}
