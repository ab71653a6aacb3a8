// Which environments a pushed tag deploys to, and starting the detached runner that
// waits for the tag to reach the remote before running the deploy.
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, closeSync, fstatSync, realpathSync } from 'node:fs';
import path from 'node:path';
import semver from '../version/semver-fns.js';
import type { Config, EnvironmentConfig } from '../config/types.js';
import { errnoCode } from '../errors.js';
import { appendFinal, appendLine, finalRecord, logFileFor, newRunId, type DeployRun } from './records.js';
import { cleanEnv } from './runner.js';

export interface DeployTarget {
  env: EnvironmentConfig;
  project: string;
  version: string;
  tag: string;
}

/** Environments whose deploy.on matches this version's kind (release / prerelease), for this project. */
export function autoTargets(config: Config, version: string, tag: string, projects: string[]): DeployTarget[] {
  const kind = semver.prerelease(version) ? 'prerelease' : 'release';
  const out: DeployTarget[] = [];
  for (const env of config.environments) {
    if (!env.deploy || !env.deploy.on.includes(kind)) continue;
    for (const project of projects) {
      if (env.deploy.projects.length && !env.deploy.projects.includes(project)) continue;
      out.push({ env, project, version, tag });
    }
  }
  return out;
}

/**
 * One deploy per environment and project per push: when a push carries several release
 * tags, only the highest version of each is deployed (older ones would be replaced at
 * once, and separate runners could finish in any order).
 */
export function latestPerEnvironment(targets: DeployTarget[]): { kept: DeployTarget[]; skipped: Array<DeployTarget & { instead: string }> } {
  const best = new Map<string, DeployTarget>();
  for (const t of targets) {
    const key = `${t.env.name}\0${t.project}`;
    const cur = best.get(key);
    if (!cur || semver.gt(t.version, cur.version)) best.set(key, t);
  }
  const kept = [...best.values()];
  const skipped = targets.filter((t) => !kept.includes(t)).map((t) => ({ ...t, instead: best.get(`${t.env.name}\0${t.project}`)!.version }));
  return { kept, skipped };
}

/** How to run this same shipver again: node + script, or the standalone executable alone. */
export function selfCommand(): { file: string; args: string[] } {
  // argv[1] is node_modules/.bin/shipver (a symlink) for an npm install, dist/shipver.js
  // when run directly, and the executable itself in the standalone build.
  const script = process.argv[1];
  if (script) {
    let real = script;
    try {
      real = realpathSync(script);
    } catch {
      /* keep the path as given */
    }
    if (/\.(c|m)?js$/.test(real)) return { file: process.execPath, args: [real] };
  }
  return { file: process.execPath, args: [] };
}

/**
 * Starts `shipver deploy` detached from the hook (it outlives the push), logging to the
 * deploy's log file, and records the run as started before the hook returns: so right
 * after the push, `shipver envs` shows it running and `shipver deploy --follow` finds it.
 * Returns the log file, or null when it cannot be written (the runner records why).
 */
export function startDetachedDeploy(t: DeployTarget, opts: { root: string; gitDir: string; remote: string; env: NodeJS.ProcessEnv }): string | null {
  const log = logFileFor(opts.gitDir, t.env.name, t.version);
  const id = newRunId();
  const start = new Date().toISOString();
  let fd: number | null = null;
  let logOffset = 0;
  let logError: string | null = null;
  try {
    mkdirSync(path.dirname(log), { recursive: true });
    fd = openSync(log, 'a');
    logOffset = fstatSync(fd).size;
  } catch (e) {
    logError = `cannot write the log ${log} (${errnoCode(e) ?? (e as Error).message})`;
  }
  const self = selfCommand();
  let pid: number | undefined;
  try {
    const child = spawn(
      self.file,
      [...self.args, 'deploy', t.env.name, t.version, '--project', t.project, '--wait-for-tag', opts.remote, '--trigger', 'push', '--run-id', id, '--quiet'],
      { cwd: opts.root, env: cleanEnv(opts.env), detached: true, stdio: ['ignore', fd ?? 'ignore', fd ?? 'ignore'] },
    );
    child.on('error', () => {}); // recorded below: no pid
    pid = child.pid;
    child.unref();
  } finally {
    if (fd !== null) closeSync(fd);
  }
  const run: Record<string, unknown> = { id, state: 'started', env: t.env.name, project: t.project, version: t.version, tag: t.tag, trigger: 'push', start, log: fd !== null ? log : null, logOffset, remote: opts.remote, pid: pid ?? null, at: start, ...(logError ? { logError } : {}) };
  appendLine(opts.gitDir, run);
  if (pid === undefined) {
    const r = { ...(run as unknown as DeployRun), done: false, end: null, durationMs: null, exitCode: null, message: null, logError, command: null, cwd: opts.root };
    appendFinal(opts.gitDir, finalRecord(r, 'error', { message: `the deploy runner could not be started (${self.file})`, exitCode: null }), true);
  }
  return fd !== null ? log : null;
}
