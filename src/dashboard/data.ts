// The release dashboard's data: for every app repository, the rows `shipver envs` computes
// (commands/envs.ts envRows), extended with what a page needs: the last deploy and its
// outcome from the deploy record, a timeline per environment, the missing changes grouped
// by release and kind with commit links, each release's notes, the unreleased commits on
// the release branch and a comparison of every two environments. Reads only; a repository
// that cannot be read becomes one row saying why.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import semver from '../version/semver-fns.js';
import { Git } from '../git/git.js';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/types.js';
import { locateRepo } from '../release/context.js';
import { envRows, kindOf, missingChanges, type EnvRow } from '../deploy/env-rows.js';
import { loadRuns, type DeployRun } from '../deploy/records.js';
import { retryCommand } from '../deploy/view.js';
import { readVersionTags, tagMatcher, latestVersionTag, type VersionTag } from '../release/version-tags.js';
import { readRemote, urlFormats, type RemoteInfo } from '../changelog/remote.js';
import { parseCommit } from '../commits/conventional.js';
import { isShipverError, usageError } from '../errors.js';

type Change = EnvRow['notDeployed'][number];

export interface LinkedChange extends Change {
  /** the commit on GitHub/GitLab; null for other remotes */
  url: string | null;
}

/** Changes of one release (tag null: not released yet), by kind. */
export interface ReleaseGroup {
  tag: string | null;
  version: string | null;
  breaking: LinkedChange[];
  features: LinkedChange[];
  /** fixes and performance changes */
  fixes: LinkedChange[];
}

/**
 * A deploy as the record tells it. `status` sorts any outcome into three: ok (deployed),
 * running (started, running, waiting, ...) and failed (anything else: failed, timeout,
 * tag-missing, error, cancelled, ...), so outcomes added later show sensibly.
 */
export interface DeployEvent {
  version: string;
  outcome: string;
  status: 'ok' | 'running' | 'failed';
  start: string;
  durationMs: number | null;
  exitCode: number | null;
  log: string | null;
  message: string | null;
  trigger: string | null;
}

/** How an environment stands, worst first. */
export const HEALTH_ORDER = ['failed', 'error', 'running', 'behind', 'unknown', 'current'] as const;
export type Health = (typeof HEALTH_ORDER)[number];

export interface DashboardRow extends Omit<EnvRow, 'env' | 'project' | 'notDeployed'> {
  /** null only in a repository's error row */
  env: string | null;
  project: string | null;
  notDeployed: LinkedChange[];
  /** the repository's root (as given, when it could not be read) */
  repo: string;
  /** what the page calls the app: the project's name */
  app: string;
  /** when the running version was read */
  readAt: string;
  health: Health;
  /** one line saying how the environment stands */
  summary: string;
  deploys: {
    last: DeployEvent | null;
    /** a failed or running deploy after the last successful one: what to look at, and how to retry */
    attention: (DeployEvent & { retry: string; cwd: string }) | null;
    /** every recorded deploy of this project to this environment, oldest first */
    timeline: DeployEvent[];
  };
  /** notDeployed grouped by the release that carries it (unreleased last) and by kind */
  missing: ReleaseGroup[];
}

export interface ReleaseInfo {
  tag: string;
  version: string;
  date: string;
  sha: string;
  /** the annotated tag's message (the release notes); null for a lightweight tag */
  notes: string | null;
  url: string | null;
}

export interface UnreleasedCommit {
  sha: string;
  header: string;
  type: string | null;
  kind: Change['kind'] | null;
  url: string | null;
}

export interface ComparePair {
  /** "in `from`, not yet in `to`" */
  from: string;
  to: string;
  fromVersion: string | null;
  toVersion: string | null;
  /** ahead: from runs a newer release; same; behind: to runs a newer one; unknown: a version is missing or untagged */
  state: 'ahead' | 'same' | 'behind' | 'unknown';
  changes: LinkedChange[];
  groups: ReleaseGroup[];
}

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

export const MAX_RELEASES = 30;
export const MAX_UNRELEASED = 100;

const RUNNING_OUTCOMES = new Set(['started', 'starting', 'running', 'waiting', 'waiting-tag', 'waiting-lock', 'pending', 'queued', 'in-progress', 'deploying']);
const OK_OUTCOMES = new Set(['deployed', 'ok', 'success', 'succeeded', 'done']);

