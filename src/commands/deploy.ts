// shipver deploy ENV [VERSION]: run an environment's deploy for a tagged version by hand
// (the pre-push hook runs the same through a detached runner). --log lists past deploys.
import { ExitCode, refusal, usageError } from '../errors.js';
import { colors, printJson, type Io } from '../io.js';
import { Git } from '../git/git.js';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/types.js';
import { locateRepo, selectProjects } from '../release/context.js';
import { isSafeVersion, tagName } from '../release/tag-format.js';
import { readVersionTags, tagMatcher } from '../changelog/tags.js';
import { readRecords, type DeployRecord } from '../deploy/records.js';
import { resolveCommand, resolveCwd, runDeploy, type DeployProgress } from '../deploy/runner.js';

interface Opts {
  project?: string;
  dryRun?: boolean;
  json?: boolean;
  log?: boolean;
  waitForTag?: string;
  trigger?: 'push' | 'manual';
  quiet?: boolean;
}

/** The highest version tag of the project (prereleases only when the environment takes them). */
async function latestTagged(git: Git, config: Config, project: string, withPrereleases: boolean): Promise<string | null> {
  const tags = await readVersionTags(git, tagMatcher(config.tag.format, project));
  return tags.find((t) => withPrereleases || !t.prerelease)?.version ?? null;
}

function showLog(records: DeployRecord[], io: Io, env: string | undefined, json: boolean): ExitCode {
  const rows = env ? records.filter((r) => r.env === env) : records;
  if (json) {
    printJson(io, rows);
    return ExitCode.Ok;
  }
  const c = colors(io);
  if (!rows.length) {
    io.stderr(`no deploys recorded yet${env ? ` for ${env}` : ''}\n`);
    return ExitCode.Ok;
  }
  for (const r of rows.slice(-30)) {
    const mark = r.outcome === 'deployed' ? c.green('✔') : c.red('✖');
    const secs = (r.durationMs / 1000).toFixed(1);
    io.stdout(`${mark} ${r.start.replace('T', ' ').slice(0, 19)}  ${r.env.padEnd(10)} ${r.project.padEnd(10)} ${r.version.padEnd(16)} ${secs.padStart(6)} s  ${r.exitCode === null ? r.outcome : `exit ${r.exitCode}`}  ${c.dim(r.log)}\n`);
  }
  return ExitCode.Ok;
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
  const git = new Git(root);
  if (opts.log) return showLog(readRecords(gitDir), io, args[0], Boolean(opts.json));
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
    if (!(await git.tagExists(tag))) throw refusal('E_NO_TAG', `${version} has no tag ${tag}, so it was never released`, `deploy a released version (git tag -l shows them), or release it: shipver release`);
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
    let remote = opts.waitForTag ?? null;
    if (!remote) {
      // A manual deploy of a tag the remote lacks would fail in the ops script: say so now.
      const upstream = await git.upstream();
      const name = upstream?.remote ?? ((await git.configGet('remote.origin.url')) ? 'origin' : null);
      if (name) {
        let onRemote: string | null = null;
        try {
          onRemote = await git.remoteTag(name, tag);
        } catch {
          throw refusal('E_REMOTE_UNREACHABLE', `could not ask ${name} whether it has ${tag}`, 'check the network');
        }
        if (!onRemote) throw refusal('E_TAG_NOT_PUSHED', `${tag} is not on ${name} yet, so the ops script cannot fetch it`, `git push ${name} ${tag}`);
      }
    }
    if (!opts.quiet && !opts.json) io.stderr(`${c.bold(`deploy ${tag}`)} → ${env.name}\n`);
    const rec = await runDeploy(
      { env, project: project.name, version, tag, remote, root, gitDir, trigger: opts.trigger ?? 'manual', waitSeconds: config.deploy.waitSeconds },
      opts.json ? undefined : progressPrinter(io, Boolean(opts.quiet)),
      io.env,
    );
    results.push({ ...rec });
    if (rec.outcome !== 'deployed') failed = true;
    if (!opts.quiet && !opts.json) {
      io.stderr(rec.outcome === 'deployed' ? `${c.green('✔')} ${tag} deployed to ${env.name} in ${(rec.durationMs / 1000).toFixed(1)} s\n` : `${c.red('✖')} deploy of ${tag} to ${env.name}: ${rec.outcome}${rec.exitCode !== null ? ` (exit ${rec.exitCode})` : ''}${rec.message ? ` — ${rec.message}` : ''}\n${c.dim('→')} log: ${rec.log}\n`);
    }
  }
  if (opts.json) printJson(io, opts.dryRun ? { dryRun: true, deploys: results } : { deploys: results });
  return failed ? ExitCode.Refused : ExitCode.Ok;
}
