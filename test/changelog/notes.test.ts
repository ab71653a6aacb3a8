// Release notes for a range, rendered from commits read out of a real repository.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sandbox, corpusMessages } from '../helpers/sandbox.js';
import { Git } from '../../src/git/git.js';
import { renderNotes, toPlainText, type NotesContext } from '../../src/changelog/notes.js';
import { NotesEngine } from '../../src/changelog/engine.js';
import { parseRemoteUrl } from '../../src/changelog/remote.js';
import { DEFAULT_CHANGELOG_TYPES } from '../../src/config/load.js';
import { commit, short, tag } from './helpers.js';

const sb = new Sandbox();
afterAll(() => sb.cleanup());

let dir: string;
const s: Record<string, string> = {};

beforeAll(() => {
  dir = sb.repo('notes', { 'README.md': '# app\n' });
  tag(sb, dir, 'v1.0.0', '2024-01-01');
  s.breakingBang = commit(sb, dir, 'feat(api)!: drop the v1 endpoints');
  s.feat = commit(sb, dir, 'feat: add dark mode\n\nCloses #12\n');
  s.fixUi = commit(sb, dir, 'fix(ui): align buttons (#34)');
  s.perf = commit(sb, dir, 'perf(db): batch inserts\n\nBREAKING CHANGE: the insert API takes an array\n');
  s.docs = commit(sb, dir, 'docs: fix a typo');
  s.junk = commit(sb, dir, 'Added stuff.');
  s.fix = commit(sb, dir, 'fix: handle empty body');
});

async function commitsSince(from: string) {
  const records = await new Git(dir, sb.env).commits([`${from}..HEAD`], { noMerges: true });
  return records.map((r) => ({ sha: r.sha, message: r.message }));
}

function ctx(over: Partial<NotesContext> = {}): NotesContext {
  return { version: '1.1.0', tag: 'v1.1.0', previousTag: 'v1.0.0', date: '2024-03-01', remote: null, types: DEFAULT_CHANGELOG_TYPES, ...over };
}

