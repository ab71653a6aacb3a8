// shipver deploy ENV [VERSION]: run an environment's deploy for a tagged version by hand
// (the pre-push hook runs the same through a detached runner). --log lists past deploys,
// --follow attaches to a running one.
import { ExitCode, usageError } from '../errors.js';
import { colors, printJson, type Io } from '../io.js';
import { Git } from '../git/git.js';
import { loadConfig } from '../config/load.js';
import { locateRepo } from '../release/context.js';
import { loadRuns, recordRunnerFailure, type DeployRun } from '../deploy/records.js';
import type { DeployProgress } from '../deploy/runner.js';
import { chooseFollowed, followRun } from '../deploy/follow.js';
import { deployTagged, deployTargets, deployVersion, dryRunDeploy } from '../deploy/manual.js';
import { describeOutcome, humanDuration, oneLine } from '../deploy/notice.js';
import { retryCommand, runJson, runSummary } from '../deploy/view.js';

interface Opts {
  project?: string;
  dryRun?: boolean;
  json?: boolean;
  log?: boolean;
  waitForTag?: string;
  trigger?: 'push' | 'manual';
  quiet?: boolean;
  follow?: boolean;
  wait?: boolean;
  runId?: string;
}

function showLog(runs: DeployRun[], io: Io, env: string | undefined, json: boolean): ExitCode {
  const rows = env ? runs.filter((r) => r.env === env) : runs;
  if (json) {
    printJson(io, rows.map(runJson));
    return ExitCode.Ok;
  }
  const c = colors(io);
  if (!rows.length) {
    io.stderr(`no deploys recorded yet${env ? ` for ${env}` : ''}\n`);
    return ExitCode.Ok;
  }
  const shown = rows.slice(-30);
  const width = (f: (r: DeployRun) => string) => Math.max(...shown.map((r) => f(r).length));
  const [envW, projW, verW] = [width((r) => r.env), width((r) => r.project), width((r) => r.version)];
  const now = Date.now();
  for (const r of shown) {
    const mark = r.state === 'deployed' ? c.green('✔') : r.done ? c.red('✖') : c.cyan('▶');
    const secs = r.durationMs !== null ? `${(r.durationMs / 1000).toFixed(1)} s` : r.done ? '' : `${humanDuration(now - Date.parse(r.start))}…`;
    const result = r.state === 'deployed' || (r.state === 'failed' && r.exitCode !== null) ? `exit ${r.exitCode}` : r.state;
    const log = r.log ? c.dim(r.log) : c.yellow(`no log (${oneLine(r.logError ?? 'none written')})`);
    io.stdout(`${mark} ${r.start.replace('T', ' ').slice(0, 19)}  ${r.env.padEnd(envW)}  ${r.project.padEnd(projW)}  ${r.version.padEnd(verW)}  ${secs.padStart(8)}  ${r.done ? result.padEnd(11) : c.cyan(result.padEnd(11))} ${log}\n`);
    if (r.state !== 'deployed' && r.message) io.stdout(`  ${r.done ? c.red('└') : c.dim('└')} ${oneLine(r.message)}\n`);
  }
  return ExitCode.Ok;
}

/**
 * --follow [ENV [VERSION]]: attaches to the running deploy (the latest one when ENV is given),
 * streams its log from its start until it ends, and exits with its result. With nothing
 * running, reports the last deploy and exits with its result (a script that runs
 * `git push --follow-tags && shipver deploy --follow test` gets the deploy's result either way).
 */
async function follow(gitDir: string, multiProject: boolean, envName: string | undefined, version: string | undefined, io: Io, json: boolean): Promise<ExitCode> {
  const c = colors(io);
  const chosen = chooseFollowed(gitDir, envName, version, (w) => io.stderr(w));
  if (!chosen.running) {
    const last = chosen.run;
    if (json) printJson(io, runJson(last));
    else {
      const mark = last.state === 'deployed' ? c.green('✔') : c.red('✖');
      io.stderr(`${c.dim('○')} no deploy${chosen.what} is running; the last one:\n${mark} the deploy of ${last.version} to ${last.env} ${runSummary(last, Date.now())}${last.log ? ` ${c.dim(`(log: ${last.log})`)}` : ''}\n`);
      if (last.state !== 'deployed') io.stderr(`${c.dim('→')} retry: ${retryCommand(last, multiProject)}\n`);
    }
    return last.state === 'deployed' ? ExitCode.Ok : ExitCode.Refused;
  }
  const running = chosen.run;
  if (!json) io.stderr(`${c.cyan('▶')} following the deploy of ${running.version} to ${running.env}, which ${runSummary(running, Date.now())} ${c.dim('(Ctrl-C stops following, not the deploy)')}\n`);
  const target = await followRun(gitDir, running, {
    onOutput: (t) => {
      if (!json) io.stdout(t);
    },
    onQuiet: json ? undefined : (now) => io.stderr(`${c.dim('…')} the deploy of ${now.version} to ${now.env} ${runSummary(now, Date.now())}\n`),
  });
  if (json) printJson(io, runJson(target));
  else if (target.state === 'deployed') io.stderr(`${c.green('✔')} ${target.tag} deployed to ${target.env} in ${((target.durationMs ?? 0) / 1000).toFixed(1)} s\n`);
  else io.stderr(`${c.red('✖')} the deploy of ${target.version} to ${target.env} ${describeOutcome(target.state, target.exitCode, target.message)}\n${c.dim('→')} log: ${target.log ?? `none (${target.logError ?? 'not written'})`}\n${c.dim('→')} retry: ${retryCommand(target, multiProject)}\n`);
  return target.state === 'deployed' ? ExitCode.Ok : ExitCode.Refused;
}

