// "The previous version" and "the latest version": one rule for every command (next,
// bump, release, tag, changelog, doctor, envs).
//
//   The version tags that count are those reachable from HEAD (merged into the current
//   branch). The latest version is the highest of them in semver order; the previous
//   stable release is the highest stable one.
//
// A version tag on a branch HEAD does not contain is never the latest, however high its
// version: it is reported as unmerged. Nearness does not count either: after a
// maintenance branch (v1.4.3) is merged into main (v2.3.0), main's latest is v2.3.0,
// whichever tag `git describe` would meet first. Lightweight tags count like annotated
// ones: they are history made by other tools (semantic-release, `npm version`, by hand).
//
// `latestOf` is the rule on a list of reachable tags. `resolveLatest` gives the same
// answer without listing what HEAD reaches (a walk of the whole history, ~0.6 s at 100k
// commits): one reachable tag (the first one git's describe walk meets) is a lower bound,
// so only tags with a higher version can change the answer; there are usually none, and
// each one there is gets a reachability check (one walk for all when there are many).
//
// Tag names (tag.format), reading version tags from git, and the rule: the one module for
// them. tag-format.ts / tag-glob.ts (names, no git) and tag-scan.ts (reading long lists of
// names fast) are its leaves, kept apart so light entry points load only them.
import { projectRequired } from '../errors/messages.js';
import { compareBuild, prerelease } from '../version/semver-fns.js';
import type { Git } from '../git/git.js';

import { tagGlobs, tagName, versionOfTag } from './tag-format.js';
import { compareTagsDesc, isAbove, versionTagsAbove, type TagRef } from './tag-scan.js';

export { isSafeVersion, tagGlobs, tagName, versionOfTag } from './tag-format.js';
export { compareTagsDesc, versionTagsAbove, type TagRef } from './tag-scan.js';


const isPre = (v: string) => prerelease(v) !== null;

export interface TagMatcher {
  /** glob for `git for-each-ref refs/tags/<glob>` / `git describe --match` */
  glob: string;
  /** tag.format and the value of {project} ('' when the format has none) */
  format: string;
  project: string;
  /** the semver version a tag name stands for, or null when it is not a version tag */
  versionOf(name: string): string | null;
  /** the tag name for a version */
  tagFor(version: string): string;
}

/** A matcher for tag.format (`v{version}`, `{project}-v{version}`, ...). */
export function tagMatcher(format: string, project: string | null = null): TagMatcher {
  if (format.includes('{project}') && !project) {
    throw projectRequired();
  }
  const p = project ?? '';
  return {
    glob: tagGlobs(format, p).all,
    format,
    project: p,
    versionOf: (name) => versionOfTag(format, name, p),
    tagFor: (version) => tagName(format, version, p),
  };
}

export interface VersionTag extends TagRef {
  /** the commit the tag points to */
  sha: string;
  /** YYYY-MM-DD: the tagger date of an annotated tag, the commit date of a lightweight one */
  date: string;
  prerelease: boolean;
  /** false for a lightweight tag */
  annotated: boolean;
}

/**
 * Every version tag with its commit and date, highest version first; with `merged`, only
 * tags reachable from that commit. One git call whatever the number of tags. Tags that
 * are not versions (or do not point at a commit) are left out, never an error.
 */
export async function readVersionTags(git: Git, matcher: TagMatcher, opts: { merged?: string } = {}): Promise<VersionTag[]> {
  const tags: VersionTag[] = [];
  for (const r of await git.tagRecords(matcher.glob, opts.merged)) {
    const version = matcher.versionOf(r.name);
    if (!version) continue;
    // a lightweight tag on a commit, or an annotated tag whose object is a commit
    const commit = r.type === 'commit' ? r.sha : r.type === 'tag' && r.peeledType === 'commit' ? r.peeledSha : null;
    if (!commit) continue;
    tags.push({ name: r.name, version, sha: commit, date: r.date, prerelease: isPre(version), annotated: r.type === 'tag' });
  }
  return tags.sort(compareTagsDesc);
}


