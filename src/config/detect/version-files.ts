// Which version files a repository holds, for a project with no versionFiles in shipver.yaml.
// Only files that hold a literal version count: a pyproject.toml with a dynamic version or an
// __init__.py that imports __version__ has nothing for shipver to write.
//
// A directory is read the same way wherever it is (the root, or a sub-directory that holds a
// bump2version / bump-my-version configuration): its package.json and lock file, the files
// its bump2version configuration lists (paths relative to that directory, as bump2version
// resolves them when run from there) or else its Python modules with a __version__, and its
// setup.cfg, .bumpversion.cfg, .bumpversion.toml, pyproject.toml and VERSION.

import path from 'node:path';
import type { VersionFileSpec } from '../types.js';
import { globBase, globFilter } from '../glob.js';
import { FORMATS, exactNames } from '../../version/files/formats.js';
import { pyprojectDynamicInfo, type DynamicSource } from '../../version/files/pyproject.js';
import { problemError } from './problem.js';
import { BUMP_TOML, configDirs, configIn, configVersionSpec, detectionConfigs, resolveEntries, type FoundConfig, type ResolvedEntry } from './bumpversion.js';
import { CONFIG_DEPTH, MODULE_NAMES, escapes, holdsVersion, join, pythonModules, readText } from './read.js';

// The formats read by name, in the list's order (version/files/formats.ts): those before the
// Python modules' slot, and those after it.
const MODULES_SLOT = FORMATS.findIndex((f) => f.id === 'python-module');
const NAMES_BEFORE_MODULES = exactNames(FORMATS.slice(0, MODULES_SLOT));
const NAMES_AFTER_MODULES = exactNames(FORMATS.slice(MODULES_SLOT + 1));

const ROOT_FILES = [...exactNames(), BUMP_TOML];
const DIRECTORY_FILES = [...MODULE_NAMES, 'pyvenv.cfg']; // the modules, and what marks a virtualenv

/**
 * Whether detectVersionFiles may read this file (a path relative to the root, with "/"):
 * the version files of a directory (root files) at the top and in directories down to
 * CONFIG_DEPTH (where a bump2version configuration may make a directory a project, see
 * configDirs), the Python modules (and virtualenv markers) at the top, in first-level
 * directories and in src/<package>/ (see pythonModules), and virtualenv markers wherever a
 * configuration is looked for. A reader without a work tree (server/at-commit.ts) copies
 * just these out of a commit, then the files the configurations list (listedByConfigs).
 */
export function isDetectionFile(rel: string): boolean {
  const parts = rel.split('/');
  const base = parts[parts.length - 1]!;
  if (parts.length === 1) return ROOT_FILES.includes(base) || DIRECTORY_FILES.includes(base);
  if (parts.length - 1 <= CONFIG_DEPTH && (ROOT_FILES.includes(base) || base === 'pyvenv.cfg')) return true;
  if (!DIRECTORY_FILES.includes(base)) return false;
  return parts.length === 2 || (parts.length === 3 && parts[0] === 'src');
}

/** The files a dynamic pyproject version may be read from (setuptools attr: / file:, hatch and pdm path), relative to the root. */
export function dynamicSourceFiles(dir: string, source: DynamicSource): string[] {
  if (source.kind === 'path') return [path.posix.normalize(join(dir, source.path))].filter((f) => !escapes(f));
  if (source.kind !== 'attr') return [];
  const p = source.module.replace(/\./g, '/');
  return [`${p}.py`, `${p}/__init__.py`, `src/${p}.py`, `src/${p}/__init__.py`].map((f) => join(dir, f));
}

/** A pyproject.toml in `dir` whose version is dynamic: where it says the version is, and the file there that holds it. */
export function dynamicVersion(root: string, dir: string): { file: string; line: number | null; source: DynamicSource; target: string | null } | null {
  const file = join(dir, 'pyproject.toml');
  const text = readText(root, file);
  const dyn = text === null ? null : pyprojectDynamicInfo(text, file);
  if (!dyn) return null;
  const target = dynamicSourceFiles(dir, dyn.source).find((f) => holdsVersion(root, f)) ?? null;
  return { file, line: dyn.line, source: dyn.source, target };
}

