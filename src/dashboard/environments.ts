// The dashboard's rows: one per app and environment, the `shipver envs` row (deploy/env-rows.ts)
// with its deploys, its health, a one-line summary and the changes it lacks; and their order.
import type { EnvRow } from '../deploy/env-rows.js';
import type { DeployRun } from '../deploy/records.js';
import { retryCommand } from '../deploy/view.js';
import { deployTimeline, type DeployEvent } from './deploys.js';
import { groupChanges, type Change, type LinkedChange, type ReleaseGroup } from './changes.js';

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

/** What a row is built from besides the envs row: the repository and its deploy record. */
export interface RowContext {
  root: string;
  records: DeployRun[];
  /** when the running versions were read */
  readAt: string;
  /** more than one project: the retry command names it */
  multiProject: boolean;
  link: (c: Change) => LinkedChange;
  versionOf: (tag: string) => string | null;
}

/** One environment's row: its deploys (and what needs attention), health, summary and missing changes. */
export function dashboardRow(row: EnvRow, ctx: RowContext): DashboardRow {
  const timeline = deployTimeline(ctx.records, row.env, row.project);
  const last = timeline.at(-1) ?? null;
  const attention = last && last.status !== 'ok' ? last : null;
  const health = healthOf(row, attention);
  const notDeployed = row.notDeployed.map(ctx.link);
  const retry = attention ? retryCommand({ env: row.env, version: attention.version, project: row.project }, ctx.multiProject) : '';
  return {
    ...row,
    notDeployed,
    repo: ctx.root,
    app: row.project,
    readAt: row.source === 'deploy-log' ? (timeline.filter((e) => e.status === 'ok').at(-1)?.start ?? ctx.readAt) : ctx.readAt,
    health,
    summary: summaryOf(row, attention),
    deploys: { last, attention: attention ? { ...attention, retry, cwd: ctx.root } : null, timeline },
    missing: groupChanges(notDeployed, ctx.versionOf),
  };
}

/** The one row of a repository that cannot be read: it says why. */
export function errorRow(repo: string, name: string, message: string, now: string): DashboardRow {
  // an envs row with nothing read; a field envs rows may gain later is simply absent here
  return {
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
