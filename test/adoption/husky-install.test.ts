// Hooks that install on a teammate's `npm install`: init writes "prepare": "husky" only
// where husky 9 is a dependency, adds husky with the repository's own package manager, and
// where that cannot run (offline) installs the hooks through core.hooksPath and prints the
// one command that finishes the set-up. Real npm, offline, from this machine's npm cache
// (husky 9 is in it: shipver depends on it); "unreachable" is a registry on a closed port.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { NO_NPM, OFFLINE_NPM } from '../helpers/npm-env.js';
import { Sandbox, expectNoStack } from '../helpers/sandbox.js';
import { snapshot } from '../helpers/files.js';

const sb = new Sandbox();
afterAll(() => sb.cleanup());


const LOCK = (name: string) => JSON.stringify({ name, version: '1.0.0', lockfileVersion: 3, requires: true, packages: { '': { name, version: '1.0.0' } } }, null, 2) + '\n';


function nodeRepo(name: string, extra: Record<string, string> = {}): string {
  return sb.repo(name, {
    'package.json': JSON.stringify({ name, version: '1.0.0', private: true }, null, 2) + '\n',
    'package-lock.json': LOCK(name),
    '.gitignore': 'node_modules\n',
    ...extra,
  });
}

describe('a Node repository without husky', () => {
  const repo = nodeRepo('no-husky');

  it('init adds husky 9 with npm (package.json and package-lock.json), then writes "prepare": "husky"', () => {
    const r = sb.shipver(repo, ['init', '--yes'], { env: OFFLINE_NPM });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('run npm install --save-dev husky@^9 (husky is not a dependency, and the "prepare" script needs it; npm, from package-lock.json)');
    expect(r.stderr).toContain('✔ added husky 9 with npm (package.json and package-lock.json)');
    const pkg = JSON.parse(sb.read(repo, 'package.json'));
    expect(pkg.devDependencies.husky).toMatch(/^\^9\.\d+\.\d+$/);
    expect(pkg.scripts.prepare).toBe('husky');
    const lock = JSON.parse(sb.read(repo, 'package-lock.json'));
    expect(lock.packages['node_modules/husky'].version).toMatch(/^9\./);
    expect(lock.packages[''].devDependencies.husky).toBe(pkg.devDependencies.husky);
    expect(sb.git(repo, 'config', 'core.hooksPath').trim()).toBe('.husky/_');
    expect(r.stderr).toContain('git add shipver.yaml commitlint.config.js .husky/commit-msg .husky/pre-commit .husky/pre-push package.json package-lock.json');
  });

  it('a teammate\'s clone: npm ci works and installs the hooks, which refuse a bad message', () => {
    const commit = sb.commit(repo, 'chore: set up shipver');
    expect(commit.code, commit.stderr).toBe(0);
    const bare = sb.remote(repo, 'no-husky.git');
    const clone = sb.path('no-husky-clone');
    sb.git(sb.dir, 'clone', '-q', bare, clone);
    expect(sb.run('git', ['config', 'core.hooksPath'], { cwd: clone }).code).toBe(1);
    const ci = sb.run('npm', ['ci'], { cwd: clone, env: OFFLINE_NPM });
    expect(ci.code, ci.stderr).toBe(0);
    expect(sb.git(clone, 'config', 'core.hooksPath').trim()).toBe('.husky/_');
    sb.write(clone, { 'b.txt': 'b\n' });
    const bad = sb.commit(clone, 'added b');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('[type-empty]');
    expect(sb.commit(clone, 'feat: add b').code).toBe(0);
  });

  it('a second init changes nothing and runs no package manager', () => {
    const before = snapshot(repo);
    const r = sb.shipver(repo, ['init', '--yes'], { env: NO_NPM });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('npm install --save-dev');
    expect(snapshot(repo)).toEqual(before);
  });
});