export interface LatestOptions {
  /** only stable versions (the previous final release) */
  stable?: boolean;
  /** only versions below this one (the release before a given one) */
  below?: string;
}

/** The rule: the highest version among `reachable` (the tags HEAD, or the ref asked about, contains). */
export function latestOf<T extends TagRef>(reachable: readonly T[], opts: LatestOptions = {}): T | null {
  let best: T | null = null;
  for (const t of reachable) {
    if (opts.stable && isPre(t.version)) continue;
    if (opts.below !== undefined && compareBuild(t.version, opts.below) >= 0) continue;
    if (!best || compareTagsDesc(t, best) < 0) best = t;
  }
  return best;
}

/** The names of the project's tags (those matching tag.format's glob): one cheap `for-each-ref`. */
export function versionTagNames(git: Git, format: string, project: string): Promise<string[]> {
  return git.tagNames(tagGlobs(format, project).all);
}

/** Every version tag of the project (reachable or not), highest first. */
export async function listVersionTags(git: Git, format: string, project: string): Promise<TagRef[]> {
  return versionTagsAbove(await versionTagNames(git, format, project), format, project, null);
}

/**
 * A version tag reachable from `rev` — the first one git's walk meets when `how` is
 * 'first' (any reachable tag will do as a lower bound), git describe's answer with
 * 'exact' — skipping tags that match the glob but hold no version. Null when there is none.
 */
export async function nearestVersionTag(git: Git, format: string, project: string, opts: { stable?: boolean; how?: 'exact' | 'first' | 'full'; rev?: string } = {}): Promise<TagRef | null> {
  const globs = tagGlobs(format, project);
  const exclude = opts.stable ? [globs.prerelease] : [];
  for (let i = 0; i < 50; i++) {
    const name = await git.describe(globs.all, exclude, opts.rev ?? 'HEAD', opts.how ?? 'exact');
    if (!name) return null;
    const version = versionOfTag(format, name, project);
    if (version) return { name, version };
    exclude.push(name.replace(/[*?[\]\\]/g, '\\$&')); // a tag like v-old: look past it
  }
  return null;
}

export interface LatestTags {
  /** the highest version tag reachable from the ref */
  latest: TagRef | null;
  /** the highest stable one */
  latestStable: TagRef | null;
  /** version tags above `latest` that the ref does not contain (on unmerged branches), highest first */
  unmerged: TagRef[];
}

/**
 * Up to this many candidates are checked one by one (`merge-base --is-ancestor`, in
 * parallel), above it one walk answers for all. A check of a tag HEAD does not contain
 * walks both histories down to where they meet: cheap for a beta branch started last
 * week, as long as a `for-each-ref --merged` walk of HEAD's whole history (~0.6 s at
 * 100k commits) when HEAD is an old maintenance line and the tags above it are on main —
 * where there are many of them.
 */
const CHECKS_BEFORE_WALK = 4;

/** The highest of `candidates` (highest first) reachable from `rev`, or null. */
async function highestReachable(git: Git, rev: string, glob: string, candidates: TagRef[], known: Map<string, boolean>): Promise<TagRef | null> {
  const unknown = candidates.filter((t) => !known.has(t.name));
  if (unknown.length > CHECKS_BEFORE_WALK) {
    const merged = new Set(await git.tagNames(glob, rev));
    for (const t of unknown) known.set(t.name, merged.has(t.name));
  } else {
    const answers = await Promise.all(unknown.map((t) => git.isAncestor(`refs/tags/${t.name}`, rev)));
    unknown.forEach((t, k) => known.set(t.name, answers[k]!));
  }
  return candidates.find((t) => known.get(t.name)) ?? null;
}

