// SHIPVER_DEPLOY=sync: deploys the pre-push hook queued, run in the foreground once the
// push has landed (for CI, where the job should end with the deploy's result).
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ExitCode } from '../errors.js';
import { colors, type Io } from '../io.js';
import { loadConfig } from '../config/load.js';
import { runDeploy } from './runner.js';

interface Queued {
  env: string;
  project: string;
  version: string;
  tag: string;
  remote: string;
}

export function queueFile(gitDir: string): string {
  const dir = path.join(gitDir, 'shipver');
  mkdirSync(dir, { recursive: true });
  return path.join(dir, `deploy-queue-${process.pid}.jsonl`);
}

export async function runQueuedDeploys(file: string, root: string, gitDir: string, io: Io): Promise<ExitCode> {
  if (!existsSync(file)) return ExitCode.Ok;
  const jobs = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Queued);
  rmSync(file, { force: true });
  const config = await loadConfig(root);
  const c = colors(io);
  let failed = false;
  for (const j of jobs) {
    const env = config.environments.find((e) => e.name === j.env);
    if (!env) continue;
    io.stderr(`${c.bold(`deploy ${j.tag}`)} → ${j.env} (SHIPVER_DEPLOY=sync)\n`);
    const rec = await runDeploy(
      { env, project: j.project, version: j.version, tag: j.tag, remote: j.remote, root, gitDir, trigger: 'push', waitSeconds: config.deploy.waitSeconds },
      (ev) => {
        if (ev.kind === 'output' && ev.text) io.stderr(ev.text);
      },
      io.env,
    );
    if (rec.outcome !== 'deployed') failed = true;
    io.stderr(rec.outcome === 'deployed' ? `${c.green('✔')} deployed ${j.version} to ${j.env}\n` : `${c.red('✖')} deploy of ${j.version} to ${j.env}: ${rec.outcome} (log: ${rec.log})\n`);
  }
  return failed ? ExitCode.Refused : ExitCode.Ok;
}
