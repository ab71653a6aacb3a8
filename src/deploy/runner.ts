// Runs one deploy: take the environment's lock, wait (bounded) until the remote has the
// tag, run the configured command without a shell, stream its output to the log, and
// record every step and the outcome (records.ts). Used in the foreground by `shipver
// deploy` and by the detached runner the pre-push hook starts. Whatever happens — the
// command is not found, fails, hangs past deploy.timeout, the runner is interrupted, the
// log cannot be written — the run ends with a final record that says why.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import path from 'node:path';
import type { EnvironmentConfig } from '../config/types.js';
import { errnoCode, refusal, ShipverError, usageError } from '../errors.js';
import { ProcessError } from '../process/run.js';
import { gitopsDeploy } from './gitops.js';
import { Git } from '../git/git.js';
import { isSafeVersion, renderTemplate } from '../release/tag-format.js';
import { appendFinal, appendLine, deployDir, finalRecord, logFileFor, newRunId, runnerAlive, type ActiveState, type DeployRecord, type DeployRun, type FinalState } from './records.js';
import { redactor } from './redact.js';

export interface DeployJob {
  env: EnvironmentConfig;
  project: string;
  version: string;
  tag: string;
  /** the remote that must have the tag before the command runs; null = do not wait */
  remote: string | null;
  root: string;
  gitDir: string;
  trigger: 'push' | 'manual';
  waitSeconds: number;
  /** the id the pre-push hook gave this run in the "started" line it wrote (trigger.ts) */
  runId?: string;
}

export interface DeployProgress {
  (event: { kind: 'waiting-lock' | 'waiting-tag' | 'running' | 'output'; text?: string; elapsedMs?: number }): void;
}

/** The command with its placeholders filled in, element by element (never joined into a shell string). */
export function resolveCommand(template: readonly string[], values: { version: string; tag: string; project: string; env: string }): string[] {
  if (!isSafeVersion(values.version)) throw usageError('E_UNSAFE_VERSION', `"${values.version}" is not a valid version`, 'versions look like 1.2.3 or 1.2.3-beta.0');
  return template.map((arg) => renderTemplate(arg, values));
}

export function resolveCwd(root: string, cwd: string | null): string {
  return cwd ? path.resolve(root, cwd) : root;
}

// Variables git sets for hooks that point at this repository: a deploy command running in
// another repository (the ops checkout) must not inherit them.
const REPO_BOUND_GIT_VARS = /^GIT_(DIR|WORK_TREE|INDEX_FILE|PREFIX|OBJECT_DIRECTORY|ALTERNATE_OBJECT_DIRECTORIES|QUARANTINE_PATH|COMMON_DIR|NAMESPACE|PUSH_OPTION.*)$/;

export function cleanEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) if (!REPO_BOUND_GIT_VARS.test(k)) out[k] = v;
  return out;
}

/** A signal's conventional exit status (128 + its number), as a shell reports it. */
function signalStatus(signal: NodeJS.Signals): number {
  return 128 + (osConstants.signals[signal] ?? 15);
}

/** How long a stopped command gets between SIGTERM and SIGKILL. */
const KILL_GRACE_MS = 5000;

/** Waits, or less when the signal aborts. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * One deploy per environment at a time: an exclusive lock file holding the owner's pid.
 * A second deploy waits for it (bounded); a lock whose owner died is taken over. Null when
 * the wait was cancelled.
 */
