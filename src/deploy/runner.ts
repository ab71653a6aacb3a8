// Runs one deploy: take the environment's lock, wait (bounded) until the remote has the
// tag, run the configured command without a shell, stream its output to the log, and
// record every step and the outcome (records.ts). Used in the foreground by `shipver
// deploy` and by the detached runner the pre-push hook starts. Whatever happens — the
// command is not found, fails, hangs past deploy.timeout, the runner is interrupted, the
// log cannot be written — the run ends with a final record that says why.
// The steps' parts: the lock and the tag wait (waits.ts), the command's process group
// (child.ts), the log file (deploy-log.ts), a GitOps deploy (gitops.ts).
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { EnvironmentConfig, GitopsConfig } from '../config/types.js';
import { ShipverError, usageError } from '../errors.js';
import { ProcessError } from '../process/status.js';
import { gitopsDeploy } from './gitops.js';
import { Git } from '../git/git.js';
import { isSafeVersion, renderTemplate } from '../release/tag-format.js';
import { cancellation, runCommand, signalStatus } from './child.js';
import { DeployLog } from './deploy-log.js';
import { appendFinal, appendLine, finalRecord, logFileFor, newRunId, type ActiveState, type DeployRecord, type DeployRun, type FinalState } from './records.js';
import { redactor } from './redact.js';
import { acquireLock, waitForTag } from './waits.js';
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

function ms(from: Date): number {
  return Date.now() - from.getTime();
}

/** How a deploy ended: its final state, the command's exit code, why. */
interface Outcome {
  state: FinalState;
  exitCode?: number | null;
  message?: string;
}

/** What the steps of one run share: the job, its log, how to record a step, the cancel signal. */
interface RunContext {
  job: DeployJob;
  log: DeployLog;
  event: (state: ActiveState, extra?: Record<string, unknown>) => void;
  progress: DeployProgress | undefined;
  signal: AbortSignal;
  /** secrets of the environment removed from a text */
  redact: (text: string) => string;
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
  const redact = redactor(env);
  const start = new Date();
  const id = job.runId ?? newRunId(start);
  const log = new DeployLog(logFileFor(job.gitDir, environment.name, job.version), redact);
  const run = startedRun(job, id, start, log, argv, cwd);
  // Each line says which deploy it is about: a line lost to corruption loses nothing else.
  const event = (state: ActiveState, extra: Record<string, unknown> = {}) =>
    appendLine(job.gitDir, { id, state, env: run.env, project: run.project, version: run.version, log: run.log, pid: process.pid, at: new Date().toISOString(), ...extra });
  let finished: DeployRecord | null = null;
  const finish = (o: Outcome): DeployRecord => {
    if (finished) return finished;
    finished = closeRun(run, log, start, o);
    // the runner the pre-push hook started (it has a run id) runs unseen: its failure is told at the next commit or push
    appendFinal(job.gitDir, finished, job.runId !== undefined);
    return finished;
  };

  const cancel = cancellation();
  const ctx: RunContext = { job, log, event, progress, signal: cancel.signal, redact };
  let release: (() => void) | null = null;
  try {
    // The pre-push hook wrote this run's first line (with the log offset it saw); the runner says it is alive.
    event('started', { tag: run.tag, trigger: run.trigger, start: run.start, log: run.log, ...(job.runId ? {} : { logOffset: log.offset }), ...(log.error ? { logError: log.error } : {}) });
    log.write(`# shipver deploy ${job.tag} → ${environment.name} (${job.trigger}) at ${start.toISOString()}\n`);
    release = await takeLock(ctx);
    if (!release) return finish({ state: 'cancelled', message: `cancelled by ${String(cancel.signal.reason)} while waiting for another deploy to ${environment.name}` });
    const missing = job.remote ? await awaitTag(ctx, job.remote) : null;
    if (missing) return finish(missing);
    event('running', { command: argv, cwd });
    progress?.({ kind: 'running' });
    if (gitops) return finish(await deployGitops(ctx, gitops, env));
    return finish(await deployCommand(ctx, argv!, cwd, env));
  } catch (e) {
    // Anything unexpected still ends the run on record, with its reason.
    try {
      finish({ state: 'error', message: e instanceof ShipverError ? e.message : `internal error: ${(e as Error).message}` });
    } catch {
      // the record itself cannot be written: the error below says more
    }
    throw e;
  } finally {
    release?.();
    cancel.dispose();
  }
}

/** The run as its first line tells it. */
function startedRun(job: DeployJob, id: string, start: Date, log: DeployLog, argv: string[] | null, cwd: string): DeployRun {
  return {
    id,
    state: 'started',
    done: false,
    env: job.env.name,
    project: job.project,
    version: job.version,
    tag: job.tag,
    trigger: job.trigger,
    start: start.toISOString(),
    end: null,
    durationMs: null,
    exitCode: null,
    message: null,
    log: log.isOpen ? log.file : null,
    logOffset: log.offset,
    logError: log.error,
    pid: process.pid,
    command: argv,
    cwd,
    remote: job.remote,
    at: null,
  };
}

