// `shipver changelog` run in-process with an in-memory Io.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Sandbox } from '../helpers/sandbox.js';
import { run } from '../../src/commands/changelog.js';
import { releaseDate } from '../../src/changelog/date.js';
import { ShipverError } from '../../src/errors.js';
import { commit, commitFiles, memIo, short, tag } from './helpers.js';

const sb = new Sandbox();
afterAll(() => sb.cleanup());

const DATE = { SHIPVER_DATE: '2024-03-01' };

/** A repo with a release and some unreleased commits. */
function released(name: string) {
  const dir = sb.repo(name, { 'README.md': '# app\n' });
  const first = commit(sb, dir, 'feat: first');
  tag(sb, dir, 'v1.0.0', '2024-01-10');
  const feat = commit(sb, dir, 'feat(api): add search\n\nCloses #7\n');
  const fix = commit(sb, dir, 'fix: crash on empty input');
  const junk = commit(sb, dir, 'wip');
  tag(sb, dir, 'latest', '2024-01-11', { lightweight: true }); // not a version: ignored
  return { dir, first, feat, fix, junk };
}

async function expectError(p: Promise<unknown>, code: string, exitCode: number): Promise<ShipverError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ShipverError);
    expect((e as ShipverError).code).toBe(code);
    expect((e as ShipverError).exitCode).toBe(exitCode);
    expect((e as ShipverError).hint).toBeTruthy();
    return e as ShipverError;
  }
  throw new Error(`expected ${code}`);
}

describe('shipver changelog --stdout', () => {
  it('prints the notes for the commits since the last version tag', async () => {
    const { dir, feat, fix } = released('stdout');
    const io = memIo(sb, dir, DATE);
    expect(await run({ stdout: true }, [], io)).toBe(0);
    expect(io.out()).toBe(`## Unreleased (2024-03-01)\n\n### Features\n\n* **api:** add search ${short(feat)}, closes #7\n\n### Bug Fixes\n\n* crash on empty input ${short(fix)}\n`);
    expect(io.err()).toBe('');
  });

  it('links to GitHub from an ssh origin and to GitLab from an https origin', async () => {
    const { dir, feat } = released('stdout-links');
    sb.git(dir, 'remote', 'add', 'origin', 'git@github.com:acme/app.git');
    let io = memIo(sb, dir, DATE);
    await run({ stdout: true }, [], io);
    expect(io.out()).toContain('## [Unreleased](https://github.com/acme/app/compare/v1.0.0...HEAD) (2024-03-01)');
    expect(io.out()).toContain(`* **api:** add search ([${short(feat)}](https://github.com/acme/app/commit/${feat})), closes [#7](https://github.com/acme/app/issues/7)`);

    sb.git(dir, 'remote', 'set-url', 'origin', 'https://gitlab.com/acme/platform/app.git');
    io = memIo(sb, dir, DATE);
    await run({ stdout: true }, [], io);
    expect(io.out()).toContain('## [Unreleased](https://gitlab.com/acme/platform/app/-/compare/v1.0.0...HEAD) (2024-03-01)');
    expect(io.out()).toContain(`([${short(feat)}](https://gitlab.com/acme/platform/app/-/commit/${feat})), closes [#7](https://gitlab.com/acme/platform/app/-/issues/7)`);

    // a local bare repository as origin: plain text
    sb.git(dir, 'remote', 'set-url', 'origin', sb.path('elsewhere.git'));
    io = memIo(sb, dir, DATE);
    await run({ stdout: true }, [], io);
    expect(io.out()).not.toMatch(/\]\(|https?:/);
  });

  it('--json gives the notes and the counts (non-conventional commits counted)', async () => {
    const { dir } = released('stdout-json');
    const io = memIo(sb, dir, DATE);
    await run({ stdout: true, json: true }, [], io);
    const j = JSON.parse(io.out());
    expect(j).toMatchObject({ ok: true, mode: 'unreleased', from: 'v1.0.0', previousTag: 'v1.0.0', to: 'HEAD', date: '2024-03-01', remote: null });
    expect(j.counts).toEqual({ commits: 3, included: 2, notConventional: 1, hidden: 0 });
    expect(j.markdown.startsWith('## Unreleased (2024-03-01)\n')).toBe(true);
    expect(j.plain).not.toContain('**');
  });

  it('--to a version tag renders that release, dated by its tag; --from/--to any range', async () => {
    const { dir, first, feat, fix } = released('stdout-range');
    tag(sb, dir, 'v1.1.0', '2024-02-02');
    let io = memIo(sb, dir, DATE);
    await run({ stdout: true, to: 'v1.1.0' }, [], io);
    expect(io.out().split('\n')[0]).toBe('## 1.1.0 (2024-02-02)');
    expect(io.out()).toContain(short(feat));
    expect(io.out()).not.toContain(short(first));

    io = memIo(sb, dir, DATE);
    await run({ stdout: true, from: feat, to: 'HEAD' }, [], io);
    expect(io.out()).toBe(`## Unreleased (2024-03-01)\n\n### Bug Fixes\n\n* crash on empty input ${short(fix)}\n`);
  });

  it('nothing unreleased: the heading with "No notable changes.", and a note on stderr', async () => {
    const dir = sb.repo('stdout-empty', { 'README.md': 'x' });
    commit(sb, dir, 'feat: x');
    tag(sb, dir, 'v1.0.0', '2024-01-01');
    commit(sb, dir, 'chore: tidy');
    const io = memIo(sb, dir, DATE);
    expect(await run({ stdout: true }, [], io)).toBe(0);
    expect(io.out()).toBe('## Unreleased (2024-03-01)\n\nNo notable changes.\n');
    expect(io.err()).toContain('no changes to list since v1.0.0: 1 commit (left out: 1 hidden)');
  });
});

