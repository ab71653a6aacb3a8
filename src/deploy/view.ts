// How envs, doctor and deploy --log/--follow show deploy runs: pure (runs in, data and
// text out). A "deploy alert" is an environment's latest deploy attempt when it failed or
// is still running and is not the version the environment runs.
import { describeOutcome, humanDuration, oneLine } from './notice.js';
import { isFinal, type DeployRun } from './records.js';
import { shQuote } from '../server/install.js';

/** A run as --json prints it (the fields of the first record format included). */
export function runJson(r: DeployRun): Record<string, unknown> {
  return {
    id: r.id,
    state: r.state,
    outcome: r.done ? r.state : null,
    env: r.env,
    project: r.project,
    version: r.version,
    tag: r.tag,
    trigger: r.trigger,
    start: r.start,
    end: r.end,
    durationMs: r.durationMs,
    exitCode: r.exitCode,
    message: r.message,
    log: r.log,
    logError: r.logError,
    pid: r.pid,
    command: r.command,
    cwd: r.cwd,
  };
}

export const isFailure = (r: DeployRun): boolean => r.done && r.state !== 'deployed';

/** The command that runs this deploy again, as the user types it. */
export function retryCommand(r: Pick<DeployRun, 'env' | 'version' | 'project'>, multiProject: boolean): string {
  // env and project names come from shipver.yaml and the record: quoted, so the line works as printed
  return ['shipver', 'deploy', r.env, r.version, ...(multiProject ? ['--project', r.project] : [])].map(shQuote).join(' ');
}

export function followCommand(r: Pick<DeployRun, 'env'>): string {
  return `shipver deploy --follow ${shQuote(r.env)}`;
}

/** "failed (exit 3) 2 min ago", "is running for 12 s (waiting for the tag to reach the remote)". */
export function runSummary(r: DeployRun, now: number): string {
  if (!isFinal(r.state)) {
    const since = Number.isNaN(Date.parse(r.start)) ? '' : ` for ${humanDuration(now - Date.parse(r.start))}`;
    const what = r.state === 'running' || r.state === 'started' ? '' : ` (${describeOutcome(r.state, null, null).replace(/^is /, '')})`;
    return `is running${since}${what}`;
  }
  const end = r.end ? Date.parse(r.end) : NaN;
  return `${describeOutcome(r.state, r.exitCode, r.message)}${Number.isNaN(end) ? '' : ` ${humanDuration(now - end)} ago`}`;
}

export interface DeployAlert {
  id: string;
  state: string;
  /** true while it runs */
  active: boolean;
  version: string;
  tag: string;
  trigger: string;
  start: string;
  end: string | null;
  exitCode: number | null;
  message: string | null;
  log: string | null;
  logError: string | null;
  /** in words: "failed (exit 3) 2 min ago" */
  summary: string;
  /** for a failed deploy: the command that retries it */
  retry: string | null;
  /** for a running deploy: the command that attaches to it */
  follow: string | null;
}

/** The latest attempt, when it failed or still runs and is not the running version; else null. */
export function deployAlert(latest: DeployRun | undefined, running: string | null, multiProject: boolean, now: number): DeployAlert | null {
  if (!latest || latest.state === 'deployed') return null;
  if (running !== null && latest.version === running) return null;
  const active = !latest.done;
  return {
    id: latest.id,
    state: latest.state,
    active,
    version: latest.version,
    tag: latest.tag,
    trigger: latest.trigger,
    start: latest.start,
    end: latest.end,
    exitCode: latest.exitCode,
    message: latest.message,
    log: latest.log,
    logError: latest.logError,
    summary: runSummary(latest, now),
    retry: active ? null : retryCommand(latest, multiProject),
    follow: active ? followCommand(latest) : null,
  };
}

/** "deploy of 0.3.0 failed (exit 3) 2 min ago — log: … — retry: shipver deploy test 0.3.0" (no mark, no colour). */
export function alertText(a: DeployAlert): string {
  const log = a.log ? `log: ${a.log}` : `no log: ${oneLine(a.logError ?? 'none was written')}`;
  return `deploy of ${a.version} ${a.summary} — ${log} — ${a.retry ? `retry: ${a.retry}` : `follow: ${a.follow}`}`;
}
