// shipver envs: which version runs where, and what is not deployed yet. Each environment's
// status endpoint says what it runs; the tags and commits say what it is missing.
import semver from '../version/semver-fns.js';
import { ExitCode, timeoutOption } from '../errors.js';
import { colors, printJson, type Io } from '../io.js';
import { Git } from '../git/git.js';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/types.js';
import { locateRepo } from '../release/context.js';
import { tagName } from '../release/tag-format.js';
import { readVersionTags, tagMatcher } from '../changelog/tags.js';
import { parseCommit } from '../commits/conventional.js';
import { fetchStatus, normalizeRunningVersion, type StatusOutcome } from '../deploy/status.js';
import { gitopsRunningTag } from '../deploy/gitops.js';
import { readRecords } from '../deploy/records.js';

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

/** Every environment's row for the repository at root (shared with the dashboard: src/dashboard/data.ts). */
export async function envRows(root: string, gitDir: string, timeoutMs: number, io: Pick<Io, 'env'>): Promise<EnvRow[]> {
  const git = new Git(root);
  const config = await loadConfig(root);
  const records = readRecords(gitDir);
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
      const latest = [...tags].reverse().find((v) => takesPre || !semver.prerelease(v)) ?? null;
      const row: EnvRow = { env: env.name, project: project.name, url: st?.url ?? null, source: null, state: 'no-status', detail: null, running: null, latest, releasesBehind: null, commitsBehind: null, notDeployed: [] };
      if (st) {
        const out = await fetchStatus(st.url, st.field, timeoutMs);
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
        const last = [...records].reverse().find((r) => r.env === env.name && r.project === project.name && r.outcome === 'deployed');
        if (last) {
          row.source = 'deploy-log';
          row.state = 'ok';
          row.running = last.version;
          row.detail = `last deploy ${last.start.slice(0, 16).replace('T', ' ')} (no status URL)`;
        }
      }
      if (row.running) {
        if (!tags.includes(row.running)) {
          row.state = 'untagged';
          row.detail = `${row.running} has no tag ${tagName(config.tag.format, row.running, tagProject)}: not a shipver release`;
        } else {
          const newer = tags.filter((v) => semver.gt(v, row.running!) && (!latest || semver.lte(v, latest)) && (takesPre || !semver.prerelease(v)));
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
  const rows = await envRows(root, gitDir, timeoutMs, io);
  if (opts.json) {
    printJson(io, rows);
    return ExitCode.Ok;
  }
  const c = colors(io);
  if (!rows.length) {
    io.stderr(`no environments in shipver.yaml\n${c.dim('→')} add environments: with a status URL (docs/config.md)\n`);
    return ExitCode.Ok;
  }
  for (const r of rows) {
    const head = `${c.bold(r.env.padEnd(10))} ${r.project.padEnd(10)}`;
    if (!r.running) {
      io.stdout(`${head} ${c.yellow(r.state === 'no-status' ? 'unknown (no status URL, no deploy recorded)' : `${r.state}: ${r.detail}`)}\n`);
      continue;
    }
    if (r.state === 'untagged') {
      io.stdout(`${head} ${c.yellow(r.running)}  ${c.dim(r.detail ?? '')}\n`);
      continue;
    }
    const upToDate = r.releasesBehind === 0;
    const behind = upToDate ? c.green('up to date') : c.yellow(`${r.releasesBehind} release${r.releasesBehind === 1 ? '' : 's'}, ${r.commitsBehind} commit${r.commitsBehind === 1 ? '' : 's'} behind ${r.latest}`);
    io.stdout(`${head} ${c.cyan((r.running ?? '').padEnd(14))} ${behind}${r.source === 'deploy-log' ? c.dim(' (from the deploy log)') : r.source === 'gitops' ? c.dim(' (from the ops repository)') : ''}\n`);
    for (const ch of r.notDeployed.slice(0, 8)) {
      io.stdout(`${' '.repeat(22)}${ch.releasedIn ? c.dim(`in ${ch.releasedIn}`.padEnd(16)) : c.magenta('unreleased'.padEnd(16))} ${ch.header}\n`);
    }
    if (r.notDeployed.length > 8) io.stdout(`${' '.repeat(22)}${c.dim(`… ${r.notDeployed.length - 8} more`)}\n`);
  }
  return ExitCode.Ok;
}
