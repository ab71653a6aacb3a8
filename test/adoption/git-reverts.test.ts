// Reverts are read by one rule in `next` and in the changelog (src/commits/revert.ts): a
// merge's revert (`git revert -m 1`) is a revert in both — a patch, listed under Reverts —
// and a revert cancels the commit it reverts when both are in the range, in both. The
// check: the commits `next` counts are exactly the commits the changelog lists.
import { describe, expect, it, afterAll } from 'vitest';
import { Sandbox } from '../helpers/sandbox.js';
import { ENV, commitOk } from './git-shapes.js';

const sb = new Sandbox();
afterAll(() => sb.cleanup());

interface NextJson {
  level: string | null;
  next: string | null;
  commits: Array<{ sha: string; header: string; level: string; reason: string }>;
}

function nextOf(dir: string): NextJson {
  const r = sb.shipver(dir, ['next', '--json'], { env: ENV });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as NextJson;
}

/** The commits (short shas) the changelog would list for the unreleased range. */
function listed(dir: string): string[] {
  const r = sb.shipver(dir, ['changelog', '--dry-run'], { env: ENV });
  expect(r.code, r.stderr).toBe(0);
  return [...r.stdout.matchAll(/^\* .* ([0-9a-f]{7})$/gm)].map((m) => m[1]!).sort();
}

/** The commits `next` counts for the level. */
function counted(n: NextJson): string[] {
  return n.commits
    .filter((c) => c.level !== 'none')
    .map((c) => c.sha.slice(0, 7))
    .sort();
}

function repo(name: string): string {
  const dir = sb.repo(name, { 'package.json': '{\n  "name": "app",\n  "version": "1.0.0"\n}\n', 'shipver.yaml': 'projects:\n  - name: app\n    versionFiles: [package.json]\n' });
  sb.git(dir, 'tag', '-a', '-m', 'v1.0.0', 'v1.0.0');
  return dir;
}

/** A branch x with `feat: add x`, merged with a merge commit; returns the merge's sha. */
function mergeFeature(dir: string, file: string): string {
  sb.git(dir, 'switch', '-q', '-c', file);
  sb.write(dir, { [file]: `${file}\n` });
  commitOk(sb, dir, `feat: add ${file}`);
  sb.git(dir, 'switch', '-q', 'main');
  sb.git(dir, 'merge', '-q', '--no-ff', '-m', `Merge branch '${file}'`, file);
  return sb.git(dir, 'rev-parse', 'HEAD').trim();
}

function head(dir: string): string {
  return sb.git(dir, 'rev-parse', 'HEAD').trim();
}

describe('reverts: one rule for next and the changelog', () => {
  it('a merge revert after the release is a patch in next and a Reverts entry in the changelog', () => {
    const dir = repo('merge-revert');
    const merge = mergeFeature(dir, 'x');
    sb.git(dir, 'tag', '-a', '-m', 'v1.1.0', 'v1.1.0');
    sb.git(dir, 'revert', '--no-edit', '-m', '1', merge);
    const revert = head(dir);
    expect(sb.git(dir, 'log', '-1', '--format=%B')).toMatch(/^Revert "Merge branch 'x'"\n\nThis reverts commit [0-9a-f]{40}, reversing\nchanges made to [0-9a-f]{40}\.\n/);
    const n = nextOf(dir);
    expect(n.level).toBe('patch');
    expect(n.commits).toEqual([expect.objectContaining({ sha: revert, level: 'patch', reason: 'revert' })]);
    const notes = sb.shipver(dir, ['changelog', '--dry-run'], { env: ENV }).stdout;
    expect(notes).toContain(`### Reverts\n\n* Revert "Merge branch 'x'" ${revert.slice(0, 7)}\n`);
    expect(listed(dir)).toEqual(counted(n));
  });

  it('a merge and its revert in one range: both list the merged commits and the revert (a merge is never listed, so nothing cancels)', () => {
    const dir = repo('merge-and-revert');
    const merge = mergeFeature(dir, 'y');
    sb.git(dir, 'revert', '--no-edit', '-m', '1', merge);
    const n = nextOf(dir);
    expect(n.level).toBe('minor');
    expect(n.commits.map((c) => [c.header, c.level])).toEqual([
      [`Revert "Merge branch 'y'"`, 'patch'],
      ['feat: add y', 'minor'],
    ]);
    expect(listed(dir)).toEqual(counted(n));
  });

  it('a commit and its revert in one range cancel out in both; a revert of an earlier release is a patch in both', () => {
    const dir = repo('pairs');
    sb.write(dir, { 'z.txt': 'z\n' });
    commitOk(sb, dir, 'feat: add z');
    const z = head(dir);
    sb.write(dir, { 'w.txt': 'w\n' });
    commitOk(sb, dir, 'fix: repair w');
    sb.git(dir, 'revert', '--no-edit', z);
    const n = nextOf(dir);
    // before, next counted the reverted feature: a minor release with no feature in it
    expect(n).toMatchObject({ level: 'patch', next: '1.0.1' });
    expect(n.commits.map((c) => [c.header, c.level, c.reason])).toEqual([
      ['Revert "feat: add z"', 'none', `reverts ${z.slice(0, 7)}: both left out`],
      ['fix: repair w', 'patch', 'fix'],
      ['feat: add z', 'none', 'reverted by a later commit in the range: both left out'],
    ]);
    expect(listed(dir)).toEqual(counted(n));
    // released, then reverted: the revert is what the next release carries
    sb.git(dir, 'tag', '-a', '-m', 'v1.0.1', 'v1.0.1');
    sb.git(dir, 'revert', '--no-edit', 'HEAD~1'); // fix: repair w
    const after = nextOf(dir);
    expect(after.level).toBe('patch');
    expect(listed(dir)).toEqual(counted(after));
    expect(listed(dir)).toHaveLength(1);
  });
});
