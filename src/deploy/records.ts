// Where deploys leave their trace: .git/shipver/deploys.jsonl (what happened, step by
// step) and .git/shipver/deploys/<env>-<version>.log (the command's output).
//
// deploys.jsonl is append-only, one JSON object per line. Every deploy run has an id and
// writes one line per step, the last one final:
//   {"id","state":"started","env","project","version","tag","trigger","pid","start","log","logOffset","at"}
//   {"id","state":"waiting-lock" | "waiting-tag" | "running","pid","at", ...}
//   {"id","state":"deployed" | "failed" | "timeout" | "cancelled" | "error" | "tag-missing" | "died", ...}
// A final line carries every field of the first format (one line per finished deploy, no
// id, read as a finished run): env, project, version, tag, command, cwd, trigger, start,
// durationMs, exitCode, outcome, log, message. A run whose last line is not final and
// whose runner process is gone died (SIGKILL, a crash, a reboot): the first reader to see
// it writes its final "died" line.
import { appendFileSync, closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { ShipverError, errnoCode, refusal } from '../errors.js';
import { pidAlive } from '../process/status.js';
import { clearNotices, postNotice } from './notice.js';
import { parseRecords } from './record-parse.js';
import type { DeployRecord, DeployRun, FinalState } from './record-types.js';

export { isFinal, type ActiveState, type DeployRecord, type DeployRun, type FinalState } from './record-types.js';

export function deployDir(gitDir: string): string {
  return path.join(gitDir, 'shipver');
}

export function recordsFile(gitDir: string): string {
  return path.join(deployDir(gitDir), 'deploys.jsonl');
}

export function logFileFor(gitDir: string, env: string, version: string): string {
  return path.join(deployDir(gitDir), 'deploys', `${env}-${version}.log`);
}

/** A new run id: sortable by time, unique across processes. */
export function newRunId(now = new Date()): string {
  return `${now.toISOString().replace(/[-:]/g, '').replace('.', '')}-${randomBytes(4).toString('hex')}`;
}

/** Appends one line. One write of one line: appends from concurrent runners do not interleave within a line. */
export function appendLine(gitDir: string, line: Record<string, unknown>): void {
  try {
    mkdirSync(deployDir(gitDir), { recursive: true });
    appendFileSync(recordsFile(gitDir), JSON.stringify(line) + '\n');
  } catch (e) {
    throw refusal('E_DEPLOY_RECORD', `cannot write the deploy record ${recordsFile(gitDir)} (${errnoCode(e) ?? (e as Error).message})`, `make ${deployDir(gitDir)} writable (a full disk? another owner?), then deploy again`);
  }
}

/**
 * Appends a run's final line, and clears the notices a success makes moot, or leaves one
 * for the next commit or push to print (`notify`: a background deploy; one in the
 * foreground was watched as it failed).
 */
export function appendFinal(gitDir: string, rec: DeployRecord, notify: boolean): void {
  appendLine(gitDir, rec as unknown as Record<string, unknown>);
  try {
    if (rec.state === 'deployed') clearNotices(gitDir, rec.env, rec.project);
    else if (notify) postNotice(gitDir, { id: rec.id, env: rec.env, project: rec.project, version: rec.version, state: rec.state, exitCode: rec.exitCode, message: rec.message ?? null, end: rec.end });
  } catch {
    // the record is what counts; a notice that cannot be written is not worth failing over
  }
}

/**
 * Whether a runner's process still runs: it exists and is not a zombie (a runner whose
 * parent, the pre-push hook, is gone is adopted by init, and an init that does not reap,
 * as in some containers, keeps it as a zombie forever).
 */
export function runnerAlive(pid: number): boolean {
  if (!pidAlive(pid)) return false;
  try {
    return !/^\d+ \(.*\) [ZX]/s.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true; // no /proc (macOS): what kill(0) said
  }
}

export interface ReadOptions {
  /** told about each line that is not a deploy record */
  onWarning?: (text: string) => void;
  /** whether a runner's process still exists (tests and callers may override) */
  alive?: (pid: number) => boolean;
}

/** Runs readRuns found died, whose final line is not written yet. */
const unsettled = new WeakSet<DeployRun>();

/**
 * Every deploy run recorded here, oldest first, with its latest state; a run whose
 * runner process is gone without a final line is returned as "died" (not written: see
 * settleDiedRuns).
 */
export function readRuns(gitDir: string, opts: ReadOptions = {}): DeployRun[] {
  const file = recordsFile(gitDir);
  const alive = opts.alive ?? runnerAlive;
  let runs = parseRecords(file, opts.onWarning);
  if (runs.some((r) => !r.done && (r.pid === null || !alive(r.pid)))) {
    // A runner that ended just now wrote its final line before it ended: read again.
    runs = parseRecords(file, undefined);
  }
  for (const r of runs) {
    if (r.done || (r.pid !== null && alive(r.pid))) continue;
    r.state = 'died';
    r.done = true;
    r.message = r.pid === null ? 'no runner process is recorded for it' : `its runner (pid ${r.pid}) ended without recording an outcome (killed?)`;
    r.end = r.at ?? r.start;
    r.durationMs = Math.max(0, Date.parse(r.end) - Date.parse(r.start)) || 0;
    unsettled.add(r);
  }
  return runs;
}

/** The final line of a run, from what is known of it. */
export function finalRecord(run: DeployRun, state: FinalState, fields: { message?: string; exitCode?: number | null; end?: Date }): DeployRecord {
  const end = fields.end ?? new Date();
  const durationMs = Math.max(0, end.getTime() - Date.parse(run.start)) || 0;
  return {
    id: run.id,
    state,
    env: run.env,
    project: run.project,
    version: run.version,
    tag: run.tag,
    command: run.command,
    cwd: run.cwd ?? '',
    trigger: run.trigger,
    start: run.start,
    end: end.toISOString(),
    durationMs,
    exitCode: fields.exitCode === undefined ? run.exitCode : fields.exitCode,
    outcome: state,
    log: run.log,
    ...(run.logError ? { logError: run.logError } : {}),
    ...(fields.message ? { message: fields.message } : {}),
    pid: run.pid,
  };
}

/**
 * Writes the final "died" line of each run readRuns found dead, once: the first reader
 * to create .git/shipver/settled/<id> writes it (and the notice of a background deploy).
 */
export function settleDiedRuns(gitDir: string, runs: DeployRun[]): void {
  for (const r of runs) {
    if (!unsettled.has(r)) continue;
    const dir = path.join(deployDir(gitDir), 'settled');
    try {
      mkdirSync(dir, { recursive: true });
      closeSync(openSync(path.join(dir, r.id.replace(/[^\w.-]/g, '_')), 'wx'));
    } catch {
      continue; // another reader settles it (or cannot write here: it stays derived)
    }
    // a runner the push started died unseen; one in the foreground died before someone's eyes
    appendFinal(gitDir, finalRecord(r, 'died', { message: r.message ?? undefined, exitCode: null, end: r.end ? new Date(r.end) : undefined }), r.trigger === 'push');
    unsettled.delete(r);
  }
}

/** readRuns, then settle the died runs: what every command that shows deploys calls. */
export function loadRuns(gitDir: string, onWarning?: (text: string) => void): DeployRun[] {
  if (!existsSync(recordsFile(gitDir))) return [];
  const runs = readRuns(gitDir, { onWarning });
  settleDiedRuns(gitDir, runs);
  return runs;
}

/** The latest attempt per environment and project, in the order the runs started. */
export function latestAttempts(runs: DeployRun[]): Map<string, DeployRun> {
  const out = new Map<string, DeployRun>();
  for (const r of runs) out.set(`${r.env}\0${r.project}`, r);
  return out;
}

export const attemptKey = (env: string, project: string): string => `${env}\0${project}`;

/**
 * The detached runner (--run-id): the pre-push hook recorded its run as started. If it
 * fails before the deploy begins (shipver.yaml broken since, the environment gone), the
 * run ends on record with the reason rather than as a silent gap.
 */
export function recordRunnerFailure(gitDir: string, runId: string, e: unknown): void {
  try {
    const run = readRuns(gitDir, { alive: () => true }).find((r) => r.id === runId);
    if (!run || run.done) return;
    const message = e instanceof ShipverError ? `${e.message}${e.hint ? ` (${e.hint})` : ''}` : `internal error: ${(e as Error).message}`;
    appendFinal(gitDir, finalRecord(run, 'error', { message, exitCode: null }), true);
  } catch {
    // nothing more can be recorded; the log has the error
  }
}
