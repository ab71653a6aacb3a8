// The tag format a repository's history already uses, for `shipver init`: `v{version}`,
// `{version}`, `release-{version}`, or per-project tags such as `{project}@{version}`,
// `{project}-v{version}` or `@acme/{project}@{version}` (changesets). Pure: tag names in,
// a format and what it leaves out.
import { isValidSemver } from '../version/scheme.js';
import { compareBuild } from '../version/semver-fns.js';

export interface TagInfo {
  name: string;
  /** reachable from HEAD */
  merged: boolean;
  /** creation time (seconds), to break ties in favour of the format used last */
  date: number;
}

export interface ProjectNames {
  /** the project's directory ('.' for the root) */
  dir: string;
  /** names the project may go by in tags, best first (package name, directory name, ...) */
  names: string[];
}

export interface TagFormatFinding {
  format: string;
  /** how many tags are written in this format */
  count: number;
  /** one of them, the newest */
  example: string;
}

export interface InferredTags {
  /** the format most tags use (the newest wins a tie) */
  format: string;
  perProject: boolean;
  count: number;
  example: string;
  /** project directory → the name its tags use (per-project formats) */
  names: Map<string, string>;
  /** the highest version among tags of the format reachable from HEAD, per project directory ('' for a shared format) */
  latest: Map<string, { tag: string; version: string }>;
  /** other formats seen, not used: tag.format takes one */
  others: TagFormatFinding[];
  /** tags that hold no semver version at their end */
  unversioned: string[];
}

const SEPARATORS = ['-v', '_v', '/v', '@v', '-', '_', '/', '@'];
// The version at the end of a tag name, not in the middle of a longer number.
const TAIL = /^(.*?)(?<![\d.])(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)$/;

/** The prefix and version of a tag, or null when it ends in no semver version. */
export function splitTag(name: string): { prefix: string; version: string } | null {
  const m = TAIL.exec(name);
  if (!m || !isValidSemver(m[2]!)) return null;
  return { prefix: m[1]!, version: m[2]! };
}

/** The per-project format and project a prefix stands for, if it is one project's name and a separator. */
function projectFormat(prefix: string, projects: ProjectNames[]): { format: string; dir: string; name: string } | null {
  for (const p of projects) {
    for (const name of [...p.names].sort((a, b) => b.length - a.length)) {
      for (const sep of SEPARATORS) {
        if (prefix === `${name}${sep}`) return { format: `{project}${sep}{version}`, dir: p.dir, name };
        const scoped = /^(@[A-Za-z0-9._-]+\/)(.+)$/.exec(prefix);
        if (scoped && scoped[2] === `${name}${sep}`) return { format: `${scoped[1]}{project}${sep}{version}`, dir: p.dir, name };
      }
    }
  }
  return null;
}

/** The format the history uses, or null when no tag holds a version. */
export function inferTagFormat(tags: readonly TagInfo[], projects: readonly ProjectNames[]): InferredTags | null {
  interface Seen {
    count: number;
    newest: TagInfo;
    perProject: boolean;
    names: Map<string, string>;
    latest: Map<string, { tag: string; version: string }>;
  }
  const formats = new Map<string, Seen>();
  const unversioned: string[] = [];
  for (const t of tags) {
    const split = splitTag(t.name);
    if (!split || /[{}]/.test(split.prefix)) {
      unversioned.push(t.name);
      continue;
    }
    const pf = projectFormat(split.prefix, [...projects]);
    const format = pf ? pf.format : `${split.prefix}{version}`;
    const seen = formats.get(format) ?? { count: 0, newest: t, perProject: pf !== null, names: new Map(), latest: new Map() };
    seen.count++;
    if (t.date >= seen.newest.date) seen.newest = t;
    if (pf && !seen.names.has(pf.dir)) seen.names.set(pf.dir, pf.name);
    const key = pf ? pf.dir : '';
    const prev = seen.latest.get(key);
    if (t.merged && (!prev || compareBuild(split.version, prev.version) > 0)) seen.latest.set(key, { tag: t.name, version: split.version });
    formats.set(format, seen);
  }
  const ranked = [...formats.entries()].sort(([, a], [, b]) => b.count - a.count || b.newest.date - a.newest.date);
  if (!ranked.length) return null;
  const [format, best] = ranked[0]!;
  return {
    format,
    perProject: best.perProject,
    count: best.count,
    example: best.newest.name,
    names: best.names,
    latest: best.latest,
    others: ranked.slice(1).map(([f, s]) => ({ format: f, count: s.count, example: s.newest.name })),
    unversioned,
  };
}
