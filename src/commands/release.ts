// shipver release [level]: bump + tag in one step (--push to push both atomically).
// shipver bump [level] uses the same flow without the tag (see bump.ts).
import { ExitCode } from '../errors.js';
import { colors, printJson, type Io } from '../io.js';
import { prepareRelease } from '../release/run.js';
import { releaseDate } from '../changelog/date.js';
import { applyPlan } from '../release/apply.js';
import { planSummary } from '../release/plan.js';
import { formatRelease } from '../release/report.js';
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
  const prepared = await prepareRelease(io.cwd, { ...opts, level: args[0], createTag, date: releaseDate(io.env) });
  const { plan, inference, ctx, guard } = prepared;
  if (opts.dryRun) {
    if (opts.json) printJson(io, { dryRun: true, ...planSummary(plan), notes: plan.tag?.message ?? null, warnings: guard.warnings });
    else {
      io.stderr(formatRelease(colors(io), plan, inference, ctx.config, null, guard.warnings));
      if (plan.tag) io.stdout(`\n${plan.tag.message}`);
    }
    return ExitCode.Ok;
  }
  const pushedAt = Date.now();
  const applied = await applyPlan(plan, {
    root: ctx.root,
    git: ctx.git,
    gitDir: ctx.gitDir,
    command: createTag ? 'release' : 'bump',
    log: opts.json ? undefined : (l) => io.stderr(`  ${l}\n`),
    // the pre-push hook leaves a SHIPVER_DEPLOY=sync deploy to this process, which runs it after the push
    pushEnv: { SHIPVER_PUSHED_BY: 'shipver' },
  });
  if (opts.json) printJson(io, { ...planSummary(plan), head: applied.head, pushed: applied.pushed, warnings: guard.warnings });
  else io.stderr(formatRelease(colors(io), plan, inference, ctx.config, applied, guard.warnings));
  if (!applied.pushed || !plan.tag || !plan.push) return ExitCode.Ok;
  return deploysAfterPush(
    ctx.config,
    { version: plan.next, tag: plan.tag.name, projects: ctx.projects.map((p) => p.name), remote: plan.push.remote, root: ctx.root, gitDir: ctx.gitDir, pushedAt },
    opts.json ? { ...io, stderr: () => {} } : io,
  );
}

export function run(opts: ReleaseCommandOptions, args: string[], io: Io): Promise<ExitCode> {
  return runRelease(opts, args, io, true);
}
