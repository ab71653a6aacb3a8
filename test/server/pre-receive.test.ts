// The server side: a real bare repository whose hooks/pre-receive is installed by
// `shipver init --server`, and real `git push --no-verify`es to it (the client hooks are
// skipped, as a teammate without them would). What the server refuses leaves it unchanged.
import { describe, expect, it, afterAll } from 'vitest';
import { appendFileSync, chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Sandbox } from '../helpers/sandbox.js';
import { DJANGO_FILES, releaseRepo } from '../helpers/release-repos.js';

const sb = new Sandbox();
afterAll(() => sb.cleanup());
const env = { SHIPVER_DATE: '2026-11-26' };

const { dir, bare } = releaseRepo(sb, 'hub', DJANGO_FILES);
const hook = path.join(bare, 'hooks', 'pre-receive');

/** Every ref of the bare repository with what it points at. */
const refs = () => sb.git(bare, 'for-each-ref', '--format=%(refname) %(objectname)');

function push(args: string[]) {
  return sb.run('git', ['push', '--no-verify', ...args], { cwd: dir });
}

/** A push the server must refuse, leaving every ref as it was; the local repository is put back after. */
function refused(args: string[], ...texts: string[]) {
  const before = refs();
  const r = push(args);
  expect(r.code, r.stderr).not.toBe(0);
  expect(r.stderr).toContain('pre-receive hook declined');
  expect(r.stderr).toContain('remote: shipver: push refused');
  for (const t of texts) expect(r.stderr).toContain(t);
  expect(refs()).toBe(before);
  return r;
}

function resetToRemote() {
  sb.git(dir, 'fetch', '-q', 'origin');
  sb.git(dir, 'reset', '-q', '--hard', 'origin/main');
}

