// A project's releases as the dashboard lists them (newest first, with their notes and a
// link to the tag) and the commits on the release branch that no release carries yet.
import type { Git } from '../git/git.js';
import type { Config } from '../config/types.js';
import { kindOf } from '../deploy/env-rows.js';
import { latestVersionTag, type TagMatcher, type VersionTag } from '../release/version-tags.js';
import type { RemoteInfo } from '../changelog/remote.js';
import { parseCommit } from '../commits/conventional.js';
import { commitUrl, tagUrl, type Change } from './changes.js';

export interface ReleaseInfo {
  tag: string;
  version: string;
  date: string;
  sha: string;
  /** the annotated tag's message (the release notes); null for a lightweight tag */
  notes: string | null;
  url: string | null;
}

export interface UnreleasedCommit {
  sha: string;
  header: string;
  type: string | null;
  kind: Change['kind'] | null;
  url: string | null;
}

export const MAX_RELEASES = 30;
export const MAX_UNRELEASED = 100;

/** The annotated tags' messages, by tag name, in one git call. */
export async function tagNotes(git: Git, glob: string): Promise<Map<string, string>> {
  const notes = new Map<string, string>();
  for (const { tag, subject, body } of await git.annotatedTagMessages(glob)) {
    notes.set(tag, `${subject}${body.trim() ? `\n\n${body.trimEnd()}` : ''}`.trim());
  }
  return notes;
}

/** The release branch to read unreleased commits from: the current one when it is a release branch, else the first that exists. */
export async function releaseBranch(git: Git, config: Config, current: string | null): Promise<string | null> {
  const candidates = current && config.branches.release.includes(current) ? [current] : config.branches.release;
  // a branch with no commit yet (a new repository) has nothing to list
  for (const b of candidates) if (await git.revParse(`refs/heads/${b}`)) return b;
  return null;
}

/** The newest releases (at most MAX_RELEASES), each with its notes and a link to its tag. */
export function releaseList(tags: VersionTag[], notes: Map<string, string>, remote: RemoteInfo | null): ReleaseInfo[] {
  return tags.slice(0, MAX_RELEASES).map((t: VersionTag) => ({
    tag: t.name,
    version: t.version,
    date: t.date,
    sha: t.sha,
    notes: notes.get(t.name) ?? null,
    url: tagUrl(remote, t.name),
  }));
}

/**
 * The commits on the release branch after its last release, newest first (all of them, not
 * only features and fixes): at most MAX_UNRELEASED, and how many there are.
 */
export async function readUnreleased(
  git: Git,
  matcher: TagMatcher,
  branch: string,
  paths: string[],
  remote: RemoteInfo | null,
): Promise<{ unreleased: UnreleasedCommit[]; unreleasedCount: number }> {
  const since = await latestVersionTag(git, matcher, `refs/heads/${branch}`);
  const recs = await git.commits([since ? `${since.name}..refs/heads/${branch}` : `refs/heads/${branch}`], { paths, noMerges: true });
  const unreleased = recs.slice(0, MAX_UNRELEASED).map((r) => {
    const p = parseCommit(r.message);
    return { sha: r.sha, header: p.header, type: p.type, kind: kindOf(r.message), url: commitUrl(remote, r.sha) };
  });
  return { unreleased, unreleasedCount: recs.length };
}