export async function acquireLock(gitDir: string, env: string, timeoutMs: number, onWait?: (elapsedMs: number) => void, signal?: AbortSignal): Promise<(() => void) | null> {
  const dir = path.join(deployDir(gitDir), 'locks');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${env}.lock`);
  const started = Date.now();
  for (;;) {
    if (signal?.aborted) return null;
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let owner = NaN;
    try {
      owner = Number(readFileSync(file, 'utf8'));
    } catch {
      continue; // released meanwhile
    }
    if (Number.isInteger(owner) && owner > 0 && !runnerAlive(owner)) {
      rmSync(file, { force: true });
      continue;
    }
    const elapsed = Date.now() - started;
    if (elapsed > timeoutMs) {
      throw refusal('E_DEPLOY_LOCKED', `another deploy to ${env} is running (pid ${owner})`, `wait for it (shipver deploy --follow ${env}), then deploy again`);
    }
    onWait?.(elapsed);
    await sleep(250, signal);
  }
}

/** Polls the remote until it has the tag: "arrived", or why not. */
export async function waitForTag(git: Git, remote: string, tag: string, timeoutMs: number, onWait?: (elapsedMs: number) => void, signal?: AbortSignal): Promise<'arrived' | 'timeout' | 'cancelled'> {
  const started = Date.now();
  for (;;) {
    if (signal?.aborted) return 'cancelled';
    if (await git.remoteHasTag(remote, tag)) return 'arrived';
    const elapsed = Date.now() - started;
    if (elapsed >= timeoutMs) return 'timeout';
    onWait?.(elapsed);
    await sleep(Math.min(1000, 200 + elapsed / 10), signal);
  }
}

/**
 * Until the deploy ends, SIGINT, SIGTERM and SIGHUP stop it instead of the process: its
 * command is stopped and the run is recorded as cancelled.
 */
function cancellation(): { signal: AbortSignal; dispose: () => void } {
  const ac = new AbortController();
  const sigs = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const handlers = sigs.map((sig) => {
    const h = () => ac.abort(sig);
    process.on(sig, h);
    return [sig, h] as const;
  });
  return { signal: ac.signal, dispose: () => handlers.forEach(([sig, h]) => process.off(sig, h)) };
}

interface ChildOutcome {
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
function runCommand(argv: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number, signal: AbortSignal, onData: (d: Buffer) => void): Promise<ChildOutcome> {
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

function ms(from: Date): number {
  return Date.now() - from.getTime();
}

/** Runs the deploy; records every step and always the outcome; returns the final record. */
export async function runDeploy(job: DeployJob, progress?: DeployProgress, env: NodeJS.ProcessEnv = process.env): Promise<DeployRecord> {
  const { env: environment } = job;
  const command = environment.deploy?.command ?? null;
  const gitops = environment.deploy?.gitops ?? null;
  if (!command && !gitops) throw usageError('E_DEPLOY_CONFIG', `environment ${environment.name} has no deploy.command or deploy.gitops`, `add deploy: { command: [...] } to environments.${environment.name} in shipver.yaml`);
  if (!isSafeVersion(job.version)) throw usageError('E_UNSAFE_VERSION', `"${job.version}" is not a valid version`, 'versions look like 1.2.3 or 1.2.3-beta.0');
  const argv = command ? resolveCommand(command, { version: job.version, tag: job.tag, project: job.project, env: environment.name }) : null;
  const cwd = resolveCwd(job.root, environment.deploy!.cwd);
  const timeoutSeconds = environment.deploy!.timeout;
  const logFile = logFileFor(job.gitDir, environment.name, job.version);
  const redact = redactor(env);
  const start = new Date();
  const id = job.runId ?? newRunId(start);

  // The log: a deploy whose log cannot be written still runs, and its record says so.
  let fd: number | null = null;
  let logError: string | null = null;
  let logOffset = 0;
  try {
    mkdirSync(path.dirname(logFile), { recursive: true });
    fd = openSync(logFile, 'a');
    logOffset = fstatSync(fd).size;
  } catch (e) {
    logError = `cannot write the log ${logFile} (${errnoCode(e) ?? (e as Error).message})`;
  }
  const write = (text: string) => {
    if (fd === null) return;
    try {
      writeSync(fd, redact(text));
    } catch (e) {
      logError = `the log ${logFile} stopped being writable (${errnoCode(e) ?? (e as Error).message}); it is incomplete`;
      try {
        closeSync(fd);
      } catch {
        // it is the log that failed
      }
      fd = null;
    }
  };
  const run: DeployRun = {
    id,
    state: 'started',
    done: false,
    env: environment.name,
    project: job.project,
    version: job.version,
    tag: job.tag,
    trigger: job.trigger,
    start: start.toISOString(),
    end: null,
    durationMs: null,
    exitCode: null,
    message: null,
    log: fd !== null ? logFile : null,
    logOffset,
    logError,
    pid: process.pid,
    command: argv,
    cwd,
    remote: job.remote,
    at: null,
  };
  // Each line says which deploy it is about: a line lost to corruption loses nothing else.
  const event = (state: ActiveState, extra: Record<string, unknown> = {}) =>
    appendLine(job.gitDir, { id, state, env: run.env, project: run.project, version: run.version, log: run.log, pid: process.pid, at: new Date().toISOString(), ...extra });
  let finished: DeployRecord | null = null;
  const finish = (state: FinalState, fields: { exitCode?: number | null; message?: string } = {}): DeployRecord => {
    if (finished) return finished;
    const exitCode = fields.exitCode ?? null;
    write(`# ${state}${exitCode !== null ? ` (exit ${exitCode})` : ''} after ${ms(start)} ms${fields.message ? `: ${fields.message}` : ''}\n`);
    if (fd !== null) {
      try {
        closeSync(fd);
      } catch {
        // written already
      }
      fd = null;
    }
    const rec = finalRecord({ ...run, logError }, state, { ...fields, exitCode, end: new Date() });
    finished = rec;
    // the runner the pre-push hook started (it has a run id) runs unseen: its failure is told at the next commit or push
    appendFinal(job.gitDir, rec, job.runId !== undefined);
    return rec;
  };

  const cancel = cancellation();
  let release: (() => void) | null = null;
  try {
    // The pre-push hook wrote this run's first line (with the log offset it saw); the runner says it is alive.
    event('started', { tag: run.tag, trigger: run.trigger, start: run.start, log: run.log, ...(job.runId ? {} : { logOffset }), ...(logError ? { logError } : {}) });
    write(`# shipver deploy ${job.tag} → ${environment.name} (${job.trigger}) at ${start.toISOString()}\n`);
    let saidWaiting = false;
    release = await acquireLock(
      job.gitDir,
      environment.name,
      job.waitSeconds * 1000 + timeoutSeconds * 1000,
      (elapsed) => {
        if (!saidWaiting) {
          saidWaiting = true;
          event('waiting-lock');
          write(`# waiting for another deploy to ${environment.name}\n`);
        }
        progress?.({ kind: 'waiting-lock', elapsedMs: elapsed });
      },
      cancel.signal,
    );
    if (!release) return finish('cancelled', { message: `cancelled by ${String(cancel.signal.reason)} while waiting for another deploy to ${environment.name}` });
    if (job.remote) {
      event('waiting-tag', { remote: job.remote });
      write(`# waiting for ${job.tag} on ${job.remote} (up to ${job.waitSeconds} s)\n`);
      const git = new Git(job.root);
      const arrived = await waitForTag(git, job.remote, job.tag, job.waitSeconds * 1000, (elapsed) => progress?.({ kind: 'waiting-tag', elapsedMs: elapsed }), cancel.signal);
      if (arrived === 'cancelled') return finish('cancelled', { message: `cancelled by ${String(cancel.signal.reason)} while waiting for ${job.tag} on ${job.remote}` });
      if (arrived === 'timeout') return finish('tag-missing', { message: `${job.tag} did not reach ${job.remote} within ${job.waitSeconds} s (the push failed or was refused?)` });
    }
    event('running', { command: argv, cwd });
    progress?.({ kind: 'running' });
    if (gitops) {
      write(`# gitops: set ${gitops.image}:${job.version} in ${gitops.file} of ${gitops.repo}\n`);
      const aborted = new Promise<'cancelled'>((resolve) => {
        if (cancel.signal.aborted) resolve('cancelled');
        cancel.signal.addEventListener('abort', () => resolve('cancelled'), { once: true });
      });
      const done = gitopsDeploy({ gitops, env: environment.name, project: job.project, version: job.version, root: job.root, gitDir: job.gitDir, write, processEnv: cleanEnv(env) }).then(
        (res) => ({ res }),
        (err: unknown) => ({ err }),
      );
      const out = await Promise.race([done, aborted]);
      if (out === 'cancelled') return finish('cancelled', { message: `cancelled by ${String(cancel.signal.reason)}` });
      if ('res' in out) return finish('deployed', { exitCode: 0, message: out.res.message });
      if (!(out.err instanceof ShipverError) && !(out.err instanceof ProcessError)) throw out.err;
      return finish('failed', { exitCode: 1, message: out.err.message.split('\n')[0] });
    }
    if (!existsSync(cwd)) return finish('failed', { message: `the deploy directory ${cwd} does not exist (deploy.cwd)` });
    write(`$ ${argv!.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a))).join(' ')}   (in ${cwd})\n`);
    const childEnv: NodeJS.ProcessEnv = { ...cleanEnv(env), SHIPVER_VERSION: job.version, SHIPVER_TAG: job.tag, SHIPVER_ENV: environment.name, SHIPVER_PROJECT: job.project };
    // husky puts a relative node_modules/.bin on PATH; an ops script running elsewhere (../ops) needs it absolute.
    const localBin = path.join(job.root, 'node_modules', '.bin');
    if (existsSync(localBin)) childEnv.PATH = `${localBin}${path.delimiter}${childEnv.PATH ?? ''}`;
    const out = await runCommand(argv!, cwd, childEnv, timeoutSeconds * 1000, cancel.signal, (d) => {
      const text = d.toString('utf8');
      write(text);
      progress?.({ kind: 'output', text: redact(text) });
    });
    const status = out.code ?? (out.signal ? signalStatus(out.signal) : null);
    if (out.error) return finish('failed', { exitCode: null, message: out.error });
    if (out.cancelled) return finish('cancelled', { exitCode: status, message: `cancelled by ${out.cancelled}; the command was stopped` });
    if (out.timedOut) return finish('timeout', { exitCode: status, message: `no result within deploy.timeout (${timeoutSeconds} s); the command was stopped` });
    if (status === 0) return finish('deployed', { exitCode: 0 });
    return finish('failed', { exitCode: status, message: out.signal ? `the command was killed by ${out.signal}` : undefined });
  } catch (e) {
    // Anything unexpected still ends the run on record, with its reason.
    try {
      finish('error', { message: e instanceof ShipverError ? e.message : `internal error: ${(e as Error).message}` });
    } catch {
      // the record itself cannot be written: the error below says more
    }
    throw e;
  } finally {
    release?.();
    cancel.dispose();
  }
}
