// Reads a project's version files through their adapters, checks they agree, and
// computes their new contents. Reading goes through a `read(file)` function so the
// same code serves the work tree and a commit (the pre-push hook reads at a tag).
import { lstatSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ProjectConfig, VersionFileSpec } from '../config/types.js';
import { Git } from '../git/git.js';
import { errnoCode, refusal, usageError } from '../errors.js';
import { adapterFor, pyprojectDynamicVersion, type Occurrence, type VersionFileAdapter } from '../version/files/index.js';
import { SUGGESTED_FORMATS } from '../version/files/formats.js';
import { fromSemver, toSemver, type VersionScheme } from '../version/scheme.js';

export interface VersionFileState {
  file: string;
  project: string;
  adapter: VersionFileAdapter;
  scheme: VersionScheme;
  text: string;
  occurrences: Occurrence[];
  /** each occurrence as semver */
  versions: string[];
}

export interface FileEdit {
  file: string;
  before: string | null;
  after: string;
}

export type FileReader = (file: string) => Promise<string | null> | string | null;

/** Refuses a path whose real location (symlinks followed) is outside the repository. */
export function assertInside(realRoot: string, real: string, file: string): void {
  const rel = path.relative(realRoot, real);
  if (rel.startsWith('..') || path.isAbsolute(rel)) {
    throw usageError('E_PATH_OUTSIDE_REPO', `${file} leads outside the repository`, 'version files must live inside the repository; replace the symlink with the file itself');
  }
}

/** Reads files as they are in a commit (the pre-push hook and `shipver tag` read at a commit). */
export function commitReader(git: Git, rev: string): FileReader {
  return (file) => git.show(rev, file.replace(/\\/g, '/').replace(/^\.\//, ''));
}

/** Reads from the work tree, refusing paths (or symlinks) that lead outside the repository. */
export function workTreeReader(root: string): FileReader {
  const realRoot = realpathSync(root);
  return (file) => {
    const abs = path.resolve(root, file);
    let real: string;
    try {
      lstatSync(abs);
      real = realpathSync(abs);
    } catch (e) {
      // not there: missing, or left out by a sparse checkout (then the fix differs)
      if (errnoCode(e) === 'ENOENT') return new Git(root).assertNotSparse(file).then(() => null);
      throw usageError('E_VERSION_FILE_UNREADABLE', `${file} cannot be read (${errnoCode(e) ?? (e as Error).message})`, 'check the path and permissions in shipver.yaml');
    }
    assertInside(realRoot, real, file);
    if (!statSync(real).isFile()) throw usageError('E_VERSION_FILE_UNREADABLE', `${file} is not a file`, 'point versionFiles in shipver.yaml at a file');
    try {
      return readFileSync(real, 'utf8');
    } catch (e) {
      throw usageError('E_VERSION_FILE_UNREADABLE', `${file} cannot be read (${errnoCode(e) ?? (e as Error).message})`, 'check the path and permissions');
    }
  };
}

async function readOne(spec: VersionFileSpec, project: string, read: FileReader): Promise<VersionFileState> {
  const adapter = adapterFor(spec);
  const scheme: VersionScheme = spec.kind === 'pattern' ? spec.scheme : adapter.scheme;
  const text = await read(spec.file);
  if (text === null) {
    throw usageError('E_VERSION_FILE_MISSING', `version file ${spec.file} (project ${project}) does not exist`, 'create it, or fix versionFiles in shipver.yaml');
  }
  const occurrences = adapter.read(text, spec.file);
  if (occurrences.length === 0) {
    const dynamic = adapter.id === 'pyproject' && pyprojectDynamicVersion(text, spec.file);
    throw usageError(
      'E_VERSION_FILE_NO_VERSION',
      dynamic ? `${spec.file} declares a dynamic version, so there is no version in it to write` : `${spec.file} holds no version that shipver can find`,
      dynamic ? 'list the file the version comes from (e.g. the module with __version__) in versionFiles instead' : 'add one, or remove the file from versionFiles in shipver.yaml',
    );
  }
  const versions = occurrences.map((o) => toSemver(o.value, scheme));
  return { file: spec.file, project, adapter, scheme, text, occurrences, versions };
}

export async function readVersionFiles(projects: ProjectConfig[], read: FileReader): Promise<VersionFileState[]> {
  const states: VersionFileState[] = [];
  for (const p of projects) {
    if (p.versionFiles.length === 0) {
      throw usageError('E_NO_VERSION_FILES', `project ${p.name} has no version file`, `add one (${SUGGESTED_FORMATS}) or list it under projects[].versionFiles in shipver.yaml`);
    }
    for (const spec of p.versionFiles) states.push(await readOne(spec, p.name, read));
  }
  return states;
}

/** The one version every file agrees on; refuses with a list of who says what otherwise. */
export function agreedVersion(states: VersionFileState[]): string {
  const all = states.flatMap((s) => s.occurrences.map((o, i) => ({ file: s.file, key: o.key, raw: o.value, version: s.versions[i]! })));
  const distinct = [...new Set(all.map((a) => a.version))];
  if (distinct.length === 1) return distinct[0]!;
  throw refusal(
    'E_VERSION_FILES_DISAGREE',
    `the version files disagree: ${distinct.join(' vs ')}`,
    'shipver doctor says which version is right; shipver doctor --fix sets them to the latest release when that is safe (a hand edit of a version is refused by the pre-commit hook)',
    all.map((a) => `${a.file} ${a.key}: ${a.raw}${a.raw !== a.version ? ` (${a.version})` : ''}`),
  );
}

/**
 * New contents for every version file, each writing the version in its own scheme. What
 * is written must read back as written, in every spec of the file, before anything is
 * written: the same number of places, each with the new version. (Several specs on one
 * file, bump2version's labelled sections, can otherwise add or break each other's
 * matches; a format's own writer could too.)
 */
export function editVersionFiles(states: VersionFileState[], version: string): FileEdit[] {
  const byFile = new Map<string, string>();
  const before = new Map<string, string>();
  for (const s of states) {
    // Several specs may target one file (bump2version's labelled sections): chain the edits.
    const text = byFile.get(s.file) ?? s.text;
    if (!before.has(s.file)) before.set(s.file, s.text);
    byFile.set(s.file, s.adapter.write(text, fromSemver(version, s.scheme), s.file));
  }
  for (const s of states) {
    const value = fromSemver(version, s.scheme);
    const back = s.adapter.read(byFile.get(s.file)!, s.file);
    const wrong = back.find((o) => o.value !== value);
    if (wrong || (!s.adapter.placesMayChange && back.length !== s.occurrences.length)) {
      const found = wrong ? `"${wrong.value}" at ${wrong.key}` : `${back.length} versions where it read ${s.occurrences.length}`;
      throw usageError(
        'E_VERSION_READ_BACK',
        `${s.file}: after writing ${value}, shipver would read ${found}; nothing was written`,
        s.adapter.id === 'pattern'
          ? 'two versionFiles entries for this file match each other\'s text (or one matches more than the version): make each search match only its own line, then check with shipver doctor'
          : 'this is a bug in shipver\'s support for this file format: please report it with the file; meanwhile edit the version by hand',
      );
    }
  }
  return [...byFile].map(([file, after]) => ({ file, before: before.get(file)!, after }));
}
