// What a person reads after `next`, `bump` and `release`: what happened, and what to do
// next. The command layer's: src/release/ returns data, this turns it into text.
import semver from '../version/semver-fns.js';
import type { Colors } from '../io.js';
import type { Config } from '../config/types.js';
import type { Inference } from '../commits/level.js';
import type { ReleasePlan, TagPlan } from '../release/plan.js';
import type { Applied } from '../release/apply.js';

const n = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`;

/** "1 feature, 2 fixes, 1 performance improvement": the commits behind a level, named as the changelog heads them. */
export function countsLine(inf: Inference): string {
  const { breaking, features, fixes, performance, reverts, other, notConventional } = inf.counts;
  const parts: string[] = [];
  if (breaking) parts.push(n(breaking, 'breaking change', 'breaking changes'));
  if (features) parts.push(n(features, 'feature', 'features'));
  if (fixes) parts.push(n(fixes, 'fix', 'fixes'));
  if (performance) parts.push(n(performance, 'performance improvement', 'performance improvements'));
  if (reverts) parts.push(n(reverts, 'revert', 'reverts'));
  if (other) parts.push(n(other, 'other commit', 'other commits'));
  if (notConventional) parts.push(`${notConventional} not conventional`);
  return parts.length ? parts.join(', ') : 'no commits';
}

/** Environments a pushed tag of this version deploys to automatically. */
export function autoDeployTargets(config: Config, version: string, project: string): string[] {
  const kind = semver.prerelease(version) ? 'prerelease' : 'release';
  return config.environments
    .filter((e) => e.deploy && e.deploy.on.includes(kind) && (e.deploy.projects.length === 0 || e.deploy.projects.includes(project)))
    .map((e) => e.name);
}

export function formatRelease(c: Colors, plan: ReleasePlan, inf: Inference, config: Config, applied: Applied | null, warnings: string[]): string {
  const out: string[] = [];
  for (const w of warnings) out.push(`${c.yellow('⚠')} ${w}`);
  const verb = applied ? '' : c.dim('(dry run) ');
  const why = plan.step === 'graduate' ? 'prerelease becomes final' : `${plan.step}: ${countsLine(inf)} since ${plan.since ?? 'the first commit'}`;
  out.push(`${verb}${c.bold(plan.project)} ${plan.current} → ${c.green(c.bold(plan.next))} ${c.dim(`(${why})`)}`);
  const files = plan.edits.map((e) => e.file + (e.before === null ? ' (new)' : ''));
  out.push(`  ${applied ? 'wrote' : 'would write'} ${files.join(', ')}`);
  out.push(`  ${applied ? 'commit' : 'would commit'} ${applied ? c.dim(applied.head.slice(0, 7)) + ' ' : ''}${plan.commitMessage}`);
  if (plan.tag) out.push(`  ${applied ? 'tag' : 'would tag'} ${c.cyan(plan.tag.name)} (annotated${plan.tag.sign ? ', signed' : ''}, release notes as its message)`);
  if (plan.push) out.push(`  ${applied ? 'pushed' : 'would push'} ${plan.push.branch}${plan.tag ? ` + ${plan.tag.name}` : ''} to ${plan.push.remote} in one atomic push`);
  const targets = autoDeployTargets(config, plan.next, plan.project);
  if (applied) {
    if (!plan.tag) out.push(`${c.dim('→')} next: shipver tag, then git push --follow-tags`);
    else if (!plan.push) out.push(`${c.dim('→')} next: git push --follow-tags${targets.length ? ` (deploys ${plan.next} to ${targets.join(', ')})` : ''}`);
  }
  return out.join('\n') + '\n';
}

/** What `shipver tag` says on stderr (a dry run prints the message on stdout besides). */
export function formatTag(c: Colors, plan: TagPlan, dryRun: boolean): string {
  const head = `${dryRun ? c.dim('(dry run) would tag') : `${c.green('✔')} tagged`} ${c.cyan(plan.tag.name)} at ${plan.commit.slice(0, 7)} (annotated${plan.tag.sign ? ', signed' : ''})\n`;
  return dryRun ? head : `${head}${c.dim('→')} next: git push --follow-tags\n`;
}
