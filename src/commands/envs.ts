// shipver envs: which version runs where, and what is not deployed yet. Each environment's
// status endpoint says what it runs; the tags and commits say what it is missing; the
// deploy record says which deploy failed or still runs.
import semver from '../version/semver-fns.js';
import { ExitCode, timeoutOption } from '../errors.js';
import { colors, printJson, type Io } from '../io.js';
import { Git } from '../git/git.js';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/types.js';
import { locateRepo } from '../release/context.js';
import { tagName } from '../release/tag-format.js';
import { readVersionTags, tagMatcher } from '../changelog/tags.js';
import { latestVersionTags } from '../release/version-tags.js';
import { parseCommit } from '../commits/conventional.js';
import { fetchStatus, normalizeRunningVersion, type StatusOutcome } from '../deploy/status.js';
import { gitopsRunningTag } from '../deploy/gitops.js';
import { attemptKey, latestAttempts, loadRuns } from '../deploy/records.js';
import { alertText, deployAlert, runJson, type DeployAlert } from '../deploy/view.js';

interface Change {
  sha: string;
  kind: 'breaking' | 'feat' | 'fix' | 'perf';
  header: string;
  /** the tag that released it; null = not released yet */
  releasedIn: string | null;
}

export interface EnvRow {
  env: string;
  project: string;
  url: string | null;
  source: 'status' | 'gitops' | 'deploy-log' | null;
  state: StatusOutcome['state'] | 'no-status' | 'untagged';
  detail: string | null;
  running: string | null;
  latest: string | null;
  releasesBehind: number | null;
  commitsBehind: number | null;
  notDeployed: Change[];
  /** the latest deploy attempt recorded here (any outcome), or null */
  lastDeploy: Record<string, unknown> | null;
  /** that attempt, when it failed or still runs and is not the running version: shown on its own line */
  deploy: DeployAlert | null;
}

/** The project's version tags, lowest first. */
async function versionTags(git: Git, config: Config, project: string): Promise<string[]> {
  return (await readVersionTags(git, tagMatcher(config.tag.format, project))).map((t) => t.version).reverse();
}

export function kindOf(message: string): Change['kind'] | null {
  const p = parseCommit(message);
  if (p.breaking) return 'breaking';
  if (p.type === 'feat' || p.type === 'feature') return 'feat';
  if (p.type === 'fix') return 'fix';
  if (p.type === 'perf') return 'perf';
  return null;
}

/** Commits after the running version's tag, each marked with the release that carries it. */
export async function missingChanges(git: Git, config: Config, project: string, paths: string[], running: string, newer: string[]): Promise<{ commits: number; changes: Change[] }> {
  const changes: Change[] = [];
  let commits = 0;
  let from = tagName(config.tag.format, running, project);
  for (const to of [...newer.map((v) => tagName(config.tag.format, v, project)), 'HEAD']) {
    const recs = await git.commits([`${from}..${to}`], { paths, noMerges: true });
    if (to !== 'HEAD') commits += recs.length;
    for (const r of recs) {
      const kind = kindOf(r.message);
      if (kind) changes.push({ sha: r.sha, kind, header: r.message.split('\n')[0]!, releasedIn: to === 'HEAD' ? null : to });
    }
    from = to;
  }
  return { commits, changes };
}

/**
 * While status endpoints are slow, says so on stderr: redrawn in place on a terminal,
 * one line when stderr is piped. Stdout stays clean (--json).
 */
