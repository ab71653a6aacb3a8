// Which version files a repository holds, for a project with no versionFiles in shipver.yaml.
// Only files that hold a literal version count: a pyproject.toml with a dynamic version or an
// __init__.py that imports __version__ has nothing for shipver to write.

import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { usageError } from '../errors.js';
import path from 'node:path';
import type { VersionFileSpec } from '../config/types.js';
import { parseBumpversion, type BumpversionConfig } from './files/bumpversion.js';
import { adapterByName } from './files/index.js';
import { readPythonModule } from './files/python-module.js';

const NODE_FILES = ['package.json', 'package-lock.json', 'npm-shrinkwrap.json'];
const CFG_FILES = ['setup.cfg', '.bumpversion.cfg'];
const TAIL_FILES = ['pyproject.toml', 'VERSION'];
const MODULE_NAMES = ['version.py', '_version.py', '__version__.py', '__init__.py'];

const ROOT_FILES = [...NODE_FILES, ...CFG_FILES, ...TAIL_FILES];
const DIRECTORY_FILES = [...MODULE_NAMES, 'pyvenv.cfg']; // the modules, and what marks a virtualenv

/**
 * Whether detectVersionFiles may read this file (a path relative to the root, with "/"):
 * the version files at the top, and the Python modules (and virtualenv markers) at the top,
 * in first-level directories and in src/<package>/ (see pythonModules). A reader without a
 * work tree (server/at-commit.ts) copies just these out of a commit.
 */
export function isDetectionFile(rel: string): boolean {
  const parts = rel.split('/');
  const base = parts[parts.length - 1]!;
  if (parts.length === 1) return ROOT_FILES.includes(base) || DIRECTORY_FILES.includes(base);
  if (!DIRECTORY_FILES.includes(base)) return false;
  return parts.length === 2 || (parts.length === 3 && parts[0] === 'src');
}
const SKIP_DIRS = new Set(['node_modules', 'venv', 'tests', 'test', '__pycache__', 'build', 'dist', 'site-packages']);

export function detectVersionFiles(root: string): VersionFileSpec[] {
  const specs: VersionFileSpec[] = [];
  // One spec per file, first wins; several patterns on one file (bump2version's labelled
  // sections) are kept unless an adapter already owns the file.
  const add = (spec: VersionFileSpec): void => {
    const same = specs.filter((s) => s.file === spec.file);
    const owned = same.some((s) => s.kind === 'auto') || (spec.kind === 'auto' && same.length > 0);
    const duplicate = same.some((s) => JSON.stringify(s) === JSON.stringify(spec));
    if (!owned && !duplicate) specs.push(spec);
  };
  const addIfVersioned = (rel: string): void => {
    if (holdsVersion(root, rel)) add({ kind: 'auto', file: rel });
  };

  NODE_FILES.forEach(addIfVersioned);
  // A bump2version config already says which files carry the version: use its list.
  const bump = detectBumpversion(root);
  if (bump?.config.files.length) {
    const dir = path.posix.dirname(bump.file);
    for (const f of bump.config.files) {
      const file = path.posix.normalize(path.posix.join(dir, f.file));
      // bump2version's default search finds the version anywhere in the file (VERSION = '1.0'
      // in settings.py); when the format's adapter finds none, keep that behaviour.
      const asPattern = f.kind === 'auto' && readText(root, file) !== null && !holdsVersion(root, file);
      add(asPattern ? { kind: 'pattern', file, search: '{current_version}', replace: '{new_version}', scheme: 'pep440' } : { ...f, file });
    }
  } else {
    pythonModules(root).forEach(addIfVersioned);
  }
  CFG_FILES.forEach(addIfVersioned);
  TAIL_FILES.forEach(addIfVersioned);
  return specs;
}

/** The bump2version config bump2version itself would use: .bumpversion.cfg first, then setup.cfg. */
export function detectBumpversion(root: string): { file: string; config: BumpversionConfig } | null {
  for (const file of ['.bumpversion.cfg', 'setup.cfg']) {
    const text = readText(root, file);
    const config = text === null ? null : parseBumpversion(text, file);
    if (config) return { file, config };
  }
  return null;
}

function holdsVersion(root: string, rel: string): boolean {
  const text = readText(root, rel);
  return text !== null && adapterByName(rel)!.read(text, rel).length > 0;
}

function readText(root: string, rel: string): string | null {
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

/** Candidate modules in the root, first-level packages and src/<pkg>/, with a literal __version__. */
function pythonModules(root: string): string[] {
  const dirs = ['', ...subdirs(root, ''), ...(existsSync(path.join(root, 'src')) ? subdirs(root, 'src') : [])];
  return dirs
    .flatMap((d) => MODULE_NAMES.map((n) => (d ? `${d}/${n}` : n)))
    .filter((rel) => {
      const text = readText(root, rel);
      return text !== null && readPythonModule(text).length > 0;
    });
}

function subdirs(root: string, rel: string): string[] {
  return readdirSync(path.join(root, rel), { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.') && !SKIP_DIRS.has(e.name))
    .map((e) => (rel ? `${rel}/${e.name}` : e.name))
    .filter((d) => !existsSync(path.join(root, d, 'pyvenv.cfg'))) // a virtualenv under any name
    .sort();
}
