// shipver init in real repositories, then real `git commit`s through the installed hooks.
import { describe, expect, it, afterAll } from 'vitest';
import { existsSync, writeFileSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { Sandbox } from './helpers/sandbox.js';
import { snapshot } from './helpers/files.js';

const sb = new Sandbox();
afterAll(() => sb.cleanup());


describe('shipver init + hooks in an Express-style repo', () => {
  const repo = sb.repo('cloud', {
    // husky 9 listed: init writes the prepare script without a package manager run (test/adoption/husky-install.test.ts runs npm)
    'package.json': JSON.stringify({ name: 'cloud', version: '1.0.0', private: true, devDependencies: { husky: '^9.1.7' } }, null, 2) + '\n',
    'index.js': 'console.log("hi")\n',
  });

  it('writes shipver.yaml, commitlint.config.js, the hooks and the prepare script', () => {
    const r = sb.shipver(repo, ['init', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('cloud (node): package.json');
    expect(sb.read(repo, 'shipver.yaml')).toContain('- package.json');
    expect(sb.read(repo, 'commitlint.config.js')).toContain("extends: ['@commitlint/config-conventional']");
    expect(sb.read(repo, '.husky/commit-msg')).toContain('shipver hook commit-msg "$1"');
    expect(sb.read(repo, '.husky/pre-push')).toContain('shipver hook pre-push "$@"');
    expect(JSON.parse(sb.read(repo, 'package.json')).scripts.prepare).toBe('husky');
    expect(sb.git(repo, 'config', 'core.hooksPath').trim()).toBe('.husky/_');
    expect(existsSync(path.join(repo, '.husky/_/commit-msg'))).toBe(true);
  });

  it('is idempotent: a second run changes nothing', () => {
    const before = snapshot(repo);
    const r = sb.shipver(repo, ['init', '--yes']);
    expect(r.code).toBe(0);
    expect(snapshot(repo)).toEqual(before);
  });

  it('rejects a bad commit message through git commit, with the explanation', () => {
    writeFileSync(path.join(repo, 'a.txt'), 'a\n');
    const bad = sb.commit(repo, 'Added stuff.');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('commit message rejected');
    expect(bad.stderr).toContain('[type-empty]');
    expect(sb.git(repo, 'log', '-1', '--format=%s').trim()).toBe('chore: initial commit');
  });

  it('accepts a conventional one', () => {
    const good = sb.commit(repo, 'feat: good');
    expect(good.code, good.stderr).toBe(0);
    expect(sb.git(repo, 'log', '-1', '--format=%s').trim()).toBe('feat: good');
  });

  it('git commit -v: only the message part above the scissors is linted', () => {
    // A diff line that would fail body-max-line-length if it were linted.
    writeFileSync(path.join(repo, 'long.txt'), `${'x'.repeat(150)}\n`);
    sb.git(repo, 'add', '-A');
    const editor = sb.path('editor.sh');
    writeFileSync(editor, '#!/bin/sh\n{ printf "fix: message written in the editor\\n"; cat "$1"; } > "$1.new" && mv "$1.new" "$1"\n');
    chmodSync(editor, 0o755);
    const r = sb.run('git', ['commit', '-q', '-v'], { cwd: repo, env: { GIT_EDITOR: editor } });
    expect(r.code, r.stderr).toBe(0);
    expect(sb.git(repo, 'log', '-1', '--format=%B').trim()).toBe('fix: message written in the editor');
  });
});

describe('shipver init in a Django-style repo without package.json', () => {
  const repo = sb.repo('hub', {
    'hub/__init__.py': '',
    'hub/version.py': "__version__ = '0.0.1'\n",
    'setup.cfg': '[bumpversion]\ncurrent_version = 0.0.1\ncommit = False\ntag = False\n\n[bumpversion:file:hub/version.py]\n',
  });

  it('installs the hooks, writes a CommonJS commitlint config and explains --hooks-only', () => {
    const r = sb.shipver(repo, ['init', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('shipver init --hooks-only');
    expect(r.stderr).toMatch(/hub \(python\): .*hub\/version\.py/);
    expect(sb.read(repo, 'commitlint.config.js')).toContain('module.exports');
    expect(existsSync(path.join(repo, 'package.json'))).toBe(false);
    const bad = sb.commit(repo, 'update things');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('[type-empty]');
    const good = sb.commit(repo, 'chore: set up shipver');
    expect(good.code, good.stderr).toBe(0);
  });

  it('--hooks-only in a fresh clone installs the hooks and nothing else', () => {
    const clone = sb.path('hub-clone');
    sb.git(sb.dir, 'clone', '-q', repo, clone);
    expect(sb.run('git', ['config', 'core.hooksPath'], { cwd: clone }).code).toBe(1);
    const before = snapshot(clone);
    const r = sb.shipver(clone, ['init', '--hooks-only']);
    expect(r.code, r.stderr).toBe(0);
    expect(sb.git(clone, 'config', 'core.hooksPath').trim()).toBe('.husky/_');
    const after = snapshot(clone);
    for (const k of Object.keys(before)) expect(after[k]).toBe(before[k]);
    expect(Object.keys(after).filter((k) => !(k in before)).every((k) => k.startsWith('.husky/_/'))).toBe(true);
    writeFileSync(path.join(clone, 'x.txt'), 'x\n');
    expect(sb.commit(clone, 'nope').code).not.toBe(0);
  });

  it('--makefile adds the release targets once', () => {
    writeFileSync(path.join(repo, 'Makefile'), 'test:\n\tpython3 -m pytest\n');
    expect(sb.shipver(repo, ['init', '--yes', '--makefile']).code).toBe(0);
    const mk = sb.read(repo, 'Makefile');
    expect(mk.startsWith('test:\n\tpython3 -m pytest\n')).toBe(true);
    for (const t of ['increment-major:', 'increment-minor:', 'increment-patch:', 'tag:', 'release:']) expect(mk).toContain(t);
    expect(sb.shipver(repo, ['init', '--yes', '--makefile']).code).toBe(0);
    expect(sb.read(repo, 'Makefile')).toBe(mk);
    const r = sb.run('make', ['-n', 'increment-minor'], { cwd: repo });
    expect(r.stdout.trim()).toBe('shipver bump minor');
  });

  it('--dry-run changes nothing', () => {
    const fresh = sb.repo('fresh', { VERSION: '1.0.0\n' });
    const before = snapshot(fresh);
    const r = sb.shipver(fresh, ['init', '--dry-run', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).changes.map((c: { file: string }) => c.file)).toContain('shipver.yaml');
    expect(snapshot(fresh)).toEqual(before);
  });

  it('outside a repository it refuses', () => {
    const r = sb.shipver(sb.home, ['init', '--yes']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('git repository');
  });
});
