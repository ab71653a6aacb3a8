// What one file tells init's scan (scan.ts): the place a version file reads the version,
// why a version file holds none, a package's name and workspaces, and the root lock file's
// entry for a workspace package.
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { VersionFileSpec } from './types.js';
import { globFilter } from './glob.js';
import { readText } from './detect/read.js';
import { adapterFor } from '../version/files/index.js';
import { namesOf as formatNames } from '../version/files/formats.js';
import { pyprojectDynamicInfo, type DynamicSource } from '../version/files/pyproject.js';
import { jsonOccurrences } from '../version/files/json.js';
import { parseIni } from '../version/files/ini.js';
import { toSemver } from '../version/scheme.js';

/** One place that may carry the version. */
export interface Candidate {
  file: string;
  line: number | null;
  /** the line as written (trimmed), or what the entry is */
  text: string;
  /** the version it holds, as semver, when it holds one */
  version: string | null;
  /** the project directory it belongs to ('.' for the root), null when it belongs to none */
  dir: string | null;
  spec: VersionFileSpec | null;
  /** the configuration entry that names it: "director/setup.cfg:6 [bumpversion:file:_version.py]" */
  via: string | null;
  /** why it is not used; null when it is */
  reason: string | null;
}

export interface Unclassified {
  file: string;
  line: number | null;
  text: string;
  reason: string;
}

