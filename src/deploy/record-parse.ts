// Reading deploys.jsonl (the format is described in records.ts): its lines gathered into
// runs, each with its latest state. A line that is not a deploy record is skipped with a
// warning; a run whose lines never name a valid deploy is left out.
import { readFileSync } from 'node:fs';
import { isSafeVersion } from '../release/tag-format.js';
import { ACTIVE_STATES, FINAL_STATES, type ActiveState, type DeployRun, type DeployState, type FinalState } from './record-types.js';

const FINAL = new Set<string>(FINAL_STATES);
const STEP: readonly string[] = ACTIVE_STATES;
const ACTIVE = new Set<string>(ACTIVE_STATES);
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

/** Every run the file records (none when it cannot be read), in the order they first appear. */
export function parseRecords(file: string, warn: ((text: string) => void) | undefined): DeployRun[] {
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
