// Django-style and Express-style repositories for the release tests, with hooks
// installed by the real `shipver init` and a bare remote.
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CLI, Sandbox } from './sandbox.js';

/** A work-tree file's content (a symlink's target text), or "missing". */
function contentHash(abs: string): string {
  let data: Buffer | string;
  try {
    const st = lstatSync(abs);
    data = st.isSymbolicLink() ? `link:${readlinkSync(abs)}` : st.isFile() ? readFileSync(abs) : `dir`;
  } catch {
    return existsSync(abs) ? 'unreadable' : 'missing';
  }
  return createHash('sha1').update(data).digest('hex');
}

export const DJANGO_FILES = {
  'hub/__init__.py': '',
  'hub/version.py': "# the hub's version; shipver writes it\n__version__ = '1.0.0'\n",
  'setup.cfg': '[bumpversion]\ncurrent_version = 1.0.0\ncommit = False\ntag = False\n\n[bumpversion:file:hub/version.py]\n\n[metadata]\nname = hub\n',
  'manage.py': 'print("hub")\n',
};

export const EXPRESS_FILES = {
  // husky 9 listed, as in an app set up with it: shipver init then adds no dependency (test/adoption/husky-install.test.ts does)
  'package.json': '{\n  "name": "cloud",\n  "version": "1.0.0",\n  "private": true,\n  "dependencies": {\n    "left-pad": "1.3.0"\n  },\n  "devDependencies": {\n    "husky": "^9.1.7"\n  }\n}\n',
  'package-lock.json':
    '{\n  "name": "cloud",\n  "version": "1.0.0",\n  "lockfileVersion": 3,\n  "requires": true,\n  "packages": {\n    "": {\n      "name": "cloud",\n      "version": "1.0.0",\n      "dependencies": {\n        "left-pad": "1.3.0"\n      },\n      "devDependencies": {\n        "husky": "^9.1.7"\n      }\n    },\n    "node_modules/husky": {\n      "version": "9.1.7",\n      "dev": true\n    },\n    "node_modules/left-pad": {\n      "version": "1.3.0"\n    }\n  }\n}\n',
  'index.js': 'module.exports = () => "cloud";\n',
};

/**
 * A repository with shipver initialised and committed, pushed to a bare remote. With `npmBin`,
 * shipver installed as npm does it first: node_modules/.bin/shipver is a symlink (husky puts
 * that directory first on PATH), node_modules/ ignored.
 */
export function releaseRepo(sb: Sandbox, name: string, files: Record<string, string>, opts: { npmBin?: boolean } = {}): { dir: string; bare: string } {
  const dir = sb.repo(name, files, 'chore: initial commit');
  if (opts.npmBin) {
    mkdirSync(path.join(dir, 'node_modules', '.bin'), { recursive: true });
    symlinkSync(CLI, path.join(dir, 'node_modules', '.bin', 'shipver'));
    writeFileSync(path.join(dir, '.gitignore'), 'node_modules/\n');
  }
  const init = sb.shipver(dir, ['init', '--yes']);
  if (init.code !== 0) throw new Error(`init failed: ${init.stderr}`);
  const c = sb.commit(dir, 'chore: set up shipver');
  if (c.code !== 0) throw new Error(`commit failed: ${c.stderr}`);
  sb.git(dir, 'tag', '-a', '-m', 'v1.0.0', 'v1.0.0');
  const bare = sb.remote(dir, `${name}.git`);
  sb.git(dir, 'push', '-q', '--no-verify', 'origin', 'v1.0.0');
  return { dir, bare };
}

/** What must not change when a release is refused or rolled back. */
export function repoState(sb: Sandbox, dir: string): { head: string; status: string; tags: string; index: string; files: string } {
  return {
    head: sb.git(dir, 'rev-parse', 'HEAD').trim(),
    status: sb.git(dir, 'status', '--porcelain', '--untracked-files=all'),
    tags: sb.git(dir, 'for-each-ref', '--format=%(refname) %(objectname)', 'refs/tags'),
    index: sb.git(dir, 'ls-files', '-s'),
    files: sb
      .git(dir, 'ls-files', '-z')
      .split('\0')
      .filter(Boolean)
      .map((f) => `${f}:${contentHash(path.join(dir, f))}`)
      .join('\n'),
  };
}
