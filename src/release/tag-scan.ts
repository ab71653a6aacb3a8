// Reading a long list of tag names fast (every tag of a repository with a long history):
// the version tags above a floor, without building a SemVer object for each name. Part
// of version-tags.ts, which re-exports what others use. Pure.
import { compareBuild } from '../version/semver-fns.js';

export interface TagRef {
  name: string;
  version: string;
}

/** Highest version first (semver order, build metadata as a tie-break, then the name). */
export function compareTagsDesc(a: TagRef, b: TagRef): number {
  return compareBuild(b.version, a.version) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
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
export function isAbove(a: string, b: string): boolean {
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

