// Which version files a repository holds, for a project with no versionFiles in shipver.yaml.
// Only files that hold a literal version count: a pyproject.toml with a dynamic version or an
// __init__.py that imports __version__ has nothing for shipver to write.
//
// A directory is read the same way wherever it is (the root, or a sub-directory that holds a
// bump2version / bump-my-version configuration): its package.json and lock file, the files
// its bump2version configuration lists (paths relative to that directory, as bump2version
// resolves them when run from there) or else its Python modules with a __version__, and its
// setup.cfg, .bumpversion.cfg, .bumpversion.toml, pyproject.toml and VERSION.

import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { ShipverError, usageError, type ErrorCode, type ExitOf } from '../errors.js';
import path from 'node:path';
import type { VersionFileSpec } from '../config/types.js';
import { globBase, globDepth, globFilter } from '../config/glob.js';
import { BUMPVERSION_CONFIG_FILES, bumpversionSpec, parseBumpversion, readBumpversion, type BumpversionConfig, type BumpversionEntry, type BumpversionSetup } from './files/bumpversion.js';
import { adapterByName } from './files/index.js';
import { readPythonModule } from './files/python-module.js';
import { tomlStrings } from './files/toml.js';
import { pyprojectDynamicInfo, type DynamicSource } from './files/pyproject.js';

const NODE_FILES = ['package.json', 'package-lock.json', 'npm-shrinkwrap.json'];
const CFG_FILES = ['setup.cfg', '.bumpversion.cfg'];
const TAIL_FILES = ['pyproject.toml', 'VERSION'];
const BUMP_TOML = '.bumpversion.toml';
const MODULE_NAMES = ['version.py', '_version.py', '__version__.py', '__init__.py'];

const ROOT_FILES = [...NODE_FILES, ...CFG_FILES, ...TAIL_FILES, BUMP_TOML];
const DIRECTORY_FILES = [...MODULE_NAMES, 'pyvenv.cfg']; // the modules, and what marks a virtualenv
/** How deep below the root a bump2version / bump-my-version configuration is looked for. */
export const CONFIG_DEPTH = 3;

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
export const SKIP_DIRS = new Set(['node_modules', 'venv', 'tests', 'test', '__pycache__', 'build', 'dist', 'site-packages']);
/** First-level directories not searched for configurations and projects: documentation, examples and vendored code (apps/docs is searched). */
export const TOP_SKIP_DIRS = new Set(['docs', 'doc', 'examples', 'example', 'samples', 'fixtures', 'vendor', 'third_party', 'target', 'coverage']);

/** A finding detection cannot go past: a configuration that names what is not there, or points outside. */
export interface DetectionProblem {
  /** E_DETECT_OUTSIDE_REPO, E_DETECT_GLOB_EMPTY, E_DETECT_FILE_MISSING, E_DETECT_DYNAMIC_VERSION, or the error of a file that cannot be read */
  code: ErrorCode;
  /** where it was found: the file (relative to the root) and line */
  file: string;
  line: number | null;
  message: string;
  hint: string;
  /** the catalog's exit code of `code` */
  exitCode: ExitOf<ErrorCode>;
}

export function where(file: string, line: number | null): string {
  return line ? `${file}:${line}` : file;
}

/** Text from a file shown in a message: control characters (terminal escapes) become "?". */
const shown = (s: string): string => s.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '?');

export function problemError(p: DetectionProblem, more: DetectionProblem[] = []): ShipverError {
  const all = [p, ...more];
  // several problems: the code (and so the exit code) of the first bad usage among them, else the first
  const lead = all.find((x) => x.exitCode === 2) ?? p;
  return new ShipverError(lead.code, shown(all.length === 1 ? `${where(p.file, p.line)}: ${p.message}` : `${all.length} problems in what shipver detected`), {
    hint: shown(all.length === 1 ? p.hint : 'fix each one as its line says; nothing was written'),
    exitCode: lead.exitCode,
    details: all.length === 1 ? [] : all.map((x) => shown(`- ${where(x.file, x.line)}: ${x.message} → ${x.hint}`)),
  });
}

/** A bump2version / bump-my-version configuration, as the tools pick it in its directory. */
export interface FoundConfig {
  /** the config file, relative to the root */
  file: string;
  /** its directory relative to the root ("" for the root) */
  dir: string;
  setup: BumpversionSetup;
  /** other files in the directory that hold a configuration too, which the tools do not read */
  shadowed: Array<{ file: string; setup: BumpversionSetup }>;
}

/** One entry of a configuration with what it names in this repository. */
export interface ResolvedEntry {
  config: string;
  entry: BumpversionEntry;
  /** the files it names (a glob's matches), relative to the root */
  files: string[];
  /** the version files it stands for (empty when it cannot be used) */
  specs: VersionFileSpec[];
  /** why it is not used although nothing is wrong with it (ignore_missing_file, a setting shipver does not follow) */
  note: string | null;
  problem: DetectionProblem | null;
}

