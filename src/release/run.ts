// The release flow shared by `bump`, `release` and `next`: gather → guard → decide →
// render notes → plan → (dry run | apply).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import semver from '../version/semver-fns.js';
import { errnoCode, refusal } from '../errors.js';
import type { Inference } from '../commits/level.js';
import { renderNotes } from '../changelog/notes.js';
import { insertSection } from '../changelog/file.js';
import { readRemote } from '../changelog/remote.js';
import { changelogFileFor } from '../changelog/file.js';
import { loadReleaseContext, locateRepo, type ReleaseContext } from './context.js';
import { checkRepositoryGuards, checkTagFree, type GuardReport } from './guards.js';
import { decideNext, inferFor, parseLevel, parsePre } from './decide.js';
import { buildPlan, type ReleasePlan } from './plan.js';
import { tagName } from './tag-format.js';
import { assertNoJournal } from './journal.js';

export interface ReleaseOptions {
  level?: string;
  pre?: string;
  project?: string;
  dryRun?: boolean;
  /** false with --no-fetch */
  fetch?: boolean;
  push?: boolean;
  createTag: boolean;
  /** YYYY-MM-DD for the changelog heading; injected so the plan stays pure */
  date: string;
}

export interface PreparedRelease {
  ctx: ReleaseContext;
  plan: ReleasePlan;
  inference: Inference;
  guard: GuardReport;
}

/** A file's text, or null when it does not exist; any other problem stops the release before it starts. */
function readOptional(file: string, shown: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') return null;
    throw refusal('E_CHANGELOG_UNREADABLE', `${shown} cannot be read (${errnoCode(e) ?? (e as Error).message})`, `make ${shown} a readable file, or set changelog.file in shipver.yaml`);
  }
}

export async function prepareRelease(cwd: string, opts: ReleaseOptions): Promise<PreparedRelease> {
  const explicit = parseLevel(opts.level);
  const pre = parsePre(opts.pre);
  // An unfinished release comes first: its half-written files would fail every other check.
  const here = await locateRepo(cwd);
  assertNoJournal(here.gitDir);
  const ctx = await loadReleaseContext(here, { project: opts.project });
  const fetch = opts.fetch !== false && !opts.dryRun;
  const guard = await checkRepositoryGuards(ctx, { fetch, dryRun: opts.dryRun });
  guard.warnings.push(...ctx.warnings);
  const inference = inferFor(ctx);
  const next = decideNext(ctx, inference, explicit, pre);
  const tag = tagName(ctx.config.tag.format, next.version, ctx.projectName);
  await checkTagFree(ctx, tag, guard.upstream?.remote ?? null, { fetch });
  if (opts.push && !guard.upstream) {
    throw refusal('E_NO_UPSTREAM', `branch ${ctx.branch} has no upstream to push to`, `push it once with git push -u origin ${ctx.branch}, then release with --push`);
  }

  // A prerelease lists what is new since the last tag; a final release everything since the last final one.
  const isPrerelease = semver.prerelease(next.version) !== null;
  const noteRecords =
    isPrerelease && ctx.lastTag && ctx.lastTag.name !== ctx.lastStableTag?.name
      ? await ctx.git.commits([`${ctx.lastTag.name}..HEAD`], { paths: ctx.paths, noMerges: true })
      : ctx.commits;
  const previousTag = isPrerelease ? (ctx.lastTag?.name ?? null) : (ctx.lastStableTag?.name ?? null);
  const notes = await renderNotes(
    noteRecords.map((r) => ({ sha: r.sha, message: r.message })),
    { version: next.version, tag, previousTag, date: opts.date, remote: await readRemote(ctx.git, guard.upstream?.remote ?? 'origin'), types: ctx.config.changelog.types },
  );
  const changelogAbs = changelogFileFor(ctx.config, ctx.projects.length === 1 ? ctx.projects[0]! : null);
  const changelogFile = path.relative(ctx.root, changelogAbs);
  const before = readOptional(changelogAbs, changelogFile);
  const plan = buildPlan({
    config: ctx.config,
    projectName: ctx.projectName,
    current: ctx.current,
    filesBehind: ctx.filesBehind ? { files: ctx.filesVersion, tag: ctx.filesBehind.name } : null,
    next,
    branch: ctx.branch,
    lastTag: ctx.lastTag?.name ?? null,
    since: ctx.lastStableTag?.name ?? null,
    commits: inference.commits,
    files: ctx.files,
    // a version with nothing to list gets no section unless changelog.emptySections says so
    changelog: notes.counts.included === 0 && !ctx.config.changelog.emptySections ? null : { file: changelogFile, before, after: insertSection(before, notes.markdown, { replaceUnreleased: true }) },
    notesPlain: notes.plain,
    createTag: opts.createTag,
    push: opts.push ? guard.upstream : null,
  });
  return { ctx, plan, inference, guard };
}