describe('offline: npm cannot add husky', () => {
  const repo = nodeRepo('offline');

  it('installs the hooks through core.hooksPath, leaves package.json without "prepare", and prints the command that finishes', () => {
    const pkgBefore = sb.read(repo, 'package.json');
    const lockBefore = sb.read(repo, 'package-lock.json');
    const r = sb.shipver(repo, ['init', '--yes'], { env: NO_NPM });
    expect(r.code, r.stderr).toBe(0);
    expectNoStack(r.stderr);
    expect(r.stderr).toMatch(/⚠ npm install --save-dev husky@\^9 failed \(npm error code ENOTCACHED/);
    expect(r.stderr).toContain('the hooks are installed through core.hooksPath for now, and package.json has no "prepare": "husky" yet');
    expect(r.stderr).toContain('→ to finish, so that a teammate\'s npm install sets up the hooks: npm install --save-dev husky@^9 && shipver init');
    // without husky a "prepare": "husky" would break every npm install: not written
    expect(sb.read(repo, 'package.json')).toBe(pkgBefore);
    expect(sb.read(repo, 'package-lock.json')).toBe(lockBefore);
    // the files to commit are the ones written: package.json is not among them
    expect(r.stderr).toContain('→ commit the new files: git add shipver.yaml commitlint.config.js .husky/commit-msg .husky/pre-commit .husky/pre-push && git commit');
    expect(sb.git(repo, 'config', 'core.hooksPath').trim()).toBe('.husky/_');
    sb.write(repo, { 'a.txt': 'a\n' });
    const bad = sb.commit(repo, 'wip');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('[type-empty]');
  });

  it('the printed command works as printed, once npm can reach its packages', () => {
    const r = sb.shipver(repo, ['init', '--yes'], { env: NO_NPM });
    const command = /→ to finish, so that a teammate's npm install sets up the hooks: (.+)$/m.exec(r.stderr)![1]!;
    const done = sb.run('sh', ['-c', command], { cwd: repo, env: OFFLINE_NPM });
    expect(done.code, done.stderr).toBe(0);
    const pkg = JSON.parse(sb.read(repo, 'package.json'));
    expect(pkg.scripts.prepare).toBe('husky');
    expect(pkg.devDependencies.husky).toMatch(/^\^9\./);
    expect(JSON.parse(sb.read(repo, 'package-lock.json')).packages['node_modules/husky'].version).toMatch(/^9\./);
  });
});

describe('the repository\'s own package manager', () => {
  /** A PATH with node and git only: yarn, pnpm and bun are surely not on it. */
  function bareBin(): string {
    const dir = sb.path('bare-bin');
    if (!existsSync(dir)) {
      mkdirSync(dir);
      symlinkSync(process.execPath, path.join(dir, 'node'));
      const git = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim();
      symlinkSync(git, path.join(dir, 'git'));
    }
    return `${sb.bin}${path.delimiter}${dir}`;
  }

  function plannedAdd(name: string, files: Record<string, string>, pkg: Record<string, unknown> = {}): string | null {
    const repo = sb.repo(name, { 'package.json': JSON.stringify({ name, version: '1.0.0', ...pkg }), ...files });
    const r = sb.shipver(repo, ['init', '--dry-run', '--json']);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout).husky.add;
  }

  it('is detected by its lock file, or package.json\'s "packageManager"', () => {
    expect(plannedAdd('pm-npm', { 'package-lock.json': LOCK('pm-npm') })).toBe('npm install --save-dev husky@^9');
    // no lock file: npm does not create one the repository did not have
    expect(plannedAdd('pm-none', {})).toBe('npm install --save-dev --no-package-lock husky@^9');
    expect(plannedAdd('pm-yarn', { 'yarn.lock': '# yarn lockfile v1\n' })).toBe('yarn add --dev husky@^9');
    expect(plannedAdd('pm-pnpm', { 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n" })).toBe('pnpm add --save-dev husky@^9');
    expect(plannedAdd('pm-field', {}, { packageManager: 'pnpm@9.12.0' })).toBe('pnpm add --save-dev husky@^9');
    // at a workspace root, pnpm and yarn 1 want to be told that the dependency goes there
    expect(plannedAdd('pm-pnpm-ws', { 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n", 'pnpm-workspace.yaml': "packages: ['apps/*']\n" })).toBe('pnpm add --save-dev --workspace-root husky@^9');
    expect(plannedAdd('pm-yarn-ws', { 'yarn.lock': '' }, { workspaces: ['apps/*'] })).toBe('yarn add --dev --ignore-workspace-root-check husky@^9');
    expect(plannedAdd('pm-berry-ws', { 'yarn.lock': '', '.yarnrc.yml': 'nodeLinker: node-modules\n' }, { workspaces: ['apps/*'] })).toBe('yarn add --dev husky@^9');
    // husky 9 already listed: nothing to add
    expect(plannedAdd('pm-has', { 'yarn.lock': '' }, { devDependencies: { husky: '^9.1.7' } })).toBe(null);
  });

  it('a yarn repository where yarn is not installed: the hooks go in, and the yarn command is printed', () => {
    const repo = sb.repo('yarn-missing', { 'package.json': JSON.stringify({ name: 'y', version: '1.0.0' }, null, 2) + '\n', 'yarn.lock': '# yarn lockfile v1\n' });
    const before = sb.read(repo, 'package.json');
    const r = sb.shipver(repo, ['init', '--yes'], { env: { PATH: bareBin() } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('⚠ yarn add --dev husky@^9 failed (yarn is not installed (not on PATH))');
    expect(r.stderr).toContain('→ to finish, so that a teammate\'s yarn install sets up the hooks: yarn add --dev husky@^9 && shipver init');
    expect(sb.read(repo, 'package.json')).toBe(before);
    expect(sb.git(repo, 'config', 'core.hooksPath').trim()).toBe('.husky/_');
    expect(existsSync(path.join(repo, 'package-lock.json'))).toBe(false);
  });

  it('husky 9 listed but not installed yet: "prepare": "husky", and no package manager run', () => {
    const repo = sb.repo('listed', { 'package.json': JSON.stringify({ name: 'l', version: '1.0.0', devDependencies: { husky: '^9.0.11' } }, null, 2) + '\n' });
    const r = sb.shipver(repo, ['init', '--yes'], { env: NO_NPM });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(sb.read(repo, 'package.json')).scripts.prepare).toBe('husky');
    expect(existsSync(path.join(repo, 'node_modules'))).toBe(false);
    expect(r.stderr).toContain('teammates get the hooks with npm install (the "prepare" script runs husky)');
  });

  it('an existing prepare script keeps its command, with husky after it', () => {
    const repo = sb.repo('prepare', { 'package.json': JSON.stringify({ name: 'p', version: '1.0.0', scripts: { prepare: 'tsc -p .' }, devDependencies: { husky: '9.1.7' } }, null, 2) + '\n' });
    expect(sb.shipver(repo, ['init', '--yes']).code).toBe(0);
    expect(JSON.parse(sb.read(repo, 'package.json')).scripts.prepare).toBe('tsc -p . && husky');
  });
});

describe('a Python repository (no package.json)', () => {
  it('gets its hooks without husky as a dependency, and no package.json', () => {
    const repo = sb.repo('django-app', {
      'manage.py': '#!/usr/bin/env python\n',
      'app/__init__.py': "__version__ = '2.4.1'\n",
      'setup.cfg': '[metadata]\nname = app\nversion = attr: app.__version__\n',
    });
    const r = sb.shipver(repo, ['init', '--yes'], { env: NO_NPM });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("hooks: no package.json, so no husky dependency: the hooks are installed through git's core.hooksPath");
    expect(r.stderr).toContain('teammates run "shipver init --hooks-only" once after cloning');
    expect(existsSync(path.join(repo, 'package.json'))).toBe(false);
    expect(existsSync(path.join(repo, 'node_modules'))).toBe(false);
    expect(sb.git(repo, 'config', 'core.hooksPath').trim()).toBe('.husky/_');
    const bad = sb.commit(repo, 'Update stuff');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('[type-empty]');
    const good = sb.commit(repo, 'chore: set up shipver');
    expect(good.code, good.stderr).toBe(0);
    const json = JSON.parse(sb.shipver(repo, ['init', '--dry-run', '--json']).stdout);
    expect(json.husky).toMatchObject({ packageJson: false, packageManager: null, add: null });
  });
});
