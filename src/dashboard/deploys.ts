// The dashboard's view of the deploy record (deploy/records.ts): each deploy of a project to
// an environment as one event, and the events in order (the timeline).
import type { DeployRun } from '../deploy/records.js';

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