describe('shipver changelog (writes changelog.file)', () => {
  const handEdited = [
    '# Changelog',
    '',
    'All notable changes to this project are documented here.',
    '',
    '## 1.0.0 (2024-01-10)',
    '',
    '### Features',
    '',
    '* first abc1234',
    '* hand-added note: see the migration guide   ',
    '',
    '<!-- keep this comment -->',
    '',
    '',
    '## 0.9.0',
    '* ancient history, written by hand',
  ].join('\n');

  it('prepends the unreleased section and keeps everything below byte for byte', async () => {
    const { dir, feat, fix } = released('write');
    sb.write(dir, { 'CHANGELOG.md': handEdited });
    const io = memIo(sb, dir, DATE);
    expect(await run({}, [], io)).toBe(0);
    const section = `## Unreleased (2024-03-01)\n\n### Features\n\n* **api:** add search ${short(feat)}, closes #7\n\n### Bug Fixes\n\n* crash on empty input ${short(fix)}\n`;
    const below = handEdited.slice(handEdited.indexOf('## 1.0.0'));
    expect(sb.read(dir, 'CHANGELOG.md')).toBe(`# Changelog\n\nAll notable changes to this project are documented here.\n\n${section}\n${below}`);
    expect(io.err()).toBe('✔ CHANGELOG.md: added 2 entries (left out: 1 not conventional)\n');
    expect(io.out()).toBe('');

    // a second run replaces its own Unreleased section instead of stacking another
    commit(sb, dir, 'perf: faster');
    await run({}, [], memIo(sb, dir, DATE));
    const again = sb.read(dir, 'CHANGELOG.md');
    expect(again.match(/## Unreleased/g)).toHaveLength(1);
    expect(again).toContain('* faster');
    expect(again.endsWith(below)).toBe(true);
  });

  it('creates the file with a title; respects CRLF files', async () => {
    const { dir } = released('write-new');
    await run({}, [], memIo(sb, dir, DATE));
    expect(sb.read(dir, 'CHANGELOG.md').startsWith('# Changelog\n\n## Unreleased (2024-03-01)\n\n### Features\n')).toBe(true);

    const crlf = handEdited.replace(/\n/g, '\r\n');
    writeFileSync(path.join(dir, 'CHANGELOG.md'), crlf);
    await run({}, [], memIo(sb, dir, DATE));
    const out = sb.read(dir, 'CHANGELOG.md');
    expect(out.replace(/\r\n/g, '')).not.toContain('\n');
    expect(out.endsWith(crlf.slice(crlf.indexOf('## 1.0.0')))).toBe(true);
  });

  it('--dry-run prints the section and writes nothing', async () => {
    const { dir } = released('dry');
    sb.write(dir, { 'CHANGELOG.md': handEdited });
    const io = memIo(sb, dir, DATE);
    await run({ dryRun: true }, [], io);
    expect(sb.read(dir, 'CHANGELOG.md')).toBe(handEdited);
    expect(io.out().startsWith('## Unreleased (2024-03-01)\n')).toBe(true);
    expect(io.err()).toContain('would add to CHANGELOG.md (dry run, nothing written)');
  });

  it('--json reports the file and whether it was written', async () => {
    const { dir } = released('write-json');
    const io = memIo(sb, dir, DATE);
    await run({ json: true, dryRun: true }, [], io);
    expect(JSON.parse(io.out())).toMatchObject({ ok: true, file: 'CHANGELOG.md', written: false, dryRun: true, counts: { included: 2 } });
    expect(existsSync(path.join(dir, 'CHANGELOG.md'))).toBe(false);
  });

  it('nothing to add: the file is left as it is', async () => {
    const dir = sb.repo('write-empty', { 'README.md': 'x' });
    commit(sb, dir, 'feat: x');
    tag(sb, dir, 'v1.0.0', '2024-01-01');
    sb.write(dir, { 'CHANGELOG.md': handEdited });
    const io = memIo(sb, dir, DATE);
    expect(await run({}, [], io)).toBe(0);
    expect(sb.read(dir, 'CHANGELOG.md')).toBe(handEdited);
    expect(io.err()).toContain('CHANGELOG.md left as it is');
  });

  it('uses changelog.file from shipver.yaml', async () => {
    const { dir } = released('write-config');
    sb.write(dir, { 'shipver.yaml': 'changelog: { file: docs/HISTORY.md }\n' });
    await run({}, [], memIo(sb, dir, DATE));
    expect(sb.read(dir, 'docs/HISTORY.md').startsWith('# Changelog\n\n## Unreleased')).toBe(true);
  });
});

describe('shipver changelog --from-start', () => {
  function tagged(name: string) {
    const dir = sb.repo(name, {}, null);
    const a = commit(sb, dir, 'feat: a');
    tag(sb, dir, 'v1.0.0', '2024-01-01');
    const b = commit(sb, dir, 'fix: b');
    tag(sb, dir, 'v1.1.0-beta.0', '2024-01-02');
    tag(sb, dir, 'v1.1', '2024-01-02', { lightweight: true }); // not semver
    const c = commit(sb, dir, 'feat: c');
    tag(sb, dir, 'v1.1.0', '2024-01-03');
    const d = commit(sb, dir, 'feat: unreleased d');
    return { dir, a, b, c, d };
  }

  it('--stdout streams every version, newest first; a stable version lists its prereleases\' changes too', async () => {
    const { dir, a, b, c, d } = tagged('fs-stdout');
    const io = memIo(sb, dir, DATE);
    expect(await run({ fromStart: true, stdout: true }, [], io)).toBe(0);
    expect(io.out()).toBe(
      `## 1.1.0 (2024-01-03)\n\n### Features\n\n* c ${short(c)}\n\n### Bug Fixes\n\n* b ${short(b)}\n\n` +
        `## 1.1.0-beta.0 (2024-01-02)\n\n### Bug Fixes\n\n* b ${short(b)}\n\n` +
        `## 1.0.0 (2024-01-01)\n\n### Features\n\n* a ${short(a)}\n`,
    );
    expect(io.out()).not.toContain(short(d));
  });

  it('rewrites the whole file; collapsePrereleases from shipver.yaml', async () => {
    const { dir, a, b, c } = tagged('fs-write');
    sb.write(dir, { 'CHANGELOG.md': '# Old\n\nstale\n', 'shipver.yaml': 'changelog: { collapsePrereleases: true }\n' });
    const io = memIo(sb, dir, DATE);
    await run({ fromStart: true }, [], io);
    expect(sb.read(dir, 'CHANGELOG.md')).toBe(
      `# Changelog\n\n## 1.1.0 (2024-01-03)\n\n### Features\n\n* c ${short(c)}\n\n### Bug Fixes\n\n* b ${short(b)}\n\n## 1.0.0 (2024-01-01)\n\n### Features\n\n* a ${short(a)}\n`,
    );
    expect(io.err()).toBe('✔ CHANGELOG.md: rewrote 2 versions, 3 entries\n');
  });

  it('--json lists the sections', async () => {
    const { dir } = tagged('fs-json');
    const io = memIo(sb, dir, DATE);
    await run({ fromStart: true, stdout: true, json: true }, [], io);
    const j = JSON.parse(io.out());
    expect(j.sections.map((x: { tag: string }) => x.tag)).toEqual(['v1.1.0', 'v1.1.0-beta.0', 'v1.0.0']);
    expect(j.unreleasedCommits).toBe(1);
    expect(j.counts).toEqual({ commits: 3, included: 3, notConventional: 0, hidden: 0 });
  });

  it('no version tags: nothing written, a note', async () => {
    const dir = sb.repo('fs-none', { 'README.md': 'x' });
    const io = memIo(sb, dir, DATE);
    expect(await run({ fromStart: true }, [], io)).toBe(0);
    expect(existsSync(path.join(dir, 'CHANGELOG.md'))).toBe(false);
    expect(io.err()).toContain('no version tags matching "v*"');
  });
});

describe('several projects in one repository', () => {
  function mono(name: string) {
    const dir = sb.repo(name, {
      'shipver.yaml': [
        'tag: { format: "{project}-v{version}" }',
        'projects:',
        '  - name: hub',
        '    paths: [hub]',
        '    versionFiles: [hub/version.py]',
        '    changelog: hub/CHANGELOG.md',
        '  - name: cloud',
        '    paths: [cloud]',
        '    versionFiles: [cloud/package.json]',
        '',
      ].join('\n'),
    });
    commitFiles(sb, dir, { 'hub/version.py': "__version__ = '1.0.0'\n" }, 'feat(hub): first');
    commitFiles(sb, dir, { 'cloud/package.json': '{"version":"1.0.0"}\n' }, 'feat(cloud): first');
    tag(sb, dir, 'hub-v1.0.0', '2024-01-01');
    tag(sb, dir, 'cloud-v1.0.0', '2024-01-01');
    const hub = commitFiles(sb, dir, { 'hub/views.py': 'x' }, 'feat(hub): status page');
    const cloud = commitFiles(sb, dir, { 'cloud/index.js': 'x' }, 'fix(cloud): login');
    return { dir, hub, cloud };
  }

  it('each project lists only the commits touching its paths, in its own changelog file', async () => {
    const { dir, hub, cloud } = mono('mono-cmd');
    const io = memIo(sb, dir, DATE);
    await run({ stdout: true, project: 'hub' }, [], io);
    expect(io.out()).toBe(`## Unreleased (2024-03-01)\n\n### Features\n\n* **hub:** status page ${short(hub)}\n`);

    await run({ project: 'hub' }, [], memIo(sb, dir, DATE));
    expect(sb.read(dir, 'hub/CHANGELOG.md')).toContain(short(hub));
    await run({ project: 'cloud' }, [], memIo(sb, dir, DATE));
    const cl = sb.read(dir, 'CHANGELOG.md');
    expect(cl).toContain(short(cloud));
    expect(cl).not.toContain(short(hub));
  });

  it('asks for --project when the tags are per project', async () => {
    const { dir } = mono('mono-ask');
    const e = await expectError(run({ stdout: true }, [], memIo(sb, dir, DATE)), 'E_PROJECT_REQUIRED', 2);
    expect(e.hint).toContain('hub, cloud');
    await expectError(run({ stdout: true, project: 'nope' }, [], memIo(sb, dir, DATE)), 'E_UNKNOWN_PROJECT', 2);
  });
});

describe('errors are ShipverErrors with a hint', () => {
  it('bad usage, bad refs, bad dates, no repository, no commits', async () => {
    const { dir } = released('errors');
    await expectError(run({ stdout: true, from: 'no-such-ref' }, [], memIo(sb, dir, DATE)), 'E_REF_NOT_FOUND', 2);
    await expectError(run({ stdout: true, to: '--upload-pack=x' }, [], memIo(sb, dir, DATE)), 'E_BAD_REF', 2);
    await expectError(run({ fromStart: true, from: 'v1.0.0' }, [], memIo(sb, dir, DATE)), 'E_USAGE', 2);
    await expectError(run({ stdout: true }, ['extra'], memIo(sb, dir, DATE)), 'E_USAGE', 2);
    await expectError(run({ stdout: true }, [], memIo(sb, dir, { SHIPVER_DATE: '2024-02-30' })), 'E_BAD_DATE', 2);
    sb.write(dir, { 'shipver.yaml': 'changelog: { file: [oops] }\n' });
    await expectError(run({ stdout: true }, [], memIo(sb, dir, DATE)), 'E_CONFIG_INVALID', 2);

    const notRepo = sb.path('not-a-repo');
    sb.write(notRepo, { 'x.txt': 'x' });
    await expectError(run({ stdout: true }, [], memIo(sb, notRepo, { ...DATE, GIT_CEILING_DIRECTORIES: sb.dir })), 'E_NOT_A_REPO', 1);

    const empty = sb.repo('no-commits', {}, null);
    await expectError(run({ stdout: true }, [], memIo(sb, empty, DATE)), 'E_NO_COMMITS', 1);
  });

  it('a changelog path that cannot be written', async () => {
    const { dir } = released('unwritable');
    sb.write(dir, { 'shipver.yaml': 'changelog: { file: README.md/CHANGELOG.md }\n' });
    await expectError(run({}, [], memIo(sb, dir, DATE)), 'E_CHANGELOG_UNREADABLE', 1);
  });

  it('the date is SHIPVER_DATE or today in UTC', () => {
    expect(releaseDate({ SHIPVER_DATE: '2024-12-31' })).toBe('2024-12-31');
    expect(releaseDate({}, () => new Date('2024-06-30T23:59:59-05:00'))).toBe('2024-07-01');
  });
});