/** The version files of one directory read as a project (see the top of this file), and what stopped detection. */
export function directoryVersionFiles(
  root: string,
  dir: string,
  opts: { exclude?: ReadonlySet<string> } = {},
): { specs: VersionFileSpec[]; entries: ResolvedEntry[]; config: FoundConfig | null; dynamic: ReturnType<typeof dynamicVersion> } {
  const specs: VersionFileSpec[] = [];
  // One spec per file, first wins; several patterns on one file (bump2version's labelled
  // sections) are kept unless an adapter already owns the file.
  const add = (spec: VersionFileSpec): void => {
    const same = specs.filter((s) => s.file === spec.file);
    const owned = same.some((s) => s.kind === 'auto') || (spec.kind === 'auto' && same.length > 0);
    const duplicate = same.some((s) => JSON.stringify(s) === JSON.stringify(spec));
    if (!owned && !duplicate) specs.push(spec);
  };
  const addIfVersioned = (name: string): void => {
    const rel = join(dir, name);
    if (holdsVersion(root, rel)) add({ kind: 'auto', file: rel });
  };
  NAMES_BEFORE_MODULES.forEach(addIfVersioned);
  // A bump2version config already says which files carry the version: use its list.
  const config = configIn(root, dir);
  const entries = config ? resolveEntries(root, config) : [];
  for (const e of entries) e.specs.forEach(add);
  if (!entries.some((e) => e.specs.length)) pythonModules(root, dir, opts.exclude ?? new Set()).forEach(addIfVersioned);
  NAMES_AFTER_MODULES.forEach(addIfVersioned);
  const own = configVersionSpec(root, join(dir, BUMP_TOML));
  if (own) add(own);
  // A dynamic version read from a module or file of the package: that file holds it.
  const dynamic = dynamicVersion(root, dir);
  if (dynamic?.target) add({ kind: 'auto', file: dynamic.target });
  return { specs, entries, config, dynamic };
}

export function detectVersionFiles(root: string): VersionFileSpec[] {
  const top = configIn(root, '');
  const sub = top ? [] : configDirs(root);
  const exclude = new Set(sub);
  const parts = [directoryVersionFiles(root, '', { exclude }), ...sub.map((d) => directoryVersionFiles(root, d))];
  const problems = parts.flatMap((p) => p.entries.flatMap((e) => (e.problem ? [e.problem] : [])));
  if (problems.length) throw problemError(problems[0]!, problems.slice(1));
  const specs: VersionFileSpec[] = [];
  for (const s of parts.flatMap((p) => p.specs)) if (!specs.some((x) => JSON.stringify(x) === JSON.stringify(s))) specs.push(s);
  return specs;
}

/**
 * The files the configurations detection follows name (and where a dynamic pyproject version
 * is read from), given every file of a commit: what a reader without a work tree copies next
 * to the detection files (globs matched on `paths`). `dir` holds the detection files already
 * copied.
 */
export function detectionReferences(dir: string, paths: readonly string[]): string[] {
  const out = new Set<string>();
  // pyproject.toml's dynamic version source, in the directories detection reads
  const top = configIn(dir, '');
  for (const d of ['', ...(top ? [] : configDirs(dir))]) {
    const text = readText(dir, join(d, 'pyproject.toml'));
    const dyn = text === null ? null : pyprojectDynamicInfo(text, join(d, 'pyproject.toml'));
    if (dyn) for (const f of dynamicSourceFiles(d, dyn.source)) if (paths.includes(f)) out.add(f);
  }
  const under = (d: string, depth: number | null): string[] =>
    paths.filter((p) => (d === '' || p.startsWith(`${d}/`)) && (depth === null || p.slice(d ? d.length + 1 : 0).split('/').length <= depth));
  for (const found of detectionConfigs(dir)) {
    for (const e of found.setup.entries) {
      if (e.problem) continue;
      const target = path.posix.normalize(join(found.dir, e.path));
      if (!e.glob) {
        if (!escapes(target)) out.add(target);
        continue;
      }
      const baseDir = path.posix.normalize(join(found.dir, globBase(e.path)) || '.');
      if (escapes(baseDir)) continue;
      const rel = (p: string) => (found.dir ? path.posix.relative(found.dir, p) : p);
      for (const m of globFilter(e.path, under(baseDir === '.' ? '' : baseDir, null).map(rel), e.globExclude)) out.add(path.posix.normalize(join(found.dir, m)));
    }
  }
  return [...out];
}