export function deployStatus(outcome: unknown): DeployEvent['status'] {
  const o = String(outcome ?? '').toLowerCase();
  if (OK_OUTCOMES.has(o)) return 'ok';
  if (RUNNING_OUTCOMES.has(o)) return 'running';
  return 'failed';
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function toEvent(r: DeployRun): DeployEvent {
  const rec = r as unknown as Record<string, unknown>;
  return {
    version: String(rec.version ?? ''),
    outcome: String(rec.outcome ?? rec.state ?? 'unknown'),
    status: deployStatus(rec.outcome ?? rec.state),
    start: String(rec.start ?? ''),
    durationMs: num(rec.durationMs),
    exitCode: num(rec.exitCode),
    log: str(rec.log),
    message: str(rec.message),
    trigger: str(rec.trigger),
  };
}

/**
 * The deploys of one project to one environment, oldest first. A deploy the record tells
 * in several lines (started, then its outcome) counts once, as its last line says.
 */
export function deployTimeline(records: DeployRun[], env: string, project: string): DeployEvent[] {
  const byKey = new Map<string, { at: number; ev: DeployEvent }>();
  records.forEach((r, at) => {
    if (r.env !== env || r.project !== project) return;
    const rec = r as unknown as Record<string, unknown>;
    const key = typeof rec.id === 'string' || typeof rec.id === 'number' ? `id:${rec.id}` : `${r.version}\0${r.start}`;
    byKey.set(key, { at, ev: toEvent(r) });
  });
  return [...byKey.values()].sort((a, b) => (a.ev.start < b.ev.start ? -1 : a.ev.start > b.ev.start ? 1 : a.at - b.at)).map((x) => x.ev);
}


export function commitUrl(remote: RemoteInfo | null, sha: string): string | null {
  if (!remote || !/^[0-9a-f]{7,64}$/.test(sha)) return null;
  return urlFormats(remote.kind)
    .commitUrlFormat.replace('{{host}}', remote.host)
    .replace('{{owner}}', remote.owner)
    .replace('{{repository}}', remote.repository)
    .replace('{{hash}}', sha);
}

function tagUrl(remote: RemoteInfo | null, tag: string): string | null {
  if (!remote) return null;
  const base = `${remote.host}/${remote.owner}/${remote.repository}`;
  return remote.kind === 'github' ? `${base}/releases/tag/${encodeURIComponent(tag)}` : `${base}/-/tags/${encodeURIComponent(tag)}`;
}

/** Changes by the release that carries them (in the order given: oldest release first, unreleased last) and by kind. */
export function groupChanges(changes: LinkedChange[], versionOf: (tag: string) => string | null): ReleaseGroup[] {
  const groups = new Map<string, ReleaseGroup>();
  // envs lists them newest first within a release, releases oldest first: keep the releases' order
  for (const ch of changes) {
    const key = ch.releasedIn ?? '\0unreleased';
    let g = groups.get(key);
    if (!g) {
      g = { tag: ch.releasedIn, version: ch.releasedIn ? versionOf(ch.releasedIn) : null, breaking: [], features: [], fixes: [] };
      groups.set(key, g);
    }
    (ch.kind === 'breaking' ? g.breaking : ch.kind === 'feat' ? g.features : g.fixes).push(ch);
  }
  const list = [...groups.values()];
  // newest release first, unreleased on top: what a reader asks first is "what is newest"
  return [...list.filter((g) => !g.tag), ...list.filter((g) => g.tag).reverse()];
}

/** The annotated tags' messages, by tag name, in one git call. */
async function tagNotes(git: Git, glob: string): Promise<Map<string, string>> {
  const notes = new Map<string, string>();
  for (const { tag, subject, body } of await git.annotatedTagMessages(glob)) {
    notes.set(tag, `${subject}${body.trim() ? `\n\n${body.trimEnd()}` : ''}`.trim());
  }
  return notes;
}

/** The release branch to read unreleased commits from: the current one when it is a release branch, else the first that exists. */
async function releaseBranch(git: Git, config: Config, current: string | null): Promise<string | null> {
  const candidates = current && config.branches.release.includes(current) ? [current] : config.branches.release;
  // a branch with no commit yet (a new repository) has nothing to list
  for (const b of candidates) if (await git.revParse(`refs/heads/${b}`)) return b;
  return null;
}

function behindText(r: EnvRow, latest: string | null): string {
  if (r.releasesBehind === 0) return `up to date${latest ? ` (${latest})` : ''}`;
  return `${r.releasesBehind} release${r.releasesBehind === 1 ? '' : 's'}, ${r.commitsBehind} commit${r.commitsBehind === 1 ? '' : 's'} behind ${r.latest}`;
}

function healthOf(row: EnvRow, attention: DeployEvent | null): Health {
  if (attention?.status === 'failed') return 'failed';
  if (!['ok', 'no-status', 'untagged'].includes(row.state)) return 'error';
  if (attention?.status === 'running') return 'running';
  if (!row.running || row.state === 'untagged' || row.releasesBehind === null) return 'unknown';
  return row.releasesBehind > 0 ? 'behind' : 'current';
}

function summaryOf(row: EnvRow, attention: DeployEvent | null): string {
  const parts: string[] = [];
  if (attention) parts.push(`deploy of ${attention.version} ${attention.status === 'running' ? 'running' : attention.outcome}${attention.exitCode !== null ? ` (exit ${attention.exitCode})` : ''}`);
  if (!row.running) parts.push(row.state === 'no-status' ? 'version unknown (no status URL, no deploy recorded)' : `${row.state}: ${row.detail ?? ''}`);
  else if (row.state === 'untagged') parts.push(row.detail ?? `${row.running} has no tag`);
  else parts.push(`runs ${row.running}, ${behindText(row, row.latest)}`);
  return parts.join('; ');
}

interface RepoResult {
  repo: RepoData;
  rows: DashboardRow[];
}

function errorRepo(repo: string, message: string, now: string): RepoResult {
  const name = path.basename(repo) || repo;
  // an envs row with nothing read; a field envs rows may gain later is simply absent here
  const row = {
    env: null,
    project: null,
    url: null,
    source: null,
    state: 'repo-error',
    detail: message,
    running: null,
    latest: null,
    releasesBehind: null,
    commitsBehind: null,
    notDeployed: [],
    repo,
    app: name,
    readAt: now,
    health: 'error',
    summary: message,
    deploys: { last: null, attention: null, timeline: [] },
    missing: [],
  } as unknown as DashboardRow;
  return { repo: { repo, name, error: message, remote: null, branch: null, projects: [] }, rows: [row] };
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
  const independent = config.tag.format.includes('{project}');
  const link = (c: Change): LinkedChange => ({ ...c, url: commitUrl(remote, c.sha) });

  const out: DashboardRow[] = [];
  const projects: ProjectData[] = [];
  const names = [...new Set(rows.map((r) => r.project))];
  for (const projectName of names) {
    const project = config.projects.find((p) => p.name === projectName) ?? config.projects[0]!;
    const tagProject = independent ? project.name : config.projects[0]!.name;
    const paths = independent ? project.paths.filter((p) => p !== '.') : [];
    const matcher = tagMatcher(config.tag.format, tagProject);
    const [tags, notes] = await Promise.all([readVersionTags(git, matcher), tagNotes(git, matcher.glob)]);
    const versionOf = (tag: string) => matcher.versionOf(tag);
    const projectRows = rows.filter((r) => r.project === projectName);

    for (const row of projectRows) {
      const timeline = deployTimeline(records, row.env, row.project);
      const last = timeline.at(-1) ?? null;
      const attention = last && last.status !== 'ok' ? last : null;
      const health = healthOf(row, attention);
      const notDeployed = row.notDeployed.map(link);
      const retry = attention ? retryCommand({ env: row.env, version: attention.version, project: row.project }, config.projects.length > 1) : '';
      out.push({
        ...row,
        notDeployed,
        repo: root,
        app: row.project,
        readAt: row.source === 'deploy-log' ? (timeline.filter((e) => e.status === 'ok').at(-1)?.start ?? readAt) : readAt,
        health,
        summary: summaryOf(row, attention),
        deploys: { last, attention: attention ? { ...attention, retry, cwd: root } : null, timeline },
        missing: groupChanges(notDeployed, versionOf),
      });
    }

    // the unreleased commits on the release branch (all of them, not only features and fixes)
    let unreleased: UnreleasedCommit[] = [];
    let unreleasedCount = 0;
    if (branch) {
      const since = await latestVersionTag(git, matcher, `refs/heads/${branch}`);
      const recs = await git.commits([since ? `${since.name}..refs/heads/${branch}` : `refs/heads/${branch}`], { paths, noMerges: true });
      unreleasedCount = recs.length;
      unreleased = recs.slice(0, MAX_UNRELEASED).map((r) => {
        const p = parseCommit(r.message);
        return { sha: r.sha, header: p.header, type: p.type, kind: kindOf(r.message), url: commitUrl(remote, r.sha) };
      });
    }

    const releases: ReleaseInfo[] = tags.slice(0, MAX_RELEASES).map((t: VersionTag) => ({
      tag: t.name,
      version: t.version,
      date: t.date,
      sha: t.sha,
      notes: notes.get(t.name) ?? null,
      url: tagUrl(remote, t.name),
    }));

    // every two environments: what the first runs that the second does not
    const known = new Set(tags.map((t) => t.version));
    const ascending = tags.map((t) => t.version).reverse();
    const compare: ComparePair[] = [];
    for (const a of projectRows) {
      for (const b of projectRows) {
        if (a === b) continue;
        const va = a.running && known.has(a.running) ? a.running : null;
        const vb = b.running && known.has(b.running) ? b.running : null;
        const pair: ComparePair = { from: a.env, to: b.env, fromVersion: a.running, toVersion: b.running, state: 'unknown', changes: [], groups: [] };
        if (va && vb) {
          pair.state = semver.gt(va, vb) ? 'ahead' : semver.lt(va, vb) ? 'behind' : 'same';
          if (pair.state === 'ahead') {
            const between = ascending.filter((v) => semver.gt(v, vb) && semver.lte(v, va));
            const { changes } = await missingChanges(git, config, tagProject, paths, vb, between);
            pair.changes = changes.filter((c) => c.releasedIn !== null).map(link);
            pair.groups = groupChanges(pair.changes, versionOf);
          }
        }
        compare.push(pair);
      }
    }
    const latestRow = projectRows.find((r) => r.latest);
    projects.push({
      project: projectName,
      environments: projectRows.map((r) => r.env),
      latest: latestRow?.latest ?? tags[0]?.version ?? null,
      releases,
      unreleased,
      unreleasedCount,
      compare,
    });
  }
  if (!rows.length) {
    const name = config.projects[0]?.name ?? path.basename(root);
    const message = `${name} has no environments in ${config.file ? path.relative(root, config.file) || 'shipver.yaml' : 'shipver.yaml'}: add environments: with a status URL (docs/config.md)`;
    const e = errorRepo(root, message, readAt);
    e.rows[0]!.app = name;
    e.rows[0]!.health = 'unknown';
    e.rows[0]!.state = 'no-environments' as EnvRow['state'];
    return { repo: { ...e.repo, name, error: null, remote: remote ? { kind: remote.kind, url: `${remote.host}/${remote.owner}/${remote.repository}` } : null, branch }, rows: e.rows };
  }
  return {
    repo: {
      repo: root,
      name: config.projects.length === 1 ? config.projects[0]!.name : path.basename(root),
      error: null,
      remote: remote ? { kind: remote.kind, url: `${remote.host}/${remote.owner}/${remote.repository}` } : null,
      branch,
      projects,
    },
    rows: out,
  };
}

/** Worst first; then the furthest behind; then the repositories' and environments' own order. */
export function sortRows(rows: DashboardRow[]): DashboardRow[] {
  return rows
    .map((row, i) => ({ row, i }))
    .sort((a, b) => {
      const h = HEALTH_ORDER.indexOf(a.row.health) - HEALTH_ORDER.indexOf(b.row.health);
      if (h) return h;
      const rel = (b.row.releasesBehind ?? -1) - (a.row.releasesBehind ?? -1);
      if (rel) return rel;
      const com = (b.row.commitsBehind ?? -1) - (a.row.commitsBehind ?? -1);
      return com || a.i - b.i;
    })
    .map((x) => x.row);
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
