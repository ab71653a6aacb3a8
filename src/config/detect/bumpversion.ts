// The bump2version / bump-my-version configurations detection follows: which one the tools
// would use in a directory, and what each of its entries names in this repository.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ErrorCode } from '../../errors.js';
import type { VersionFileSpec } from '../types.js';
import { globBase, globDepth, globFilter } from '../glob.js';
import { BUMPVERSION_CONFIG_FILES, bumpversionSpec, parseBumpversion, readBumpversion, type BumpversionConfig, type BumpversionEntry, type BumpversionSetup } from '../../version/files/bumpversion.js';
import { tomlStrings } from '../../version/files/toml.js';
import type { DetectionProblem } from './problem.js';
import { CONFIG_DEPTH, TOP_SKIP_DIRS, escapes, holdsVersion, isFile, join, listFiles, readText, subdirs } from './read.js';

/** bump-my-version's own file, whose current_version is a version file too (configVersionSpec). */
export const BUMP_TOML = '.bumpversion.toml';

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
