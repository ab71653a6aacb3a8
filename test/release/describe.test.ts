// Git.describe asks git for the first tag its walk meets (--candidates=1) and runs the
// full search only when a merge lies between that tag and the commit. Its answer must be
// git describe's own, whatever the history: random histories with merges, commit dates
// out of order, annotated and lightweight tags (several on one commit), compared commit by
// commit with `git describe --tags --abbrev=0`. The release context's last tags follow the
// one rule of release/version-tags.ts instead (the highest versions the commit contains,
// as `git tag --merged` lists them), found from describe's first tag.
import { afterAll, describe, expect, it } from 'vitest';
import { Git } from '../../src/git/git.js';
import { loadReleaseContext } from '../../src/release/context.js';
import { latestOf } from '../../src/release/version-tags.js';
import { Sandbox } from '../helpers/sandbox.js';
import { randomHistory } from '../helpers/random-history.js';

const box = new Sandbox().shareGitConfigWithProcess();
afterAll(() => box.cleanup());

/** `git describe --tags --abbrev=0 --match=v*` itself: the tag, or null when there is none. */
function gitDescribe(dir: string, rev: string, extra: string[] = []): string | null {
  const r = box.run('git', ['describe', '--tags', '--abbrev=0', '--match=v*', ...extra, rev], { cwd: dir });
  return r.code === 0 ? r.stdout.trim() : null;
}

describe('Git.describe', () => {
  it('gives git describe --tags --abbrev=0 its own answer on random histories with merges', async () => {
    let compared = 0;
    let firstFoundDiffers = 0;
    let withMergeBetween = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const { dir, shas } = randomHistory(box, seed, 45);
      const git = new Git(dir);
      for (const sha of shas) {
        const expected = gitDescribe(dir, sha);
        expect(await git.describe('v*', [], sha), `seed ${seed}, commit ${sha}`).toBe(expected);
        compared++;
        // how often the shortcut alone would be wrong (the test must meet such cases)
        const quick = gitDescribe(dir, sha, ['--candidates=1']);
        if (quick !== null && quick !== expected) firstFoundDiffers++;
        if (quick !== null && box.run('git', ['rev-list', '--min-parents=2', '--max-count=1', sha, `^refs/tags/${quick}`], { cwd: dir }).stdout.trim()) withMergeBetween++;
      }
    }
    expect(compared).toBe(12 * 45);
    expect(firstFoundDiffers).toBeGreaterThan(0);
    expect(withMergeBetween).toBeGreaterThan(firstFoundDiffers);
  });

  it('a release context takes the highest version tags HEAD contains (the one rule), and the commits since the stable one', async () => {
    let checked = 0;
    let nearestDiffers = 0;
    let unmergedAbove = 0;
    for (let seed = 21; seed <= 32; seed++) {
      const { dir, shas } = randomHistory(box, seed, 40);
      for (const [i, sha] of shas.entries()) {
        // every fourth commit, and every one where git describe's nearest tag is not the highest version
        const reachable = box
          .git(dir, 'tag', '--merged', sha, '--list', 'v*')
          .split('\n')
          .filter((n) => /^v\d+\.\d+\.\d+(-beta\.\d+)?$/.test(n))
          .map((name) => ({ name, version: name.slice(1) }));
        const expected = latestOf(reachable)?.name ?? null;
        const differs = gitDescribe(dir, sha) !== expected;
        if (!differs && i % 4 !== 3) continue;
        if (differs) nearestDiffers++;
        box.git(dir, 'checkout', '-q', '--detach', sha);
        const ctx = await loadReleaseContext(dir);
        const where = `seed ${seed}, commit ${sha}`;
        expect(ctx.lastTag?.name ?? null, where).toBe(expected);
        const stable = latestOf(reachable, { stable: true })?.name ?? null;
        expect(ctx.lastStableTag?.name ?? null, where).toBe(stable);
        const log = box.git(dir, 'log', '--no-merges', '--format=%H', stable ? `${stable}..HEAD` : 'HEAD').trim();
        expect(ctx.commits.map((c) => c.sha), where).toEqual(log ? log.split('\n') : []);
        // tags above the latest are on commits HEAD does not contain
        const names = new Set(reachable.map((t) => t.name));
        for (const t of ctx.unmergedTags) expect(names.has(t.name), where).toBe(false);
        if (ctx.unmergedTags.length) unmergedAbove++;
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(120);
    // the histories meet the cases where the rules differ: describe's nearest tag is not the highest
    expect(nearestDiffers).toBeGreaterThan(0);
    expect(unmergedAbove).toBeGreaterThan(0);
  });

  it('with excluded patterns, and with no tag at all', async () => {
    const { dir, shas } = randomHistory(box, 99, 30);
    const git = new Git(dir);
    const head = shas[shas.length - 1]!;
    const nearest = await git.describe('v*', [], head);
    expect(nearest).not.toBeNull();
    const next = await git.describe('v*', [nearest!], head);
    expect(next).toBe(gitDescribe(dir, head, [`--exclude=${nearest}`]));
    expect(await git.describe('nothing-*', [], head)).toBeNull();
  });
});
