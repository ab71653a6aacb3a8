// The deploy command as a child process: in a process group of its own, stopped (SIGTERM,
// then SIGKILL) on a timeout or a cancel, with everything it started.
import { spawn, type ChildProcess } from 'node:child_process';
import { constants as osConstants } from 'node:os';
import { errnoCode } from '../errors.js';

/** A signal's conventional exit status (128 + its number), as a shell reports it. */
export function signalStatus(signal: NodeJS.Signals): number {
  return 128 + (osConstants.signals[signal] ?? 15);
}

/** How long a stopped command gets between SIGTERM and SIGKILL. */
const KILL_GRACE_MS = 5000;

/**
 * Until the deploy ends, SIGINT, SIGTERM and SIGHUP stop it instead of the process: its
 * command is stopped and the run is recorded as cancelled.
 */
export function cancellation(): { signal: AbortSignal; dispose: () => void } {
  const ac = new AbortController();
  const sigs = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const handlers = sigs.map((sig) => {
    const h = () => ac.abort(sig);
    process.on(sig, h);
    return [sig, h] as const;
  });
  return { signal: ac.signal, dispose: () => handlers.forEach(([sig, h]) => process.off(sig, h)) };
}

export interface ChildOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** it could not be started (not found, not executable) */
  error: string | null;
  timedOut: boolean;
  /** the signal that cancelled the deploy */
  cancelled: string | null;
}

/**
 * Runs the command in a process group of its own, so that a timeout or a cancel stops
 * everything it started (a shell script's `sleep` too), SIGTERM first, SIGKILL after a
 * grace period.
 */
export function runCommand(argv: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number, signal: AbortSignal, onData: (d: Buffer) => void): Promise<ChildOutcome> {
  return new Promise((resolve) => {
    let child: ChildProcess;
    try {
      child = spawn(argv[0]!, argv.slice(1), { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    } catch (e) {
      resolve({ code: null, signal: null, error: (e as Error).message, timedOut: false, cancelled: null });
      return;
    }
    let timedOut = false;
    let cancelled: string | null = null;
    let killTimer: NodeJS.Timeout | undefined;
    const killGroup = (sig: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, sig);
      } catch {
        try {
          child.kill(sig);
        } catch {
          // gone already
        }
      }
    };
    const stop = () => {
      if (killTimer) return;
      killGroup('SIGTERM');
      killTimer = setTimeout(() => killGroup('SIGKILL'), KILL_GRACE_MS);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, timeoutMs);
    const onAbort = () => {
      cancelled = String(signal.reason ?? 'a signal');
      stop();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    let settled = false;
    const finish = (o: Omit<ChildOutcome, 'timedOut' | 'cancelled'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(killTimer);
      signal.removeEventListener('abort', onAbort);
      resolve({ ...o, timedOut, cancelled });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('error', (e) => {
      const code = errnoCode(e);
      finish({ code: null, signal: null, error: code === 'ENOENT' ? `${argv[0]} not found (PATH, or the deploy directory ${cwd})` : code === 'EACCES' ? `${argv[0]} is not executable` : e.message });
    });
    child.on('exit', (code, sig) => {
      // A process that left the group may hold the output pipes open: do not wait for it.
      const late = setTimeout(() => {
        child.stdout!.destroy();
        child.stderr!.destroy();
        finish({ code, signal: sig, error: null });
      }, 2000);
      child.once('close', () => {
        clearTimeout(late);
        finish({ code, signal: sig, error: null });
      });
    });
  });
}