const join = (dir: string, rel: string): string => (dir ? path.posix.join(dir, rel) : rel);
const escapes = (rel: string): boolean => path.posix.isAbsolute(rel) || rel === '..' || rel.startsWith('../');

/** The configuration bump2version / bump-my-version would use in `dir`, and the ones they would not. */
export function configIn(root: string, dir: string): FoundConfig | null {
  const found: Array<{ file: string; setup: BumpversionSetup }> = [];
  for (const name of BUMPVERSION_CONFIG_FILES) {
    const file = join(dir, name);
    const text = readText(root, file);
    // As bump-my-version decides: only a file that mentions it is parsed (another tool's setup.cfg is not ours to judge).
    const setup = text === null || !text.includes('bumpversion]') ? null : readBumpversion(text, file);
    if (setup) found.push({ file, setup });
  }
  if (!found.length) return null;
  return { file: found[0]!.file, dir, setup: found[0]!.setup, shadowed: found.slice(1) };
}

/** Directories (not the root) down to CONFIG_DEPTH that hold a configuration, in path order. */
export function configDirs(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number): void => {
    for (const d of subdirs(root, dir).filter((x) => dir !== '' || !TOP_SKIP_DIRS.has(x))) {
      if (BUMPVERSION_CONFIG_FILES.some((n) => isFile(root, join(d, n)))) out.push(d);
      if (depth < CONFIG_DEPTH) walk(d, depth + 1);
    }
  };
  walk('', 1);
  return out.filter((d) => configIn(root, d) !== null);
}

/** The configurations detection follows: the root's, or else those of the sub-directories. */
export function detectionConfigs(root: string): FoundConfig[] {
  const top = configIn(root, '');
  if (top) return [top];
  return configDirs(root).map((d) => configIn(root, d)!);
}

/** The bump2version config of the repository (the root's, else the first in a sub-directory), flat. */
export function detectBumpversion(root: string): { file: string; config: BumpversionConfig } | null {
  const found = detectionConfigs(root)[0];
  if (!found) return null;
  const text = readText(root, found.file)!;
  const config = parseBumpversion(text, found.file)!;
  // Globs are expanded here, so they are no longer a reservation.
  return { file: found.file, config: { ...config, unsupported: config.unsupported.filter((u) => !u.section.startsWith('[bumpversion:glob') && !/ glob = /.test(u.section)) } };
}

/** What each entry of a configuration names here, with the problems (outside the repository, nothing there). */
export function resolveEntries(root: string, found: FoundConfig, list: (dir: string, depth: number | null) => string[] = (d, n) => listFiles(root, d, n)): ResolvedEntry[] {
  return found.setup.entries.map((entry) => {
    const base: ResolvedEntry = { config: found.file, entry, files: [], specs: [], note: null, problem: null };
    const at = `${entry.section}`;
    const problem = (code: ErrorCode, message: string, hint: string): ResolvedEntry => ({ ...base, problem: { code, file: found.file, line: entry.line, message, hint, exitCode: 2 } });
    if (entry.problem) return { ...base, note: entry.problem };
    const target = path.posix.normalize(join(found.dir, entry.path));
    const baseDir = path.posix.normalize(join(found.dir, globBase(entry.path)) || '.');
    const from = found.dir ? `${found.dir}/` : 'the root';
    if (escapes(entry.glob ? baseDir : target)) {
      return problem('E_DETECT_OUTSIDE_REPO', `${at} points outside the repository (${target}: paths are relative to ${from}, as bump2version resolves them when run there)`, `fix the path in ${found.file} line ${entry.line} so that it stays inside the repository, or remove the section`);
    }
    let files: string[];
    if (entry.glob) {
      const depth = globDepth(entry.path);
      const rel = (p: string) => (found.dir ? path.posix.relative(found.dir, p) : p);
      const listed = list(baseDir === '.' ? '' : baseDir, depth === null ? null : depth - (globBase(entry.path) ? globBase(entry.path).split('/').length : 0)).map(rel);
      files = globFilter(entry.path, listed, entry.globExclude).map((f) => path.posix.normalize(join(found.dir, f)));
      if (!files.length) {
        if (entry.ignoreMissing) return { ...base, note: `the glob ${entry.path} matches no file here (ignore_missing_file is set)` };
        return problem('E_DETECT_GLOB_EMPTY', `${at} matches no file (looked for ${join(found.dir, entry.path)})`, `fix the pattern in ${found.file} line ${entry.line}, or remove the section (it changes nothing)`);
      }
    } else {
      if (!isFile(root, target)) {
        if (entry.ignoreMissing) return { ...base, files: [target], note: `${target} does not exist (ignore_missing_file is set)` };
        const what = existsSync(path.join(root, target)) ? 'which is not a file' : 'which does not exist';
        return problem('E_DETECT_FILE_MISSING', `${at} names ${target}, ${what} (paths are relative to ${from})`, `fix the path in ${found.file} line ${entry.line}, or remove the section (bump2version would fail on it too)`);
      }
      files = [target];
    }
    const specs = files.map((file) => {
      const spec = bumpversionSpec(file, entry.search, entry.replace);
      // bump2version's default search finds the version anywhere in the file (VERSION = '1.0'
      // in settings.py); when the format's adapter finds none, keep that behaviour.
      return spec.kind === 'auto' && !holdsVersion(root, file) ? ({ kind: 'pattern', file, search: entry.search, replace: entry.replace, scheme: 'pep440' } as const) : spec;
    });
    return { ...base, files, specs };
  });
}

