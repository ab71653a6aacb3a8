// `shipver ci deploy`: the deploys of the version tag a pipeline builds, in the foreground.
import { ExitCode, refusal, usageError } from '../errors.js';
import { colors, printJson, type Io } from '../io.js';
import { Git, isSafeRefName } from '../git/git.js';
import { loadConfig } from '../config/load.js';
import { locateRepo } from '../release/context.js';
import { resolveCommand, resolveCwd, runDeploy } from '../deploy/runner.js';
import { autoTargets } from '../deploy/trigger.js';
import { classifyTag } from '../release/tag-checks.js';
import { ciTag } from './ci-env.js';
import { pickRemote } from './ci-history.js';

export interface DeployOptions {
  tag?: string;
  dryRun?: boolean;
  json?: boolean;
}

/** Runs the deploys of the tag a pipeline builds, in the foreground, for every environment whose deploy.on takes it. */
export async function ciDeploy(opts: DeployOptions, io: Io): Promise<ExitCode> {
  const c = colors(io);
  const tag = opts.tag ?? ciTag(io.env);
  if (!tag) throw usageError('E_USAGE', 'shipver ci deploy needs the tag to deploy', 'run it in the pipeline of a version tag (GITHUB_REF_NAME, CI_COMMIT_TAG), or pass --tag v1.2.0');
  if (!isSafeRefName(tag)) throw refusal('E_TAG_UNSAFE', `tag ${JSON.stringify(tag)} has characters shipver will not pass on`, 'deploy a version tag made by shipver release');
  const { root, gitDir } = await locateRepo(io.cwd);
  const git = new Git(root);
  const config = await loadConfig(root);
  const cls = classifyTag(config, tag);
  if (!cls?.version) throw refusal('E_NOT_VERSION_TAG', `${tag} is not a version tag of the form ${config.tag.format}`, 'ci deploy runs for version tags only (the workflow runs it on tags that match tag.format)');
  if (!(await git.tagObject(tag))) {
    const remote = await pickRemote(git);
    if (remote) await git.fetchTag(remote, tag);
    if (!(await git.tagObject(tag))) throw refusal('E_NO_TAG', `there is no tag ${tag} here or on the remote`, 'run this in the pipeline of the tag');
  }
  const targets = autoTargets(config, cls.version, tag, cls.projects.map((p) => p.name));
  if (!targets.length) {
    const kind = cls.version.includes('-') ? 'prerelease' : 'release';
    if (opts.json) printJson(io, { tag, version: cls.version, deploys: [] });
    else io.stderr(`${c.dim('○')} no environment deploys ${kind}s (deploy.on: ${kind} in shipver.yaml): nothing to do for ${tag}\n`);
    return ExitCode.Ok;
  }
  if (opts.dryRun) {
    const plan = targets.map((t) => ({
      env: t.env.name,
      project: t.project,
      version: t.version,
      tag: t.tag,
      command: t.env.deploy?.command ? resolveCommand(t.env.deploy.command, { version: t.version, tag: t.tag, project: t.project, env: t.env.name }) : null,
      cwd: resolveCwd(root, t.env.deploy?.cwd ?? null),
    }));
    if (opts.json) printJson(io, { dryRun: true, tag, version: cls.version, deploys: plan });
    else for (const p of plan) io.stdout(`${p.env}: ${p.command ? p.command.join(' ') : '(gitops)'}   ${c.dim(`(in ${p.cwd})`)}\n`);
    return ExitCode.Ok;
  }
  const records = [];
  let failed = 0;
  for (const t of targets) {
    if (!opts.json) io.stderr(`${c.bold(`deploy ${t.tag}`)} → ${t.env.name}${cls.projects.length > 1 ? ` (${t.project})` : ''}\n`);
    const rec = await runDeploy(
      { env: t.env, project: t.project, version: t.version, tag: t.tag, remote: null, root, gitDir, trigger: 'push', waitSeconds: config.deploy.waitSeconds },
      opts.json ? undefined : (ev) => {
        if (ev.kind === 'output' && ev.text) io.stderr(ev.text);
        else if (ev.kind === 'running') io.stderr(`${c.cyan('▶')} running the deploy command\n`);
      },
      io.env,
    );
    records.push(rec);
    if (rec.outcome !== 'deployed') failed++;
    if (!opts.json) {
      io.stderr(
        rec.outcome === 'deployed'
          ? `${c.green('✔')} ${t.tag} deployed to ${t.env.name} in ${(rec.durationMs / 1000).toFixed(1)} s\n`
          : `${c.red('✖')} deploy of ${t.tag} to ${t.env.name}: ${rec.outcome}${rec.exitCode !== null ? ` (exit ${rec.exitCode})` : ''}${rec.message ? ` — ${rec.message}` : ''}\n`,
      );
    }
  }
  if (opts.json) printJson(io, { tag, version: cls.version, deploys: records });
  else if (failed) io.stderr(`${c.red('✖')} ${failed} of ${records.length} deploys failed\n`);
  return failed ? ExitCode.Refused : ExitCode.Ok;
}