/**
 * latestOf(the tags reachable from `rev`), for the latest and the latest stable, from a
 * reachable tag `first` (or null when `rev` reaches none) and the names of the tags.
 * `firstStable` finds a reachable stable tag when it is needed. `above`: the version tags
 * above `first` (every version tag when there is no `first`), highest first: a version
 * above the latest that is tagged is among them.
 */
export async function resolveLatest(
  git: Git,
  input: { first: TagRef | null; names: readonly string[]; format: string; project: string; rev?: string; firstStable: () => Promise<TagRef | null> },
): Promise<LatestTags & { above: TagRef[] }> {
  const { first, names, format, project } = input;
  const rev = input.rev ?? 'HEAD';
  const glob = tagGlobs(format, project).all;
  const read = (floor: string | null) => versionTagsAbove(names, format, project, floor);
  if (!first) {
    const all = read(null);
    return { latest: null, latestStable: null, unmerged: all, above: all };
  }
  const known = new Map<string, boolean>([[first.name, true]]);
  const above = read(first.version);
  const latest = (await highestReachable(git, rev, glob, above, known)) ?? first;
  let latestStable: TagRef | null = latest;
  if (isPre(latest.version)) {
    const stable = first !== latest && !isPre(first.version) ? first : await input.firstStable();
    if (stable) known.set(stable.name, true);
    const candidates = stable ? read(stable.version).filter((t) => !isPre(t.version) && isAbove(latest.version, t.version)) : [];
    latestStable = stable ? ((await highestReachable(git, rev, glob, candidates, known)) ?? stable) : null;
  }
  return { latest, latestStable, unmerged: above.filter((t) => isAbove(t.version, latest.version)), above };
}

/** The latest and latest stable version tags reachable from `rev` (HEAD), and the unmerged ones above them. */
export async function latestVersionTags(git: Git, format: string, project: string, rev = 'HEAD'): Promise<LatestTags> {
  const namesP = versionTagNames(git, format, project);
  namesP.catch(() => undefined); // awaited below
  const first = await nearestVersionTag(git, format, project, { how: 'first', rev });
  const { latest, latestStable, unmerged } = await resolveLatest(git, { first, names: await namesP, format, project, rev, firstStable: () => nearestVersionTag(git, format, project, { stable: true, how: 'first', rev }) });
  return { latest, latestStable, unmerged };
}

/**
 * The version `shipver doctor --fix` may bring the version files to: the latest release
 * reachable from HEAD, when no file is ahead of it (a file ahead holds a version someone
 * set on purpose, or a release not tagged yet: a person decides). Null when there is
 * nothing to do or nothing safe to do. `versions`: every version the files hold (semver).
 */
export function filesTarget(versions: readonly string[], latest: TagRef | null): string | null {
  if (!latest || versions.length === 0) return null;
  if (versions.every((v) => v === latest.version)) return null;
  return versions.every((v) => compareBuild(v, latest.version) <= 0) ? latest.version : null;
}

/** The latest version tag reachable from `rev` (the rule above), for a matcher. */
export async function latestVersionTag(git: Git, matcher: TagMatcher, rev = 'HEAD'): Promise<TagRef | null> {
  return (await latestVersionTags(git, matcher.format, matcher.project, rev)).latest;
}

/**
 * Where a release's notes start: for a prerelease the latest tag of any kind, for a final
 * release the latest stable one (its prereleases' commits are listed again).
 */
export function notesStart<T extends TagRef>(tags: { latest: T | null; latestStable: T | null }, prerelease: boolean): T | null {
  return prerelease ? tags.latest : tags.latestStable;
}

/**
 * The version before a tagged one, among the tags its commit contains (`reachable`): the
 * highest below it, not on the same commit, stable for a stable version. That is where
 * `shipver release` started its notes (notesStart).
 */
export function previousVersionTag<T extends TagRef & { sha: string }>(reachable: readonly T[], tagged: T & { prerelease: boolean }): T | null {
  return latestOf(
    reachable.filter((x) => x.sha !== tagged.sha),
    { below: tagged.version, stable: !tagged.prerelease },
  );
}
