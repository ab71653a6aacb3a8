// `shipver deploy ENV [VERSION]` by hand: the environment and the projects it deploys, the
// version (the latest tagged one when none is given) and its tag, and the deploy itself
// (the tag checked on the remote, then the runner). Data out; the command prints.
import { refusal, usageError } from '../errors.js';
import type { Git } from '../git/git.js';
import type { Config, EnvironmentConfig, ProjectConfig } from '../config/types.js';
import { selectProjects } from '../release/context.js';
import { isSafeVersion, tagName } from '../release/tag-format.js';
import { readVersionTags, tagMatcher } from '../release/version-tags.js';
import type { DeployRecord } from './records.js';
import { assertTagPushed } from './preflight.js';
import { resolveCommand, resolveCwd, runDeploy, type DeployJob, type DeployProgress } from './runner.js';

/** An environment with a deploy configured. */
export type DeployEnv = EnvironmentConfig & { deploy: NonNullable<EnvironmentConfig['deploy']> };

const envList = (config: Config, none: string) => config.environments.map((e) => e.name).join(', ') || none;

/** The environment ENV names and the projects it deploys (of --project's, when given). */
export function deployTargets(config: Config, envName: string | undefined, projectOpt: string | undefined): { env: DeployEnv; targets: ProjectConfig[] } {
  if (!envName) throw usageError('E_USAGE', 'shipver deploy needs an environment', `environments: ${envList(config, '(none in shipver.yaml)')}`);
  const env = config.environments.find((e) => e.name === envName);
  if (!env) throw usageError('E_UNKNOWN_ENV', `there is no environment "${envName}"`, `environments: ${envList(config, 'none — add environments: to shipver.yaml')}`);
  if (!env.deploy) throw usageError('E_DEPLOY_CONFIG', `environment ${envName} has no deploy configured`, `add deploy: { command: [...] } to environments.${envName}`);
  const deploy = env.deploy;
  const projects = projectOpt ? selectProjects(config, projectOpt).projects : config.projects;
  const targets = projects.filter((p) => deploy.projects.length === 0 || deploy.projects.includes(p.name));
  if (!targets.length) throw usageError('E_DEPLOY_CONFIG', `environment ${envName} deploys none of: ${projects.map((p) => p.name).join(', ')}`, `check environments.${envName}.deploy.projects`);
  return { env: env as DeployEnv, targets };
}

/** The highest version tag of the project (prereleases only when the environment takes them). */
async function latestTagged(git: Git, config: Config, project: string, withPrereleases: boolean): Promise<string | null> {
  const tags = await readVersionTags(git, tagMatcher(config.tag.format, project));
  return tags.find((t) => withPrereleases || !t.prerelease)?.version ?? null;
}

/** The version to deploy (VERSION, else the latest tagged) and its tag, which must exist. */
export async function deployVersion(git: Git, config: Config, env: DeployEnv, project: ProjectConfig, versionArg: string | undefined): Promise<{ version: string; tag: string }> {
  const independent = config.tag.format.includes('{project}');
  const tagProject = independent ? project.name : config.projects[0]!.name;
  const version = versionArg ?? (await latestTagged(git, config, tagProject, env.deploy.on.includes('prerelease')));
  if (!version) throw refusal('E_NO_RELEASE', `${project.name} has no released version to deploy`, 'release one first: shipver release');
  if (!isSafeVersion(version)) throw usageError('E_UNSAFE_VERSION', `"${version}" is not a valid version`, 'versions look like 1.2.3 or 1.2.3-beta.0');
  const tag = tagName(config.tag.format, version, tagProject);
  if (!(await git.tagObject(tag))) throw refusal('E_NO_TAG', `${version} has no tag ${tag}, so it was never released`, `deploy a released version (git tag -l shows them), or release it: shipver release`);
  return { version, tag };
}

/** What a dry run shows: the command (null for a gitops deploy) and where it would run. */
export function dryRunDeploy(root: string, env: DeployEnv, project: string, version: string, tag: string): { argv: string[] | null; cwd: string } {
  const argv = env.deploy.command ? resolveCommand(env.deploy.command, { version, tag, project, env: env.name }) : null;
  return { argv, cwd: resolveCwd(root, env.deploy.cwd) };
}

export interface DeployHooks {
  /** the checks passed and the deploy starts */
  onStart?: () => void;
  progress?: DeployProgress;
}

/**
 * Deploys one version: with no remote to wait for (`job.remote`), the tag must already be on
 * the remote; then the runner runs it and returns its record.
 */
export async function deployTagged(git: Git, job: DeployJob, hooks: DeployHooks, env: NodeJS.ProcessEnv): Promise<DeployRecord> {
  if (!job.remote) await assertTagPushed(git, job.tag);
  hooks.onStart?.();
  return runDeploy(job, hooks.progress, env);
}
