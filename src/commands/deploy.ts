// shipver deploy ENV [VERSION]: run an environment's deploy for a tagged version by hand
// (the pre-push hook runs the same through a detached runner). --log lists past deploys,
// --follow attaches to a running one.
import { StringDecoder } from 'node:string_decoder';
import { ExitCode, refusal, usageError } from '../errors.js';
import { colors, printJson, type Io } from '../io.js';
import { Git } from '../git/git.js';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/types.js';
import { locateRepo, selectProjects } from '../release/context.js';
import { isSafeVersion, tagName } from '../release/tag-format.js';
import { readVersionTags, tagMatcher } from '../release/version-tags.js';
import { loadRuns, recordRunnerFailure, type DeployRun } from '../deploy/records.js';
import { readLogFrom } from '../deploy/deploy-log.js';
import { assertTagPushed } from '../deploy/preflight.js';
import { resolveCommand, resolveCwd, runDeploy, type DeployProgress } from '../deploy/runner.js';
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

/** The highest version tag of the project (prereleases only when the environment takes them). */
async function latestTagged(git: Git, config: Config, project: string, withPrereleases: boolean): Promise<string | null> {
  const tags = await readVersionTags(git, tagMatcher(config.tag.format, project));
  return tags.find((t) => withPrereleases || !t.prerelease)?.version ?? null;
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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * --follow [ENV [VERSION]]: attaches to the running deploy (the latest one when ENV is given),
 * streams its log from its start until it ends, and exits with its result. With nothing
 * running, reports the last deploy and exits with its result (a script that runs
 * `git push --follow-tags && shipver deploy --follow test` gets the deploy's result either way).
 */
async function follow(gitDir: string, multiProject: boolean, envName: string | undefined, version: string | undefined, io: Io, json: boolean): Promise<ExitCode> {
  const c = colors(io);
  const matches = (r: DeployRun) => (!envName || r.env === envName) && (!version || r.version === version);
  const runs = loadRuns(gitDir, (w) => io.stderr(w)).filter(matches);
  const active = runs.filter((r) => !r.done);
  const what = `${version ? ` of ${version}` : ''}${envName ? ` to ${envName}` : ''}`;
  if (!envName && new Set(active.map((r) => r.env)).size > 1) {
    throw usageError('E_USAGE', `${active.length} deploys are running (${active.map((r) => `${r.version} to ${r.env}`).join(', ')})`, `name the environment: shipver deploy --follow ${active[0]!.env}`);
  }
  let target = active[active.length - 1];
  if (!target) {
    const last = runs[runs.length - 1];
    if (!last) throw refusal('E_NO_DEPLOY', `no deploy${what} is running or recorded here`, 'start one: shipver deploy ENV VERSION, or push a version tag (git push --follow-tags)');
    if (json) printJson(io, runJson(last));
    else {
      const mark = last.state === 'deployed' ? c.green('✔') : c.red('✖');
      io.stderr(`${c.dim('○')} no deploy${what} is running; the last one:\n${mark} the deploy of ${last.version} to ${last.env} ${runSummary(last, Date.now())}${last.log ? ` ${c.dim(`(log: ${last.log})`)}` : ''}\n`);
      if (last.state !== 'deployed') io.stderr(`${c.dim('→')} retry: ${retryCommand(last, multiProject)}\n`);
    }
    return last.state === 'deployed' ? ExitCode.Ok : ExitCode.Refused;
  }
  if (!json) io.stderr(`${c.cyan('▶')} following the deploy of ${target.version} to ${target.env}, which ${runSummary(target, Date.now())} ${c.dim('(Ctrl-C stops following, not the deploy)')}\n`);
  const decoder = new StringDecoder('utf8');
  const out = (t: string) => {
    if (!json) io.stdout(t);
  };
  let offset = target.logOffset;
  let quietSince = Date.now();
  for (;;) {
    const before = offset;
    offset = readLogFrom(target.log, offset, decoder, out);
    if (offset !== before) quietSince = Date.now();
    // (a runner found dead here gets its "died" line written, as any reader does)
    const now = loadRuns(gitDir).find((r) => r.id === target!.id);
    if (!now) throw refusal('E_NO_DEPLOY', `the record of the deploy of ${target.version} to ${target.env} is gone`, `see shipver deploy --log ${target.env}`);
    if (now.done) {
      target = now;
      offset = readLogFrom(target.log, offset, decoder, out);
      out(decoder.end());
      break;
    }
    if (!json && Date.now() - quietSince >= 15_000) {
      quietSince = Date.now();
      io.stderr(`${c.dim('…')} the deploy of ${now.version} to ${now.env} ${runSummary(now, Date.now())}\n`);
    }
    await sleep(200);
  }
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
  if (!envName) throw usageError('E_USAGE', 'shipver deploy needs an environment', `environments: ${config.environments.map((e) => e.name).join(', ') || '(none in shipver.yaml)'}`);
  const env = config.environments.find((e) => e.name === envName);
  if (!env) throw usageError('E_UNKNOWN_ENV', `there is no environment "${envName}"`, `environments: ${config.environments.map((e) => e.name).join(', ') || 'none — add environments: to shipver.yaml'}`);
  if (!env.deploy) throw usageError('E_DEPLOY_CONFIG', `environment ${envName} has no deploy configured`, `add deploy: { command: [...] } to environments.${envName}`);
  const projects = opts.project ? selectProjects(config, opts.project).projects : config.projects;
  const targets = projects.filter((p) => env.deploy!.projects.length === 0 || env.deploy!.projects.includes(p.name));
  if (!targets.length) throw usageError('E_DEPLOY_CONFIG', `environment ${envName} deploys none of: ${projects.map((p) => p.name).join(', ')}`, `check environments.${envName}.deploy.projects`);

  const c = colors(io);
  let failed = false;
  const results: Array<Record<string, unknown>> = [];
  for (const project of targets) {
    const independent = config.tag.format.includes('{project}');
    const tagProject = independent ? project.name : config.projects[0]!.name;
    const version = versionArg ?? (await latestTagged(git, config, tagProject, env.deploy.on.includes('prerelease')));
    if (!version) throw refusal('E_NO_RELEASE', `${project.name} has no released version to deploy`, 'release one first: shipver release');
    if (!isSafeVersion(version)) throw usageError('E_UNSAFE_VERSION', `"${version}" is not a valid version`, 'versions look like 1.2.3 or 1.2.3-beta.0');
    const tag = tagName(config.tag.format, version, tagProject);
    if (!(await git.tagObject(tag))) throw refusal('E_NO_TAG', `${version} has no tag ${tag}, so it was never released`, `deploy a released version (git tag -l shows them), or release it: shipver release`);
    if (opts.dryRun) {
      const argv = env.deploy.command ? resolveCommand(env.deploy.command, { version, tag, project: project.name, env: env.name }) : null;
      const cwd = resolveCwd(root, env.deploy.cwd);
      results.push({ env: env.name, project: project.name, version, tag, command: argv, cwd });
      const g = env.deploy.gitops;
      if (!opts.json) {
        io.stdout(argv ? `${argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a))).join(' ')}   ${c.dim(`(in ${cwd})`)}\n` : `gitops: set ${g!.image}:${version} in ${g!.file} of ${g!.repo}, commit and push\n`);
      }
      continue;
    }
    const remote = opts.waitForTag ?? null;
    if (!remote) await assertTagPushed(git, tag);
    if (!opts.quiet && !opts.json) io.stderr(`${c.bold(`deploy ${tag}`)} → ${env.name}\n`);
    const rec = await runDeploy(
      { env, project: project.name, version, tag, remote, root, gitDir, trigger: opts.trigger ?? 'manual', waitSeconds: config.deploy.waitSeconds, runId: opts.runId },
      opts.json ? undefined : progressPrinter(io, Boolean(opts.quiet)),
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