function progressPrinter(io: Io, quiet: boolean): DeployProgress | undefined {
  if (quiet) return undefined;
  const c = colors(io);
  let lastNote = -1;
  return (ev) => {
    if (ev.kind === 'output' && ev.text) io.stderr(ev.text);
    else if (ev.kind === 'running') io.stderr(`${c.cyan('▶')} running the deploy command\n`);
    else if (ev.elapsedMs !== undefined) {
      const secs = Math.floor(ev.elapsedMs / 1000);
      if (secs >= lastNote + 5) {
        lastNote = secs;
        io.stderr(`${c.dim('…')} ${ev.kind === 'waiting-tag' ? 'waiting for the tag on the remote' : 'waiting for another deploy to this environment'} (${secs} s)\n`);
      }
    }
  };
}

export async function run(opts: Opts, args: string[], io: Io): Promise<ExitCode> {
  const { root, gitDir } = await locateRepo(io.cwd);
  if (opts.log && (opts.follow || opts.wait)) throw usageError('E_USAGE', '--log and --follow do not go together', 'shipver deploy --log [ENV] lists deploys; shipver deploy --follow [ENV] attaches to a running one');
  if (opts.log) return showLog(loadRuns(gitDir, (w) => io.stderr(w)), io, args[0], Boolean(opts.json));
  if (opts.follow || opts.wait) {
    let multiProject = false;
    try {
      multiProject = (await loadConfig(root)).projects.length > 1;
    } catch {
      // following needs no config; the retry line then omits --project
    }
    return follow(gitDir, multiProject, args[0], args[1], io, Boolean(opts.json));
  }
  if (!opts.runId) return deploy(opts, args, io, root, gitDir);
  try {
    return await deploy(opts, args, io, root, gitDir);
  } catch (e) {
    recordRunnerFailure(gitDir, opts.runId, e);
    throw e;
  }
}

async function deploy(opts: Opts, args: string[], io: Io, root: string, gitDir: string): Promise<ExitCode> {
  const git = new Git(root);
  const config = await loadConfig(root);
  const [envName, versionArg] = args;
  const { env, targets } = deployTargets(config, envName, opts.project);

  const c = colors(io);
  let failed = false;
  const results: Array<Record<string, unknown>> = [];
  for (const project of targets) {
    const { version, tag } = await deployVersion(git, config, env, project, versionArg);
    if (opts.dryRun) {
      const { argv, cwd } = dryRunDeploy(root, env, project.name, version, tag);
      results.push({ env: env.name, project: project.name, version, tag, command: argv, cwd });
      const g = env.deploy.gitops;
      if (!opts.json) {
        io.stdout(argv ? `${argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a))).join(' ')}   ${c.dim(`(in ${cwd})`)}\n` : `gitops: set ${g!.image}:${version} in ${g!.file} of ${g!.repo}, commit and push\n`);
      }
      continue;
    }
    const rec = await deployTagged(
      git,
      { env, project: project.name, version, tag, remote: opts.waitForTag ?? null, root, gitDir, trigger: opts.trigger ?? 'manual', waitSeconds: config.deploy.waitSeconds, runId: opts.runId },
      {
        onStart: () => {
          if (!opts.quiet && !opts.json) io.stderr(`${c.bold(`deploy ${tag}`)} → ${env.name}\n`);
        },
        progress: opts.json ? undefined : progressPrinter(io, Boolean(opts.quiet)),
      },
      io.env,
    );
    results.push({ ...rec });
    if (rec.outcome !== 'deployed') failed = true;
    if (!opts.quiet && !opts.json) {
      io.stderr(rec.outcome === 'deployed' ? `${c.green('✔')} ${tag} deployed to ${env.name} in ${(rec.durationMs / 1000).toFixed(1)} s\n` : `${c.red('✖')} deploy of ${tag} to ${env.name}: ${rec.outcome}${rec.exitCode !== null ? ` (exit ${rec.exitCode})` : ''}${rec.message ? ` — ${oneLine(rec.message)}` : ''}\n${c.dim('→')} log: ${rec.log ?? `none (${rec.logError ?? 'not written'})`}\n${c.dim('→')} retry: ${retryCommand(rec, targets.length > 1 || config.projects.length > 1)}\n`);
    }
  }
  if (opts.json) printJson(io, opts.dryRun ? { dryRun: true, deploys: results } : { deploys: results });
  return failed ? ExitCode.Refused : ExitCode.Ok;
}