/** The config file's own current_version, as a version file (setup.cfg and pyproject.toml have adapters; .bumpversion.toml a pattern). */
export function configVersionSpec(root: string, file: string): VersionFileSpec | null {
  if (path.posix.basename(file) !== BUMP_TOML) return holdsVersion(root, file) ? { kind: 'auto', file } : null;
  const text = readText(root, file);
  const cv = text === null ? undefined : tomlStrings(text).find((s) => s.path.join('.') === 'tool.bumpversion.current_version');
  if (!text || !cv) return null;
  const lineStart = text.lastIndexOf('\n', cv.start - 1) + 1;
  const brace = (s: string) => s.replace(/[{}]/g, (c) => c + c);
  const search = `${brace(text.slice(lineStart, cv.start))}{version}${brace(text[cv.end] ?? '')}`;
  return { kind: 'pattern', file, search, replace: search, scheme: 'pep440' };
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
  NODE_FILES.forEach(addIfVersioned);
  // A bump2version config already says which files carry the version: use its list.
  const config = configIn(root, dir);
  const entries = config ? resolveEntries(root, config) : [];
  for (const e of entries) e.specs.forEach(add);
  if (!entries.some((e) => e.specs.length)) pythonModules(root, dir, opts.exclude ?? new Set()).forEach(addIfVersioned);
  CFG_FILES.forEach(addIfVersioned);
  TAIL_FILES.forEach(addIfVersioned);
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

export function holdsVersion(root: string, rel: string): boolean {
  const text = readText(root, rel);
  const adapter = adapterByName(rel);
  return text !== null && adapter !== undefined && adapter.read(text, rel).length > 0;
}

function isFile(root: string, rel: string): boolean {
  try {
    return statSync(path.join(root, rel)).isFile();
  } catch {
    return false;
  }
}

export function readText(root: string, rel: string): string | null {
  const abs = path.join(root, rel);
  if (!existsSync(abs)) return null;
  // A symlink that leads out of the repository is refused, not read (it could be anything).
  const real = realpathSync(abs);
  const rootReal = realpathSync(root);
  const inside = path.relative(rootReal, real);
  if (inside.startsWith('..') || path.isAbsolute(inside)) {
    throw usageError('E_PATH_OUTSIDE_REPO', `${rel} leads outside the repository`, 'version files must live inside the repository; replace the symlink with the file itself');
  }
  return statSync(real).isFile() ? readFileSync(real, 'utf8') : null;
}

/** Every file under `dir` (relative to the root), down to `depth` levels (any with null); .git and node_modules are not entered. */
function listFiles(root: string, dir: string, depth: number | null): string[] {
  const out: string[] = [];
  const walk = (d: string, level: number): void => {
    let entries;
    try {
      entries = readdirSync(path.join(root, d), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const rel = join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== '.git' && e.name !== 'node_modules' && (depth === null || level < depth)) walk(rel, level + 1);
      } else if (e.isFile() || (e.isSymbolicLink() && isFile(root, rel))) out.push(rel);
    }
  };
  walk(dir, 1);
  return out;
}

/** Candidate modules in the directory, its sub-directories and src/<pkg>/, with a literal __version__. */
export function pythonModules(root: string, dir = '', exclude: ReadonlySet<string> = new Set()): string[] {
  const src = join(dir, 'src');
  const dirs = [dir, ...subdirs(root, dir).filter((d) => !exclude.has(d)), ...(existsSync(path.join(root, src)) ? subdirs(root, src).filter((d) => !exclude.has(d)) : [])];
  return dirs
    .flatMap((d) => MODULE_NAMES.map((n) => join(d, n)))
    .filter((rel) => {
      const text = readText(root, rel);
      return text !== null && readPythonModule(text).length > 0;
    })
    .map((rel) => (dir ? path.posix.relative(dir, rel) : rel));
}

export function subdirs(root: string, rel: string): string[] {
  let entries;
  try {
    entries = readdirSync(path.join(root, rel), { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.isDirectory() && !e.name.startsWith('.') && !SKIP_DIRS.has(e.name))
    .map((e) => join(rel, e.name))
    .filter((d) => !existsSync(path.join(root, d, 'pyvenv.cfg'))) // a virtualenv under any name
    .sort();
}
