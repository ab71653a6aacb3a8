// --from-start: one section per version tag over the whole history.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sandbox } from '../helpers/sandbox.js';
import { Git } from '../../src/git/git.js';
import { CommitGraph, renderHistory, sectionTags, writeHistory, type HistoryOptions } from '../../src/changelog/history.js';
import { eachLine, eachNulRecord } from '../../src/changelog/gitread.js';
import { tagMatcher, readVersionTags, latestVersionTag as lastVersionTag, type VersionTag } from '../../src/release/version-tags.js';
import { parseRemoteUrl } from '../../src/changelog/remote.js';
import { renderNotes } from '../../src/changelog/notes.js';
import { randomHistory } from '../helpers/random-history.js';
import semver from 'semver';
import { DEFAULT_CHANGELOG_TYPES } from '../../src/config/load.js';
import { commit, commitFiles, short, tag } from './helpers.js';

const sb = new Sandbox();
afterAll(() => sb.cleanup());

function opts(over: Partial<HistoryOptions> = {}): HistoryOptions {
  return { matcher: tagMatcher('v{version}'), collapsePrereleases: false, remote: null, types: DEFAULT_CHANGELOG_TYPES, ...over };
}


describe('tags', () => {
  it('matches tag.format and semver only', () => {
    const m = tagMatcher('v{version}');
    expect(m.glob).toBe('v*');
    expect(['v1.2.3', 'v1.3.0-beta.1', 'v1.2', 'v1.2.3.4', 'vnext', 'latest', 'v01.2.3', 'v1.2.3+build.5'].map((n) => m.versionOf(n))).toEqual([
      '1.2.3',
      '1.3.0-beta.1',
      null,
      null,
      null,
      null,
      null,
      null, // build metadata: not a release tag (an image tag cannot hold "+" either)
    ]);
    const p = tagMatcher('{project}-v{version}', 'hub');
    expect(p.glob).toBe('hub-v*');
    expect([p.versionOf('hub-v1.0.0'), p.versionOf('cloud-v1.0.0'), p.tagFor('2.0.0')]).toEqual(['1.0.0', null, 'hub-v2.0.0']);
    expect(tagMatcher('{version}').versionOf('1.0.0')).toBe('1.0.0');
    expect(() => tagMatcher('{project}@{version}')).toThrow(expect.objectContaining({ code: 'E_PROJECT_REQUIRED', hint: 'pass --project NAME' }));
  });

  it('sectionTags folds prereleases only when a stable release above them exists', () => {
    const t = (version: string): VersionTag => ({ name: `v${version}`, version, sha: version, date: '', prerelease: version.includes('-'), annotated: true });
    const tags = ['1.0.0', '1.1.0-beta.1', '1.1.0-beta.2', '1.1.0', '2.0.0-rc.1'].map(t);
    expect(sectionTags(tags, false).map((x) => x.version)).toEqual(['1.0.0', '1.1.0-beta.1', '1.1.0-beta.2', '1.1.0', '2.0.0-rc.1']);
    expect(sectionTags(tags, true).map((x) => x.version)).toEqual(['1.0.0', '1.1.0', '2.0.0-rc.1']);
  });
});