export function lineOf(text: string, offset: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

export function lineText(text: string, line: number): string {
  const t = (text.split('\n')[line - 1] ?? '').trim();
  return t.length > 90 ? `${t.slice(0, 87)}...` : t;
}

/** The first place a spec reads the version, as a candidate. */
export function usedCandidate(root: string, spec: VersionFileSpec, dir: string | null, via: string | null): Candidate {
  const text = readText(root, spec.file) ?? '';
  const adapter = adapterFor(spec);
  const occ = adapter.read(text, spec.file)[0];
  const line = occ ? lineOf(text, occ.start) : null;
  const scheme = spec.kind === 'pattern' ? spec.scheme : adapter.scheme;
  let version: string | null = null;
  try {
    version = occ ? toSemver(occ.value, scheme) : null;
  } catch {
    version = null;
  }
  return { file: spec.file, line, text: line ? lineText(text, line) : '', version, dir, spec, via, reason: null };
}

/** The package.json "name" without its scope, and whether the package is private. */
export function packageInfo(root: string, file: string): { name: string | null; scoped: string | null; private: boolean; workspaces: string[] | null } {
  try {
    const pkg = JSON.parse(readText(root, file) ?? 'null') as Record<string, unknown> | null;
    if (!pkg || typeof pkg !== 'object') return { name: null, scoped: null, private: false, workspaces: null };
    const name = typeof pkg.name === 'string' ? pkg.name : null;
    const ws = pkg.workspaces;
    const list = Array.isArray(ws) ? ws : ws && typeof ws === 'object' && Array.isArray((ws as { packages?: unknown }).packages) ? (ws as { packages: unknown[] }).packages : null;
    return { name: name?.replace(/^@[^/]+\//, '') ?? null, scoped: name, private: pkg.private === true, workspaces: list ? list.filter((x): x is string => typeof x === 'string') : null };
  } catch {
    return { name: null, scoped: null, private: false, workspaces: null };
  }
}

/** The workspace packages the root declares (package.json "workspaces", pnpm-workspace.yaml "packages"). */
export function workspaces(root: string, tree: Map<string, string[]>): { members: string[]; declared: string | null; unmatched: Unclassified[] } {
  const rootNames = tree.get('') ?? [];
  let patterns: string[] | null = null;
  let declared: string | null = null;
  let line: number | null = null;
  if (rootNames.includes('pnpm-workspace.yaml')) {
    const text = readText(root, 'pnpm-workspace.yaml') ?? '';
    try {
      const doc = parseYaml(text) as { packages?: unknown } | null;
      if (Array.isArray(doc?.packages)) {
        patterns = doc.packages.filter((x): x is string => typeof x === 'string');
        declared = 'pnpm-workspace.yaml';
        const i = text.split('\n').findIndex((l) => /^packages\s*:/.test(l));
        line = i >= 0 ? i + 1 : null;
      }
    } catch {
      patterns = null;
    }
  }
  if (!patterns && rootNames.includes('package.json')) {
    const info = packageInfo(root, 'package.json');
    if (info.workspaces) {
      patterns = info.workspaces;
      declared = 'package.json';
      const text = readText(root, 'package.json') ?? '';
      const i = text.split('\n').findIndex((l) => /"workspaces"\s*:/.test(l));
      line = i >= 0 ? i + 1 : null;
    }
  }
  if (!patterns || !declared) return { members: [], declared: null, unmatched: [] };
  const withPackage = [...tree.entries()].filter(([d, names]) => d !== '' && names.includes('package.json')).map(([d]) => d);
  const include = patterns.filter((p) => !p.startsWith('!')).map((p) => p.replace(/\/+$/, ''));
  const exclude = patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1).replace(/\/+$/, ''));
  const members = new Set<string>();
  const unmatched: Unclassified[] = [];
  for (const p of include) {
    const found = globFilter(p, withPackage, exclude);
    if (!found.length) unmatched.push({ file: declared, line, text: p, reason: `the workspace pattern "${p}" matches no directory with a package.json` });
    found.forEach((f) => members.add(f));
  }
  return { members: [...members].sort(), declared, unmatched };
}

export function dynamicReason(source: DynamicSource): string {
  switch (source.kind) {
    case 'vcs':
      return `the build backend computes it from the git tag (${source.tool})`;
    case 'attr':
    case 'path':
      return `the build backend reads it elsewhere (${source.text})`;
    default:
      return 'the build backend computes it';
  }
}

/** Why a marker file holds no version shipver can write, and the line that says so. */
export function noVersionReason(root: string, file: string): { reason: string; line: number | null } {
  const base = path.posix.basename(file);
  const text = readText(root, file) ?? '';
  const none = (reason: string) => ({ reason, line: null });
  if (base === 'package.json') return none('no "version" field');
  if (formatNames('package-lock').includes(base)) return none('no root "version" (its package.json has none either)');
  if (base === 'pyproject.toml') {
    const dyn = pyprojectDynamicInfo(text, file);
    if (dyn) return { reason: `[project] dynamic = ["version"]: ${dynamicReason(dyn.source)}`, line: dyn.line };
    return none('no [project] version, [tool.poetry] version or [tool.bumpversion] current_version');
  }
  if (base === 'setup.cfg' || base === '.bumpversion.cfg') {
    const indirect = parseIni(text, file).flatMap((s) => (s.name === 'metadata' ? s.entries.filter((e) => e.key === 'version' && /^(attr|file)\s*:/.test(e.value)) : []))[0];
    if (indirect) return { reason: `[metadata] version = ${indirect.value}: the version lives in what it names`, line: indirect.line };
    return none('no [bumpversion] current_version or [metadata] version');
  }
  if (base === '.bumpversion.toml') return none('no [tool.bumpversion] current_version');
  return none('holds no version');
}

/** The root package-lock.json's entry for a workspace package, as a pattern on that entry's "version". */
export function npmLockEntry(root: string, dir: string): VersionFileSpec | null {
  const lock = 'package-lock.json';
  const text = readText(root, lock);
  if (text === null) return null;
  let occ;
  try {
    occ = jsonOccurrences(text, lock, [{ path: ['packages', dir, 'version'], key: `packages["${dir}"].version` }])[0];
  } catch {
    return null;
  }
  if (!occ) return null;
  const key = JSON.stringify(dir);
  const start = text.lastIndexOf(key, occ.start);
  if (start < 0) return null;
  const brace = (s: string) => s.replace(/[{}]/g, (c) => c + c);
  const search = `${brace(text.slice(start, occ.start))}{version}"`;
  return { kind: 'pattern', file: lock, search, replace: search, scheme: 'semver' };
}
