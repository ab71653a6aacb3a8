// Every guard refuses with exit 1 and leaves the repository as it was; every failure
// during a release is rolled back: file contents, index, HEAD and tags as before.
import { describe, expect, it, afterAll } from 'vitest';
import { appendFileSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Sandbox, expectNoStack } from '../helpers/sandbox.js';
import { EXPRESS_FILES, DJANGO_FILES, releaseRepo, repoState } from '../helpers/release-repos.js';

const sb = new Sandbox();
afterAll(() => sb.cleanup());
const env = { SHIPVER_DATE: '2026-11-26' };

function feature(dir: string, msg = 'feat: something new') {
  appendFileSync(path.join(dir, 'index.js'), `// ${msg}\n`);
  const c = sb.commit(dir, msg);
  if (c.code !== 0) throw new Error(c.stderr);
}

function refused(dir: string, args: string[], expectText: string) {
  const before = repoState(sb, dir);
  const r = sb.shipver(dir, args, { env });
  expect(r.code, r.stderr).toBe(1);
  expect(r.stderr).toContain(expectText);
  expect(r.stderr).toMatch(/→ /); // every refusal says how to fix it
  expectNoStack(r.stderr);
  expect(repoState(sb, dir)).toEqual(before);
  return r;
}

describe('guards', () => {
  const { dir } = releaseRepo(sb, 'guards', EXPRESS_FILES);
  feature(dir);

  it('refuses a dirty working tree', () => {
    appendFileSync(path.join(dir, 'index.js'), '// uncommitted\n');
    refused(dir, ['release'], 'uncommitted changes');
    sb.git(dir, 'checkout', '--', 'index.js');
  });

  it('refuses a staged change too', () => {
    appendFileSync(path.join(dir, 'index.js'), '// staged\n');
    sb.git(dir, 'add', 'index.js');
    refused(dir, ['release'], 'uncommitted changes');
    sb.git(dir, 'reset', '-q', '--hard');
  });

  it('refuses the wrong branch and a detached HEAD', () => {
    sb.git(dir, 'switch', '-q', '-c', 'feature/x');
    refused(dir, ['release'], 'releases are not made from branch feature/x');
    sb.git(dir, 'switch', '-q', '--detach', 'HEAD');
    refused(dir, ['release'], 'HEAD is detached');
    sb.git(dir, 'switch', '-q', 'main');
  });

  it('refuses when behind the remote after another clone pushed', () => {
    const other = sb.path('guards-other');
    sb.git(sb.dir, 'clone', '-q', sb.path('guards.git'), other);
    writeFileSync(path.join(other, 'other.txt'), 'x\n');
    sb.git(other, 'add', '-A');
    sb.git(other, 'commit', '-q', '--no-verify', '-m', 'fix: from the other clone');
    sb.git(other, 'push', '-q', '--no-verify', 'origin', 'main');
    sb.git(dir, 'push', '-q', '--no-verify', 'origin', 'HEAD:refs/heads/ignored'); // unrelated ref, not main
    const r = refused(dir, ['release'], 'diverged');
    expect(r.stderr).toContain('git pull --rebase');
    sb.git(dir, 'pull', '-q', '--rebase', '--no-verify', 'origin', 'main');
  });

  it('refuses an existing tag, locally and on the remote', () => {
    // v1.1.0 released from a branch main does not contain (a tag main contains would be counted from)
    sb.git(dir, 'switch', '-q', '-c', 'elsewhere');
    sb.commit(dir, 'fix: elsewhere', { allowEmpty: true, noVerify: true });
    sb.git(dir, 'tag', '-a', '-m', 'x', 'v1.1.0');
    sb.git(dir, 'switch', '-q', 'main');
    const local = refused(dir, ['release'], 'tag v1.1.0 already exists, on a commit main does not contain');
    expect(local.stderr).not.toContain('git tag -d'); // a released tag is never deleted to make room
    sb.git(dir, 'push', '-q', '--no-verify', 'origin', 'v1.1.0');
    sb.git(dir, 'tag', '-d', 'v1.1.0');
    refused(dir, ['release'], 'already exists on origin');
    sb.git(dir, 'push', '-q', '--no-verify', 'origin', ':refs/tags/v1.1.0');
  });

  it('refuses version files that disagree, listing each', () => {
    const hub = releaseRepo(sb, 'disagree', DJANGO_FILES).dir;
    writeFileSync(path.join(hub, 'hub/version.py'), "__version__ = '1.0.1'\n");
    sb.git(hub, 'add', '-A');
    sb.git(hub, 'commit', '-q', '--no-verify', '-m', 'feat: x');
    const r = refused(hub, ['release'], 'the version files disagree: 1.0.1 vs 1.0.0');
    expect(r.stderr).toContain('hub/version.py');
    expect(r.stderr).toContain('setup.cfg [bumpversion] current_version: 1.0.0');
  });

  it('reports several failing rules at once', () => {
    sb.git(dir, 'switch', '-q', '-c', 'wip');
    appendFileSync(path.join(dir, 'index.js'), '// dirty\n');
    const r = refused(dir, ['release'], '2 release rules are not met');
    expect(r.stderr).toContain('E_BRANCH');
    expect(r.stderr).toContain('E_DIRTY');
    sb.git(dir, 'checkout', '--', 'index.js');
    sb.git(dir, 'switch', '-q', 'main');
  });

  it('a maintenance branch releases patches only', () => {
    sb.git(dir, 'switch', '-q', '-c', '1.x');
    refused(dir, ['release', '--no-fetch'], 'maintenance branch 1.x releases patches only');
    const r = sb.shipver(dir, ['release', 'patch', '--no-fetch'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(sb.read(dir, 'package.json')).version).toBe('1.0.1');
    refused(dir, ['release', 'minor', '--no-fetch'], 'releases patches only, not a minor release');
    sb.git(dir, 'switch', '-q', 'main');
  });
});

describe('rollback', () => {
  const { dir } = releaseRepo(sb, 'rollback', EXPRESS_FILES);
  feature(dir);

  function failing(args: string[], expectText: string) {
    const before = repoState(sb, dir);
    const r = sb.shipver(dir, args, { env });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stderr).toContain(expectText);
    expect(r.stderr).toContain('undone');
    expect(repoState(sb, dir)).toEqual(before);
    return r;
  }

  it('when a pre-commit hook rejects the release commit', () => {
    const hook = path.join(dir, '.husky/pre-commit');
    const original = sb.read(dir, '.husky/pre-commit');
    writeFileSync(hook, `${original}\necho "policy: no commits today" >&2\nexit 1\n`);
    sb.git(dir, 'update-index', '--assume-unchanged', '.husky/pre-commit');
    try {
      const r = failing(['release'], 'release commit');
      expect(r.stderr).toContain('policy: no commits today');
    } finally {
      writeFileSync(hook, original);
      sb.git(dir, 'update-index', '--no-assume-unchanged', '.husky/pre-commit');
    }
  });

  it('when the tag appears meanwhile (created by a hook during the commit)', () => {
    const hook = path.join(dir, '.husky/pre-commit');
    const original = sb.read(dir, '.husky/pre-commit');
    writeFileSync(hook, `${original}\ngit tag v1.1.0\n`);
    sb.git(dir, 'update-index', '--assume-unchanged', '.husky/pre-commit');
    try {
      const before = repoState(sb, dir);
      const r = sb.shipver(dir, ['release', '--no-fetch'], { env });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('creating tag v1.1.0 failed');
      const after = repoState(sb, dir);
      // the tag someone else made stays; everything else is as before
      expect({ ...after, tags: '' }).toEqual({ ...before, tags: '' });
      expect(sb.git(dir, 'rev-parse', 'v1.1.0').trim()).toBe(before.head);
    } finally {
      writeFileSync(hook, original);
      sb.git(dir, 'update-index', '--no-assume-unchanged', '.husky/pre-commit');
      sb.git(dir, 'tag', '-d', 'v1.1.0');
    }
  });

  it('refuses before any change when CHANGELOG.md cannot be read (a directory)', () => {
    mkdirSync(path.join(dir, 'CHANGELOG.md'));
    writeFileSync(path.join(dir, 'CHANGELOG.md', 'keep'), 'x');
    sb.git(dir, 'add', '-A');
    sb.git(dir, 'commit', '-q', '--no-verify', '-m', 'chore: odd changelog');
    const before = repoState(sb, dir);
    const r = sb.shipver(dir, ['release', '--no-fetch'], { env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('CHANGELOG.md cannot be read (EISDIR)');
    expect(repoState(sb, dir)).toEqual(before);
    rmSync(path.join(dir, 'CHANGELOG.md'), { recursive: true });
    sb.git(dir, 'add', '-A');
    sb.git(dir, 'commit', '-q', '--no-verify', '-m', 'chore: remove odd changelog');
  });

  it('when a file cannot be written (CHANGELOG.md is a dangling symlink), after the version files were', () => {
    symlinkSync('missing-dir/CHANGELOG.md', path.join(dir, 'CHANGELOG.md'));
    sb.git(dir, 'add', '-A');
    sb.git(dir, 'commit', '-q', '--no-verify', '-m', 'chore: changelog elsewhere');
    failing(['release', '--no-fetch'], 'CHANGELOG.md could not be written');
    sb.git(dir, 'rm', '-q', 'CHANGELOG.md');
    sb.git(dir, 'commit', '-q', '--no-verify', '-m', 'chore: drop the symlink');
  });

  it('when interrupted with SIGINT', () => {
    const hook = path.join(dir, '.husky/pre-commit');
    const original = sb.read(dir, '.husky/pre-commit');
    writeFileSync(hook, `${original}\n[ -n "$SHIPVER_PID" ] && kill -INT "$SHIPVER_PID"\nsleep 0.2\n`);
    sb.git(dir, 'update-index', '--assume-unchanged', '.husky/pre-commit');
    try {
      failing(['release', '--no-fetch'], 'interrupted');
    } finally {
      writeFileSync(hook, original);
      sb.git(dir, 'update-index', '--no-assume-unchanged', '.husky/pre-commit');
    }
  });

  it('and a release works after all that', () => {
    const r = sb.shipver(dir, ['release', '--no-fetch'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(sb.git(dir, 'cat-file', '-t', 'v1.1.0').trim()).toBe('tag');
  });
});
