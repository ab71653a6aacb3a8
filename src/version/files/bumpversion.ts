// Reads a bump2version / bump-my-version configuration so a repository set up for either
// works with no shipver.yaml: `[bumpversion]` in setup.cfg or .bumpversion.cfg (INI), and
// `[tool.bumpversion]` in pyproject.toml or .bumpversion.toml (TOML). shipver computes
// versions itself (semver, PEP 440 pre-releases), so the tools' own version grammar (parts,
// parse, serialize) is not emulated: such settings are reported, with the reason and the
// line, and otherwise ignored. Pure: text in, data out (globs are expanded by detection,
// which has the files).

import type { VersionFileSpec } from './types.js';
import { isShipverError } from '../../errors.js';
import { basename } from './edit.js';
import { adapterByName } from './index.js';
import { parseIni, type IniSection } from './ini.js';
import { patternAdapter } from './pattern.js';
import { parseToml, tomlStrings } from './toml.js';

/** One `[bumpversion:file:…]` / `[bumpversion:glob:…]` section, `files =` name or `[[tool.bumpversion.files]]` table. */
export interface BumpversionEntry {
  /** how the entry is written, for messages: "[bumpversion:file:_version.py]", "[[tool.bumpversion.files]] filename = "README.md"" */
  section: string;
  /** the line it starts on (1-based) */
  line: number;
  /** the path, or with `glob` the pattern, relative to the config's directory: "/" separators, no leading "./" */
  path: string;
  glob: boolean;
  /** bump-my-version's glob_exclude */
  globExclude: string[];
  search: string;
  replace: string;
  /** ignore_missing_file(s): a missing file is not an error for the tool */
  ignoreMissing: boolean;
  /** why shipver cannot use this entry (null when it can) */
  problem: string | null;
}

export interface BumpversionSetup {
  /** the config file as given */
  file: string;
  format: 'ini' | 'toml';
  currentVersion: string | null;
  /** the line of current_version, or null */
  currentVersionLine: number | null;
  /** the line of the [bumpversion] / [tool.bumpversion] header */
  line: number;
  entries: BumpversionEntry[];
  /** settings shipver does not follow, with the reason; the rest of the configuration is used */
  unsupported: Array<{ section: string; line: number; reason: string }>;
}

/** The older, flat view (files as written, every reservation in one list). */
export interface BumpversionConfig {
  currentVersion: string | null;
  /** the files bump2version edits, paths as written (relative to the config's directory) */
  files: VersionFileSpec[];
  unsupported: Array<{ section: string; reason: string; line?: number }>;
}

export const DEFAULT_SEARCH = '{current_version}';
export const DEFAULT_REPLACE = '{new_version}';
// What bump2version uses when nothing is configured: equivalent to shipver's X.Y.Z.
const DEFAULT_PARSE = String.raw`(?P<major>\d+)\.(?P<minor>\d+)\.(?P<patch>\d+)`;
const DEFAULT_SERIALIZE = '{major}.{minor}.{patch}';
const SECTION = /^bumpversion:(file|glob|part)(?:\([^)]*\))?:(.+)$/;

const PARSE_REASON =
  'custom parse/serialize is not supported: shipver writes X.Y.Z and PEP 440 / semver pre-releases (use `shipver release --pre beta`)';
const PART_REASON = 'custom version parts are not supported: shipver infers major/minor/patch from commits and names pre-releases with --pre';
const GLOB_REASON = 'glob section: its files are found when shipver detects version files in a work tree (this view lists files only)';

/** The config files, in the order bump-my-version looks for them (bump2version knows the two .cfg ones, in the same order). */
export const BUMPVERSION_CONFIG_FILES = ['.bumpversion.cfg', '.bumpversion.toml', 'setup.cfg', 'pyproject.toml'] as const;

/** A path as written in a config: "/" separators, no leading "./". */
function cleanPath(p: string): string {
  return p.trim().replace(/\\/g, '/').replace(/^(\.\/)+/, '');
}

/** Why a search/replace pair cannot be used, or null. */
function templateProblem(search: string, replace: string): string | null {
  if (search === DEFAULT_SEARCH && replace === DEFAULT_REPLACE) return null;
  try {
    patternAdapter({ search, replace, scheme: 'pep440' });
    return null;
  } catch (e) {
    if (!isShipverError(e)) throw e;
    return `${e.message} ${e.hint ?? ''}`.trim();
  }
}

/**
 * The version file an entry stands for, once its path is known (a glob's matches one by
 * one). A default search/replace goes to the format's adapter when the name has one: a
 * custom one targets a particular spot, which the pattern keeps.
 */
