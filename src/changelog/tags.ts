// Version tags: which tags are versions (tag.format + valid semver), read in one git
// call with their commit and date. Tags that are not versions are ignored, never an error.
import { prerelease } from '../version/semver-fns.js';
import { compareTagsDesc, latestOf } from '../release/version-tags.js';
import type { Git } from '../git/git.js';
import { projectRequired } from '../errors/messages.js';
import { tagGlobs, tagName, versionOfTag } from '../release/tag-format.js';

export interface TagMatcher {
  /** glob for `git for-each-ref refs/tags/<glob>` / `git describe --match` */
  glob: string;
  /** the semver version a tag name stands for, or null when it is not a version tag */
  versionOf(name: string): string | null;
  /** the tag name for a version */
  tagFor(version: string): string;
}

/** A matcher for tag.format (`v{version}`, `{project}-v{version}`, ...), built on release/tag-format. */
export function tagMatcher(format: string, project: string | null = null): TagMatcher {
  if (format.includes('{project}') && !project) {
    throw projectRequired();
  }
  const p = project ?? '';
  return {
    glob: tagGlobs(format, p).all,
    versionOf: (name) => versionOfTag(format, name, p),
    tagFor: (version) => tagName(format, version, p),
  };
}

export interface VersionTag {
  name: string;
  version: string;
  /** the commit the tag points to */
  sha: string;
  /** YYYY-MM-DD: the tagger date of an annotated tag, the commit date of a lightweight one */
  date: string;
  prerelease: boolean;
  /** false for a lightweight tag */
  annotated: boolean;
}

export { compareTagsDesc };

/**
 * Every version tag, highest version first; with `merged`, only tags reachable from that
 * commit. One `git for-each-ref` call whatever the number of tags.
 */
export async function readVersionTags(git: Git, matcher: TagMatcher, opts: { merged?: string } = {}): Promise<VersionTag[]> {
  const format = '--format=%(refname)%00%(objecttype)%00%(objectname)%00%(*objecttype)%00%(*objectname)%00%(creatordate:short)';
  const args = ['for-each-ref', format];
  if (opts.merged) args.push(`--merged=${opts.merged}`);
  args.push(`refs/tags/${matcher.glob}`);
  const out = await git.ok(args);
  const tags: VersionTag[] = [];
  for (const line of out.split('\n')) {
    if (!line) continue;
    const [ref, type, sha, peeledType, peeledSha, date] = line.split('\0');
    if (!ref?.startsWith('refs/tags/')) continue;
    const name = ref.slice('refs/tags/'.length);
    const version = matcher.versionOf(name);
    if (!version) continue;
    // a lightweight tag on a commit, or an annotated tag whose object is a commit
    const commit = type === 'commit' ? sha : type === 'tag' && peeledType === 'commit' ? peeledSha : null;
    if (!commit) continue;
    tags.push({ name, version, sha: commit, date: date ?? '', prerelease: prerelease(version) !== null, annotated: type === 'tag' });
  }
  return tags.sort(compareTagsDesc);
}

/**
 * The last release before `ref`: the highest version among the version tags reachable
 * from it (release/version-tags.ts has the rule; tags that match the format but are not
 * semver are skipped). Unlike plain `git describe`, a maintenance tag merged in later
 * does not hide a higher version.
 */
export async function lastVersionTag(git: Git, matcher: TagMatcher, ref: string): Promise<VersionTag | null> {
  return latestOf(await readVersionTags(git, matcher, { merged: ref }));
}
