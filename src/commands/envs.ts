// shipver envs: which version runs where, and what is not deployed yet. Each environment's
// status endpoint says what it runs; the tags and commits say what it is missing; the
// deploy record says which deploy failed or still runs.
import { ExitCode, timeoutOption } from '../errors.js';
import { colors, printJson, type Io } from '../io.js';
import { locateRepo } from '../release/context.js';
import { alertText } from '../deploy/view.js';
import { envRows, type EnvRow, type StatusProgress } from '../deploy/env-rows.js';

export type { EnvRow } from '../deploy/env-rows.js';

/**
 * While status endpoints are slow, says so on stderr: redrawn in place on a terminal,
 * one line when stderr is piped. Stdout stays clean (--json).
 */
function statusProgress(io: Io, timeoutMs: number): StatusProgress & { done: () => void } {
  const pending = new Set<string>();
  const started = Date.now();
  const tty = Boolean(io.stderrIsTTY);
  let drawn = false;
  let saidOnce = false;
  const c = colors(io);
  const frames = '⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏';
  let frame = 0;
  const tick = () => {
    if (!pending.size) return;
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    const all = [...pending];
    const names = all.length > 6 ? `${all.slice(0, 5).join(', ')} and ${all.length - 5} more` : all.join(', ');
    if (tty) {
      io.stderr(`\r\x1b[K${c.cyan(frames[frame++ % frames.length]!)} asking ${names} which version runs (${secs} s, up to ${timeoutMs / 1000} s)`);
      drawn = true;
    } else if (!saidOnce) {
      saidOnce = true;
      io.stderr(`… waiting for the status of ${names} (up to ${timeoutMs / 1000} s)\n`);
    }
  };
  // the first word after a moment (a fast answer shows no progress at all), then a redraw
  // every 150 ms on a terminal; piped, that first line is all
  let timer: NodeJS.Timeout | undefined;
  const first = setTimeout(() => {
    tick();
    if (tty) timer = setInterval(tick, 150).unref();
  }, tty ? 300 : 1000).unref();
  return {
    begin: (label) => {
      pending.add(label);
      return () => pending.delete(label);
    },
    done: () => {
      clearInterval(timer);
      clearTimeout(first);
      if (drawn) io.stderr('\r\x1b[K');
    },
  };
}

export async function run(opts: { json?: boolean; timeout?: string }, _args: string[], io: Io): Promise<ExitCode> {
  const timeoutMs = Math.max(100, timeoutOption(opts.timeout) ?? 5000);
  const { root, gitDir } = await locateRepo(io.cwd);
  const progress = statusProgress(io, timeoutMs);
  let rows: EnvRow[];
  try {
    rows = await envRows(root, gitDir, timeoutMs, io, progress);
  } finally {
    progress.done();
  }
  if (opts.json) {
    printJson(io, rows);
    return ExitCode.Ok;
  }
  const c = colors(io);
  if (!rows.length) {
    io.stderr(`no environments in shipver.yaml\n${c.dim('→')} add environments: with a status URL (docs/config.md)\n`);
    return ExitCode.Ok;
  }
  // Columns as wide as their longest entry.
  const envW = Math.max(...rows.map((r) => r.env.length));
  const projW = Math.max(...rows.map((r) => r.project.length));
  const runW = Math.max(0, ...rows.map((r) => (r.running ?? '').length));
  const indent = ' '.repeat(envW + projW + 2);
  const sub = Math.max(16, ...rows.flatMap((r) => r.notDeployed.map((ch) => (ch.releasedIn ? `in ${ch.releasedIn}` : 'unreleased').length + 1)));
  for (const r of rows) {
    const head = `${c.bold(r.env.padEnd(envW))} ${r.project.padEnd(projW)}`;
    if (!r.running) {
      io.stdout(`${head} ${c.yellow(r.state === 'no-status' ? `unknown (no status URL, no ${r.deploy ? 'successful ' : ''}deploy recorded)` : `${r.state}: ${r.detail}`)}\n`);
    } else if (r.state === 'untagged') {
      io.stdout(`${head} ${c.yellow(r.running)}  ${c.dim(r.detail ?? '')}\n`);
    } else {
      const upToDate = r.releasesBehind === 0;
      const behind = upToDate ? c.green('up to date') : c.yellow(`${r.releasesBehind} release${r.releasesBehind === 1 ? '' : 's'}, ${r.commitsBehind} commit${r.commitsBehind === 1 ? '' : 's'} behind ${r.latest}`);
      io.stdout(`${head} ${c.cyan(r.running.padEnd(runW))}  ${behind}${r.source === 'deploy-log' ? c.dim(' (from the deploy log)') : r.source === 'gitops' ? c.dim(' (from the ops repository)') : ''}\n`);
    }
    if (r.deploy) {
      const text = alertText(r.deploy);
      io.stdout(`${indent}${r.deploy.active ? c.cyan(`▶ ${text}`) : c.red(`✖ ${text}`)}\n`);
    }
    for (const ch of r.notDeployed.slice(0, 8)) {
      io.stdout(`${indent}${ch.releasedIn ? c.dim(`in ${ch.releasedIn}`.padEnd(sub)) : c.magenta('unreleased'.padEnd(sub))} ${ch.header}\n`);
    }
    if (r.notDeployed.length > 8) io.stdout(`${indent}${c.dim(`… ${r.notDeployed.length - 8} more`)}\n`);
  }
  return ExitCode.Ok;
}