export function bumpversionSpec(file: string, search: string, replace: string): VersionFileSpec {
  if (search === DEFAULT_SEARCH && replace === DEFAULT_REPLACE && adapterByName(file)) return { kind: 'auto', file };
  return { kind: 'pattern', file, search, replace, scheme: 'pep440' };
}

/** null when the text holds no bump2version / bump-my-version configuration. */
export function readBumpversion(text: string, file: string): BumpversionSetup | null {
  return /\.toml$/.test(basename(file)) ? readToml(text, file) : readIni(text, file);
}

function readIni(text: string, file: string): BumpversionSetup | null {
  const sections = parseIni(text, file);
  const main = sections.find((s) => s.name === 'bumpversion');
  if (!main && !sections.some((s) => SECTION.test(s.name))) return null;
  const entry = (s: IniSection | undefined, key: string) => s?.entries.findLast((e) => e.key === key);
  const get = (s: IniSection | undefined, key: string): string | undefined => entry(s, key)?.value;
  const cv = entry(main, 'current_version');
  const setup: BumpversionSetup = {
    file,
    format: 'ini',
    currentVersion: cv?.value ?? null,
    currentVersionLine: cv?.line ?? null,
    line: main?.line ?? sections.find((s) => SECTION.test(s.name))!.line,
    entries: [],
    unsupported: [],
  };
  const parse = entry(main, 'parse');
  const serialize = entry(main, 'serialize');
  if ((parse && parse.value !== DEFAULT_PARSE) || (serialize && serialize.value !== DEFAULT_SERIALIZE)) {
    setup.unsupported.push({ section: '[bumpversion]', line: (parse ?? serialize)!.line, reason: PARSE_REASON });
  }
  const defaults = { search: get(main, 'search') ?? DEFAULT_SEARCH, replace: get(main, 'replace') ?? DEFAULT_REPLACE };
  const add = (section: string, line: number, path: string, glob: boolean, search: string, replace: string): void => {
    setup.entries.push({ section, line, path: cleanPath(path), glob, globExclude: [], search, replace, ignoreMissing: false, problem: templateProblem(search, replace) });
  };

  // The pre-0.5 spelling: `files = a.py b.py`, each with the default search/replace.
  const files = entry(main, 'files');
  for (const f of files?.value.split(/\s+/).filter(Boolean) ?? []) add('[bumpversion] files', files!.line, f, false, defaults.search, defaults.replace);

  for (const s of sections) {
    const m = SECTION.exec(s.name);
    if (!m) continue;
    const label = `[${s.name}]`;
    if (m[1] === 'part') {
      setup.unsupported.push({ section: label, line: s.line, reason: PART_REASON });
      continue;
    }
    const own = entry(s, 'parse') ?? entry(s, 'serialize');
    if (own) setup.unsupported.push({ section: label, line: own.line, reason: PARSE_REASON });
    add(label, s.line, m[2]!, m[1] === 'glob', get(s, 'search') ?? defaults.search, get(s, 'replace') ?? defaults.replace);
  }
  return setup;
}

