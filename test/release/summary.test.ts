// The commit counts `next` and `release` print: plural forms, and each kind named as the
// changelog heads it (a perf commit is a performance improvement, not a fix).
import { afterAll, describe, expect, it } from 'vitest';
import { Sandbox } from '../helpers/sandbox.js';

const sb = new Sandbox();
afterAll(() => sb.cleanup());

function repo(name: string, messages: string[]): string {
  const dir = sb.repo(name, { 'package.json': '{ "name": "app", "version": "1.0.0" }\n' });
  sb.git(dir, 'tag', '-a', '-m', 'v1.0.0', 'v1.0.0');
  for (const m of messages) sb.git(dir, 'commit', '-q', '--no-verify', '--allow-empty', '-m', m);
  return dir;
}

describe('the counts behind the level', () => {
  it('fixes, performance improvements and reverts apart; singular and plural', () => {
    const dir = repo('kinds', ['feat: search', 'fix: crash', 'fix: typo', 'perf: faster start', 'chore: tidy', 'wip']);
    // a revert of a commit released before v1.0.0 (a revert of one in the range cancels both)
    const sha = sb.git(dir, 'rev-parse', 'v1.0.0^{commit}').trim();
    sb.git(dir, 'commit', '-q', '--no-verify', '--allow-empty', '-m', `Revert "fix: an old crash"\n\nThis reverts commit ${sha}.`);
    const line = '1 feature, 2 fixes, 1 performance improvement, 1 revert, 1 other commit, 1 not conventional';

    const next = sb.shipver(dir, ['next']);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toContain(`→ next: 1.1.0 (minor; ${line})\n`);

    const json = sb.shipver(dir, ['next', '--json']);
    expect(JSON.parse(json.stdout).counts).toEqual({ breaking: 0, features: 1, fixes: 2, performance: 1, reverts: 1, other: 1, notConventional: 1 });

    const dry = sb.shipver(dir, ['release', '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout + dry.stderr).toContain(`(dry run) app 1.0.0 → 1.1.0 (minor: ${line} since v1.0.0)\n`);
  });

  it('breaking changes, features and other commits', () => {
    const dir = repo('plural', ['feat!: new config format', 'feat(api)!: drop v1', 'feat: a', 'perf: b', 'perf: c', 'docs: d']);
    const r = sb.shipver(dir, ['release', '--no-fetch']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).toContain('app 1.0.0 → 2.0.0 (major: 2 breaking changes, 1 feature, 2 performance improvements, 1 other commit since v1.0.0)\n');
  });
});

describe('the commits `next` lists', () => {
  it('shows a header with terminal escapes as text, not as escapes', () => {
    const dir = repo('escapes', ['fix: \x1b]0;pwned\x07 title \x1b[2J']);
    const next = sb.shipver(dir, ['next']);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toContain('fix: ?]0;pwned? title ?[2J');
    expect(next.stderr).not.toContain('\x1b]0;');
  });
});