describe('CommitGraph.ranks', () => {
  // a <- b <- c(tag0) <- m(merge of c and x) <- d(tag1) <- e ; x branches off a
  const graphOf = (order: Array<[string, string[]]>) => {
    const g = new CommitGraph();
    for (const [sha, parents] of order) g.add(sha, parents.join(' '));
    return g;
  };
  const ranksBy = (g: CommitGraph, tips: string[], shas: string[]) => {
    const r = g.ranks(tips.map((t) => g.indexOf(t)));
    return Object.fromEntries(shas.map((s) => [s, r[g.indexOf(s)!]]));
  };
  const topo: Array<[string, string[]]> = [['e', ['d']], ['d', ['m']], ['m', ['c', 'x']], ['x', ['a']], ['c', ['b']], ['b', ['a']], ['a', []]];
  const shas = topo.map(([s]) => s);

  it('gives each commit the lowest tag that contains it, whatever order the commits came in', () => {
    const want = { e: 2, d: 1, m: 1, x: 1, c: 0, b: 0, a: 0 };
    expect(ranksBy(graphOf(topo), ['c', 'd'], shas)).toEqual(want);
    // parents before children (skewed dates can do that to git log's default order)
    expect(ranksBy(graphOf([...topo].reverse()), ['c', 'd'], shas)).toEqual(want);
    const shuffled = [topo[3]!, topo[6]!, topo[0]!, topo[4]!, topo[2]!, topo[5]!, topo[1]!];
    expect(ranksBy(graphOf(shuffled), ['c', 'd'], shas)).toEqual(want);
  });

  it('a lower tag on a descendant takes the commits of a higher one; a tip not in the graph ranks nothing', () => {
    const g = graphOf(topo);
    // rank 0 is d, rank 1 is c (c is in d's history, so it and its ancestors go to rank 0)
    expect(ranksBy(g, ['d', 'c'], shas)).toEqual({ e: 2, d: 0, m: 0, x: 0, c: 0, b: 0, a: 0 });
    const r = g.ranks([undefined, g.indexOf('c')]);
    expect([...r]).toEqual([2, 2, 2, 2, 1, 1, 1]);
  });

  it('ignores parents outside the listed history (a shallow boundary)', () => {
    const g = graphOf([['b', ['a']], ['a', ['gone', 'b2']], ['b2', []]]);
    expect(ranksBy(g, ['b'], ['b', 'a', 'b2'])).toEqual({ b: 0, a: 0, b2: 0 });
  });
});

describe('gitread', () => {
  it('reads NUL records and lines across chunk boundaries, multi-byte characters included', async () => {
    const bytes = Buffer.from('ä\0€\0😀x\0\nd\0e\0f'); // the last field has no NUL
    for (let i = 0; i <= bytes.length; i++) {
      for (let j = i; j <= bytes.length; j++) {
        const records: string[][] = [];
        await eachNulRecord([bytes.subarray(0, i), bytes.subarray(i, j), bytes.subarray(j)], 3, (r) => records.push(r));
        expect(records).toEqual([['ä', '€', '😀x'], ['d', 'e', 'f']]);
      }
    }
    const lines: string[] = [];
    await eachLine([Buffer.from('ab\ncd'), Buffer.from('\n\nef')], (l) => lines.push(l));
    expect(lines).toEqual(['ab', 'cd', 'ef']);
  });
});

