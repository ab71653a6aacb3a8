// What `shipver init` finds in a whole repository: every file that may carry the version,
// wherever it is, grouped by the directory it belongs to (a project), with the line it was
// read from, and for each one that is not used, why. A directory is a project when it holds
// a version file of its own (package.json, setup.cfg, .bumpversion.cfg, .bumpversion.toml,
// pyproject.toml, VERSION), a bump2version / bump-my-version configuration, or is an
// npm / yarn / pnpm workspace package; the root is one when anything there carries a version.
// Reads files only; the tags and the choice of projects are propose.ts's, what one file
// says is scan-files.ts.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { VersionFileSpec } from './types.js';
import { isShipverError, type ShipverError } from '../errors.js';
import { BUMP_TOML, configIn, type FoundConfig, type ResolvedEntry } from './detect/bumpversion.js';
import { where, type DetectionProblem } from './detect/problem.js';
import { CONFIG_DEPTH, MODULE_NAMES, TOP_SKIP_DIRS, holdsVersion, readText, subdirs } from './detect/read.js';
import { directoryVersionFiles, dynamicSourceFiles } from './detect/version-files.js';
import { pyprojectDynamicInfo, pyprojectName } from '../version/files/pyproject.js';
import { readPythonModule } from '../version/files/python-module.js';
import { parseIni } from '../version/files/ini.js';
import { exactNames, namesOf as formatNames } from '../version/files/formats.js';
import { dynamicReason, lineText, noVersionReason, npmLockEntry, packageInfo, usedCandidate, workspaces, type Candidate, type Unclassified } from './scan-files.js';

/** How deep below the root projects are looked for. */
const WALK_DEPTH = 4;
/** The version files by name (version/files/formats.ts), and bump-my-version's own. */
const MARKERS = [...exactNames(), BUMP_TOML];
/** Files that mark an app or package, to say which directories were left unclassified. */
const APP_MARKERS = ['setup.py', 'manage.py', 'go.mod', 'Cargo.toml', 'pom.xml', 'build.gradle', 'build.gradle.kts', 'composer.json', 'Gemfile', 'mix.exs', 'pubspec.yaml'];

export type { Candidate, Unclassified };

export interface ProjectDir {
  /** '.' for the root */
  dir: string;
  specs: VersionFileSpec[];
  /** names the project may go by, best first */
  names: string[];
  ecosystem: 'node' | 'python' | 'other';
  /** the versions its files hold (semver), one when they agree */
  versions: string[];
}

export interface Scan {
  projects: ProjectDir[];
  candidates: Candidate[];
  unclassified: Unclassified[];
  problems: DetectionProblem[];
}

const VALID_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const posixJoin = (dir: string, rel: string): string => (dir && dir !== '.' ? path.posix.join(dir, rel) : rel);
const depthOf = (dir: string): number => (dir ? dir.split('/').length : 0);
const inside = (file: string, dir: string): boolean => dir === '.' || dir === '' || file === dir || file.startsWith(`${dir}/`);

/** Directories down to WALK_DEPTH with the marker files each holds ('' is the root). */
function walk(root: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const visit = (dir: string, depth: number): void => {
    let names: string[];
    try {
      names = readdirSync(path.join(root, dir), { withFileTypes: true })
        .filter((e) => e.isFile() || e.isSymbolicLink())
        .map((e) => e.name);
    } catch {
      return;
    }
    out.set(dir, names.filter((n) => MARKERS.includes(n) || APP_MARKERS.includes(n) || n === 'pnpm-workspace.yaml' || MODULE_NAMES.includes(n)));
    if (depth < WALK_DEPTH) for (const d of subdirs(root, dir)) if (dir !== '' || !TOP_SKIP_DIRS.has(d)) visit(d, depth + 1);
  };
  visit('', 0);
  return out;
}

function ecosystemOf(files: VersionFileSpec[]): ProjectDir['ecosystem'] {
  if (files.some((f) => f.file.endsWith('package.json'))) return 'node';
  if (files.some((f) => /\.(py|cfg|toml)$/.test(f.file))) return 'python';
  return 'other';
}

