// shipver release [level]: bump + tag in one step (--push to push both atomically).
// shipver bump [level] uses the same flow without the tag (see bump.ts).
import { ExitCode } from '../errors.js';
import { colors, printJson, type Io } from '../io.js';
import { prepareRelease } from '../release/run.js';
import { releaseDate } from '../changelog/date.js';
import { applyPlan } from '../release/apply.js';
import { planSummary } from '../release/plan.js';
import { formatRelease } from '../release/report.js';
import { queueFile, runQueuedDeploys } from '../deploy/queue.js';

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
  // SHIPVER_DEPLOY=sync (CI): the pre-push hook queues its deploys, and they run here, after the push.
  const queue = opts.push && io.env.SHIPVER_DEPLOY === 'sync' ? queueFile(prepared.gitDir) : null;
  const applied = await applyPlan(plan, {
    root: ctx.root,
    git: ctx.git,
    gitDir: prepared.gitDir,
    command: createTag ? 'release' : 'bump',
    log: opts.json ? undefined : (l) => io.stderr(`  ${l}\n`),
    pushEnv: queue ? { SHIPVER_DEPLOY_QUEUE: queue } : undefined,
  });
  if (opts.json) printJson(io, { ...planSummary(plan), head: applied.head, pushed: applied.pushed, warnings: guard.warnings });
  else io.stderr(formatRelease(colors(io), plan, inference, ctx.config, applied, guard.warnings));
  return queue ? runQueuedDeploys(queue, ctx.root, prepared.gitDir, io) : ExitCode.Ok;
}

export function run(opts: ReleaseCommandOptions, args: string[], io: Io): Promise<ExitCode> {
  return runRelease(opts, args, io, true);
}
