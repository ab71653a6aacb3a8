// The deploy states and the shape of a deploy run as deploys.jsonl tells it (records.ts).
export const FINAL_STATES = ['deployed', 'failed', 'timeout', 'cancelled', 'error', 'tag-missing', 'died'] as const;
export type FinalState = (typeof FINAL_STATES)[number];
export const ACTIVE_STATES = ['started', 'waiting-lock', 'waiting-tag', 'running'] as const;
export type ActiveState = (typeof ACTIVE_STATES)[number];
export type DeployState = FinalState | ActiveState;

const FINAL = new Set<string>(FINAL_STATES);

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
