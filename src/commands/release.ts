// shipver release [level]: bump + tag in one step (--push to push both atomically).
// shipver bump [level] uses the same flow without the tag (see bump.ts). The release
// pipeline: gather (all reads) → plan (every decision, pure) → apply (the writes).
import { ExitCode } from '../errors.js';
import { colors, printJson, type Io } from '../io.js';
import { Git } from '../git/git.js';
import { gatherRelease } from '../release/gather.js';
import { planRelease } from '../release/plan-release.js';
import { parseLevel, parsePre } from '../release/decide.js';
import { releaseDate } from '../changelog/date.js';
import { applyPlan } from '../release/apply.js';
import { planSummary } from '../release/plan.js';
import { formatRelease } from './release-report.js';
import { deploysAfterPush } from '../deploy/after-push.js';

export interface ReleaseCommandOptions {
  pre?: string;
  project?: string;
  dryRun?: boolean;
  json?: boolean;
  fetch?: boolean;
  push?: boolean;
}

export async function runRelease(opts: ReleaseCommandOptions, args: string[], io: Io, createTag: boolean): Promise<ExitCode> {
  const level = parseLevel(args[0]);
  const pre = parsePre(opts.pre);
  const dryRun = Boolean(opts.dryRun);
  const g = await gatherRelease(io.cwd, { mode: createTag ? 'release' : 'bump', project: opts.project, fetch: opts.fetch !== false && !dryRun });
  const { plan, inference, warnings } = await planRelease(g, { level, pre, push: Boolean(opts.push), dryRun, date: releaseDate(io.env) });
  if (dryRun) {
    if (opts.json) printJson(io, { dryRun: true, ...planSummary(plan), notes: plan.tag?.message ?? null, warnings });
    else {
      io.stderr(formatRelease(colors(io), plan, inference, g.config, null, warnings));
      if (plan.tag) io.stdout(`\n${plan.tag.message}`);
    }
    return ExitCode.Ok;
  }
  const pushedAt = Date.now();
  const applied = await applyPlan(plan, {
    root: g.root,
    git: new Git(g.root),
    gitDir: g.gitDir,
    command: createTag ? 'release' : 'bump',
    log: opts.json ? undefined : (l) => io.stderr(`  ${l}\n`),
    // the pre-push hook leaves a SHIPVER_DEPLOY=sync deploy to this process, which runs it after the push
    pushEnv: { SHIPVER_PUSHED_BY: 'shipver' },
  });
  if (opts.json) printJson(io, { ...planSummary(plan), head: applied.head, pushed: applied.pushed, warnings });
  else io.stderr(formatRelease(colors(io), plan, inference, g.config, applied, warnings));
  if (!applied.pushed || !plan.tag || !plan.push) return ExitCode.Ok;
  return deploysAfterPush(
    g.config,
    { version: plan.next, tag: plan.tag.name, projects: g.projects.map((p) => p.name), remote: plan.push.remote, root: g.root, gitDir: g.gitDir, pushedAt },
    opts.json ? { ...io, stderr: () => {} } : io,
  );
}

export function run(opts: ReleaseCommandOptions, args: string[], io: Io): Promise<ExitCode> {
  return runRelease(opts, args, io, true);
}
