// The rows `shipver envs` shows and the dashboard draws: per environment (and project),
// the version it runs (status endpoint, GitOps repository or deploy record), the latest
// release, what it lacks, and the latest deploy attempt. Reads only; printing is the
// commands' (commands/envs.ts, commands/dashboard.ts).
import semver from '../version/semver-fns.js';
import type { Io } from '../io.js';
import { Git } from '../git/git.js';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/types.js';
import { tagName } from '../release/tag-format.js';
import { readVersionTags, tagMatcher } from '../release/version-tags.js';
import { latestVersionTags } from '../release/version-tags.js';
import { parseCommit } from '../commits/conventional.js';
import { fetchStatus, normalizeRunningVersion, type StatusOutcome } from './status.js';
import { gitopsRunningTag } from './gitops.js';
import { attemptKey, latestAttempts, loadRuns } from './records.js';
import { deployAlert, runJson, type DeployAlert } from './view.js';

/** Told which status URLs are being asked (commands/envs.ts draws it). */
export interface StatusProgress {
  begin: (label: string) => () => void;
}

export interface Change {
  sha: string;
  kind: 'breaking' | 'feat' | 'fix' | 'perf';
  header: string;
  /** the tag that released it; null = not released yet */
  releasedIn: string | null;
}

export interface EnvRow {
  env: string;
  project: string;
  url: string | null;
  source: 'status' | 'gitops' | 'deploy-log' | null;
  state: StatusOutcome['state'] | 'no-status' | 'untagged';
  detail: string | null;
  running: string | null;
  latest: string | null;
  releasesBehind: number | null;
  commitsBehind: number | null;
  notDeployed: Change[];
  /** the latest deploy attempt recorded here (any outcome), or null */
  lastDeploy: Record<string, unknown> | null;
  /** that attempt, when it failed or still runs and is not the running version: shown on its own line */
  deploy: DeployAlert | null;
}

/** The project's version tags, lowest first. */
async function versionTags(git: Git, config: Config, project: string): Promise<string[]> {
  return (await readVersionTags(git, tagMatcher(config.tag.format, project))).map((t) => t.version).reverse();
}

export function kindOf(message: string): Change['kind'] | null {
  const p = parseCommit(message);
  if (p.breaking) return 'breaking';
  if (p.type === 'feat' || p.type === 'feature') return 'feat';
  if (p.type === 'fix') return 'fix';
  if (p.type === 'perf') return 'perf';
  return null;
}

/** Commits after the running version's tag, each marked with the release that carries it. */
export async function missingChanges(git: Git, config: Config, project: string, paths: string[], running: string, newer: string[]): Promise<{ commits: number; changes: Change[] }> {
  const changes: Change[] = [];
  let commits = 0;
  let from = tagName(config.tag.format, running, project);
  for (const to of [...newer.map((v) => tagName(config.tag.format, v, project)), 'HEAD']) {
    const recs = await git.commits([`${from}..${to}`], { paths, noMerges: true });
    if (to !== 'HEAD') commits += recs.length;
    for (const r of recs) {
      const kind = kindOf(r.message);
      if (kind) changes.push({ sha: r.sha, kind, header: r.message.split('\n')[0]!, releasedIn: to === 'HEAD' ? null : to });
    }
    from = to;
  }
  return { commits, changes };
}

/**
 * Every environment's row for the repository at root (shared with the dashboard:
 * src/dashboard/data.ts). Warnings about the deploy record go to io.stderr when given;
 * `progress` says which status URLs are slow.
 */
export async function envRows(root: string, gitDir: string, timeoutMs: number, io: Pick<Io, 'env'> & Partial<Pick<Io, 'stderr'>>, progress?: StatusProgress): Promise<EnvRow[]> {
  const git = new Git(root);
  const config = await loadConfig(root);
  const runs = loadRuns(gitDir, (w) => io.stderr?.(w));
  const latest = latestAttempts(runs);
  const multiProject = config.projects.length > 1;
  const now = Date.now();
  const independent = config.tag.format.includes('{project}');
  const rows: EnvRow[] = [];
  // Ask every endpoint at once: a slow environment should not delay the others.
  const jobs = config.environments.flatMap((env) => {
    const statuses = env.status.length ? env.status : [null];
    return statuses.map(async (st): Promise<EnvRow> => {
      const projectName = st?.project ?? (env.deploy?.projects.length === 1 ? env.deploy.projects[0]! : config.projects[0]!.name);
      const project = config.projects.find((p) => p.name === projectName) ?? config.projects[0]!;
      const tagProject = independent ? project.name : config.projects[0]!.name;
      const paths = independent ? project.paths.filter((p) => p !== '.') : [];
      const tags = await versionTags(git, config, tagProject);
      const takesPre = env.deploy?.on.includes('prerelease') ?? false;
      // the latest release HEAD contains (release/version-tags.ts: one rule for every command)
      const reachable = await latestVersionTags(git, config.tag.format, tagProject);
      const latestTag = (takesPre ? reachable.latest : reachable.latestStable)?.version ?? null;
      const attempt = latest.get(attemptKey(env.name, project.name));
      const row: EnvRow = { env: env.name, project: project.name, url: st?.url ?? null, source: null, state: 'no-status', detail: null, running: null, latest: latestTag, releasesBehind: null, commitsBehind: null, notDeployed: [], lastDeploy: attempt ? runJson(attempt) : null, deploy: null };
      if (st) {
        const end = progress?.begin(env.status.length > 1 ? `${env.name} (${project.name})` : env.name);
        const out = await fetchStatus(st.url, st.field, timeoutMs).finally(() => end?.());
        row.source = 'status';
        row.state = out.state;
        if (out.state === 'ok') row.running = out.version;
        else row.detail = out.detail;
      } else if (env.deploy?.gitops) {
        // The ops repository says what the GitOps controller runs.
        const tag = await gitopsRunningTag({ gitops: env.deploy.gitops, env: env.name, root, gitDir, processEnv: io.env });
        const version = tag ? normalizeRunningVersion(tag) : null;
        row.source = 'gitops';
        row.state = version ? 'ok' : 'no-version';
        row.running = version;
        row.detail = version ? `from ${env.deploy.gitops.file} in ${env.deploy.gitops.repo}` : `no tag for ${env.deploy.gitops.image} in ${env.deploy.gitops.file}`;
      } else {
        const last = [...runs].reverse().find((r) => r.env === env.name && r.project === project.name && r.state === 'deployed');
        if (last) {
          row.source = 'deploy-log';
          row.state = 'ok';
          row.running = last.version;
          row.detail = `last deploy ${last.start.slice(0, 16).replace('T', ' ')} (no status URL)`;
        }
      }
      row.deploy = deployAlert(attempt, row.running, multiProject, now);
      if (row.running) {
        if (!tags.includes(row.running)) {
          row.state = 'untagged';
          row.detail = `${row.running} has no tag ${tagName(config.tag.format, row.running, tagProject)}: not a shipver release`;
        } else {
          const newer = tags.filter((v) => semver.gt(v, row.running!) && (!latestTag || semver.lte(v, latestTag)) && (takesPre || !semver.prerelease(v)));
          row.releasesBehind = newer.length;
          const missing = await missingChanges(git, config, tagProject, paths, row.running, newer);
          row.commitsBehind = missing.commits;
          row.notDeployed = missing.changes;
        }
      }
      return row;
    });
  });
  rows.push(...(await Promise.all(jobs)));
  return rows;
}
