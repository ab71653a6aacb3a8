// Git.describe asks git for the first tag its walk meets (--candidates=1) and runs the
// full search only when a merge lies between that tag and the commit. Its answer must be
// git describe's own, whatever the history: random histories with merges, commit dates
// out of order, annotated and lightweight tags (several on one commit), compared commit by
// commit with `git describe --tags --abbrev=0`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Git } from '../../src/git/git.js';
import { loadReleaseContext } from '../../src/release/context.js';
import { Sandbox } from '../helpers/sandbox.js';
import { prng } from '../helpers/prng.js';

let box: Sandbox;
beforeAll(() => {
  box = new Sandbox();
  Object.assign(process.env, { GIT_CONFIG_GLOBAL: box.env.GIT_CONFIG_GLOBAL, GIT_CONFIG_NOSYSTEM: '1' });
});
afterAll(() => box.cleanup());


/** A random history through git fast-import; returns the repository and every commit's sha, oldest first. */
function randomHistory(seed: number, commits: number): { dir: string; shas: string[] } {
  const rnd = prng(seed);
  const pick = (n: number) => Math.floor(rnd() * n);
  const lines: string[] = [];
  const data = (s: string) => `data ${Buffer.byteLength(s)}\n${s}`;
  let version = 0;
  for (let i = 1; i <= commits; i++) {
    // dates wander: a child can be older than its parent, as with rebased or amended commits
    const when = 1_600_000_000 + i * 3600 + (pick(5) === 0 ? -pick(40) * 3600 : 0);
    lines.push('commit refs/heads/main', `mark :${i}`, `committer C <c@example.org> ${when} +0000`, data(`fix: change ${i}\n`));
    if (i > 1) {
      const first = Math.max(1, i - 1 - pick(Math.min(i - 1, pick(3) === 0 ? 12 : 2)));
      lines.push(`from :${first}`);
      if (i > 3 && pick(4) === 0) {
        const second = 1 + pick(i - 1);
        if (second !== first) lines.push(`merge :${second}`);
      }
    }
    lines.push(`M 644 inline f${i % 7}.txt`, data(`${i}\n`));
    if (i === 1) lines.push('M 644 inline package.json', data('{ "name": "app", "version": "1.0.0" }\n'));
    const tags = pick(4) === 0 ? 1 + pick(pick(3) === 0 ? 3 : 1) : 0;
    for (let t = 0; t < tags; t++) {
      version++;
      const name = pick(5) === 0 ? `v${version}.0.0-beta.${pick(3)}` : `v${version}.0.0`;
      if (pick(3) === 0) lines.push(`reset refs/tags/${name}`, `from :${i}`, '');
      else lines.push(`tag ${name}`, `from :${i}`, `tagger T <t@example.org> ${when + pick(100) * 60} +0000`, data(`${name}\n`));
    }
    if (pick(9) === 0) lines.push(`reset refs/tags/other-${i}`, `from :${i}`, ''); // not a version tag: --match leaves it out
  }
  const dir = box.path(`history-${seed}`);
  box.git(box.dir, 'init', '-q', dir);
  const marks = path.join(dir, 'marks');
  const r = box.run('git', ['fast-import', '--quiet', `--export-marks=${marks}`], { cwd: dir, input: lines.join('\n') + '\n' });
  expect(r.code, r.stderr).toBe(0);
  const byMark = new Map(readFileSync(marks, 'utf8').trim().split('\n').map((l) => [l.split(' ')[0]!, l.split(' ')[1]!] as const));
  const shas = Array.from({ length: commits }, (_, i) => byMark.get(`:${i + 1}`)!);
  box.git(dir, 'reset', '-q', '--hard', shas[shas.length - 1]!);
  writeFileSync(marks, '');
  return { dir, shas };
}

describe('Git.describe', () => {
  it('gives git describe --tags --abbrev=0 its own answer on random histories with merges', async () => {
    let compared = 0;
    let firstFoundDiffers = 0;
    let withMergeBetween = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const { dir, shas } = randomHistory(seed, 45);
      const git = new Git(dir);
      for (const sha of shas) {
        const full = box.run('git', ['describe', '--tags', '--abbrev=0', '--match=v*', sha], { cwd: dir });
        const expected = full.code === 0 ? full.stdout.trim() : null;
        expect(await git.describe('v*', [], sha), `seed ${seed}, commit ${sha}`).toBe(expected);
        compared++;
        // how often the shortcut alone would be wrong (the test must meet such cases)
        const quick = box.run('git', ['describe', '--tags', '--abbrev=0', '--candidates=1', '--match=v*', sha], { cwd: dir });
        if (quick.code === 0 && quick.stdout.trim() !== expected) firstFoundDiffers++;
        if (quick.code === 0 && box.run('git', ['rev-list', '--min-parents=2', '--max-count=1', sha, `^refs/tags/${quick.stdout.trim()}`], { cwd: dir }).stdout.trim()) withMergeBetween++;
      }
    }
    expect(compared).toBe(12 * 45);
    expect(firstFoundDiffers).toBeGreaterThan(0);
    expect(withMergeBetween).toBeGreaterThan(firstFoundDiffers);
  });

  it('a release context takes the last tag and last stable tag git describe gives, and the commits since', async () => {
    const describe = (dir: string, rev: string, extra: string[]) => {
      const r = box.run('git', ['describe', '--tags', '--abbrev=0', '--match=v*', ...extra, rev], { cwd: dir });
      return r.code === 0 ? r.stdout.trim() : null;
    };
    let checked = 0;
    let firstFoundDiffers = 0;
    for (let seed = 21; seed <= 32; seed++) {
      const { dir, shas } = randomHistory(seed, 40);
      for (const [i, sha] of shas.entries()) {
        // every fourth commit, and every one where the first tag met is not describe's answer
        const expected = describe(dir, sha, []);
        const differs = describe(dir, sha, ['--candidates=1']) !== expected;
        if (!differs && i % 4 !== 3) continue;
        if (differs) firstFoundDiffers++;
        box.git(dir, 'checkout', '-q', '--detach', sha);
        const ctx = await loadReleaseContext(dir);
        const where = `seed ${seed}, commit ${sha}`;
        expect(ctx.lastTag?.name ?? null, where).toBe(expected);
        const stable = describe(dir, sha, ['--exclude=v*-*']);
        expect(ctx.lastStableTag?.name ?? null, where).toBe(stable);
        const log = box.git(dir, 'log', '--no-merges', '--format=%H', stable ? `${stable}..HEAD` : 'HEAD').trim();
        expect(ctx.commits.map((c) => c.sha), where).toEqual(log ? log.split('\n') : []);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(120);
    expect(firstFoundDiffers).toBeGreaterThan(0);
  });

  it('with excluded patterns, and with no tag at all', async () => {
    const { dir, shas } = randomHistory(99, 30);
    const git = new Git(dir);
    const head = shas[shas.length - 1]!;
    const nearest = await git.describe('v*', [], head);
    expect(nearest).not.toBeNull();
    const next = await git.describe('v*', [nearest!], head);
    const full = box.run('git', ['describe', '--tags', '--abbrev=0', '--match=v*', `--exclude=${nearest}`, head], { cwd: dir });
    expect(next).toBe(full.code === 0 ? full.stdout.trim() : null);
    expect(await git.describe('nothing-*', [], head)).toBeNull();
  });
});
