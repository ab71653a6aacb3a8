// A repository git itself cannot fully read: objects missing from .git/objects, an index
// (.git/index) cut short. Every command names git's failure and the fix that works as
// printed, with exit 1 — never "internal error" and a stack trace.
import { describe, expect, it, afterAll } from 'vitest';
import { appendFileSync, truncateSync } from 'node:fs';
import path from 'node:path';
import { Sandbox, expectNoStack } from '../helpers/sandbox.js';
import { COMMANDS, ENV, adoptedRepo, commitOk, deleteObject, expectActionable } from './git-shapes.js';

const sb = new Sandbox();
afterAll(() => sb.cleanup());

const REFETCH = 'git fetch --refetch origin';

describe('missing objects', () => {
  it('a commit object gone: every command quotes git and says how to get it back; the fix works as printed', () => {
    const { dir, feat } = adoptedRepo(sb, 'no-commit');
    const full = sb.shipver(dir, ['next'], { env: ENV });
    expect(full.stdout).toBe('1.1.0\n');
    deleteObject(sb, dir, feat);
    for (const [name, args] of COMMANDS) {
      const r = sb.shipver(dir, args, { env: ENV });
      expectActionable(r, [new RegExp(`✖ (repository: )?git [a-z-]+ failed: error: Could not read ${feat}`), 'objects of the repository are missing or damaged'], REFETCH);
      expect(r.code, `${name}: ${r.stderr}`).toBe(1);
    }
    const json = sb.shipver(dir, ['next', '--json'], { env: ENV });
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, error: { code: 'E_GIT_OBJECTS' } });
    // the fix, as printed
    sb.git(dir, 'fetch', '--refetch', 'origin');
    expect(sb.shipver(dir, ['next'], { env: ENV }).stdout).toBe('1.1.0\n');
    expect(sb.shipver(dir, ['doctor'], { env: ENV }).code).toBe(0);
  });

  it("HEAD's tree gone: the pre-commit hook (git diff --cached) says so through git commit, no crash", () => {
    const { dir } = adoptedRepo(sb, 'no-tree');
    deleteObject(sb, dir, 'HEAD^{tree}');
    sb.write(dir, { 'c.txt': 'c\n' });
    const c = sb.commit(dir, 'feat: add c');
    expect(c.code).toBe(1); // git: the pre-commit hook refused
    expectActionable(c, ['✖ git diff failed: error: bad tree object HEAD', 'E_GIT_OBJECTS'], REFETCH);
    expect(sb.git(dir, 'log', '-1', '--format=%s')).toBe('fix: fix b\n'); // nothing was committed
    sb.git(dir, 'fetch', '--refetch', 'origin');
    commitOk(sb, dir, 'feat: add c');
  });

  it("a version file's blob gone at a tag being pushed: the pre-push hook quotes git, not \"the file does not exist\"", () => {
    const { dir } = adoptedRepo(sb, 'no-blob');
    const release = sb.shipver(dir, ['release'], { env: ENV });
    expect(release.code, release.stderr).toBe(0);
    deleteObject(sb, dir, 'v1.1.0:package.json');
    const push = sb.run('git', ['push', 'origin', 'main', 'v1.1.0'], { cwd: dir });
    expect(push.code).toBe(1);
    expectActionable(push, [/✖ git show failed: fatal: bad object [0-9a-f]{40}:package\.json/], REFETCH);
    expect(push.stderr).not.toContain('does not exist');
    expect(sb.git(dir, 'ls-remote', '--tags', 'origin')).not.toContain('v1.1.0');
  });
});

describe('a damaged index', () => {
  it('release and doctor quote git and print the command that rebuilds it; the commands that do not need it work', () => {
    const { dir } = adoptedRepo(sb, 'bad-index');
    truncateSync(path.join(dir, '.git', 'index'), 20);
    const index = path.join(sb.git(dir, 'rev-parse', '--absolute-git-dir').trim(), 'index');
    const fix = `rm ${index} && git reset`;
    for (const [name, args] of COMMANDS) {
      const r = sb.shipver(dir, args, { env: ENV });
      if (name === 'release' || name === 'doctor') {
        expectActionable(r, [/✖ (repository: )?git status failed: fatal: \.git\/index: index file smaller than expected/], fix);
        expect(r.code, `${name}: ${r.stderr}`).toBe(1);
      } else {
        // next, changelog, envs and lint read commits, not the index
        expect(r.code, `${name}: ${r.stderr}`).toBe(0);
        expectNoStack(r.stderr);
      }
    }
    expect(JSON.parse(sb.shipver(dir, ['release', '--json'], { env: ENV }).stdout)).toMatchObject({ ok: false, error: { code: 'E_GIT_INDEX' } });
    // git commit stops before any hook runs: git's own message
    sb.write(dir, { 'c.txt': 'c\n' });
    const c = sb.run('git', ['commit', '-q', '-am', 'feat: add c'], { cwd: dir });
    expect(c.code).toBe(128);
    expect(c.stderr).toContain('index file smaller than expected');
    expectNoStack(c.stderr);
    // the fix, as printed; then the release goes through
    const sh = sb.run('sh', ['-c', fix], { cwd: dir });
    expect(sh.code, sh.stderr).toBe(0);
    sb.run('rm', ['c.txt'], { cwd: dir });
    const r = sb.shipver(dir, ['release'], { env: ENV });
    expect(r.code, r.stderr).toBe(0);
    expect(sb.git(dir, 'tag', '--list', 'v1.1.0')).toBe('v1.1.0\n');
  });
});

describe('a configuration git cannot read', () => {
  it('is named with its file and line, not "not inside a git repository"', () => {
    const { dir } = adoptedRepo(sb, 'bad-config');
    appendFileSync(path.join(dir, '.git', 'config'), '[core\n\tbroken\n');
    const line = sb.run('git', ['status'], { cwd: dir }).stderr.match(/bad config line (\d+)/)![1];
    for (const [name, args] of COMMANDS) {
      const r = sb.shipver(dir, args, { env: ENV });
      expectActionable(r, [`git rev-parse failed: fatal: bad config line ${line} in file .git/config`, 'E_GIT_CONFIG'], `fix line ${line} of .git/config in an editor`);
      expect(r.stderr, name).not.toContain('not inside a git repository');
      expect(r.code, `${name}: ${r.stderr}`).toBe(1);
    }
  });
});
