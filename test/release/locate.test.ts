// Where a release command stands: the work tree's top, HEAD and its branch, read in one git
// call (Git.locate), and the reads bin.ts starts early for next/bump/release (prefetch.ts).
// Real repositories; the answers must not depend on the shortcut.
import { afterAll, describe, expect, it } from 'vitest';
import { realpathSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { Git } from '../../src/git/git.js';
import { READS, prefetchGit, takePrefetched } from '../../src/git/reads.js';
import { CLI, Sandbox, expectNoStack } from '../helpers/sandbox.js';

const box = new Sandbox().shareGitConfigWithProcess();
afterAll(() => box.cleanup());

describe('Git.locate', () => {
  it('on a branch, from a subdirectory: the top, the git directory, the commit, the branch', async () => {
    const dir = realpathSync(box.repo('branch', { 'package.json': '{"version":"1.0.0"}\n', 'src/a.js': '' }));
    const head = box.git(dir, 'rev-parse', 'HEAD').trim();
    expect(await new Git(path.join(dir, 'src')).locate()).toEqual({ root: dir, gitDir: path.join(dir, '.git'), head, branch: 'main' });
  });

  it('a branch name with slashes, and a tag of the same name, are not confused', async () => {
    const dir = realpathSync(box.repo('slashes', { 'a.txt': 'a' }));
    box.git(dir, 'checkout', '-q', '-b', 'release/1.x');
    box.git(dir, 'tag', 'release/1.x');
    expect((await new Git(dir).locate())?.branch).toBe('release/1.x');
  });

  it('detached HEAD: the commit, no branch', async () => {
    const dir = realpathSync(box.repo('detached', { 'a.txt': 'a' }));
    const head = box.git(dir, 'rev-parse', 'HEAD').trim();
    box.git(dir, 'checkout', '-q', '--detach');
    expect(await new Git(dir).locate()).toEqual({ root: dir, gitDir: path.join(dir, '.git'), head, branch: null });
  });

  it('an unborn branch (no commit yet): the top and the branch, no commit', async () => {
    const dir = realpathSync(box.repo('unborn', {}, null));
    expect(await new Git(dir).locate()).toEqual({ root: dir, gitDir: path.join(dir, '.git'), head: null, branch: 'main' });
  });

  it('a file named HEAD in the work tree changes nothing', async () => {
    const dir = realpathSync(box.repo('file-head', { HEAD: 'not a ref\n' }));
    const head = box.git(dir, 'rev-parse', 'HEAD').trim();
    expect(await new Git(dir).locate()).toEqual({ root: dir, gitDir: path.join(dir, '.git'), head, branch: 'main' });
  });

  it('outside a repository: null', async () => {
    const dir = box.path('plain');
    mkdirSync(dir);
    expect(await new Git(dir).locate()).toBeNull();
  });
});

describe('answers asked ahead', () => {
  it('are taken by the same question; a git call that may write drops them, a read does not', async () => {
    const dir = realpathSync(box.repo('ahead', { 'a.txt': 'a' }));
    box.git(dir, 'tag', '-a', 'v1.0.0', '-m', 'v1.0.0');
    const git = new Git(dir);
    const ask = READS.describe('v*');

    // taken: the answer from before the tag below, though the tag exists when it is asked
    await prefetchGit(dir, ask); // git has answered
    box.commit(dir, 'fix: a', { noVerify: true, allowEmpty: true });
    box.git(dir, 'tag', '-a', 'v1.1.0', '-m', 'v1.1.0'); // behind Git's back
    expect((await git.raw(ask)).stdout.trim()).toBe('v1.0.0');
    expect((await git.raw(ask)).stdout.trim()).toBe('v1.1.0'); // taken once

    // a read in between keeps it; a write through Git drops it
    prefetchGit(dir, ask);
    await git.raw(['rev-parse', 'HEAD']);
    await git.raw(['config', '--get', 'user.name']);
    expect(takePrefetched(dir, ask)).not.toBeNull();
    await prefetchGit(dir, ask);
    box.commit(dir, 'fix: b', { noVerify: true, allowEmpty: true });
    await git.ok(['-c', 'user.name=T', '-c', 'user.email=t@example.org', 'tag', '-a', 'v1.2.0', '-m', 'v1.2.0']);
    expect(takePrefetched(dir, ask)).toBeNull();
    expect((await git.raw(ask)).stdout.trim()).toBe('v1.2.0');
    for (const write of [['-c', 'user.name=x', 'tag', 'v9'], ['config', 'user.name', 'x'], ['remote', 'add', 'o', 'x'], ['fetch', 'o']]) {
      prefetchGit(dir, ask);
      await git.raw(write);
      expect(takePrefetched(dir, ask), write.join(' ')).toBeNull();
    }
  });
});

describe('shipver next with the early reads', () => {
  it('gives the same answer from the top, a subdirectory, with GIT_DIR set, and with another tag format', () => {
    const dir = box.repo('app', { 'package.json': '{"name":"app","version":"1.2.0"}\n', 'src/x.js': '' });
    box.git(dir, 'tag', '-a', 'v1.2.0', '-m', 'v1.2.0');
    box.commit(dir, 'feat: a feature', { noVerify: true, allowEmpty: true });
    const top = box.shipver(dir, ['next', '--json']);
    expect(top.code).toBe(0);
    const expected = JSON.parse(top.stdout);
    expect(expected).toMatchObject({ current: '1.2.0', lastTag: 'v1.2.0', level: 'minor', next: '1.3.0', branch: 'main' });
    expect(JSON.parse(box.shipver(path.join(dir, 'src'), ['next', '--json']).stdout)).toEqual(expected);
    const viaEnv = box.shipver(dir, ['next', '--json'], { env: { GIT_DIR: path.join(dir, '.git'), GIT_WORK_TREE: dir } });
    expect(JSON.parse(viaEnv.stdout)).toEqual(expected);

    // tag.format "app-v{version}": the early `describe --match=v*` is not the question asked
    const other = box.repo('other', { 'package.json': '{"name":"other","version":"2.0.0"}\n', 'shipver.yaml': 'tag:\n  format: "other-v{version}"\n' });
    box.git(other, 'tag', '-a', 'v9.9.9', '-m', 'a tag of another format');
    box.git(other, 'tag', '-a', 'other-v2.0.0', '-m', 'other-v2.0.0');
    box.commit(other, 'fix: a fix', { noVerify: true, allowEmpty: true });
    const r = JSON.parse(box.shipver(other, ['next', '--json']).stdout);
    expect(r).toMatchObject({ current: '2.0.0', lastTag: 'other-v2.0.0', level: 'patch', next: '2.0.1' });
  });

  it('without git on PATH: a usage error naming git and the fix, no stack trace', () => {
    const dir = box.repo('no-git', { 'package.json': '{"name":"x","version":"1.0.0"}\n' });
    // next asks git first; lint --edit asks it only for core.commentChar (a line starting with "#")
    box.write(dir, { 'MSG.txt': 'feat: a\n# a comment\n' });
    for (const args of [['next'], ['lint', '--edit', 'MSG.txt']]) {
      const r = box.run(process.execPath, [CLI, ...args], { cwd: dir, env: { PATH: '/nonexistent' } });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain('git cannot be run');
      expect(r.stderr).toContain('[E_NO_GIT]');
      expectNoStack(r.stderr);
    }
  });

  it('in a directory deleted under the shell: a usage error saying so, no stack trace', () => {
    const dir = box.path('deleted-cwd');
    mkdirSync(dir);
    // a shell can stand in a deleted directory; node's spawn cannot start in one
    for (const args of [['next'], ['hook', 'commit-msg', 'MSG']]) {
      const r = box.run('sh', ['-c', 'cd "$1" && rmdir "$1" && shift && exec "$@"', 'sh', dir, process.execPath, CLI, ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('the current directory no longer exists');
      expect(r.stderr).toContain('[E_NO_CWD]');
      expectNoStack(r.stderr);
      mkdirSync(dir);
    }
  });
});
