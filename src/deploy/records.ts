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
import { errnoCode, refusal } from '../errors.js';
import { pidAlive } from '../process/status.js';
import { isSafeVersion } from '../release/tag-format.js';
import { clearNotices, postNotice } from './notice.js';

export const FINAL_STATES = ['deployed', 'failed', 'timeout', 'cancelled', 'error', 'tag-missing', 'died'] as const;
export type FinalState = (typeof FINAL_STATES)[number];
export const ACTIVE_STATES = ['started', 'waiting-lock', 'waiting-tag', 'running'] as const;
export type ActiveState = (typeof ACTIVE_STATES)[number];
export type DeployState = FinalState | ActiveState;

const FINAL = new Set<string>(FINAL_STATES);
const STEP: readonly string[] = ACTIVE_STATES;
const ACTIVE = new Set<string>(ACTIVE_STATES);

export function isFinal(state: string): state is FinalState {
  return FINAL.has(state);
}

/** A run's final line (and, without id and state, a line of the first format). */
export interface DeployRecord {
  id: string;
  state: FinalState;
  env: string;
  project: string;
  version: string;
  tag: string;
  /** null for a GitOps deploy, and when it never got as far as the command */
  command: string[] | null;
  cwd: string;
  trigger: 'push' | 'manual';
  start: string;
  end: string;
  durationMs: number;
  /** the command's exit code; null when it never ran or never exited by itself */
  exitCode: number | null;
  /** the same as state (what readers of the first format look at) */
  outcome: FinalState;
  /** null when the log could not be written (logError says why) */
  log: string | null;
  logError?: string;
  /** why it ended so: "make not found", "no result within 30 s" */
  message?: string;
  /** the runner's process */
  pid: number | null;
}

/** One deploy run as the lines of deploys.jsonl tell it. */
export interface DeployRun {
  id: string;
  state: DeployState;
  done: boolean;
  env: string;
  project: string;
  version: string;
  tag: string;
  trigger: 'push' | 'manual';
  start: string;
  /** when it ended (final runs); null while it runs */
  end: string | null;
  durationMs: number | null;
  exitCode: number | null;
  message: string | null;
  log: string | null;
  /** where this run's output starts in the log (a log holds every run of one env and version) */
  logOffset: number;
  logError: string | null;
  pid: number | null;
  command: string[] | null;
  cwd: string | null;
  /** the remote it waits for the tag on */
  remote: string | null;
  /** when the latest line was written */
  at: string | null;
}

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

const ENV_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const str = (v: unknown): v is string => typeof v === 'string';
const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function emptyRun(id: string): DeployRun {
  return { id, state: 'started', done: false, env: '', project: '', version: '', tag: '', trigger: 'manual', start: '', end: null, durationMs: null, exitCode: null, message: null, log: null, logOffset: 0, logError: null, pid: null, command: null, cwd: null, remote: null, at: null };
}

/** Copies the fields a line has (of the right type) onto the run. */
function merge(run: DeployRun, v: Record<string, unknown>): void {
  if (str(v.env)) run.env = v.env;
  if (str(v.project)) run.project = v.project;
  if (str(v.version)) run.version = v.version;
  if (str(v.tag)) run.tag = v.tag;
  if (v.trigger === 'push' || v.trigger === 'manual') run.trigger = v.trigger;
  if (str(v.start) && !run.start) run.start = v.start;
  if (str(v.end)) run.end = v.end;
  if (num(v.durationMs)) run.durationMs = v.durationMs;
  if (num(v.exitCode) || v.exitCode === null) run.exitCode = v.exitCode;
  if (str(v.message)) run.message = v.message;
  if (str(v.log) || v.log === null) run.log = v.log;
  if (num(v.logOffset)) run.logOffset = v.logOffset;
  if (str(v.logError)) run.logError = v.logError;
  if (num(v.pid)) run.pid = v.pid;
  if (Array.isArray(v.command) && v.command.every(str)) run.command = v.command;
  if (str(v.cwd)) run.cwd = v.cwd;
  if (str(v.remote)) run.remote = v.remote;
  if (str(v.at)) run.at = v.at;
}

/** A run fit to show and to retry: a real environment name and version (the retry command prints them). */
function usable(r: DeployRun): boolean {
  return ENV_NAME.test(r.env) && r.project !== '' && isSafeVersion(r.version) && !Number.isNaN(Date.parse(r.start));
}

function parse(file: string, warn: ((text: string) => void) | undefined): DeployRun[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const runs = new Map<string, DeployRun>();
  /** each run's first line: its number, and its time (a start for a run whose "started" line was lost) */
  const first = new Map<DeployRun, { n: number; at: string | null }>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.trim()) continue;
    const skip = () => warn?.(`${file}:${i + 1}: not a deploy record (skipped)\n`);
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      skip();
      continue;
    }
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      skip();
      continue;
    }
    const o = v as Record<string, unknown>;
    if (str(o.id) && o.id && str(o.state) && (FINAL.has(o.state) || ACTIVE.has(o.state))) {
      let run = runs.get(o.id);
      if (!run) {
        runs.set(o.id, (run = emptyRun(o.id)));
        first.set(run, { n: i + 1, at: str(o.at) ? o.at : null });
      }
      if (run.done) continue; // a second final line (a died run settled twice): the first one stands
      merge(run, o);
      // the hook's "started" may land after the runner's first steps: a state never goes back
      if (FINAL.has(o.state) || STEP.indexOf(o.state as ActiveState) >= STEP.indexOf(run.state as ActiveState)) run.state = o.state as DeployState;
      run.done = FINAL.has(o.state);
    } else if (o.id === undefined && str(o.env) && str(o.version) && str(o.outcome) && FINAL.has(o.outcome) && str(o.start)) {
      // the first format: one line per finished deploy
      const run = emptyRun(`line-${i + 1}`);
      merge(run, o);
      run.state = o.outcome as FinalState;
      run.done = true;
      const started = Date.parse(o.start);
      if (!run.end && num(o.durationMs) && !Number.isNaN(started)) run.end = new Date(started + o.durationMs).toISOString();
      if (!usable(run)) {
        skip();
        continue;
      }
      runs.set(run.id, run);
    } else {
      skip();
    }
  }
  const out: DeployRun[] = [];
  for (const run of runs.values()) {
    const f = first.get(run);
    if (!run.start && f?.at) run.start = f.at;
    // a run whose lines never say which deploy it was (or name no valid one) cannot be shown
    if (usable(run)) out.push(run);
    else if (f) warn?.(`${file}:${f.n}: not a deploy record (skipped)\n`);
  }
  return out;
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
  let runs = parse(file, opts.onWarning);
  if (runs.some((r) => !r.done && (r.pid === null || !alive(r.pid)))) {
    // A runner that ended just now wrote its final line before it ended: read again.
    runs = parse(file, undefined);
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