describe('renderNotes', () => {
  it('without a remote: sections, breaking changes via ! and via footer, scopes in bold, no links at all', async () => {
    // breaking-change notes keep the commits' order (newest first), as the preset does
    const notes = await renderNotes(await commitsSince('v1.0.0'), ctx());
    expect(notes.markdown).toBe(
      [
        '## 1.1.0 (2024-03-01)',
        '',
        '### ⚠ BREAKING CHANGES',
        '',
        '* **db:** the insert API takes an array',
        '* **api:** drop the v1 endpoints',
        '',
        '### Features',
        '',
        `* add dark mode ${short(s.feat!)}, closes #12`,
        `* **api:** drop the v1 endpoints ${short(s.breakingBang!)}`,
        '',
        '### Bug Fixes',
        '',
        `* handle empty body ${short(s.fix!)}`,
        `* **ui:** align buttons (#34) ${short(s.fixUi!)}`,
        '',
        '### Performance Improvements',
        '',
        `* **db:** batch inserts ${short(s.perf!)}`,
        '',
      ].join('\n'),
    );
    expect(notes.markdown).not.toMatch(/\]\(|undefined|\/\/\/|compare/);
    expect(notes.counts).toEqual({ commits: 7, included: 5, notConventional: 1, hidden: 1 });
  });

  it('GitHub (https remote): compare link in the heading, commit links, issue links', async () => {
    const gh = 'https://github.com/acme/app';
    const notes = await renderNotes(await commitsSince('v1.0.0'), ctx({ remote: parseRemoteUrl(`${gh}.git`) }));
    const c = (sha: string) => `([${short(sha)}](${gh}/commit/${sha}))`;
    expect(notes.markdown).toBe(
      [
        `## [1.1.0](${gh}/compare/v1.0.0...v1.1.0) (2024-03-01)`,
        '',
        '### ⚠ BREAKING CHANGES',
        '',
        '* **db:** the insert API takes an array',
        '* **api:** drop the v1 endpoints',
        '',
        '### Features',
        '',
        `* add dark mode ${c(s.feat!)}, closes [#12](${gh}/issues/12)`,
        `* **api:** drop the v1 endpoints ${c(s.breakingBang!)}`,
        '',
        '### Bug Fixes',
        '',
        `* handle empty body ${c(s.fix!)}`,
        `* **ui:** align buttons ([#34](${gh}/issues/34)) ${c(s.fixUi!)}`,
        '',
        '### Performance Improvements',
        '',
        `* **db:** batch inserts ${c(s.perf!)}`,
        '',
      ].join('\n'),
    );
  });

  it('GitLab (ssh remote, subgroup): /-/ paths for compare, commit and issue links', async () => {
    const gl = 'https://gitlab.com/platform/web/app';
    const notes = await renderNotes(await commitsSince('v1.0.0'), ctx({ remote: parseRemoteUrl('git@gitlab.com:platform/web/app.git') }));
    expect(notes.markdown.split('\n')[0]).toBe(`## [1.1.0](${gl}/-/compare/v1.0.0...v1.1.0) (2024-03-01)`);
    expect(notes.markdown).toContain(`* add dark mode ([${short(s.feat!)}](${gl}/-/commit/${s.feat})), closes [#12](${gl}/-/issues/12)`);
    expect(notes.markdown).toContain(`* **ui:** align buttons ([#34](${gl}/-/issues/34)) ([${short(s.fixUi!)}](${gl}/-/commit/${s.fixUi}))`);
    expect(notes.markdown).not.toMatch(/github|[^-]\/(?:compare|commit|issues)\//);
  });

  it('renders running at the same time keep their own link formats', async () => {
    const commits = await commitsSince('v1.0.0');
    const [gh, gl, none] = await Promise.all([
      renderNotes(commits, ctx({ remote: parseRemoteUrl('git@github.com:acme/app.git') })),
      renderNotes(commits, ctx({ remote: parseRemoteUrl('git@gitlab.com:acme/app.git') })),
      renderNotes(commits, ctx()),
    ]);
    expect(gh.markdown).toContain(`(https://github.com/acme/app/commit/${s.feat})`);
    expect(gh.markdown).not.toContain('gitlab');
    expect(gl.markdown).toContain(`(https://gitlab.com/acme/app/-/commit/${s.feat})`);
    expect(gl.markdown).not.toContain('github');
    expect(none.markdown).not.toContain('](');
  });

  it('no previous tag: no compare link even with a remote', async () => {
    const notes = await renderNotes(await commitsSince('v1.0.0'), ctx({ previousTag: null, remote: parseRemoteUrl('git@github.com:acme/app.git') }));
    expect(notes.markdown.split('\n')[0]).toBe('## 1.1.0 (2024-03-01)');
  });

  it('plain text for the tag message: no link syntax, no bold, headings as plain lines', async () => {
    const notes = await renderNotes(await commitsSince('v1.0.0'), ctx({ remote: parseRemoteUrl('git@github.com:acme/app.git') }));
    expect(notes.plain).not.toMatch(/\]\(|\*\*|^#/m);
    expect(notes.plain.split('\n').slice(0, 6)).toEqual(['1.1.0 (2024-03-01)', '', '⚠ BREAKING CHANGES', '', '* db: the insert API takes an array', '* api: drop the v1 endpoints']);
    expect(notes.plain).toContain(`* add dark mode (${short(s.feat!)}), closes #12`);
    expect(notes.plain).toContain(`* ui: align buttons (#34) (${short(s.fixUi!)})`);
  });

  it('the types shown are configurable', async () => {
    const notes = await renderNotes(await commitsSince('v1.0.0'), ctx({
      types: [
        { type: 'fix', section: 'Fixes', hidden: false },
        { type: 'docs', section: 'Docs', hidden: false },
        { type: 'feat', section: 'New', hidden: true },
      ],
    }));
    const headings = notes.markdown.split('\n').filter((l) => l.startsWith('### '));
    // a hidden or unlisted type still shows when it breaks something (the preset sorts
    // unlisted sections first)
    expect(headings).toEqual(['### ⚠ BREAKING CHANGES', '### perf', '### Fixes', '### Docs', '### New']);
    expect(notes.markdown).toContain(`* fix a typo ${short(s.docs!)}`);
    expect(notes.markdown).not.toContain('add dark mode');
    expect(notes.counts).toEqual({ commits: 7, included: 5, notConventional: 1, hidden: 1 });
  });

  it('an empty range gives the heading and "No notable changes."', async () => {
    const notes = await renderNotes([], ctx());
    expect(notes).toEqual({ markdown: '## 1.1.0 (2024-03-01)\n\nNo notable changes.\n', plain: '1.1.0 (2024-03-01)\n\nNo notable changes.\n', counts: { commits: 0, included: 0, notConventional: 0, hidden: 0 } });
  });

  it('never crashes on a message, and counts what it leaves out', async () => {
    const cases: Array<[string, 'included' | 'hidden' | 'not-conventional']> = [
      ['', 'not-conventional'],
      ['\n\n\n', 'not-conventional'],
      ['   ', 'not-conventional'],
      ['\0\x01\x02', 'not-conventional'],
      ['\uFFFD\uD800 broken surrogate', 'not-conventional'],
      [': no type', 'not-conventional'],
      ['(scope): no type either', 'not-conventional'],
      ['feat:missing space', 'not-conventional'],
      ["Merge branch 'main' into feature", 'not-conventional'],
      ['Updated stuff\n\nBREAKING CHANGE: not conventional, so not listed', 'not-conventional'],
      [`fix: ${'#'.repeat(5000)}`, 'included'],
      [`feat: long\n\n${'x #1 '.repeat(3000)}`, 'included'],
      ['Revert "feat: add dark mode"\n\nThis reverts commit 0123456789abcdef0123456789abcdef01234567.', 'included'],
      ['gpg: Signature made\nfeat: signed', 'included'],
      ['\r\n\r\nfeat(x): crlf message\r\n\r\nBREAKING CHANGE: crlf note\r\n', 'included'],
      ['FEAT: shouting', 'included'],
      ['chore(deps): bump', 'hidden'],
      ['wip: unknown type', 'hidden'],
      ['wip!: unknown type, but breaking', 'included'],
    ];
    const commits = cases.map(([message], i) => ({ sha: i.toString(16).padStart(40, '0'), message }));
    const engine = new NotesEngine({ remote: null, types: DEFAULT_CHANGELOG_TYPES });
    expect(commits.map((c) => engine.classify(c.sha, c.message).kind)).toEqual(cases.map(([, kind]) => kind));
    const notes = await renderNotes(commits, ctx());
    expect(notes.counts).toEqual({ commits: 19, included: 7, notConventional: 10, hidden: 2 });
    expect(notes.markdown).toContain('### Reverts');
    expect(notes.markdown).toContain('* **x:** crlf note');
    expect(notes.markdown).toContain('* shouting');
    expect(notes.markdown).not.toContain('not conventional, so not listed');
  });

  it('regression: types and section titles that are Object.prototype keys render like any other', async () => {
    const sha = (i: number) => String(i).padStart(40, '0');
    const messages = ['toString!: a', 'constructor!: b', '__proto__!: c', 'valueOf: d\n\nBREAKING CHANGE: e', 'hasOwnProperty: hidden', 'feat: f'];
    const notes = await renderNotes(messages.map((message, i) => ({ sha: sha(i), message })), ctx());
    const headings = notes.markdown.split('\n').filter((l) => l.startsWith('### '));
    expect(headings).toEqual(['### ⚠ BREAKING CHANGES', '### toString', '### constructor', '### __proto__', '### valueOf', '### Features']);
    expect(notes.markdown).not.toContain('\0');
    expect(notes.counts).toEqual({ commits: 6, included: 5, notConventional: 0, hidden: 1 });
    const custom = await renderNotes([{ sha: sha(1), message: 'feat: x' }, { sha: sha(2), message: 'fix: y' }], ctx({ types: [{ type: 'fix', section: '__proto__', hidden: false }, { type: 'feat', section: 'constructor', hidden: false }] }));
    expect(custom.markdown.split('\n').filter((l) => l.startsWith('### '))).toEqual(['### __proto__', '### constructor']);
  });

  it('toPlainText strips links, bold and heading markers only', () => {
    expect(toPlainText('## [1.0.0](https://x/compare/a...b) (2024-01-01)\n\n* **a:** b ([abc](https://x/c/abc)), closes [#1](https://x/i/1)\n* a (parenthesis) stays\n'))
      .toBe('1.0.0 (2024-01-01)\n\n* a: b (abc), closes #1\n* a (parenthesis) stays\n');
  });
});

describe('the header-only shortcut and the own transform agree with the full parser and the preset', () => {
  const rows = corpusMessages();
  // subjects with what the transform links (issues, @users, code spans), bodies with what it reads
  const subjects = ['fix #12 and #3a', 'by @alice-b and @org/team', '`@notauser` and `#1`', 'mail a@b.c', '@x'.repeat(30), 'GH-7 #', '$& $1 $$ #9', '#Abc #0 ##1', 'émoji @ü #ß'];
  const bodies = ['', '\n\nCloses #12', '\n\nRelease-As: 1.2.3', '\n\nrelease-as: v2.0.0-rc.1', '\n\nBREAKING CHANGE: x #4 @bob', '\n\nFixes: owner/repo#5'];
  const generated = ['feat', 'fix', 'docs', 'Revert', 'perf(*)', 'chore(api)', 'feat!', 'FIX(ui)'].flatMap((head, i) =>
    subjects.flatMap((subject, j) => bodies.map((body, k) => ({ sha: `${i}${j}${k}`.padEnd(40, 'f'), message: head === 'Revert' ? `Revert "feat: ${subject}"\n\nThis reverts commit ${'a'.repeat(40)}.${body}` : `${head}: ${subject}${body}` }))),
  );

  it.each([
    ['default types, GitHub', DEFAULT_CHANGELOG_TYPES, 'git@github.com:Acme/App.git'],
    ['default types, GitLab', DEFAULT_CHANGELOG_TYPES, 'https://gitlab.example.com/g/sub/r.git'],
    ['default types, no remote', DEFAULT_CHANGELOG_TYPES, null],
    ['custom types, GitHub', [{ type: 'docs', section: 'Docs', hidden: false }, { type: 'feat', section: 'Features', hidden: true }, { type: 'revert', section: 'Reverts', hidden: false }], 'git@github.com:o/r.git'],
  ])('on every corpus message and generated ones (%s)', (_name, types, url) => {
    expect(rows.length).toBeGreaterThan(9000);
    const engine = new NotesEngine({ remote: url ? parseRemoteUrl(url) : null, types });
    const disagreements: string[] = [];
    let included = 0;
    for (const r of [...rows, ...generated]) {
      const quick = engine.classify(r.sha, r.message);
      const exact = engine.classifyExact(r.sha, r.message);
      if (quick.kind === 'included') included++;
      if (JSON.stringify(quick) !== JSON.stringify(exact)) disagreements.push(`${r.sha}: ${JSON.stringify(quick)} vs ${JSON.stringify(exact)}`);
    }
    expect(disagreements).toEqual([]);
    expect(included).toBeGreaterThan(1000);
  });
});
