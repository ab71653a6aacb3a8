// What a process ended with, and whether one still runs: for every module, including those
// that start no process themselves (src/process/run.ts starts them; .dependency-cruiser.cjs).

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export class ProcessError extends Error {
  constructor(
    readonly file: string,
    readonly args: readonly string[],
    readonly result: RunResult,
  ) {
    super(`${file} ${args.join(' ')} exited with ${result.exitCode}: ${result.stderr.trim() || result.stdout.trim()}`);
    this.name = 'ProcessError';
  }
}

/** A child's exit code as a shell reports it: 128 + 15 when a signal (our timeout's SIGTERM) stopped it. */
export function exitCodeOf(code: number | null, signal: NodeJS.Signals | null): number {
  return code ?? (signal ? 128 + 15 : 1);
}

/** True while a process with this id exists (EPERM: it exists, owned by someone else). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