/** Names a project directory may go by: its package's name, then its directory's. */
function namesOf(root: string, dir: string, rootName: string, tree: Map<string, string[]>): string[] {
  const names: string[] = [];
  const here = tree.get(dir === '.' ? '' : dir) ?? [];
  const at = (f: string) => posixJoin(dir, f);
  if (here.includes('package.json')) {
    const n = packageInfo(root, at('package.json')).name;
    if (n) names.push(n);
  }
  if (here.includes('pyproject.toml')) {
    try {
      const n = pyprojectName(readText(root, at('pyproject.toml')) ?? '', at('pyproject.toml'));
      if (n) names.push(n);
    } catch {
      /* malformed: reported with the file */
    }
  }
  if (here.includes('setup.cfg')) {
    try {
      const meta = parseIni(readText(root, at('setup.cfg')) ?? '', at('setup.cfg')).find((s) => s.name === 'metadata');
      const n = meta?.entries.find((e) => e.key === 'name')?.value;
      if (n) names.push(n);
    } catch {
      /* malformed: reported with the file */
    }
  }
  if (dir === '.') names.push(rootName);
  else names.push(path.posix.basename(dir), dir.replace(/\//g, '-'));
  const clean = names.map((n) => n.trim()).filter((n) => VALID_NAME.test(n));
  return [...new Set(clean)];
}

/** A file that cannot be read, as a finding: the file and line the error names, its message and fix. */
function unreadable(e: ShipverError, file: string): DetectionProblem {
  const m = /^([^\s:]+):\s+([^]*)$/.exec(e.message);
  const named = m && /[./]/.test(m[1]!) ? m[1]! : file;
  const message = (m && named === m[1] ? m[2]! : e.message).replace(/\.$/, '');
  const line = /\bline (\d+)\b/.exec(message);
  return { code: e.code, file: named, line: line ? Number(line[1]) : null, message, hint: e.hint ?? `fix ${named}`, exitCode: e.exitCode };
}

/** Runs `fn`; a file shipver cannot read becomes a problem (what stops init) naming it instead of stopping the scan. */
function guarded<T>(problems: DetectionProblem[], file: string, fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch (e) {
    if (!isShipverError(e)) throw e;
    const p = unreadable(e, file);
    if (!problems.some((x) => x.file === p.file && x.message === p.message)) problems.push(p);
    return fallback;
  }
}

/** Runs `fn`; a file shipver cannot read becomes a candidate not used, with the error as the reason. */
function tolerant<T>(unreadableFiles: Map<string, DetectionProblem>, file: string, fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch (e) {
    if (!isShipverError(e)) throw e;
    if (!unreadableFiles.has(file)) unreadableFiles.set(file, unreadable(e, file));
    return fallback;
  }
}

export function scanRepository(root: string, rootName: string): Scan {
  const tree = walk(root);
  const problems: DetectionProblem[] = [];
  const candidates: Candidate[] = [];
  const unclassified: Unclassified[] = [];

  // Project directories: the root, every directory with a configuration, every workspace
  // package, every directory with a version file of its own.
  const ws = workspaces(root, tree);
  unclassified.push(...ws.unmatched);
  const configDirs = [...tree.keys()].filter((d) => d !== '' && depthOf(d) <= CONFIG_DEPTH && guarded(problems, d, () => configIn(root, d) !== null, false));
  // A file in a directory that is no project yet and cannot be read is reported, not fatal: it may be a fixture.
  const unreadableFiles = new Map<string, DetectionProblem>();
  const versioned = [...tree.entries()].filter(([d, names]) => d !== '' && names.some((n) => MARKERS.includes(n) && tolerant(unreadableFiles, posixJoin(d, n), () => holdsVersion(root, posixJoin(d, n)), false))).map(([d]) => d);
  const dynamicDirs = [...tree.entries()].filter(([d, names]) => names.includes('pyproject.toml') && tolerant(unreadableFiles, posixJoin(d, 'pyproject.toml'), () => pyprojectDynamicInfo(readText(root, posixJoin(d, 'pyproject.toml')) ?? '', posixJoin(d, 'pyproject.toml')) !== null, false)).map(([d]) => d);
  const dirs = [...new Set(['', ...configDirs, ...ws.members, ...versioned, ...dynamicDirs])].sort();
  const exclude = new Set(dirs.filter((d) => d !== ''));

  // What each directory's configuration names is that directory's, wherever it is.
  const perDir = new Map<string, { specs: VersionFileSpec[]; entries: ResolvedEntry[]; config: FoundConfig | null; dynamic: ReturnType<typeof directoryVersionFiles>['dynamic']; dynamicVia: Map<string, string> }>();
  for (const d of dirs) {
    const r = guarded(problems, posixJoin(d, '.'), () => directoryVersionFiles(root, d, { exclude }), { specs: [], entries: [], config: null, dynamic: null });
    for (const e of r.entries) if (e.problem) problems.push(e.problem);
    const dynamicVia = new Map<string, string>();
    const dyn = r.dynamic;
    if (dyn?.target && (dyn.source.kind === 'attr' || dyn.source.kind === 'path')) dynamicVia.set(dyn.target, `${where(dyn.file, dyn.line)} ${dyn.source.text}`);
    perDir.set(d, { specs: r.specs, entries: r.entries, config: r.config, dynamic: r.dynamic, dynamicVia });
  }
  const claimed = new Map<string, string>(); // file → the directory whose configuration names it
  for (const [d, r] of perDir) for (const e of r.entries) for (const f of e.files) if (!claimed.has(f)) claimed.set(f, d);

  const rootPkg = (tree.get('') ?? []).includes('package.json') ? packageInfo(root, 'package.json') : null;
  const privateWorkspaceRoot = ws.declared !== null && rootPkg?.private === true;
  const projects: ProjectDir[] = [];
  const usedFiles = new Set<string>();
  for (const d of dirs) {
    const r = perDir.get(d)!;
    const dir = d === '' ? '.' : d;
    let specs = r.specs.filter((s) => (claimed.get(s.file) ?? d) === d);
    if (d === '' && privateWorkspaceRoot) {
      const dropped = specs.filter((s) => [...formatNames('package-json'), ...formatNames('package-lock')].includes(s.file));
      specs = specs.filter((s) => !dropped.includes(s));
      for (const s of dropped) candidates.push({ ...usedCandidate(root, s, null, null), reason: 'the private root of the workspaces: its own version is not released (each workspace package is a project)' });
    }
    // A workspace package's version is also in the root lock file's entry for it.
    if (ws.members.includes(d)) {
      const lock = npmLockEntry(root, d);
      if (lock) specs = [...specs, lock];
    }
    if (!specs.length) continue;
    const via = (s: VersionFileSpec): string | null => {
      const e = r.entries.find((x) => x.specs.some((y) => JSON.stringify(y) === JSON.stringify(s)));
      return e ? `${where(e.config, e.entry.line)} ${e.entry.section}` : (r.dynamicVia.get(s.file) ?? null);
    };
    const cands = specs.map((s) => guarded(problems, s.file, () => usedCandidate(root, s, dir, via(s)), null)).filter((c): c is Candidate => c !== null);
    candidates.push(...cands);
    specs.forEach((s) => usedFiles.add(s.file));
    const versions = [...new Set(cands.map((c) => c.version).filter((v): v is string => v !== null))];
    projects.push({ dir, specs, names: namesOf(root, dir, rootName, tree), ecosystem: ecosystemOf(specs), versions });
  }

  // Configuration entries and settings that are not used, with why.
  for (const d of dirs) {
    const found = perDir.get(d)!.config;
    if (!found) continue;
    for (const e of perDir.get(d)!.entries) {
      if (e.note) candidates.push({ file: e.config, line: e.entry.line, text: e.entry.section, version: null, dir: null, spec: null, via: null, reason: e.note });
    }
    for (const u of found.setup.unsupported) candidates.push({ file: found.file, line: u.line, text: u.section, version: null, dir: null, spec: null, via: null, reason: `${u.reason} (the rest of the configuration is used)` });
    for (const s of found.shadowed) {
      candidates.push({
        file: s.file,
        line: s.setup.line,
        text: s.setup.format === 'ini' ? '[bumpversion]' : '[tool.bumpversion]',
        version: null,
        dir: null,
        spec: null,
        via: null,
        reason: `bump2version / bump-my-version read ${found.file} first, so the file list here is not used${usedFiles.has(s.file) ? ' (its own version is)' : ''}`,
      });
    }
  }

  // Version files that hold no version, dynamic versions, modules without a literal.
  const projectDirs = projects.map((p) => p.dir);
  for (const [d, names] of tree) {
    for (const n of names.filter((x) => MARKERS.includes(x))) {
      const file = posixJoin(d, n);
      if (usedFiles.has(file) || candidates.some((c) => c.file === file && c.spec)) continue;
      if (problems.some((p) => p.file === file)) continue;
      const cannot = unreadableFiles.get(file);
      if (cannot) {
        candidates.push({ file, line: cannot.line, text: '', version: null, dir: null, spec: null, via: null, reason: `cannot be read: ${cannot.message}` });
        continue;
      }
      const holds = guarded(problems, file, () => holdsVersion(root, file), false);
      if (holds || problems.some((p) => p.file === file)) continue;
      const why = guarded(problems, file, () => noVersionReason(root, file), { reason: 'holds no version', line: null });
      const text = why.line ? lineText(readText(root, file) ?? '', why.line) : '';
      candidates.push({ file, line: why.line, text, version: null, dir: null, spec: null, via: null, reason: why.reason });
    }
    for (const n of names.filter((x) => MODULE_NAMES.includes(x))) {
      const file = posixJoin(d, n);
      if (usedFiles.has(file)) continue;
      const text = readText(root, file) ?? '';
      const i = text.split('\n').findIndex((l) => /^__version__\b/.test(l));
      if (i >= 0 && readPythonModule(text).length === 0) candidates.push({ file, line: i + 1, text: lineText(text, i + 1), version: null, dir: null, spec: null, via: null, reason: 'no literal __version__ here (it is imported or computed)' });
    }
  }
  // A dynamic version that leads nowhere shipver can write stops init.
  for (const d of dynamicDirs) {
    const dir = d === '' ? '.' : d;
    if (projects.some((p) => p.dir === dir)) continue;
    const dyn = perDir.get(d)!.dynamic;
    if (!dyn) continue;
    const { file } = dyn;
    const targets = dynamicSourceFiles(d, dyn.source);
    const hint =
      dyn.source.kind === 'vcs'
        ? `shipver writes the version into a file and tags it; with ${dyn.source.tool} there is no file. Keep the version in the package (__version__ = "X.Y.Z" in its __init__.py, with [tool.setuptools.dynamic] version = {attr = "<package>.__version__"}), or list the projects in shipver.yaml yourself; then run shipver init again`
        : `put a literal __version__ = "X.Y.Z" ${targets.length ? `in ${targets[0]}` : 'in a module of the package'}, or list the projects in shipver.yaml yourself; then run shipver init again`;
    problems.push({ code: 'E_DETECT_DYNAMIC_VERSION', file, line: dyn.line, message: `[project] dynamic = ["version"]: ${dynamicReason(dyn.source)}, so ${dir === '.' ? 'the repository' : `${dir}/`} holds no version for shipver to write`, hint, exitCode: 1 });
  }

  // Apps shipver found no version file for.
  for (const [d, names] of tree) {
    if (d === '') continue;
    const app = names.filter((n) => APP_MARKERS.includes(n));
    if (!app.length || projectDirs.some((p) => p !== '.' && inside(d, p))) continue;
    if (unclassified.some((u) => d.startsWith(`${path.posix.dirname(u.file)}/`))) continue;
    unclassified.push({ file: `${d}/${app[0]}`, line: null, text: app.join(', '), reason: `${d}/ has ${app.join(', ')} but no version file shipver can write: list its version file under projects: in shipver.yaml (a search/replace pattern for other formats) if it is released` });
  }
  return { projects, candidates, unclassified, problems };
}
