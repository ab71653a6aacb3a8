// The release dashboard's data: for every app repository, the rows `shipver envs` computes
// (commands/envs.ts envRows), extended with what a page needs: the last deploy and its
// outcome from the deploy record, a timeline per environment, the missing changes grouped
// by release and kind with commit links, each release's notes, the unreleased commits on
// the release branch and a comparison of every two environments. Reads only; a repository
// that cannot be read becomes one row saying why.
//
// Here: a repository and its projects read and put together. The parts: the rows
// (environments.ts, with the deploy record: deploys.ts), the changes and their links
// (changes.ts), the releases and unreleased commits (releases.ts), the comparison of two
// environments (compare.ts).
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { Git } from '../git/git.js';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/types.js';
import { locateRepo } from '../release/context.js';
import { envRows, type EnvRow } from '../deploy/env-rows.js';
import { loadRuns, type DeployRun } from '../deploy/records.js';
import { readVersionTags, tagMatcher } from '../release/version-tags.js';
import { readRemote, type RemoteInfo } from '../changelog/remote.js';
import { isShipverError, usageError } from '../errors.js';
import { commitUrl, type Change, type LinkedChange } from './changes.js';
import { dashboardRow, errorRow, sortRows, type DashboardRow } from './environments.js';
import { readUnreleased, releaseBranch, releaseList, tagNotes, type ReleaseInfo, type UnreleasedCommit } from './releases.js';
import { comparePairs, type ComparePair } from './compare.js';

export interface ProjectData {
  project: string;
  /** its environments, in shipver.yaml's order */
  environments: string[];
  latest: string | null;
  /** newest first, at most MAX_RELEASES */
  releases: ReleaseInfo[];
  /** commits on the release branch after its last release, newest first */
  unreleased: UnreleasedCommit[];
  /** how many there are (the list stops at MAX_UNRELEASED) */
  unreleasedCount: number;
  compare: ComparePair[];
}

export interface RepoData {
  repo: string;
  name: string;
  /** why the repository could not be read; null when it could */
  error: string | null;
  remote: { kind: RemoteInfo['kind']; url: string } | null;
  /** the release branch the unreleased commits are read from */
  branch: string | null;
  projects: ProjectData[];
}

export interface DashboardData {
  generatedAt: string;
  /** one per app × environment, worst first */
  rows: DashboardRow[];
  repos: RepoData[];
}

interface RepoResult {
  repo: RepoData;
  rows: DashboardRow[];
}

/** The remote as the page shows it: its kind and host/owner/repository. */
function remoteLink(remote: RemoteInfo | null): RepoData['remote'] {
  return remote ? { kind: remote.kind, url: `${remote.host}/${remote.owner}/${remote.repository}` } : null;
}

function errorRepo(repo: string, message: string, now: string): RepoResult {
  const name = path.basename(repo) || repo;
  return { repo: { repo, name, error: message, remote: null, branch: null, projects: [] }, rows: [errorRow(repo, name, message, now)] };
}

async function gatherRepo(repo: string, opts: { timeoutMs: number; env: NodeJS.ProcessEnv; now: () => Date }): Promise<RepoResult> {
  if (!existsSync(repo)) return errorRepo(repo, `${repo} does not exist`, opts.now().toISOString());
  if (!statSync(repo).isDirectory()) return errorRepo(repo, `${repo} is not a directory`, opts.now().toISOString());
  try {
    return await readRepo(repo, opts);
  } catch (e) {
    if (!isShipverError(e)) throw e;
    return errorRepo(repo, `${e.message}${e.hint ? ` (${e.hint})` : ''}`, opts.now().toISOString());
  }
}

/** What readProject needs of its repository, read once. */
interface RepoContext {
  git: Git;
  config: Config;
  root: string;
  remote: RemoteInfo | null;
  records: DeployRun[];
  branch: string | null;
  readAt: string;
  link: (c: Change) => LinkedChange;
}

