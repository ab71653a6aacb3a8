// Runs one deploy: take the environment's lock, wait (bounded) until the remote has the
// tag, run the configured command without a shell, stream its output to the log, and
// record the outcome. Used in the foreground by `shipver deploy` and by the detached
// runner the pre-push hook starts.
import { spawn } from 'node:child_process';
import { closeSync, createWriteStream, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { EnvironmentConfig } from '../config/types.js';
import { refusal, ShipverError, usageError } from '../errors.js';
import { ProcessError, exitCodeOf, pidAlive } from '../process/run.js';
import { gitopsDeploy } from './gitops.js';
import { Git } from '../git/git.js';
import { isSafeVersion, renderTemplate } from '../release/tag-format.js';
import { appendRecord, deployDir, logFileFor, type DeployRecord } from './records.js';
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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * One deploy per environment at a time: an exclusive lock file holding the owner's pid.
 * A second deploy waits for it (bounded); a lock whose owner died is taken over.
 */
export async function acquireLock(gitDir: string, env: string, timeoutMs: number, onWait?: (elapsedMs: number) => void): Promise<() => void> {
  const dir = path.join(deployDir(gitDir), 'locks');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${env}.lock`);
  const started = Date.now();
  for (;;) {
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
    if (Number.isInteger(owner) && owner > 0 && !pidAlive(owner)) {
      rmSync(file, { force: true });
      continue;
    }
    const elapsed = Date.now() - started;
    if (elapsed > timeoutMs) {
      throw refusal('E_DEPLOY_LOCKED', `another deploy to ${env} is running (pid ${owner})`, `wait for it (shipver deploy --log), then deploy again`);
    }
    onWait?.(elapsed);
    await sleep(250);
  }
}

/** Polls the remote until it has the tag; false when the wait runs out. */
export async function waitForTag(git: Git, remote: string, tag: string, timeoutMs: number, onWait?: (elapsedMs: number) => void): Promise<boolean> {
  const started = Date.now();
  for (;;) {
    const r = await git.raw(['ls-remote', '--tags', '--end-of-options', remote, `refs/tags/${tag}`]);
    if (r.exitCode === 0 && r.stdout.includes(`refs/tags/${tag}`)) return true;
    const elapsed = Date.now() - started;
    if (elapsed >= timeoutMs) return false;
    onWait?.(elapsed);
    await sleep(Math.min(1000, 200 + elapsed / 10));
  }
}

/** Runs the deploy; always records the outcome; returns the record. */
export async function runDeploy(job: DeployJob, progress?: DeployProgress, env: NodeJS.ProcessEnv = process.env): Promise<DeployRecord> {
  const { env: environment } = job;
  const command = environment.deploy?.command ?? null;
  const gitops = environment.deploy?.gitops ?? null;
  if (!command && !gitops) throw usageError('E_DEPLOY_CONFIG', `environment ${environment.name} has no deploy.command or deploy.gitops`, `add deploy: { command: [...] } to environments.${environment.name} in shipver.yaml`);
  if (!isSafeVersion(job.version)) throw usageError('E_UNSAFE_VERSION', `"${job.version}" is not a valid version`, 'versions look like 1.2.3 or 1.2.3-beta.0');
  const argv = command ? resolveCommand(command, { version: job.version, tag: job.tag, project: job.project, env: environment.name }) : null;
  const cwd = resolveCwd(job.root, environment.deploy!.cwd);
  const logFile = logFileFor(job.gitDir, environment.name, job.version);
  mkdirSync(path.dirname(logFile), { recursive: true });
  const redact = redactor(env);
  const log = createWriteStream(logFile, { flags: 'a' });
  const write = (line: string) => log.write(redact(line));
  const start = new Date();
  const base = { env: environment.name, project: job.project, version: job.version, tag: job.tag, command: argv, cwd, trigger: job.trigger, start: start.toISOString(), log: logFile };
  const finish = async (rec: Omit<DeployRecord, keyof typeof base | 'durationMs'>): Promise<DeployRecord> => {
    const full: DeployRecord = { ...base, ...rec, durationMs: Date.now() - start.getTime() };
    write(`# ${full.outcome}${full.exitCode !== null ? ` (exit ${full.exitCode})` : ''} after ${full.durationMs} ms${full.message ? `: ${full.message}` : ''}\n`);
    await new Promise<void>((r) => log.end(r));
    appendRecord(job.gitDir, full);
    return full;
  };
  write(`# shipver deploy ${job.tag} → ${environment.name} (${job.trigger}) at ${start.toISOString()}\n`);
  const release = await acquireLock(job.gitDir, environment.name, job.waitSeconds * 1000 + environment.deploy!.timeout * 1000, (ms) => progress?.({ kind: 'waiting-lock', elapsedMs: ms }));
  try {
    if (job.remote) {
      write(`# waiting for ${job.tag} on ${job.remote} (up to ${job.waitSeconds} s)\n`);
      const git = new Git(job.root);
      const arrived = await waitForTag(git, job.remote, job.tag, job.waitSeconds * 1000, (ms) => progress?.({ kind: 'waiting-tag', elapsedMs: ms }));
      if (!arrived) return await finish({ exitCode: null, outcome: 'tag-missing', message: `${job.tag} did not reach ${job.remote} within ${job.waitSeconds} s (the push failed or was refused?)` });
    }
    progress?.({ kind: 'running' });
    if (gitops) {
      write(`# gitops: set ${gitops.image}:${job.version} in ${gitops.file} of ${gitops.repo}\n`);
      try {
        const res = await gitopsDeploy({ gitops, env: environment.name, project: job.project, version: job.version, root: job.root, gitDir: job.gitDir, write, processEnv: cleanEnv(env) });
        return await finish({ exitCode: 0, outcome: 'deployed', message: res.message });
      } catch (e) {
        if (!(e instanceof ShipverError) && !(e instanceof ProcessError)) throw e;
        return await finish({ exitCode: 1, outcome: 'failed', message: e.message.split('\n')[0] });
      }
    }
    write(`$ ${argv!.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a))).join(' ')}   (in ${cwd})\n`);
    const childEnv: NodeJS.ProcessEnv = { ...cleanEnv(env), SHIPVER_VERSION: job.version, SHIPVER_TAG: job.tag, SHIPVER_ENV: environment.name, SHIPVER_PROJECT: job.project };
    // husky puts a relative node_modules/.bin on PATH; an ops script running elsewhere (../ops) needs it absolute.
    const localBin = path.join(job.root, 'node_modules', '.bin');
    if (existsSync(localBin)) childEnv.PATH = `${localBin}${path.delimiter}${childEnv.PATH ?? ''}`;
    const { code, error } = await new Promise<{ code: number | null; error?: string }>((resolve) => {
      let child;
      try {
        child = spawn(argv![0]!, argv!.slice(1), { cwd, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
      } catch (e) {
        resolve({ code: null, error: (e as Error).message });
        return;
      }
      const timer = setTimeout(() => child.kill('SIGTERM'), environment.deploy!.timeout * 1000);
      const onData = (d: Buffer) => {
        const text = d.toString('utf8');
        write(text);
        progress?.({ kind: 'output', text: redact(text) });
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.on('error', (e) => {
        clearTimeout(timer);
        resolve({ code: null, error: (e as NodeJS.ErrnoException).code === 'ENOENT' ? `${argv![0]} not found (cwd ${cwd})` : e.message });
      });
      child.on('close', (c, signal) => {
        clearTimeout(timer);
        resolve({ code: exitCodeOf(c, signal), error: signal ? `stopped by ${signal} (timeout ${environment.deploy!.timeout} s?)` : undefined });
      });
    });
    if (error && code === null) return await finish({ exitCode: null, outcome: 'error', message: error });
    return await finish({ exitCode: code, outcome: code === 0 ? 'deployed' : 'failed', message: error });
  } finally {
    release();
  }
}
