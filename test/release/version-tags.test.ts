// The one rule for the latest version tag (release/version-tags.ts) and its helpers: the
// fast evaluation against the rule on `git tag --merged`, reading many tag names as
// versionOfTag does, the forms of tags for tag.format, and writing tag.format into a
// shipver.yaml without touching anything else.
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { Git } from '../../src/git/git.js';
import { filesTarget, latestOf, latestVersionTags, listVersionTags, versionTagsAbove } from '../../src/release/version-tags.js';
import { compareBuild } from '../../src/version/semver-fns.js';
import { prng } from '../helpers/prng.js';
import { versionOfTag } from '../../src/release/tag-format.js';
import { versionTagForms, withTagFormat } from '../../src/release/tag-format-infer.js';
import { checkNotTagged } from '../../src/release/next-version.js';
import { Sandbox } from '../helpers/sandbox.js';
import { importHistory, packageJson } from '../adoption/tags-helpers.js';

const box = new Sandbox().shareGitConfigWithProcess();
afterAll(() => box.cleanup());

/** The rule itself, from git: the highest versions among `git tag --merged rev`. */
function ruleFromGit(dir: string, rev: string) {
  const reachable = box
    .git(dir, 'tag', '--merged', rev, '--list', 'v*')
    .split('\n')
    .filter(Boolean)
    .map((name) => ({ name, version: versionOfTag('v{version}', name, '') }))
    .filter((t): t is { name: string; version: string } => t.version !== null);
  return { latest: latestOf(reachable)?.name ?? null, latestStable: latestOf(reachable, { stable: true })?.name ?? null };
}

describe('latestVersionTags', () => {
  it('on a maintenance branch with many higher tags on main (the walk for many candidates), and on main', async () => {
    const main = Array.from({ length: 30 }, (_, i) => ({ message: `feat: main ${i}\n`, files: { 'a.txt': `${i}\n` }, tags: [`v2.${i}.0`], lightTags: i % 5 === 0 ? [`v2.${i}.1-beta.0`] : [] }));
    const { dir, shas } = importHistory(box, 'many', [{ message: 'feat: first\n', files: { 'package.json': packageJson('1.0.0') }, tags: ['v1.0.0'] }, ...main]);
    box.git(dir, 'switch', '-q', '-c', '1.x', shas[0]!);
    box.write(dir, { 'b.txt': 'fix\n' });
    box.commit(dir, 'fix: backport', { noVerify: true });
    box.git(dir, 'tag', '-a', '-m', 'v1.0.1-rc.0', 'v1.0.1-rc.0');
    const git = new Git(dir);
    const onMaint = await latestVersionTags(git, 'v{version}', '');
    expect(onMaint.latest?.name).toBe('v1.0.1-rc.0');
    expect(onMaint.latestStable?.name).toBe('v1.0.0');
    expect(ruleFromGit(dir, 'HEAD')).toEqual({ latest: 'v1.0.1-rc.0', latestStable: 'v1.0.0' });
    expect(onMaint.unmerged).toHaveLength(36);
    expect(onMaint.unmerged.slice(0, 3).map((t) => t.name)).toEqual(['v2.29.0', 'v2.28.0', 'v2.27.0']);
    box.git(dir, 'switch', '-q', 'main');
    const onMain = await latestVersionTags(git, 'v{version}', '');
    expect([onMain.latest?.name, onMain.latestStable?.name]).toEqual(['v2.29.0', 'v2.29.0']);
    expect(onMain.unmerged.map((t) => t.name)).toEqual([]);
    // every commit of main, against the rule
    for (const sha of shas) {
      const at = await latestVersionTags(git, 'v{version}', '', sha);
      expect({ latest: at.latest?.name ?? null, latestStable: at.latestStable?.name ?? null }, sha).toEqual(ruleFromGit(dir, sha));
    }
  });

  it('reads tag names exactly as versionOfTag does', async () => {
    const names = ['v1.2.3', 'v01.2.3', 'v1.2', 'v1.2.3-rc.1', 'v1.2.3-rc.01', 'v1.2.3-0a', 'v1.2.3+build', 'v1.2.3-', 'vv1.2.3', 'v9007199254740991.0.0', 'v9007199254740992.0.0', 'v1.2.3-beta-x.7'];
    const { dir } = importHistory(box, 'names', [{ message: 'feat: x\n', files: { 'a.txt': 'a\n' }, lightTags: names }]);
    const read = await listVersionTags(new Git(dir), 'v{version}', '');
    const expected = names.filter((n) => versionOfTag('v{version}', n, '') !== null).sort();
    expect(read.map((t) => t.name).sort()).toEqual(expected);
    for (const t of read) expect(t.version).toBe(versionOfTag('v{version}', t.name, ''));
    expect(expected).toContain('v1.2.3-0a');
    expect(expected).not.toContain('v1.2.3+build');
  });
});

