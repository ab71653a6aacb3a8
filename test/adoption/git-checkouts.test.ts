// Checkouts that are not "a branch with every file": a detached HEAD (release refuses with
// the branch to switch to; the read-only commands and the hooks work) and a sparse checkout
// that leaves the version files out (a clear refusal with the sparse-checkout command, not
// "create the file").
import { describe, expect, it, afterAll } from 'vitest';
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { Sandbox, expectNoStack } from '../helpers/sandbox.js';
import { COMMANDS, ENV, adoptedRepo, commitOk, expectActionable } from './git-shapes.js';

const sb = new Sandbox();
afterAll(() => sb.cleanup());

describe('a detached HEAD', () => {
  it('release refuses and names the branch; next, changelog, doctor, envs and lint work; so do the hooks', () => {
    const { dir } = adoptedRepo(sb, 'detached');
    sb.git(dir, 'checkout', '-q', '--detach');
    for (const [name, args] of COMMANDS) {
      const r = sb.shipver(dir, args, { env: ENV });
      if (name === 'release') {
        expectActionable(r, ['HEAD is detached, not on a branch', 'E_DETACHED_HEAD'], 'git switch main');
        expect(r.code).toBe(1);
      } else {
        expect(r.code, `${name}: ${r.stderr}`).toBe(0);
        expectNoStack(r.stderr);
      }
    }
    expect(sb.shipver(dir, ['next'], { env: ENV }).stdout).toBe('1.1.0\n');
    expect(sb.shipver(dir, ['changelog', '--dry-run'], { env: ENV }).stdout).toContain('* add a');
    // the hooks, through git: a good message commits, a bad one is refused by the rules, and the push goes through
    sb.write(dir, { 'c.txt': 'c\n' });
    commitOk(sb, dir, 'feat: add c');
    sb.write(dir, { 'd.txt': 'd\n' });
    const bad = sb.commit(dir, 'added d');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('commit message rejected');
    expectNoStack(bad.stderr);
    sb.git(dir, 'reset', '-q', '--hard');
    const push = sb.run('git', ['push', '-q', 'origin', 'HEAD:refs/heads/main'], { cwd: dir });
    expect(push.code, push.stderr).toBe(0);
    // the fix, as printed: then the release is made
    sb.git(dir, 'switch', '-q', 'main');
    sb.git(dir, 'pull', '-q', '--ff-only', 'origin', 'main');
    const r = sb.shipver(dir, ['release'], { env: ENV });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(sb.read(dir, 'package.json')).version).toBe('1.1.0');
  });
});

describe('a sparse checkout', () => {
  it('that leaves the version file out: next, release and doctor say so and print the command that brings it back', () => {
    const dir = sb.repo('sparse', {
      'server/package.json': '{\n  "name": "srv",\n  "version": "1.0.0"\n}\n',
      'server/index.js': 'module.exports = 1;\n',
      'docs/guide.md': '# Guide\n',
      'shipver.yaml': 'projects:\n  - name: srv\n    versionFiles:\n      - server/package.json\nenvironments:\n  staging:\n    deploy: { command: ["true"] }\n',
    });
    const init = sb.shipver(dir, ['init', '--hooks-only']);
    expect(init.code, init.stderr).toBe(0);
    commitOk(sb, dir, 'chore: add the hooks');
    sb.git(dir, 'tag', '-a', '-m', 'v1.0.0', 'v1.0.0');
    sb.remote(dir, 'sparse.git');
    sb.git(dir, 'push', '-q', '--no-verify', 'origin', 'v1.0.0');
    const deploy = sb.shipver(dir, ['deploy', 'staging'], { env: ENV });
    expect(deploy.code, deploy.stderr).toBe(0);
    appendFileSync(path.join(dir, 'server/index.js'), '// faster\n');
    commitOk(sb, dir, 'feat(server): answer faster');
    sb.git(dir, 'sparse-checkout', 'set', 'docs/');
    expect(sb.git(dir, 'ls-files', '-t', 'server/package.json')).toBe('S server/package.json\n');

    const fix = 'git sparse-checkout add server';
    for (const [name, args] of COMMANDS) {
      const r = sb.shipver(dir, args, { env: ENV });
      if (name === 'next' || name === 'release' || name === 'doctor') {
        expectActionable(r, ['version file server/package.json is outside this sparse checkout'], fix);
        expect(r.stderr, name).not.toContain('create it');
        expect(r.code, `${name}: ${r.stderr}`).toBe(1);
      } else {
        // the changelog, the environments and the lint read commits, not the work tree
        expect(r.code, `${name}: ${r.stderr}`).toBe(0);
        expectNoStack(r.stderr);
      }
    }
    expect(JSON.parse(sb.shipver(dir, ['next', '--json'], { env: ENV }).stdout)).toMatchObject({ ok: false, error: { code: 'E_SPARSE_CHECKOUT' } });
    // the hooks work in the sparse work tree
    sb.write(dir, { 'docs/guide.md': '# Guide\n\nMore.\n' });
    commitOk(sb, dir, 'docs: say more');
    // the fix, as printed
    const sh = sb.run('sh', ['-c', fix], { cwd: dir });
    expect(sh.code, sh.stderr).toBe(0);
    const next = sb.shipver(dir, ['next'], { env: ENV });
    expect(next.stdout, next.stderr).toBe('1.1.0\n');
    expect(sb.shipver(dir, ['release'], { env: ENV }).code).toBe(0);
    expect(JSON.parse(sb.read(dir, 'server/package.json')).version).toBe('1.1.0');
  });
});
