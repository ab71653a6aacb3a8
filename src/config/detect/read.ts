// Reading a repository for detection: its files (never through a symlink that leads out of
// it), its directories (without virtualenvs, dependencies and build output) and whether a
// file holds a literal version by its format's adapter.
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { usageError } from '../../errors.js';
import { adapterByName } from '../../version/files/index.js';
import { readPythonModule } from '../../version/files/python-module.js';

/** How deep below the root a bump2version / bump-my-version configuration is looked for. */
export const CONFIG_DEPTH = 3;
/** The Python modules that may hold a literal __version__. */
export const MODULE_NAMES = ['version.py', '_version.py', '__version__.py', '__init__.py'];
export const SKIP_DIRS = new Set(['node_modules', 'venv', 'tests', 'test', '__pycache__', 'build', 'dist', 'site-packages']);
/** First-level directories not searched for configurations and projects: documentation, examples and vendored code (apps/docs is searched). */
export const TOP_SKIP_DIRS = new Set(['docs', 'doc', 'examples', 'example', 'samples', 'fixtures', 'vendor', 'third_party', 'target', 'coverage']);

/** A path relative to a directory ("" for the root), with "/". */
export const join = (dir: string, rel: string): string => (dir ? path.posix.join(dir, rel) : rel);
/** Whether a path relative to the root leads out of it. */
export const escapes = (rel: string): boolean => path.posix.isAbsolute(rel) || rel === '..' || rel.startsWith('../');

export function holdsVersion(root: string, rel: string): boolean {
  const text = readText(root, rel);
  const adapter = adapterByName(rel);
  return text !== null && adapter !== undefined && adapter.read(text, rel).length > 0;
}

export function isFile(root: string, rel: string): boolean {
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
export function listFiles(root: string, dir: string, depth: number | null): string[] {
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
