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
import { compareBuild, prerelease } from '../version/semver-fns.js';
import type { Git } from '../git/git.js';
import { tagGlobs, versionOfTag } from './tag-format.js';

export interface TagRef {
  name: string;
  version: string;
}

const isPre = (v: string) => prerelease(v) !== null;

/** Highest version first (semver order, build metadata as a tie-break, then the name). */
export function compareTagsDesc(a: TagRef, b: TagRef): number {
  return compareBuild(b.version, a.version) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
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

// semver's grammar without build metadata (tag versions have none: versionOfTag), for
// reading a long list of tag names without building a SemVer object for each
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?$/;
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** versionOfTag(format, name, project) for many names: the expression is built once. */
function versionReader(format: string, project: string): (name: string) => string | null {
  const [before, after] = format.split('{version}') as [string, string];
  const re = new RegExp(`^${escapeRe(before.replace(/\{project\}/g, project))}(.+)${escapeRe(after.replace(/\{project\}/g, project))}$`);
  return (name) => {
    const v = re.exec(name)?.[1];
    if (!v || v.length > 256) return null;
    const m = SEMVER.exec(v);
    return m && Number(m[1]) <= Number.MAX_SAFE_INTEGER && Number(m[2]) <= Number.MAX_SAFE_INTEGER && Number(m[3]) <= Number.MAX_SAFE_INTEGER ? v : null;
  };
}

/** The end of the number starting at i (digits only). */
function numberEnd(v: string, i: number): number {
  while (i < v.length) {
    const c = v.charCodeAt(i);
    if (c < 48 || c > 57) break;
    i++;
  }
  return i;
}

/**
 * Compares the major.minor.patch of `a` (read from offset `from`) with b's: < 0, 0, > 0.
 * As digit strings in place — semver numbers have no leading zeros, so the longer is the
 * larger — with no allocation: it runs once per tag name. (A name that is no version
 * compares as anything; it is checked in full before it counts.)
 */
function compareCore(a: string, from: number, b: string): number {
  let ia = from;
  let ib = 0;
  for (let part = 0; part < 3; part++) {
    const ea = numberEnd(a, ia);
    const eb = numberEnd(b, ib);
    if (ea - ia !== eb - ib) return ea - ia - (eb - ib);
    for (let k = 0; k < ea - ia; k++) {
      const d = a.charCodeAt(ia + k) - b.charCodeAt(ib + k);
      if (d !== 0) return d;
    }
    ia = ea + 1;
    ib = eb + 1;
  }
  return 0;
}

/** Whether version a is above b: the numbers first, semver's whole order only when they tie. */
function isAbove(a: string, b: string): boolean {
  const c = compareCore(a, 0, b);
  return c !== 0 ? c > 0 : a !== b && compareBuild(a, b) > 0;
}

/**
 * The version tags among `names` whose version is above `floor` (every one when it is
 * null), highest first. A name whose numbers are below the floor's is passed over before
 * anything else is read of it: on a long history that is nearly every tag.
 */
export function versionTagsAbove(names: readonly string[], format: string, project: string, floor: string | null): TagRef[] {
  const before = format.split('{version}')[0]!.replace(/\{project\}/g, project);
  const versionOf = versionReader(format, project);
  const out: TagRef[] = [];
  for (const name of names) {
    if (floor !== null && (!name.startsWith(before) || compareCore(name, before.length, floor) < 0)) continue;
    const version = versionOf(name);
    if (version && (floor === null || isAbove(version, floor))) out.push({ name, version });
  }
  return out.sort(compareTagsDesc);
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