describe('versionTagsAbove', () => {
  it('gives what versionOfTag and semver order give, on random tag names and floors', () => {
    const rnd = prng(7);
    const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
    const num = () => pick(['0', '1', '2', '9', '10', '11', '99', '100', '01', '007', '9007199254740991', '9007199254740992']);
    const pre = () => pick(['', '', '', '-rc.1', '-rc.10', '-rc.2', '-beta', '-0', '-01', '-alpha.beta', '-x-y']);
    const name = () => `${pick(['v', 'v', 'v', 'hub-v', '', 'vv'])}${num()}.${num()}${pick(['.', '.', '.', '-'])}${num()}${pre()}${pick(['', '', '', '+b1', '.4'])}`;
    let compared = 0;
    for (let round = 0; round < 300; round++) {
      const names = Array.from({ length: 20 }, name);
      const floor = pick([null, '1.2.3', '10.0.0', '9.99.100', '1.10.2-rc.1', '0.0.0', '100.100.100']);
      const expected = names
        .map((n) => ({ name: n, version: versionOfTag('v{version}', n, '') }))
        .filter((t): t is { name: string; version: string } => t.version !== null && (floor === null || compareBuild(t.version, floor) > 0))
        .sort((a, b) => compareBuild(b.version, a.version) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      expect(versionTagsAbove(names, 'v{version}', '', floor), `${floor} ${names.join(' ')}`).toEqual(expected);
      compared += expected.length;
    }
    expect(compared).toBeGreaterThan(300);
  });
});

describe('the rule, pure', () => {
  const tags = [
    { name: 'v1.0.0', version: '1.0.0' },
    { name: 'v1.1.0-rc.2', version: '1.1.0-rc.2' },
    { name: 'v1.1.0', version: '1.1.0' },
    { name: 'v1.10.0-beta.1', version: '1.10.0-beta.1' },
    { name: 'v1.9.0', version: '1.9.0' },
  ];

  it('latestOf: semver order (1.10 above 1.9), stable only, below a version', () => {
    expect(latestOf(tags)?.name).toBe('v1.10.0-beta.1');
    expect(latestOf(tags, { stable: true })?.name).toBe('v1.9.0');
    expect(latestOf(tags, { below: '1.1.0' })?.name).toBe('v1.1.0-rc.2');
    expect(latestOf(tags, { below: '1.1.0', stable: true })?.name).toBe('v1.0.0');
    expect(latestOf([])).toBeNull();
  });

  it('filesTarget: up to the latest release only when no file is ahead of it', () => {
    const latest = { name: 'v1.5.0', version: '1.5.0' };
    expect(filesTarget(['1.2.0', '1.2.0'], latest)).toBe('1.5.0');
    expect(filesTarget(['1.2.0', '1.5.0'], latest)).toBe('1.5.0');
    expect(filesTarget(['1.5.0-rc.1'], latest)).toBe('1.5.0');
    expect(filesTarget(['1.5.0'], latest)).toBeNull();
    expect(filesTarget(['1.2.0', '1.6.0'], latest)).toBeNull();
    expect(filesTarget(['1.2.0'], null)).toBeNull();
  });

  it('checkNotTagged: an existing tag is refused, naming the levels that are free', () => {
    const names = new Set(['v1.3.0', 'v1.2.0']);
    const tagOf = (v: string) => `v${v}`;
    const input = { next: { version: '1.3.0', step: 'minor' as const }, current: '1.2.0', tag: 'v1.3.0', tagNames: names, tagOf, branch: 'main' };
    expect(() => checkNotTagged(input)).toThrow(/tag v1\.3\.0 already exists, on a commit main does not contain/);
    try {
      checkNotTagged(input);
    } catch (e) {
      expect((e as { hint: string }).hint).toContain('shipver release major makes 2.0.0');
      expect((e as { hint: string }).hint).not.toContain('git tag -d');
    }
    expect(() => checkNotTagged({ ...input, next: { version: '1.2.1', step: 'patch' }, tag: 'v1.2.1' })).not.toThrow();
  });
});

describe('tag.format from the tags', () => {
  it('versionTagForms: the forms, most tags first, with the highest version as the example', () => {
    expect(versionTagForms(['1.0.0', '1.10.0', '1.9.0', 'release-2.0.0', 'deploy-2024', 'latest', 'v1.0', 'x1.2.3.4'])).toEqual([
      { format: '{version}', count: 3, example: '1.10.0', versions: ['1.0.0', '1.10.0', '1.9.0'] },
      { format: 'release-{version}', count: 1, example: 'release-2.0.0', versions: ['2.0.0'] },
    ]);
    expect(versionTagForms(['hub-v1.0.0', 'hub-v1.1.0-beta.1'])).toEqual([{ format: 'hub-v{version}', count: 2, example: 'hub-v1.1.0-beta.1', versions: ['1.0.0', '1.1.0-beta.1'] }]);
    expect(versionTagForms([])).toEqual([]);
  });

  const cases: Array<[string, string | null, string]> = [
    ['no file', null, 'tag:\n  format: "{version}"\n'],
    ['no tag key, comments kept', '# ours\nbranches:\n  release: [main]   # only main\n', '# ours\nbranches:\n  release: [main]   # only main\ntag:\n  format: "{version}"\n'],
    ['no newline at the end', 'commit: { message: "chore(release): {version}" }', 'commit: { message: "chore(release): {version}" }\ntag:\n  format: "{version}"\n'],
    ['a block tag without format', 'tag:\n    sign: true   # signed\nchangelog: {}\n', 'tag:\n    format: "{version}"\n    sign: true   # signed\nchangelog: {}\n'],
    ['a flow tag', 'tag: { sign: true }  # x\n', 'tag: { format: "{version}", sign: true }  # x\n'],
    ['an empty flow tag', 'tag: {}\n', 'tag: { format: "{version}" }\n'],
    ['the default written out by init', 'tag:\n  format: "v{version}"   # the tags\n  sign: false\n', 'tag:\n  format: "{version}"   # the tags\n  sign: false\n'],
    ['a plain scalar', "tag:\n  format: 'v{version}'\n", 'tag:\n  format: "{version}"\n'],
  ];
  for (const [name, before, after] of cases) {
    it(`withTagFormat: ${name}`, async () => {
      const out = await withTagFormat(before, '{version}');
      expect(out).toBe(after);
      expect(parse(out).tag.format).toBe('{version}');
    });
  }

  it('withTagFormat refuses a tag key that is not a mapping', async () => {
    await expect(withTagFormat('tag: v\n', '{version}')).rejects.toThrow(/"tag" is not a mapping/);
  });
});
