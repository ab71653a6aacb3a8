// `file:` dependencies (a vendored tarball, `"shipver": "file:vendor/shipver-0.1.0.tgz"`, or a
// directory) in the root package.json and the projects' package.json files. Each must be
// committed, or `npm ci` fails in a fresh clone: doctor checks it, and init names an
// uncommitted one among the files to commit.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Git } from '../git/git.js';
import type { VersionFileSpec } from './types.js';

const FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies'];

export interface FileDependency {
  /** the package.json naming it, relative to the root */
  manifest: string;
  name: string;
  /** as written: file:... */
  spec: string;
  /** the absolute path it points at */
  abs: string;
  /** relative to the root, '/'-separated; null when it points outside the repository */
  rel: string | null;
  committed: boolean;
  /** ignored by .gitignore (so `git add` needs -f); only looked up for one not committed */
  ignored: boolean;
}

/** The root package.json (when there is one) and each project's package.json version file. */
export function packageManifests(root: string, projects: ReadonlyArray<{ versionFiles: VersionFileSpec[] }>): string[] {
  const manifests = new Set(existsSync(path.join(root, 'package.json')) ? ['package.json'] : []);
  for (const p of projects) for (const f of p.versionFiles) if (f.kind === 'auto' && path.basename(f.file) === 'package.json') manifests.add(path.normalize(f.file));
  return [...manifests];
}

/** The `file:` dependencies of these manifests, in their order; an unreadable manifest is skipped. */
export async function fileDependencies(root: string, git: Git, manifests: string[]): Promise<FileDependency[]> {
  const found: FileDependency[] = [];
  for (const manifest of manifests) {
    for (const [name, spec] of fileSpecs(root, manifest)) {
      const abs = path.resolve(root, path.dirname(manifest), spec.slice('file:'.length));
      const rel = path.relative(root, abs).split(path.sep).join('/');
      if (rel === '' || rel === '..' || rel.startsWith('../') || path.isAbsolute(rel)) {
        found.push({ manifest, name, spec, abs, rel: null, committed: false, ignored: false });
        continue;
      }
      const committed = await git.committed(rel);
      found.push({ manifest, name, spec, abs, rel, committed, ignored: committed ? false : await git.ignored(rel) });
    }
  }
  return found;
}

/** Those inside the repository that exist in the work tree and are not committed. */
export async function uncommittedFileDependencies(root: string, git: Git, manifests: string[]): Promise<FileDependency[]> {
  return (await fileDependencies(root, git, manifests)).filter((d) => d.rel !== null && !d.committed && existsSync(d.abs));
}

function fileSpecs(root: string, manifest: string): Array<[string, string]> {
  let pkg: Record<string, unknown>;
  try {
    pkg = JSON.parse(readFileSync(path.join(root, manifest), 'utf8')) as Record<string, unknown>;
  } catch {
    return []; // unreadable or not JSON: doctor's version files check reports it
  }
  const specs: Array<[string, string]> = [];
  for (const field of FIELDS) {
    const deps = pkg[field];
    if (!deps || typeof deps !== 'object') continue;
    for (const [name, spec] of Object.entries(deps as Record<string, unknown>)) if (typeof spec === 'string' && spec.startsWith('file:')) specs.push([name, spec]);
  }
  return specs;
}
