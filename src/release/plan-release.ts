// Step 2 of the release pipeline (gather → plan → apply): every decision, on the data
// gather.ts read. Pure: no fs, git, env or clock (the date is an option). In order, as a
// release refuses: the guards, the level and the next version (with the branch policy),
// that its tag is free, the upstream a push needs, the notes, CHANGELOG.md, the files'
// edits, the commit and tag messages. A refusal is thrown (a ShipverError); `planNext`
// returns it as data, since `shipver next` reports it.
import semver from '../version/semver-fns.js';
import { refusal, ShipverError } from '../errors.js';
import type { Inference } from '../commits/level.js';
import { renderNotes } from '../changelog/notes.js';
import { insertSection } from '../changelog/file.js';
import type { Gathered } from './gather.js';
import { checkRepositoryGuards, checkTagFree } from './guards.js';
import { decideNext, inferFor } from './decide.js';
import type { ExplicitLevel, NextVersion } from './next-version.js';
import { tagMessage, type ReleasePlan, type TagPlan } from './plan.js';
import { agreedVersion, editVersionFiles } from './version-files.js';
import { renderTemplate } from './tag-format.js';
import { notesStart, tagName } from './version-tags.js';

export interface PlanOptions {
  /** the level asked for (null: the commits decide) */
  level: ExplicitLevel | null;
  /** the prerelease id asked for with --pre */
  pre: string | null;
  /** push the release commit and tag (release --push) */
  push: boolean;
  dryRun: boolean;
  /** YYYY-MM-DD for the changelog heading */
  date: string;
}

export interface PlannedRelease {
  plan: ReleasePlan;
  inference: Inference;
  /** things a person should know (printed as warnings) */
  warnings: string[];
}

/** bump and release (gathered with that mode): the release commit, and its tag for release. */
export async function planRelease(g: Gathered, opts: PlanOptions): Promise<PlannedRelease> {
  if (!g.state) throw new Error(`planRelease needs the repository state (gathered for ${g.mode})`);
  const guard = checkRepositoryGuards({ config: g.config, branch: g.branch, policy: g.policy, state: g.state, dryRun: opts.dryRun });
  const warnings = [...guard.warnings, ...g.warnings];
  const inference = inferFor(g);
  const next = decideNext(g, inference, opts.level, opts.pre);
  const tag = tagName(g.config.tag.format, next.version, g.projectName);
  checkTagFree(tag, g.localTags, guard.upstream?.remote ?? null, g.remoteTags);
  if (opts.push && !guard.upstream) {
    throw refusal('E_NO_UPSTREAM', `branch ${g.branch} has no upstream to push to`, `push it once with git push -u origin ${g.branch}, then release with --push`);
  }
  const notes = await notesFor(g, next.version, tag, opts.date);
  const changelog = g.changelog!;
  if (changelog.error !== null) {
    throw refusal('E_CHANGELOG_UNREADABLE', `${changelog.file} cannot be read (${changelog.error})`, `make ${changelog.file} a readable file, or set changelog.file in shipver.yaml`);
  }
  // after every other refusal, as apply.ts (which checks again) met it; a dry run says it too
  if (!g.head) throw refusal('E_NO_COMMITS', 'the repository has no commits yet', 'make a first commit, then release');
  const edits = editVersionFiles(g.files, next.version);
  // a version with nothing to list gets no section unless changelog.emptySections says so
  if (notes.counts.included > 0 || g.config.changelog.emptySections) {
    edits.push({ file: changelog.file, before: changelog.text, after: insertSection(changelog.text, notes.markdown, { replaceUnreleased: true }) });
  }
  const plan: ReleasePlan = {
    kind: 'release',
    project: g.projectName,
    current: g.current,
    filesBehind: g.filesBehind ? { files: g.filesVersion, tag: g.filesBehind.name } : null,
    next: next.version,
    step: next.step,
    branch: g.branch,
    lastTag: g.lastTag?.name ?? null,
    since: g.lastStableTag?.name ?? null,
    commits: inference.commits,
    edits,
    commitMessage: renderTemplate(g.config.commit.message, { version: next.version, project: g.projectName, tag }),
    tag: g.mode === 'release' ? { name: tag, message: tagMessage(tag, notes.plain), sign: g.config.tag.sign } : null,
    push: opts.push ? guard.upstream : null,
  };
  return { plan, inference, warnings };
}

/** `shipver tag` (gathered with mode tag): an annotated tag for the version the files hold at HEAD. */
export async function planTag(g: Gathered, opts: Pick<PlanOptions, 'date'>): Promise<TagPlan> {
  if (!g.head || !g.headFiles) throw refusal('E_NO_COMMITS', 'the repository has no commits yet', 'commit, bump, then tag');
  const version = agreedVersion(g.headFiles);
  const name = tagName(g.config.tag.format, version, g.projectName);
  checkTagFree(name, g.localTags, g.remote, g.remoteTags);
  const notes = await notesFor(g, version, name, opts.date);
  return { kind: 'tag', version, commit: g.head, tag: { name, message: tagMessage(name, notes.plain), sign: g.config.tag.sign } };
}

/**
 * The release notes of a version: a prerelease lists what is new since the last tag, a
 * final release everything since the last final one.
 */
function notesFor(g: Gathered, version: string, tag: string, date: string): ReturnType<typeof renderNotes> {
  const prerelease = semver.prerelease(version) !== null;
  const previous = notesStart({ latest: g.lastTag, latestStable: g.lastStableTag }, prerelease);
  const records = previous && previous.name !== g.lastStableTag?.name ? (g.sinceLastTag ?? []) : g.commits;
  return renderNotes(
    records.map((r) => ({ sha: r.sha, message: r.message })),
    { version, tag, previousTag: previous?.name ?? null, date, remote: g.remoteInfo, types: g.config.changelog.types },
  );
}

export interface NextPlan {
  inference: Inference;
  /** the next version, or null when a rule blocks it */
  next: NextVersion | null;
  /** why there is no next version */
  blocked: ShipverError | null;
}

/** `shipver next`: the level and the next version, or the refusal a release would meet, as data. */
export function planNext(g: Gathered, opts: Pick<PlanOptions, 'level' | 'pre'>): NextPlan {
  const inference = inferFor(g);
  try {
    return { inference, next: decideNext(g, inference, opts.level, opts.pre), blocked: null };
  } catch (e) {
    if (!(e instanceof ShipverError)) throw e;
    return { inference, next: null, blocked: e };
  }
}
