// `shipver deploy --follow [ENV [VERSION]]`: which deploy to follow (the running one, or the
// last one when nothing runs), and following it: its log from its start until it ends.
// Data and events out; the command prints them.
import { StringDecoder } from 'node:string_decoder';
import { refusal, usageError } from '../errors.js';
import { loadRuns, type DeployRun } from './records.js';
import { readLogFrom } from './deploy-log.js';
import { followCommand } from './view.js';

export type Followed =
  /** a deploy that runs: follow it */
  | { running: true; run: DeployRun; what: string }
  /** nothing runs: the last deploy recorded (its result is the command's) */
  | { running: false; run: DeployRun; what: string };

/**
 * The deploy to follow among the recorded ones (of ENV, of VERSION when given): the latest
 * running one, else the last one. Refuses when several environments have one running and
 * none is named, or when there is none at all.
 */
export function chooseFollowed(gitDir: string, envName: string | undefined, version: string | undefined, onWarning: (text: string) => void): Followed {
  const matches = (r: DeployRun) => (!envName || r.env === envName) && (!version || r.version === version);
  const runs = loadRuns(gitDir, onWarning).filter(matches);
  const active = runs.filter((r) => !r.done);
  const what = `${version ? ` of ${version}` : ''}${envName ? ` to ${envName}` : ''}`;
  if (!envName && new Set(active.map((r) => r.env)).size > 1) {
    throw usageError('E_USAGE', `${active.length} deploys are running (${active.map((r) => `${r.version} to ${r.env}`).join(', ')})`, `name the environment: ${followCommand(active[0]!)}`);
  }
  const target = active[active.length - 1];
  if (target) return { running: true, run: target, what };
  const last = runs[runs.length - 1];
  if (!last) throw refusal('E_NO_DEPLOY', `no deploy${what} is running or recorded here`, 'start one: shipver deploy ENV VERSION, or push a version tag (git push --follow-tags)');
  return { running: false, run: last, what };
}

export interface FollowEvents {
  /** the log's text, as it grows (whole characters) */
  onOutput: (text: string) => void;
  /** the log has been quiet for 15 s (again): the run as it stands */
  onQuiet?: (run: DeployRun) => void;
}

const QUIET_MS = 15_000;
const POLL_MS = 200;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Reads the run's log from its start until the run ends; returns the ended run. */
export async function followRun(gitDir: string, run: DeployRun, events: FollowEvents): Promise<DeployRun> {
  const decoder = new StringDecoder('utf8');
  let offset = run.logOffset;
  let quietSince = Date.now();
  for (;;) {
    const before = offset;
    offset = readLogFrom(run.log, offset, decoder, events.onOutput);
    if (offset !== before) quietSince = Date.now();
    // (a runner found dead here gets its "died" line written, as any reader does)
    const now = loadRuns(gitDir).find((r) => r.id === run.id);
    if (!now) throw refusal('E_NO_DEPLOY', `the record of the deploy of ${run.version} to ${run.env} is gone`, `see shipver deploy --log ${run.env}`);
    if (now.done) {
      readLogFrom(now.log, offset, decoder, events.onOutput);
      events.onOutput(decoder.end());
      return now;
    }
    if (events.onQuiet && Date.now() - quietSince >= QUIET_MS) {
      quietSince = Date.now();
      events.onQuiet(now);
    }
    await sleep(POLL_MS);
  }
}
