// `shipver changelog [--from REF] [--to REF]`: the notes of one range of commits: by default
// those after the last version (Unreleased), or a version's own notes when --to is its tag.
import { renderNotes, type Notes } from './notes.js';
import { latestOf, previousVersionTag, readVersionTags } from '../release/version-tags.js';
import { realPaths, resolveRef, type ChangelogTarget } from './target.js';

/** The heading of the notes for commits after the last version. */
export const UNRELEASED = 'Unreleased';

export interface RangeSummary {
  mode: 'version' | 'range' | 'unreleased';
  version: string | null;
  from: string | null;
  to: string;
  previousTag: string | null;
  date: string;
  project: string | null;
  remote: ChangelogTarget['remote'];
}

export interface RangeNotes {
  notes: Notes;
  /** the fields of --json that describe the range */
  summary: RangeSummary;
  previousTag: string | null;
  /**
   * Whether CHANGELOG.md gets a section: a version with nothing to list has none unless
   * changelog.emptySections says so; unreleased changes or a range with nothing, never.
   */
  hasSection: boolean;
}

/** The notes of `--from..--to` (`--to` defaults to HEAD, `--from` to the version before it). */
export async function rangeNotes(t: ChangelogTarget, opts: { from?: string; to?: string }, date: string): Promise<RangeNotes> {
  const { git, config, matcher } = t;
  const to = opts.to ?? 'HEAD';
  const toSha = await resolveRef(git, to, '--to');
  const tags = await readVersionTags(git, matcher, { merged: toSha });
  const toTag = opts.to ? tags.find((x) => x.name === opts.to) : undefined;

  let fromSha: string | null;
  let previousTag: string | null;
  if (opts.from) {
    fromSha = await resolveRef(git, opts.from, '--from');
    previousTag = opts.from;
  } else {
    // the last version before `to` (the rule in release/version-tags.ts, on the tags `to`
    // contains): for a version tag, the one before it, not on the same commit, where
    // `shipver release` started that version's notes: for a stable version the stable one
    // before it, for a prerelease the tag before it
    const prev = toTag ? previousVersionTag(tags, toTag) : latestOf(tags);
    fromSha = prev?.sha ?? null;
    previousTag = prev?.name ?? null;
  }

  const commits = await git.commits(fromSha ? [`${fromSha}..${toSha}`] : [toSha], { paths: realPaths(t.paths), noMerges: true });
  const notes = await renderNotes(
    commits.map((c) => ({ sha: c.sha, message: c.message })),
    {
      version: toTag ? toTag.version : UNRELEASED,
      tag: to,
      previousTag,
      date: toTag ? toTag.date || date : date,
      remote: t.remote,
      types: config.changelog.types,
    },
  );
  const summary: RangeSummary = {
    mode: toTag ? 'version' : opts.from ? 'range' : 'unreleased',
    version: toTag ? toTag.version : null,
    from: opts.from ?? previousTag,
    to,
    previousTag,
    date: toTag ? toTag.date || date : date,
    project: t.project?.name ?? null,
    remote: t.remote,
  };
  const hasSection = notes.counts.included > 0 || (Boolean(toTag) && config.changelog.emptySections);
  return { notes, summary, previousTag, hasSection };
}