/** One project of a repository: its environments' rows, its releases, unreleased commits and comparisons. */
async function readProject(projectName: string, rows: EnvRow[], ctx: RepoContext): Promise<{ rows: DashboardRow[]; project: ProjectData }> {
  const { git, config, remote, branch } = ctx;
  const independent = config.tag.format.includes('{project}');
  const project = config.projects.find((p) => p.name === projectName) ?? config.projects[0]!;
  const tagProject = independent ? project.name : config.projects[0]!.name;
  const paths = independent ? project.paths.filter((p) => p !== '.') : [];
  const matcher = tagMatcher(config.tag.format, tagProject);
  const [tags, notes] = await Promise.all([readVersionTags(git, matcher), tagNotes(git, matcher.glob)]);
  const versionOf = (tag: string) => matcher.versionOf(tag);
  const projectRows = rows.filter((r) => r.project === projectName);
  const rowContext = { root: ctx.root, records: ctx.records, readAt: ctx.readAt, multiProject: config.projects.length > 1, link: ctx.link, versionOf };
  const out = projectRows.map((row) => dashboardRow(row, rowContext));
  const { unreleased, unreleasedCount } = branch ? await readUnreleased(git, matcher, branch, paths, remote) : { unreleased: [], unreleasedCount: 0 };
  const releases = releaseList(tags, notes, remote);
  const compare = await comparePairs(projectRows, tags, { git, config, tagProject, paths, link: ctx.link, versionOf });
  const latestRow = projectRows.find((r) => r.latest);
  return {
    rows: out,
    project: {
      project: projectName,
      environments: projectRows.map((r) => r.env),
      latest: latestRow?.latest ?? tags[0]?.version ?? null,
      releases,
      unreleased,
      unreleasedCount,
      compare,
    },
  };
}

async function readRepo(repo: string, opts: { timeoutMs: number; env: NodeJS.ProcessEnv; now: () => Date }): Promise<RepoResult> {
  const located = await locateRepo(repo);
  const { root, gitDir } = located;
  const git = new Git(root);
  const config = await loadConfig(root);
  const [rows, remote, records, branch] = await Promise.all([
    envRows(root, gitDir, opts.timeoutMs, { env: opts.env }),
    readRemote(git),
    Promise.resolve(loadRuns(gitDir)),
    releaseBranch(git, config, located.branch),
  ]);
  const readAt = opts.now().toISOString();
  const link = (c: Change): LinkedChange => ({ ...c, url: commitUrl(remote, c.sha) });
  const ctx: RepoContext = { git, config, root, remote, records, branch, readAt, link };

  const out: DashboardRow[] = [];
  const projects: ProjectData[] = [];
  for (const projectName of new Set(rows.map((r) => r.project))) {
    const read = await readProject(projectName, rows, ctx);
    out.push(...read.rows);
    projects.push(read.project);
  }
  if (!rows.length) {
    const name = config.projects[0]?.name ?? path.basename(root);
    const message = `${name} has no environments in ${config.file ? path.relative(root, config.file) || 'shipver.yaml' : 'shipver.yaml'}: add environments: with a status URL (docs/config.md)`;
    const e = errorRepo(root, message, readAt);
    e.rows[0]!.app = name;
    e.rows[0]!.health = 'unknown';
    e.rows[0]!.state = 'no-environments' as EnvRow['state'];
    return { repo: { ...e.repo, name, error: null, remote: remoteLink(remote), branch }, rows: e.rows };
  }
  return {
    repo: {
      repo: root,
      name: config.projects.length === 1 ? config.projects[0]!.name : path.basename(root),
      error: null,
      remote: remoteLink(remote),
      branch,
      projects,
    },
    rows: out,
  };
}

/** The repositories the dashboard covers: the arguments, else dashboard.repos of the current repository, else the current repository. */
export async function resolveRepos(cwd: string, args: string[]): Promise<string[]> {
  if (args.length) return [...new Set(args.map((a) => path.resolve(cwd, a)))];
  const { root } = await locateRepo(cwd);
  const config = await loadConfig(root);
  if (!config.dashboard.repos.length) return [root];
  return [...new Set(config.dashboard.repos.map((r) => path.resolve(root, r)))];
}

export async function gatherDashboard(repos: string[], opts: { timeoutMs: number; env: NodeJS.ProcessEnv; now?: () => Date }): Promise<DashboardData> {
  if (!repos.length) throw usageError('E_USAGE', 'no repositories to show', 'name them: shipver dashboard ../hub ../cloud');
  const now = opts.now ?? (() => new Date());
  const results = await Promise.all(repos.map((r) => gatherRepo(r, { timeoutMs: opts.timeoutMs, env: opts.env, now })));
  return {
    generatedAt: now().toISOString(),
    rows: sortRows(results.flatMap((r) => r.rows)),
    repos: results.map((r) => r.repo),
  };
}