function statusProgress(io: Io, timeoutMs: number): { begin: (label: string) => () => void; done: () => void } {
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
    const names = [...pending].join(', ');
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

type Progress = ReturnType<typeof statusProgress>;

/**
 * Every environment's row for the repository at root (shared with the dashboard:
 * src/dashboard/data.ts). Warnings about the deploy record go to io.stderr when given;
 * `progress` says which status URLs are slow.
 */
export async function envRows(root: string, gitDir: string, timeoutMs: number, io: Pick<Io, 'env'> & Partial<Pick<Io, 'stderr'>>, progress?: Progress): Promise<EnvRow[]> {
  const git = new Git(root);
  const config = await loadConfig(root);
  const runs = loadRuns(gitDir, (w) => io.stderr?.(w));
  const latest = latestAttempts(runs);
  const multiProject = config.projects.length > 1;
  const now = Date.now();
  const independent = config.tag.format.includes('{project}');
  const rows: EnvRow[] = [];
  // Ask every endpoint at once: a slow environment should not delay the others.
  const jobs = config.environments.flatMap((env) => {
    const statuses = env.status.length ? env.status : [null];
    return statuses.map(async (st): Promise<EnvRow> => {
      const projectName = st?.project ?? (env.deploy?.projects.length === 1 ? env.deploy.projects[0]! : config.projects[0]!.name);
      const project = config.projects.find((p) => p.name === projectName) ?? config.projects[0]!;
      const tagProject = independent ? project.name : config.projects[0]!.name;
      const paths = independent ? project.paths.filter((p) => p !== '.') : [];
      const tags = await versionTags(git, config, tagProject);
      const takesPre = env.deploy?.on.includes('prerelease') ?? false;
      // the latest release HEAD contains (release/version-tags.ts: one rule for every command)
      const reachable = await latestVersionTags(git, config.tag.format, tagProject);
      const latestTag = (takesPre ? reachable.latest : reachable.latestStable)?.version ?? null;
      const attempt = latest.get(attemptKey(env.name, project.name));
      const row: EnvRow = { env: env.name, project: project.name, url: st?.url ?? null, source: null, state: 'no-status', detail: null, running: null, latest: latestTag, releasesBehind: null, commitsBehind: null, notDeployed: [], lastDeploy: attempt ? runJson(attempt) : null, deploy: null };
      if (st) {
        const end = progress?.begin(env.status.length > 1 ? `${env.name} (${project.name})` : env.name);
        const out = await fetchStatus(st.url, st.field, timeoutMs).finally(() => end?.());
        row.source = 'status';
        row.state = out.state;
        if (out.state === 'ok') row.running = out.version;
        else row.detail = out.detail;
      } else if (env.deploy?.gitops) {
        // The ops repository says what the GitOps controller runs.
        const tag = await gitopsRunningTag({ gitops: env.deploy.gitops, env: env.name, root, gitDir, processEnv: io.env });
        const version = tag ? normalizeRunningVersion(tag) : null;
        row.source = 'gitops';
        row.state = version ? 'ok' : 'no-version';
        row.running = version;
        row.detail = version ? `from ${env.deploy.gitops.file} in ${env.deploy.gitops.repo}` : `no tag for ${env.deploy.gitops.image} in ${env.deploy.gitops.file}`;
      } else {
        const last = [...runs].reverse().find((r) => r.env === env.name && r.project === project.name && r.state === 'deployed');
        if (last) {
          row.source = 'deploy-log';
          row.state = 'ok';
          row.running = last.version;
          row.detail = `last deploy ${last.start.slice(0, 16).replace('T', ' ')} (no status URL)`;
        }
      }
      row.deploy = deployAlert(attempt, row.running, multiProject, now);
      if (row.running) {
        if (!tags.includes(row.running)) {
          row.state = 'untagged';
          row.detail = `${row.running} has no tag ${tagName(config.tag.format, row.running, tagProject)}: not a shipver release`;
        } else {
          const newer = tags.filter((v) => semver.gt(v, row.running!) && (!latestTag || semver.lte(v, latestTag)) && (takesPre || !semver.prerelease(v)));
          row.releasesBehind = newer.length;
          const missing = await missingChanges(git, config, tagProject, paths, row.running, newer);
          row.commitsBehind = missing.commits;
          row.notDeployed = missing.changes;
        }
      }
      return row;
    });
  });
  rows.push(...(await Promise.all(jobs)));
  return rows;
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
