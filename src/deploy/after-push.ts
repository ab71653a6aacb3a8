// What `shipver release --push` does about deploys once its push has landed. With
// SHIPVER_DEPLOY=sync (CI) it runs them in the foreground and exits with their result;
// otherwise the pre-push hook has started them, and this checks that it did (a clone
// without the hooks installed starts nothing, and the user should hear that).
import { ExitCode } from '../errors.js';
import { colors, type Io } from '../io.js';
import type { Config } from '../config/types.js';
import { readRuns } from './records.js';
import { runDeploy } from './runner.js';
import { followCommand, retryCommand } from './view.js';
import { autoTargets, latestPerEnvironment } from './trigger.js';

export interface PushedRelease {
  version: string;
  tag: string;
  projects: string[];
  remote: string;
  root: string;
  gitDir: string;
  /** when the push started: a run the hook started after this is this push's */
  pushedAt: number;
}

export async function deploysAfterPush(config: Config, r: PushedRelease, io: Io): Promise<ExitCode> {
  const c = colors(io);
  const targets = latestPerEnvironment(autoTargets(config, r.version, r.tag, r.projects)).kept;
  if (!targets.length || io.env.SHIPVER_DEPLOY === 'off') return ExitCode.Ok;
  if (io.env.SHIPVER_DEPLOY !== 'sync') {
    const runs = readRuns(r.gitDir, { alive: () => true });
    for (const t of targets) {
      const run = runs.find((x) => x.trigger === 'push' && x.env === t.env.name && x.project === t.project && x.version === t.version && Date.parse(x.start) >= r.pushedAt - 1000);
      io.stderr(
        run
          ? `${c.cyan('→')} deploying ${t.version} to ${t.env.name} (${followCommand({ env: t.env.name })}; log: ${run.log ?? 'none, it cannot be written'})\n`
          : `${c.yellow('⚠')} no deploy of ${t.version} to ${t.env.name} started: the pre-push hook is not installed here (shipver init --hooks-only)\n${c.dim('→')} run it by hand: ${retryCommand({ env: t.env.name, version: t.version, project: t.project }, config.projects.length > 1)}\n`,
      );
    }
    return ExitCode.Ok;
  }
  let failed = false;
  for (const t of targets) {
    io.stderr(`${c.bold(`deploy ${t.tag}`)} → ${t.env.name} (SHIPVER_DEPLOY=sync)\n`);
    const rec = await runDeploy(
      { env: t.env, project: t.project, version: t.version, tag: t.tag, remote: r.remote, root: r.root, gitDir: r.gitDir, trigger: 'push', waitSeconds: config.deploy.waitSeconds },
      (ev) => {
        if (ev.kind === 'output' && ev.text) io.stderr(ev.text);
      },
      io.env,
    );
    if (rec.outcome !== 'deployed') failed = true;
    io.stderr(rec.outcome === 'deployed' ? `${c.green('✔')} deployed ${t.version} to ${t.env.name}\n` : `${c.red('✖')} deploy of ${t.version} to ${t.env.name}: ${rec.outcome}${rec.exitCode !== null ? ` (exit ${rec.exitCode})` : ''}${rec.message ? ` — ${rec.message}` : ''} (log: ${rec.log ?? rec.logError ?? 'none'})\n`);
  }
  return failed ? ExitCode.Refused : ExitCode.Ok;
}
