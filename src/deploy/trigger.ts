// Which environments a pushed tag deploys to, and starting the detached runner that
// waits for the tag to reach the remote before running the deploy.
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, closeSync, realpathSync } from 'node:fs';
import path from 'node:path';
import semver from '../version/semver-fns.js';
import type { Config, EnvironmentConfig } from '../config/types.js';
import { logFileFor } from './records.js';
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

/** Starts `shipver deploy` detached from the hook (it outlives the push), logging to the deploy's log file. */
export function startDetachedDeploy(t: DeployTarget, opts: { root: string; gitDir: string; remote: string; env: NodeJS.ProcessEnv }): string {
  const log = logFileFor(opts.gitDir, t.env.name, t.version);
  mkdirSync(path.dirname(log), { recursive: true });
  const fd = openSync(log, 'a');
  const self = selfCommand();
  try {
    const child = spawn(
      self.file,
      [...self.args, 'deploy', t.env.name, t.version, '--project', t.project, '--wait-for-tag', opts.remote, '--trigger', 'push', '--quiet'],
      { cwd: opts.root, env: cleanEnv(opts.env), detached: true, stdio: ['ignore', fd, fd] },
    );
    child.unref();
  } finally {
    closeSync(fd);
  }
  return log;
}