const TOML_MAIN = /^\s*\[\s*tool\s*\.\s*bumpversion\s*\]\s*(?:#.*)?$/;
const TOML_FILES = /^\s*\[\[\s*tool\s*\.\s*bumpversion\s*\.\s*files\s*\]\]\s*(?:#.*)?$/;

function lineOf(text: string, offset: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function headerLines(text: string, re: RegExp): number[] {
  return text.split('\n').flatMap((l, i) => (re.test(l.replace(/\r$/, '')) ? [i + 1] : []));
}

function readToml(text: string, file: string): BumpversionSetup | null {
  const data = parseToml(text, file);
  const tool = data.tool;
  const bv = tool && typeof tool === 'object' && !Array.isArray(tool) ? (tool as Record<string, unknown>).bumpversion : undefined;
  if (!bv || typeof bv !== 'object' || Array.isArray(bv)) return null;
  const c = bv as Record<string, unknown>;
  const mainLine = headerLines(text, TOML_MAIN)[0] ?? 1;
  const cvString = tomlStrings(text).find((s) => s.path.join('.') === 'tool.bumpversion.current_version');
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  const setup: BumpversionSetup = {
    file,
    format: 'toml',
    currentVersion: str(c.current_version) ?? null,
    currentVersionLine: cvString ? lineOf(text, cvString.start) : null,
    line: mainLine,
    entries: [],
    unsupported: [],
  };
  const serializeOk = (v: unknown): boolean => v === undefined || (Array.isArray(v) ? v.length === 1 && v[0] === DEFAULT_SERIALIZE : v === DEFAULT_SERIALIZE);
  if ((c.parse !== undefined && c.parse !== DEFAULT_PARSE) || !serializeOk(c.serialize)) {
    setup.unsupported.push({ section: '[tool.bumpversion]', line: mainLine, reason: PARSE_REASON });
  }
  const parts = c.parts;
  if (parts && typeof parts === 'object') {
    for (const name of Object.keys(parts)) setup.unsupported.push({ section: `[tool.bumpversion.parts.${name}]`, line: mainLine, reason: PART_REASON });
  }
  const defaults = {
    search: str(c.search) ?? DEFAULT_SEARCH,
    replace: str(c.replace) ?? DEFAULT_REPLACE,
    regex: c.regex === true,
    ignoreMissing: c.ignore_missing_files === true,
  };
  const files = Array.isArray(c.files) ? c.files : [];
  const lines = headerLines(text, TOML_FILES);
  files.forEach((raw, i) => {
    const line = lines[i] ?? mainLine;
    const f = (raw && typeof raw === 'object' && !Array.isArray(raw) ? raw : {}) as Record<string, unknown>;
    const glob = str(f.glob);
    const filename = str(f.filename);
    const path = glob ?? filename ?? '';
    const section = `[[tool.bumpversion.files]] ${glob !== undefined ? `glob = ${JSON.stringify(glob)}` : `filename = ${JSON.stringify(filename ?? '')}`}`;
    const search = str(f.search) ?? defaults.search;
    const replace = str(f.replace) ?? defaults.replace;
    const problems: string[] = [];
    if (!path) problems.push('the entry has neither filename nor glob (a string)');
    if ((f.regex ?? defaults.regex) === true) problems.push('regex = true is not supported: shipver matches the text around {current_version} literally; write the search without regular expressions');
    if (f.parse !== undefined || f.serialize !== undefined) setup.unsupported.push({ section, line, reason: PARSE_REASON });
    if (f.include_bumps !== undefined || (Array.isArray(f.exclude_bumps) && f.exclude_bumps.length)) {
      problems.push('include_bumps / exclude_bumps are not supported: shipver writes every version file on every release');
    }
    let useSearch = search;
    let useReplace = replace;
    if (typeof f.key_path === 'string') {
      const byKey = keyPathSpec(cleanPath(path), f.key_path);
      if (byKey) {
        useSearch = DEFAULT_SEARCH;
        useReplace = DEFAULT_REPLACE;
      } else problems.push(`key_path "${f.key_path}" is not supported for ${path}: give a search such as 'version = "{current_version}"' instead`);
    }
    const problem = problems[0] ?? templateProblem(useSearch, useReplace);
    const globExclude = Array.isArray(f.glob_exclude) ? f.glob_exclude.filter((g): g is string => typeof g === 'string') : [];
    const ignoreMissing = f.ignore_missing_file === true || (f.ignore_missing_file === undefined && defaults.ignoreMissing);
    setup.entries.push({ section, line, path: cleanPath(path), glob: glob !== undefined, globExclude, search: useSearch, replace: useReplace, ignoreMissing, problem });
  });
  return setup;
}

/** bump-my-version's key_path for the files shipver's adapters know: the adapter writes that key. */
function keyPathSpec(path: string, keyPath: string): boolean {
  const name = basename(path);
  if (name === 'package.json') return keyPath === 'version';
  if (name === 'pyproject.toml') return ['project.version', 'tool.poetry.version', 'tool.bumpversion.current_version'].includes(keyPath);
  return false;
}

/** The flat view: files as written (no globs), every reservation in file order. null when there is no configuration. */
export function parseBumpversion(text: string, file: string): BumpversionConfig | null {
  const setup = readBumpversion(text, file);
  if (!setup) return null;
  const files: VersionFileSpec[] = [];
  const unsupported: Array<{ section: string; reason: string; line: number }> = [...setup.unsupported];
  for (const e of setup.entries) {
    if (e.problem) unsupported.push({ section: e.section, reason: e.problem, line: e.line });
    else if (e.glob) unsupported.push({ section: e.section, reason: GLOB_REASON, line: e.line });
    else files.push(bumpversionSpec(e.path, e.search, e.replace));
  }
  unsupported.sort((a, b) => a.line - b.line);
  return { currentVersion: setup.currentVersion, files, unsupported: unsupported.map(({ section, reason, line }) => ({ section, reason, line })) };
}

/** The version files a bump2version config lists ([] when there is none). */
export function bumpversionFiles(text: string, file: string): VersionFileSpec[] {
  return parseBumpversion(text, file)?.files ?? [];
}