/** The run's last words in its log, and its final record. */
function closeRun(run: DeployRun, log: DeployLog, start: Date, o: Outcome): DeployRecord {
  const exitCode = o.exitCode ?? null;
  log.write(`# ${o.state}${exitCode !== null ? ` (exit ${exitCode})` : ''} after ${ms(start)} ms${o.message ? `: ${o.message}` : ''}\n`);
  log.close();
  return finalRecord({ ...run, logError: log.error }, o.state, { message: o.message, exitCode, end: new Date() });
}

/** Waits for the environment's lock (as long as the tag wait and the command may take); null when cancelled. */
function takeLock(ctx: RunContext): Promise<(() => void) | null> {
  const { job, log, event, progress } = ctx;
  const name = job.env.name;
  let saidWaiting = false;
  return acquireLock(
    job.gitDir,
    name,
    job.waitSeconds * 1000 + job.env.deploy!.timeout * 1000,
    (elapsed) => {
      if (!saidWaiting) {
        saidWaiting = true;
        event('waiting-lock');
        log.write(`# waiting for another deploy to ${name}\n`);
      }
      progress?.({ kind: 'waiting-lock', elapsedMs: elapsed });
    },
    ctx.signal,
  );
}

/** Waits until the remote has the tag: null when it arrived, else how the run ends. */
async function awaitTag(ctx: RunContext, remote: string): Promise<Outcome | null> {
  const { job, log } = ctx;
  ctx.event('waiting-tag', { remote });
  log.write(`# waiting for ${job.tag} on ${remote} (up to ${job.waitSeconds} s)\n`);
  const git = new Git(job.root);
  const arrived = await waitForTag(git, remote, job.tag, job.waitSeconds * 1000, (elapsed) => ctx.progress?.({ kind: 'waiting-tag', elapsedMs: elapsed }), ctx.signal);
  if (arrived === 'cancelled') return { state: 'cancelled', message: `cancelled by ${String(ctx.signal.reason)} while waiting for ${job.tag} on ${remote}` };
  if (arrived === 'timeout') return { state: 'tag-missing', message: `${job.tag} did not reach ${remote} within ${job.waitSeconds} s (the push failed or was refused?)` };
  return null;
}

/** A GitOps deploy: the tag set in the ops repository and pushed (gitops.ts), or the cancel, whichever comes first. */
async function deployGitops(ctx: RunContext, gitops: GitopsConfig, env: NodeJS.ProcessEnv): Promise<Outcome> {
  const { job, log, signal } = ctx;
  log.write(`# gitops: set ${gitops.image}:${job.version} in ${gitops.file} of ${gitops.repo}\n`);
  const aborted = new Promise<'cancelled'>((resolve) => {
    if (signal.aborted) resolve('cancelled');
    signal.addEventListener('abort', () => resolve('cancelled'), { once: true });
  });
  const write = (text: string) => log.write(text);
  const done = gitopsDeploy({ gitops, env: job.env.name, project: job.project, version: job.version, root: job.root, gitDir: job.gitDir, write, processEnv: cleanEnv(env) }).then(
    (res) => ({ res }),
    (err: unknown) => ({ err }),
  );
  const out = await Promise.race([done, aborted]);
  if (out === 'cancelled') return { state: 'cancelled', message: `cancelled by ${String(signal.reason)}` };
  if ('res' in out) return { state: 'deployed', exitCode: 0, message: out.res.message };
  if (!(out.err instanceof ShipverError) && !(out.err instanceof ProcessError)) throw out.err;
  return { state: 'failed', exitCode: 1, message: out.err.message.split('\n')[0] };
}

/** The configured command, its output streamed to the log (and to `progress`), bounded by deploy.timeout. */
async function deployCommand(ctx: RunContext, argv: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Outcome> {
  const { job, log } = ctx;
  const timeoutSeconds = job.env.deploy!.timeout;
  if (!existsSync(cwd)) return { state: 'failed', message: `the deploy directory ${cwd} does not exist (deploy.cwd)` };
  log.write(`$ ${argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a))).join(' ')}   (in ${cwd})\n`);
  const childEnv: NodeJS.ProcessEnv = { ...cleanEnv(env), SHIPVER_VERSION: job.version, SHIPVER_TAG: job.tag, SHIPVER_ENV: job.env.name, SHIPVER_PROJECT: job.project };
  // husky puts a relative node_modules/.bin on PATH; an ops script running elsewhere (../ops) needs it absolute.
  const localBin = path.join(job.root, 'node_modules', '.bin');
  if (existsSync(localBin)) childEnv.PATH = `${localBin}${path.delimiter}${childEnv.PATH ?? ''}`;
  const out = await runCommand(argv, cwd, childEnv, timeoutSeconds * 1000, ctx.signal, (d) => {
    const text = d.toString('utf8');
    log.write(text);
    ctx.progress?.({ kind: 'output', text: ctx.redact(text) });
  });
  const status = out.code ?? (out.signal ? signalStatus(out.signal) : null);
  if (out.error) return { state: 'failed', exitCode: null, message: out.error };
  if (out.cancelled) return { state: 'cancelled', exitCode: status, message: `cancelled by ${out.cancelled}; the command was stopped` };
  if (out.timedOut) return { state: 'timeout', exitCode: status, message: `no result within deploy.timeout (${timeoutSeconds} s); the command was stopped` };
  if (status === 0) return { state: 'deployed', exitCode: 0 };
  return { state: 'failed', exitCode: status, message: out.signal ? `the command was killed by ${out.signal}` : undefined };
}
