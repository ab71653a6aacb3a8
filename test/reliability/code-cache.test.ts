// The loader (dist/shipver.js) runs a bundle with V8's code cache. The cache may only ever
// make a run faster: a missing, corrupt, stale or unwritable cache gives the same output.
// Each test runs a private copy of dist/ so the shared one's cache is not touched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync, appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { ROOT, Sandbox } from '../helpers/sandbox.js';
import { CACHED_COMMANDS } from '../../src/entry/cached-commands.js';
import { COMMANDS } from '../../src/commands/table.js';
import { HOOKS } from '../../src/commands/hook.js';

let box: Sandbox;
let repo: string;
beforeAll(() => {
  box = new Sandbox();
  repo = box.repo('app', { 'package.json': '{ "name": "app", "version": "1.2.0" }\n' });
  box.git(repo, 'tag', '-a', 'v1.2.0', '-m', 'v1.2.0');
  box.write(repo, { 'a.txt': 'a\n' });
  expect(box.commit(repo, 'feat: a feature').code).toBe(0);
});
afterAll(() => box.cleanup());

/** A private copy of the built CLI (the loader, its package.json, the bundles). */
function distCopy(name: string): string {
  const dir = box.path(`dist-${name}`);
  mkdirSync(dir);
  for (const f of ['shipver.js', 'package.json', 'lib']) cpSync(path.join(ROOT, 'dist', f), path.join(dir, f), { recursive: true });
  return dir;
}

function next(dist: string, env: NodeJS.ProcessEnv = {}) {
  const r = box.run(process.execPath, [path.join(dist, 'shipver.js'), 'next', '--json'], { cwd: repo, env: { SHIPVER_CODE_CACHE_DEBUG: '1', ...env } });
  expect(r.code, r.stderr).toBe(0);
  const cacheLine = r.stderr.split('\n').find((l) => l.startsWith('shipver: code cache cli.next.'))?.split(': ').pop() ?? null;
  return { out: JSON.parse(r.stdout) as { current: string; next: string }, cacheLine, stderr: r.stderr };
}

const cacheFiles = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.v8')) : []);

describe('which commands have a cache of their own', () => {
  it('every command of the table and every hook but commit-msg (which has its own bundle)', () => {
    const expected = [...COMMANDS.filter((c) => c.name !== 'hook').map((c) => c.name), ...Object.keys(HOOKS).filter((h) => h !== 'commit-msg').map((h) => `hook-${h}`)];
    expect([...CACHED_COMMANDS].sort()).toEqual(expected.sort());
  });
});

describe('the code cache', () => {
  it('is written by the first run of a command and taken by the next, with the same output', () => {
    const dist = distCopy('fresh');
    const first = next(dist);
    expect(first.out).toMatchObject({ current: '1.2.0', next: '1.3.0' });
    expect(first.cacheLine).toBe('absent');
    expect(first.stderr).toContain(`code cache written to ${path.join(dist, '.cache')}`);
    // named after the bundle's hash, size and time, and the node that wrote it
    expect(cacheFiles(path.join(dist, '.cache'))).toEqual([expect.stringMatching(new RegExp(`^cli\\.next\\.[0-9a-f]{16}-\\d+-\\d+\\.${process.version.replace(/\./g, '\\.')}-${process.arch}\\.v8$`))]);
    const second = next(dist);
    expect(second.cacheLine).toBe('accepted');
    expect(second.out).toEqual(first.out);
    expect(second.stderr).not.toContain('written');
  });

  it('a corrupt cache is rejected by V8, the run is unchanged, and the cache is rewritten', () => {
    const dist = distCopy('corrupt');
    const clean = next(dist).out;
    const [file] = cacheFiles(path.join(dist, '.cache'));
    const at = path.join(dist, '.cache', file!);
    const garbage = Buffer.alloc(readFileSync(at).length, 0x5a);
    writeFileSync(at, garbage);
    const run = next(dist);
    expect(run.cacheLine).toBe('rejected');
    expect(run.out).toEqual(clean);
    expect(readFileSync(at).equals(garbage)).toBe(false);
    expect(next(dist).cacheLine).toBe('accepted');
  });

  it('a changed bundle never meets the old cache, and the old cache is dropped', () => {
    const dist = distCopy('rebuilt');
    next(dist);
    const [old] = cacheFiles(path.join(dist, '.cache'));
    appendFileSync(path.join(dist, 'lib', 'cli.js'), '\n// rebuilt\n');
    const run = next(dist);
    expect(run.cacheLine).toBe('absent');
    expect(cacheFiles(path.join(dist, '.cache'))).toHaveLength(1);
    expect(cacheFiles(path.join(dist, '.cache'))[0]).not.toBe(old);
  });

  it('when dist/ cannot hold it, the cache goes to the user cache directory', () => {
    const dist = distCopy('readonly');
    writeFileSync(path.join(dist, '.cache'), 'a file where the directory would be\n');
    const xdg = box.path('xdg-cache');
    const first = next(dist, { XDG_CACHE_HOME: xdg });
    expect(first.stderr).toMatch(new RegExp(`code cache written to ${path.join(xdg, 'shipver').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/[0-9a-f]{8}/cli\\.next\\.`));
    expect(next(dist, { XDG_CACHE_HOME: xdg }).cacheLine).toBe('accepted');
  });

  it('SHIPVER_CODE_CACHE=0 reads and writes none', () => {
    const dist = distCopy('off');
    const r = next(dist, { SHIPVER_CODE_CACHE: '0' });
    expect(r.stderr).toContain('code cache (none for this command)');
    expect(existsSync(path.join(dist, '.cache'))).toBe(false);
    expect(r.out.next).toBe('1.3.0');
  });

  it('the commit-msg hook runs its own bundle and cache', () => {
    const dist = distCopy('hook');
    const msg = box.path('MSG');
    writeFileSync(msg, 'feat: ok\n');
    const hook = () => box.run(process.execPath, [path.join(dist, 'shipver.js'), 'hook', 'commit-msg', msg], { cwd: repo, env: { SHIPVER_CODE_CACHE_DEBUG: '1' } });
    expect(hook().code).toBe(0);
    const again = hook();
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/code cache commit-msg\.hook\.[^:]+: accepted/);
    writeFileSync(msg, 'not conventional\n');
    const bad = hook();
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('subject-empty');
    rmSync(msg);
  });
});