describe('history of a real repository', () => {
  let dir: string;
  const s: Record<string, string> = {};

  beforeAll(() => {
    dir = sb.repo('hist', {}, null);
    s.a = commit(sb, dir, 'feat: first feature', '2024-01-01T10:00:00Z');
    s.junk = commit(sb, dir, 'initial import', '2024-01-01T11:00:00Z');
    tag(sb, dir, 'v0.1.0', '2024-01-02');
    tag(sb, dir, 'latest', '2024-01-02', { lightweight: true });
    s.b = commit(sb, dir, 'fix(api): handle nulls', '2024-01-03T10:00:00Z');
    tag(sb, dir, 'v0.2.0-beta.1', '2024-01-04');
    tag(sb, dir, 'v0.2', '2024-01-04', { lightweight: true }); // not semver: ignored
    s.c = commit(sb, dir, 'feat(ui)!: new layout', '2024-01-05T10:00:00Z');
    s.chore = commit(sb, dir, 'chore: tidy', '2024-01-05T11:00:00Z');
    tag(sb, dir, 'v0.2.0-beta.2', '2024-01-06');
    s.d = commit(sb, dir, 'perf: faster start', '2024-01-07T10:00:00Z');
    tag(sb, dir, 'v0.2.0', '2024-01-08', { lightweight: true }); // lightweight: the commit's date
    s.e = commit(sb, dir, 'feat: after the release', '2024-01-09T10:00:00Z');
    tag(sb, dir, 'v0.3.0-rc.1', '2024-01-10');
    s.f = commit(sb, dir, 'fix: not released yet', '2024-01-11T10:00:00Z');
    tag(sb, dir, 'vnext', '2024-01-11');
  });

  it('one section per version tag, newest first; prereleases get their own, and the stable release lists theirs again; non-version tags ignored', async () => {
    const r = await renderHistory(new Git(dir, sb.env), opts());
    expect(r.markdown).toBe(
      [
        '## 0.3.0-rc.1 (2024-01-10)',
        '',
        '### Features',
        '',
        `* after the release ${short(s.e!)}`,
        '',
        // as `shipver release` wrote it: everything since 0.1.0, the betas' changes included
        '## 0.2.0 (2024-01-07)',
        '',
        '### ⚠ BREAKING CHANGES',
        '',
        '* **ui:** new layout',
        '',
        '### Features',
        '',
        `* **ui:** new layout ${short(s.c!)}`,
        '',
        '### Bug Fixes',
        '',
        `* **api:** handle nulls ${short(s.b!)}`,
        '',
        '### Performance Improvements',
        '',
        `* faster start ${short(s.d!)}`,
        '',
        '## 0.2.0-beta.2 (2024-01-06)',
        '',
        '### ⚠ BREAKING CHANGES',
        '',
        '* **ui:** new layout',
        '',
        '### Features',
        '',
        `* **ui:** new layout ${short(s.c!)}`,
        '',
        '## 0.2.0-beta.1 (2024-01-04)',
        '',
        '### Bug Fixes',
        '',
        `* **api:** handle nulls ${short(s.b!)}`,
        '',
        '## 0.1.0 (2024-01-02)',
        '',
        '### Features',
        '',
        `* first feature ${short(s.a!)}`,
        '',
      ].join('\n'),
    );
    expect(r.sections.map((x) => [x.version, x.previousTag, x.counts.commits])).toEqual([
      ['0.3.0-rc.1', 'v0.2.0', 1],
      ['0.2.0', 'v0.1.0', 4],
      ['0.2.0-beta.2', 'v0.2.0-beta.1', 2],
      ['0.2.0-beta.1', 'v0.1.0', 1],
      ['0.1.0', null, 2],
    ]);
    expect(r.counts).toEqual({ commits: 7, included: 5, notConventional: 1, hidden: 1 }); // each commit once
    expect(r.unreleasedCommits).toBe(1);
  });

  it('collapsePrereleases folds them into the next stable release; the last rc keeps its own', async () => {
    const r = await renderHistory(new Git(dir, sb.env), opts({ collapsePrereleases: true, remote: parseRemoteUrl('https://github.com/acme/app') }));
    const gh = 'https://github.com/acme/app';
    const link = (sha: string) => `([${short(sha)}](${gh}/commit/${sha}))`;
    expect(r.markdown).toBe(
      [
        `## [0.3.0-rc.1](${gh}/compare/v0.2.0...v0.3.0-rc.1) (2024-01-10)`,
        '',
        '### Features',
        '',
        `* after the release ${link(s.e!)}`,
        '',
        `## [0.2.0](${gh}/compare/v0.1.0...v0.2.0) (2024-01-07)`,
        '',
        '### ⚠ BREAKING CHANGES',
        '',
        '* **ui:** new layout',
        '',
        '### Features',
        '',
        `* **ui:** new layout ${link(s.c!)}`,
        '',
        '### Bug Fixes',
        '',
        `* **api:** handle nulls ${link(s.b!)}`,
        '',
        '### Performance Improvements',
        '',
        `* faster start ${link(s.d!)}`,
        '',
        '## 0.1.0 (2024-01-02)',
        '',
        '### Features',
        '',
        `* first feature ${link(s.a!)}`,
        '',
      ].join('\n'),
    );
  });

  it('can add the unreleased commits on top, and stop at an older ref', async () => {
    const git = new Git(dir, sb.env);
    const r = await renderHistory(git, opts({ unreleased: { version: 'Unreleased', date: '2024-02-01' } }));
    expect(r.markdown.startsWith(`## Unreleased (2024-02-01)\n\n### Bug Fixes\n\n* not released yet ${short(s.f!)}\n\n## 0.3.0-rc.1 (2024-01-10)\n`)).toBe(true);
    const old = await renderHistory(git, opts({ to: 'v0.2.0-beta.1' }));
    expect(old.sections.map((x) => x.tag)).toEqual(['v0.2.0-beta.1', 'v0.1.0']);
  });

  it('hands sections to the sink as they are rendered, newest first', async () => {
    const chunks: string[] = [];
    await writeHistory(new Git(dir, sb.env), opts(), (c) => chunks.push(c));
    expect(chunks.map((c) => c.match(/^\n?## (\S+)/)![1])).toEqual(['0.3.0-rc.1', '0.2.0', '0.2.0-beta.2', '0.2.0-beta.1', '0.1.0']);
  });

  it('tags: reads versions with their commit and date; the last version reachable from a ref', async () => {
    const git = new Git(dir, sb.env);
    const m = tagMatcher('v{version}');
    const tags = await readVersionTags(git, m);
    expect(tags.map((t) => [t.name, t.date, t.prerelease])).toEqual([
      ['v0.3.0-rc.1', '2024-01-10', true],
      ['v0.2.0', '2024-01-07', false],
      ['v0.2.0-beta.2', '2024-01-06', true],
      ['v0.2.0-beta.1', '2024-01-04', true],
      ['v0.1.0', '2024-01-02', false],
    ]);
    expect(tags[1]!.sha).toBe(s.d);
    expect((await lastVersionTag(git, m, 'HEAD'))?.name).toBe('v0.3.0-rc.1');
    expect((await lastVersionTag(git, m, s.c!))?.name).toBe('v0.2.0-beta.1');
    expect(await lastVersionTag(git, m, s.a!)).toBeNull();
  });
});

describe('history with branches', () => {
  it('a commit belongs to the first release that contains it; unmerged maintenance tags are not listed', async () => {
    const dir = sb.repo('branches', {}, null);
    const base = commit(sb, dir, 'feat: base');
    sb.git(dir, 'checkout', '-q', '-b', 'feature');
    const side = commit(sb, dir, 'feat: from a long-lived branch', '2023-12-01T00:00:00Z'); // older date than v1.0.0
    sb.git(dir, 'checkout', '-q', 'main');
    const one = commit(sb, dir, 'fix: before 1.0');
    tag(sb, dir, 'v1.0.0', '2024-01-02');
    sb.git(dir, 'checkout', '-q', '-b', '1.0.x');
    const hotfix = commit(sb, dir, 'fix: hotfix on the maintenance line');
    tag(sb, dir, 'v1.0.1', '2024-01-03');
    sb.git(dir, 'checkout', '-q', 'main');
    sb.run('git', ['merge', '-q', '--no-ff', '--no-edit', 'feature'], { cwd: dir });
    const after = commit(sb, dir, 'feat: after the merge');
    tag(sb, dir, 'v1.1.0', '2024-01-04');

    const r = await renderHistory(new Git(dir, sb.env), opts());
    expect(r.sections.map((x) => [x.tag, x.previousTag])).toEqual([
      ['v1.1.0', 'v1.0.0'],
      ['v1.0.0', null],
    ]);
    const [s110, s100] = r.markdown.split(/(?=^## )/m);
    expect(s110).toContain(short(side));
    expect(s110).toContain(short(after));
    expect(s100).toContain(short(base));
    expect(s100).toContain(short(one));
    expect(r.markdown).not.toContain(short(hotfix));
    expect(r.counts.commits).toBe(4); // the merge commit is not a change of its own

    // on the maintenance branch, its own tag is there
    sb.git(dir, 'checkout', '-q', '1.0.x');
    const m = await renderHistory(new Git(dir, sb.env), opts());
    expect(m.sections.map((x) => x.tag)).toEqual(['v1.0.1', 'v1.0.0']);
    expect(m.markdown).toContain(short(hotfix));
  });

  it('merged branches with skewed dates: each section is what the notes of that release alone list', async () => {
    // git log's default order puts b (2024-01-02) before its child x (2020): the parents of a
    // commit can come first, and the sections must not depend on the order
    const dir = sb.repo('skewed', {}, null);
    commit(sb, dir, 'feat: a', '2024-01-01T00:00:00Z');
    const b = commit(sb, dir, 'fix: b', '2024-01-02T00:00:00Z');
    tag(sb, dir, 'v1.0.0', '2024-01-02');
    sb.git(dir, 'checkout', '-q', '-b', 'feature');
    const x = commit(sb, dir, 'feat(x): from a clock in the past', '2020-01-01T00:00:00Z');
    commit(sb, dir, 'fix(x): y', '2024-01-03T00:00:00Z');
    sb.git(dir, 'checkout', '-q', 'main');
    commit(sb, dir, 'feat: c', '2024-01-05T00:00:00Z');
    sb.run('git', ['merge', '-q', '--no-ff', '--no-edit', 'feature'], { cwd: dir, env: { GIT_AUTHOR_DATE: '2024-01-06T00:00:00Z', GIT_COMMITTER_DATE: '2024-01-06T00:00:00Z' } });
    commit(sb, dir, 'perf: d', '2024-01-07T00:00:00Z');
    tag(sb, dir, 'v1.1.0', '2024-01-07');
    commit(sb, dir, 'feat: e', '2024-01-08T00:00:00Z');
    tag(sb, dir, 'v1.2.0', '2024-01-08');
    const git = new Git(dir, sb.env);
    const order = sb.git(dir, 'log', '--format=%H').trim().split('\n');
    expect(order.indexOf(b)).toBeLessThan(order.indexOf(x)); // the parent first

    const r = await renderHistory(git, opts());
    const sections = r.markdown.split(/(?=^## )/m);
    expect(sections).toHaveLength(3);
    const ranges: Array<[string, string | null, string]> = [['v1.2.0', 'v1.1.0', '2024-01-08'], ['v1.1.0', 'v1.0.0', '2024-01-07'], ['v1.0.0', null, '2024-01-02']];
    for (const [i, [tagName, previousTag, date]] of ranges.entries()) {
      const commits = await git.commits([previousTag ? `${previousTag}..${tagName}` : tagName], { noMerges: true });
      const notes = await renderNotes(
        commits.map((c) => ({ sha: c.sha, message: c.message })),
        { version: tagName.slice(1), tag: tagName, previousTag, date, remote: null, types: DEFAULT_CHANGELOG_TYPES },
      );
      expect(sections[i]!.replace(/\n+$/, '\n')).toBe(notes.markdown);
    }
    expect(sections[1]).toContain(short(x));
    expect(r.counts.commits).toBe(7);
  });

  it('two version tags on one commit: the lower one takes the commits, the stable one lists them too', async () => {
    const dir = sb.repo('same-commit', {}, null);
    const a = commit(sb, dir, 'feat: a');
    tag(sb, dir, 'v1.0.0-rc.1', '2024-01-01');
    tag(sb, dir, 'v1.0.0', '2024-01-02');
    const r = await renderHistory(new Git(dir, sb.env), opts());
    expect(r.markdown).toBe(`## 1.0.0 (2024-01-02)\n\n### Features\n\n* a ${short(a)}\n\n## 1.0.0-rc.1 (2024-01-01)\n\n### Features\n\n* a ${short(a)}\n`);
    const c = await renderHistory(new Git(dir, sb.env), opts({ collapsePrereleases: true }));
    expect(c.markdown).toBe(`## 1.0.0 (2024-01-02)\n\n### Features\n\n* a ${short(a)}\n`);
  });

  it('no version tags at all: nothing to render, the commits are counted as unreleased', async () => {
    const dir = sb.repo('untagged', {}, null);
    commit(sb, dir, 'feat: a');
    commit(sb, dir, 'fix: b');
    const r = await renderHistory(new Git(dir, sb.env), opts());
    expect(r).toEqual({ markdown: '', sections: [], counts: { commits: 0, included: 0, notConventional: 0, hidden: 0 }, unreleasedCommits: 2, leftOut: [] });
  });
});

describe('sections on random histories', () => {
  it('each commit goes to the lowest version tag that contains it, and from a prerelease also to the lowest stable one, in git log order; with and without a path', async () => {
    let commitsChecked = 0;
    let parentFirst = 0; // git log listing a parent before its child (dates out of order)
    let listedTwice = 0; // commits of a prerelease that a stable release includes
    for (let seed = 41; seed <= 50; seed++) {
      // one subject for all, so the writer's sort (scope, then subject) keeps git log's order
      const { dir } = randomHistory(sb, seed, 40, () => 'fix: change\n');
      const git = new Git(dir, sb.env);
      const lines = (...args: string[]) => sb.git(dir, ...args).trim().split('\n').filter(Boolean);
      const reachable = lines('tag', '--merged', 'HEAD', '--list', 'v*').sort((a, b) => semver.compare(a, b));
      const order = lines('log', '--format=%H %P', 'HEAD').map((l) => l.split(' '));
      const at = new Map(order.map(([sha], i) => [sha!, i]));
      for (const [i, [, ...parents]] of order.entries()) if (parents.some((p) => (at.get(p) ?? Infinity) < i)) parentFirst++;
      // as shipver release writes them: a prerelease lists what is new since the tag before
      // it, a stable release everything since the stable release before it
      const sectionsOf = new Map<string, string[]>();
      for (const sha of lines('rev-list', '--no-merges', 'HEAD')) {
        const tags = new Set(lines('tag', '--contains', sha, '--list', 'v*'));
        const containing = reachable.filter((t) => tags.has(t));
        const first = containing[0];
        const firstStable = containing.find((t) => !semver.prerelease(t));
        sectionsOf.set(sha, !first ? [] : first !== firstStable && firstStable ? [first, firstStable] : [first]);
        if (sectionsOf.get(sha)!.length === 2) listedTwice++;
      }
      for (const paths of [[], ['f3.txt']]) {
        const r = await renderHistory(git, opts({ paths }));
        expect(r.sections.map((x) => x.tag)).toEqual([...reachable].reverse());
        const got = new Map(
          r.markdown.split(/(?=^## )/m).map((section) => [section.split(/[ \n]/)[1]!, [...section.matchAll(/^\* change ([0-9a-f]{7})$/gm)].map((m) => m[1]!)]),
        );
        const listed = lines('log', '--no-merges', '--format=%H', 'HEAD', '--', ...paths);
        for (const t of reachable) {
          const want = listed.filter((sha) => sectionsOf.get(sha)!.includes(t)).map((sha) => sha.slice(0, 7));
          expect(got.get(t.slice(1)) ?? [], `seed ${seed}, ${t}, paths ${paths.join(',')}`).toEqual(want);
          commitsChecked += want.length;
        }
      }
    }
    expect(commitsChecked).toBeGreaterThan(150);
    expect(parentFirst).toBeGreaterThan(0);
    expect(listedTwice).toBeGreaterThan(5);
  });
});

describe('history of one project in a repository of several', () => {
  it('lists only the commits touching the project paths, under the project tags', async () => {
    const dir = sb.repo('mono', {}, null);
    const hub1 = commitFiles(sb, dir, { 'hub/app.py': '1' }, 'feat(hub): status page');
    const cloud1 = commitFiles(sb, dir, { 'cloud/index.js': '1' }, 'feat(cloud): login');
    tag(sb, dir, 'hub-v1.0.0', '2024-01-02');
    tag(sb, dir, 'cloud-v1.0.0', '2024-01-02');
    const both = commitFiles(sb, dir, { 'hub/app.py': '2', 'cloud/index.js': '2' }, 'fix: shared header');
    const cloud2 = commitFiles(sb, dir, { 'cloud/index.js': '3' }, 'fix(cloud): logout');
    tag(sb, dir, 'cloud-v1.0.1', '2024-01-03');
    const readme = commitFiles(sb, dir, { 'README.md': 'x' }, 'feat: docs site');
    const hub2 = commitFiles(sb, dir, { 'hub/app.py': '3' }, 'perf(hub): cache');
    tag(sb, dir, 'hub-v1.1.0', '2024-01-04');

    const git = new Git(dir, sb.env);
    const hub = await renderHistory(git, opts({ matcher: tagMatcher('{project}-v{version}', 'hub'), paths: ['hub'] }));
    expect(hub.markdown).toBe(
      [
        '## 1.1.0 (2024-01-04)',
        '',
        '### Bug Fixes',
        '',
        `* shared header ${short(both)}`,
        '',
        '### Performance Improvements',
        '',
        `* **hub:** cache ${short(hub2)}`,
        '',
        '## 1.0.0 (2024-01-02)',
        '',
        '### Features',
        '',
        `* **hub:** status page ${short(hub1)}`,
        '',
      ].join('\n'),
    );
    const cloud = await renderHistory(git, opts({ matcher: tagMatcher('{project}-v{version}', 'cloud'), paths: ['cloud'] }));
    expect(cloud.sections.map((x) => x.tag)).toEqual(['cloud-v1.0.1', 'cloud-v1.0.0']);
    expect(cloud.markdown).toContain(short(cloud1));
    expect(cloud.markdown).toContain(short(cloud2));
    expect(cloud.markdown).toContain(short(both));
    expect(cloud.markdown).not.toContain(short(hub1));
    expect(cloud.markdown).not.toContain(short(readme));
    expect(cloud.unreleasedCommits).toBe(0); // the readme and hub commits after cloud-v1.0.1 do not touch cloud/
  });
});
