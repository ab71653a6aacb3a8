// shipver tag: an annotated tag for the version the files hold at HEAD, with the release
// notes since the previous version tag as its message (the seed Makefile's `tag`).
// The release pipeline with mode tag: gather → plan (planTag) → apply.
import { ExitCode } from '../errors.js';
import { colors, printJson, type Io } from '../io.js';
import { Git } from '../git/git.js';
import { gatherRelease } from '../release/gather.js';
import { planTag } from '../release/plan-release.js';
import { applyPlan } from '../release/apply.js';
import { releaseDate } from '../changelog/date.js';
import { formatTag } from './release-report.js';

interface Opts {
  project?: string;
  dryRun?: boolean;
  json?: boolean;
  fetch?: boolean;
}

export async function run(opts: Opts, _args: string[], io: Io): Promise<ExitCode> {
  const g = await gatherRelease(io.cwd, { mode: 'tag', project: opts.project, fetch: opts.fetch !== false && !opts.dryRun });
  const plan = await planTag(g, { date: releaseDate(io.env) });
  if (!opts.dryRun) await applyPlan(plan, { root: g.root, git: new Git(g.root), gitDir: g.gitDir, command: 'tag' });
  if (opts.json) printJson(io, { dryRun: Boolean(opts.dryRun), tag: plan.tag.name, version: plan.version, commit: plan.commit, message: plan.tag.message });
  else {
    io.stderr(formatTag(colors(io), plan, Boolean(opts.dryRun)));
    if (opts.dryRun) io.stdout(plan.tag.message);
  }
  return ExitCode.Ok;
}
