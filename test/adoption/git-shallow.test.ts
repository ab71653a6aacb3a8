// A shallow clone (git clone --depth): when the commits since the last release tag are not
// all there, release, next, changelog and doctor refuse and print the fetch that completes
// the history, instead of counting the part they have (1.0.1 where 1.1.0 is right). When
// the tag and everything after it came along, they work as in a full clone.
import { describe, expect, it, afterAll } from 'vitest';
import { Sandbox, expectNoStack } from '../helpers/sandbox.js';
import { ENV, adoptedRepo, commitOk, expectActionable } from './git-shapes.js';

const sb = new Sandbox();
afterAll(() => sb.cleanup());

const UNSHALLOW = 'git fetch --unshallow --tags';

/** A clone of a fresh adoptedRepo's remote: v1.0.0, a staging commit, feat, fix (depth 4 reaches the tag). */
function shallowClone(name: string, depth: number): string {
  const { bare } = adoptedRepo(sb, `${name}-origin`);
  const dir = sb.path(name);
  sb.git(sb.dir, 'clone', '-q', '--depth', String(depth), `file://${bare}`, dir);
  const hooks = sb.shipver(dir, ['init', '--hooks-only']);
  if (hooks.code !== 0) throw new Error(hooks.stderr);
  return dir;
}

describe('a shallow clone', () => {
  it('without the last tag: release, next, changelog and doctor refuse with the fetch that fixes it; the fix works as printed', () => {
    const dir = shallowClone('depth-1', 1);
    expect(sb.git(dir, 'tag', '--list')).toBe('');
    for (const args of [['next'], ['release', '--no-fetch'], ['changelog', '--dry-run'], ['changelog', '--from-start', '--dry-run'], ['doctor']]) {
      const r = sb.shipver(dir, args, { env: ENV });
      expectActionable(r, [/this is a shallow clone \(git clone --depth\): the history of \S+ is cut off at [0-9a-f]{7}/], UNSHALLOW);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(1);
    }
    expect(JSON.parse(sb.shipver(dir, ['next', '--json'], { env: ENV }).stdout)).toMatchObject({ ok: false, error: { code: 'E_SHALLOW_CLONE' } });
    // lint --from a tag the clone does not have: a usage error that names the cause
    const lint = sb.shipver(dir, ['lint', '--from', 'v1.0.0', '--to', 'HEAD']);
    expectActionable(lint, ['"v1.0.0" is not a commit in this shallow clone'], UNSHALLOW);
    expect(lint.code).toBe(2);
    // the hooks do not read history: committing and pushing work
    sb.write(dir, { 'c.txt': 'c\n' });
    commitOk(sb, dir, 'feat: add c');
    const push = sb.run('git', ['push', '-q', 'origin', 'main'], { cwd: dir });
    expect(push.code, push.stderr).toBe(0);
    // the fix, as printed
    const fetch = sb.run('sh', ['-c', UNSHALLOW], { cwd: dir });
    expect(fetch.code, fetch.stderr).toBe(0);
    const next = sb.shipver(dir, ['next'], { env: ENV });
    expect(next.stdout, next.stderr).toBe('1.1.0\n');
    expect(sb.shipver(dir, ['release', '--dry-run'], { env: ENV }).code).toBe(0);
  });

  it('with the last tag and every commit since: everything works as in a full clone', () => {
    const dir = shallowClone('depth-4', 4);
    expect(sb.git(dir, 'rev-parse', '--is-shallow-repository')).toBe('true\n');
    expect(sb.git(dir, 'tag', '--list')).toBe('v1.0.0\n');
    const next = sb.shipver(dir, ['next', '--json'], { env: ENV });
    expect(JSON.parse(next.stdout)).toMatchObject({ current: '1.0.0', level: 'minor', next: '1.1.0' });
    const notes = sb.shipver(dir, ['changelog', '--dry-run'], { env: ENV });
    expect(notes.code, notes.stderr).toBe(0);
    expect(notes.stdout).toContain('* add a');
    expect(notes.stdout).toContain('* fix b');
    for (const args of [['lint', '--from', 'v1.0.0'], ['doctor'], ['envs']]) {
      const r = sb.shipver(dir, args, { env: ENV });
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      expectNoStack(r.stderr);
    }
    const release = sb.shipver(dir, ['release'], { env: ENV });
    expect(release.code, release.stderr).toBe(0);
    expect(JSON.parse(sb.read(dir, 'package.json')).version).toBe('1.1.0');
    // the whole history is still not here: --from-start says so
    const all = sb.shipver(dir, ['changelog', '--from-start', '--dry-run'], { env: ENV });
    expectActionable(all, ['this needs all of it'], UNSHALLOW);
  });
});