describe('shipver init --server', () => {
  it('installs hooks/pre-receive calling this shipver by absolute path, idempotently', () => {
    const r = sb.shipver(sb.dir, ['init', '--server', bare]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('installed');
    const text = readFileSync(hook, 'utf8');
    expect(text.startsWith('#!/bin/sh\n')).toBe(true);
    expect(text).toContain(`${process.execPath} `);
    expect(text).toMatch(/dist\/shipver\.js hook pre-receive < "\$shipver_input"/);
    expect(statSync(hook).mode & 0o111).toBeTruthy();
    const again = sb.shipver(sb.dir, ['init', '--server', bare, '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ action: 'keep' });
    expect(readFileSync(hook, 'utf8')).toBe(text);
  });

  it('refuses a path that is not a bare repository', () => {
    const work = sb.shipver(sb.dir, ['init', '--server', dir]);
    expect(work.code).toBe(1);
    expect(work.stderr).toContain('is not a bare repository');
    const none = sb.shipver(sb.dir, ['init', '--server', sb.path('nowhere.git')]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('does not exist');
  });

  it('keeps an existing shell pre-receive, which still gets the pushed refs on stdin', () => {
    const other = sb.path('other.git');
    sb.git(sb.dir, 'init', '-q', '--bare', '-b', 'main', other);
    const log = sb.path('other-hook.log');
    writeFileSync(path.join(other, 'hooks', 'pre-receive'), `#!/bin/sh\n# the team's own hook\ncat >> '${log}'\n`);
    chmodSync(path.join(other, 'hooks', 'pre-receive'), 0o755);
    const r = sb.shipver(sb.dir, ['init', '--server', other]);
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(path.join(other, 'hooks', 'pre-receive'), 'utf8');
    expect(text.indexOf('hook pre-receive')).toBeLessThan(text.indexOf("# the team's own hook"));
    expect(sb.shipver(sb.dir, ['init', '--server', other, '--json']).stdout).toContain('"action": "keep"');
    const p = sb.run('git', ['push', '--no-verify', other, 'main'], { cwd: dir });
    expect(p.code, p.stderr).toBe(0);
    expect(readFileSync(log, 'utf8')).toMatch(/^0{40} [0-9a-f]{40} refs\/heads\/main\n$/);
  });
});

describe('the pre-receive hook', () => {
  it('refuses a bad commit message on main (pushed with --no-verify)', () => {
    appendFileSync(path.join(dir, 'manage.py'), '# one\n');
    expect(sb.commit(dir, 'feat: a good one').code).toBe(0);
    appendFileSync(path.join(dir, 'manage.py'), '# two\n');
    expect(sb.commit(dir, 'fixed some stuff', { noVerify: true }).code).toBe(0);
    const bad = sb.git(dir, 'rev-parse', '--short=7', 'HEAD').trim();
    const r = refused(['origin', 'main'], `main: ${bad} "fixed some stuff": subject may not be empty [subject-empty]`, 'reword it (git rebase -i');
    expect(r.stderr).not.toContain('a good one');
    resetToRemote();
  });

  it('refuses a lightweight version tag', () => {
    sb.git(dir, 'tag', 'v1.0.1');
    refused(['origin', 'v1.0.1'], 'tag v1.0.1 is lightweight; release tags must be annotated');
    sb.git(dir, 'tag', '-d', 'v1.0.1');
  });

  it('refuses a tag that does not match the version files at its commit', () => {
    sb.git(dir, 'tag', '-a', '-m', 'v7.0.0', 'v7.0.0');
    refused(['origin', 'v7.0.0'], 'tag v7.0.0 says 7.0.0, but the version files at its commit say 1.0.0');
    sb.git(dir, 'tag', '-d', 'v7.0.0');
  });

  it('refuses a version tag on a commit no release branch contains', () => {
    sb.git(dir, 'switch', '-q', '-c', 'feature/side');
    writeFileSync(path.join(dir, 'hub/version.py'), DJANGO_FILES['hub/version.py'].replace('1.0.0', '5.0.0'));
    writeFileSync(path.join(dir, 'setup.cfg'), DJANGO_FILES['setup.cfg'].replace('1.0.0', '5.0.0'));
    expect(sb.commit(dir, 'chore(release): 5.0.0').code).toBe(0);
    sb.git(dir, 'tag', '-a', '-m', 'v5.0.0', 'v5.0.0');
    refused(['origin', 'feature/side', 'v5.0.0'], 'tag v5.0.0 is on a commit that no release branch contains (main)');
    sb.git(dir, 'tag', '-d', 'v5.0.0');
    sb.git(dir, 'switch', '-q', 'main');
    sb.git(dir, 'branch', '-q', '-D', 'feature/side');
  });

  it('refuses deleting a version tag', () => {
    refused(['origin', ':refs/tags/v1.0.0'], 'tag v1.0.0 is a released version', 'deleting it is not allowed');
  });

  it('refuses moving a version tag', () => {
    appendFileSync(path.join(dir, 'manage.py'), '# moved\n');
    expect(sb.commit(dir, 'fix: something').code).toBe(0);
    sb.git(dir, 'tag', '-f', '-a', '-m', 'v1.0.0 again', 'v1.0.0');
    refused(['--force', 'origin', 'refs/tags/v1.0.0'], 'tag v1.0.0 already exists here', 'moving a version tag is not allowed');
    sb.git(dir, 'fetch', '-q', 'origin', '+refs/tags/v1.0.0:refs/tags/v1.0.0');
    resetToRemote();
  });

  it('accepts a bad message on a branch that is not a release branch', () => {
    sb.git(dir, 'switch', '-q', '-c', 'wip');
    appendFileSync(path.join(dir, 'manage.py'), '# wip\n');
    expect(sb.commit(dir, 'wip', { noVerify: true }).code).toBe(0);
    const r = push(['origin', 'wip']);
    expect(r.code, r.stderr).toBe(0);
    expect(sb.git(bare, 'rev-parse', 'refs/heads/wip').trim()).toBe(sb.git(dir, 'rev-parse', 'HEAD').trim());
    sb.git(dir, 'switch', '-q', 'main');
  });

  it('accepts a good release: shipver release, then git push --follow-tags', () => {
    appendFileSync(path.join(dir, 'manage.py'), '# feature\n');
    expect(sb.commit(dir, 'feat: a feature').code).toBe(0);
    const rel = sb.shipver(dir, ['release'], { env });
    expect(rel.code, rel.stderr).toBe(0);
    // the tag's commit is only on the main this same push brings
    const r = push(['--follow-tags', 'origin', 'main']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('shipver: push refused');
    expect(sb.git(bare, 'rev-parse', 'refs/heads/main').trim()).toBe(sb.git(dir, 'rev-parse', 'HEAD').trim());
    expect(sb.git(bare, 'cat-file', '-t', 'refs/tags/v1.1.0').trim()).toBe('tag');
  });

  it('reads the commitlint config of the pushed commit (a JavaScript config, with extends)', () => {
    // the team adds a type of its own; the server learns it from the same push
    const cfg = sb.read(dir, 'commitlint.config.js');
    expect(cfg).toContain('@commitlint/config-conventional');
    writeFileSync(
      path.join(dir, 'commitlint.config.js'),
      "module.exports = {\n  extends: ['@commitlint/config-conventional'],\n  rules: { 'type-enum': [2, 'always', ['feat', 'fix', 'chore', 'ops']] },\n};\n",
    );
    expect(sb.commit(dir, 'chore: allow ops commits').code).toBe(0);
    appendFileSync(path.join(dir, 'manage.py'), '# ops\n');
    expect(sb.commit(dir, 'ops: rotate the keys').code).toBe(0);
    const ok = push(['origin', 'main']);
    expect(ok.code, ok.stderr).toBe(0);
    appendFileSync(path.join(dir, 'manage.py'), '# docs\n');
    expect(sb.commit(dir, 'docs: explain', { noVerify: true }).code).toBe(0);
    refused(['origin', 'main'], 'type must be one of [feat, fix, chore, ops] [type-enum]', 'rules: commitlint.config.js at');
    resetToRemote();
  });

  it('refuses the whole push when one ref is bad', () => {
    sb.git(dir, 'switch', '-q', '-c', 'good-branch');
    sb.git(dir, 'switch', '-q', 'main');
    sb.git(dir, 'tag', 'v1.1.1');
    refused(['origin', 'good-branch', 'v1.1.1'], 'tag v1.1.1 is lightweight');
    expect(existsSync(path.join(bare, 'refs', 'heads', 'good-branch'))).toBe(false);
    sb.git(dir, 'tag', '-d', 'v1.1.1');
  });
});

describe('the pre-receive hook without shipver.yaml', () => {
  it('detects the version files at the pushed commit (bump2version setup.cfg + __version__), and takes git input only', () => {
    const app = sb.repo('plain', DJANGO_FILES, 'chore: initial commit');
    const plainBare = sb.remote(app, 'plain.git');
    expect(sb.shipver(sb.dir, ['init', '--server', plainBare]).code).toBe(0);
    const before = sb.git(plainBare, 'for-each-ref');
    sb.git(app, 'tag', '-a', '-m', 'v2.0.0', 'v2.0.0');
    const r = sb.run('git', ['push', '--no-verify', 'origin', 'v2.0.0'], { cwd: app });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('tag v2.0.0 says 2.0.0, but the version files at its commit say 1.0.0');
    expect(sb.git(plainBare, 'for-each-ref')).toBe(before);
    sb.git(app, 'tag', '-a', '-f', '-m', 'v1.0.0', 'v1.0.0');
    const ok = sb.run('git', ['push', '--no-verify', 'origin', 'v1.0.0'], { cwd: app });
    expect(ok.code, ok.stderr).toBe(0);
    const bad = sb.shipver(plainBare, ['hook', 'pre-receive'], { input: 'not git input\n' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('is not "<old> <new> <ref>"');
  });
});
