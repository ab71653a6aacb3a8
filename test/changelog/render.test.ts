// render.ts against conventional-changelog-writer itself (writer-oracle.ts): the same
// sections, byte for byte, on every corpus message and on generated sections built to hit
// each branch of the templates (reverts in every order, references with owners, notes with
// scopes, empty sections, odd titles and dates, links for GitHub, GitLab and none).
import { describe, expect, it } from 'vitest';
import { corpusMessages } from '../helpers/sandbox.js';
import { NotesEngine } from '../../src/changelog/engine.js';
import type { Item } from '../../src/changelog/items.js';
import { noteIfEmpty } from '../../src/changelog/sections.js';
import { filterReverted } from '../../src/changelog/render.js';
import { parseRemoteUrl, type RemoteInfo } from '../../src/changelog/remote.js';
import { DEFAULT_CHANGELOG_TYPES } from '../../src/config/load.js';
import type { ChangelogType } from '../../src/config/types.js';
import { renderWithWriter } from './writer-oracle.js';
import { prng } from '../helpers/prng.js';

const corpus = corpusMessages();


const REMOTES: Array<[string, RemoteInfo | null]> = [
  ['no remote', null],
  ['GitHub', parseRemoteUrl('git@github.com:acme/app.git')],
  ['GitLab', parseRemoteUrl('https://gitlab.example.com/group/sub/app.git')],
];
const CUSTOM_TYPES: ChangelogType[] = [
  { type: 'docs', section: 'Docs', hidden: false },
  { type: 'feat', section: 'Features', hidden: false },
  { type: 'fix', section: 'Features', hidden: false }, // two types, one section
  { type: 'refactor', section: 'constructor', hidden: false },
  { type: 'revert', section: 'Reverts', hidden: false },
  { type: 'chore', section: 'Chores', hidden: true },
];

async function renderBoth(engine: NotesEngine, items: Item[]): Promise<[string, string]> {
  const ours: string[] = [];
  await engine.render(items, (c) => ours.push(c));
  // the writer leaves an empty section's heading bare; shipver adds one line (noteIfEmpty)
  const theirs = (await renderWithWriter(engine, items)).map((c) => (c.startsWith('\n') ? `\n${noteIfEmpty(c.slice(1))}` : noteIfEmpty(c)));
  return [ours.join('\u0001'), theirs.join('\u0001')];
}

/** Items: markers with varied headers, each followed by the included entries of `messages`. */
function sections(engine: NotesEngine, messages: Array<{ sha: string; message: string }>, rand: () => number): Item[] {
  const items: Item[] = [];
  let n = 0;
  let previous: string | null = null;
  for (const m of messages) {
    if (items.length === 0 || rand() < 0.08) {
      const version = rand() < 0.1 ? `${n}.0.0-beta.${n}` : `${n}.${Math.floor(rand() * 3)}.0`;
      const tag = rand() < 0.1 ? 'HEAD' : `v${version}`;
      const date = rand() < 0.05 ? '' : `2024-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 10)}`;
      items.push(engine.marker({ version: rand() < 0.05 ? 'Unreleased' : version, tag, previousTag: rand() < 0.1 ? null : previous, date }));
      if (rand() < 0.1) items.push(engine.marker({ version: `${n}.9.9`, tag: `v${n}.9.9`, previousTag: tag, date: '2024-12-31' })); // an empty section
      previous = tag;
      n++;
    }
    const c = engine.classify(m.sha, m.message);
    if (c.kind === 'included') items.push(c.entry);
  }
  return items;
}

describe('render.ts renders what conventional-changelog-writer renders', () => {
  it('every corpus message, in sections, with and without links, default and custom types', async () => {
    expect(corpus.length).toBeGreaterThan(9000);
    let included = 0;
    for (const [name, remote] of REMOTES) {
      for (const types of [DEFAULT_CHANGELOG_TYPES, CUSTOM_TYPES]) {
        const engine = new NotesEngine({ remote, types });
        const items = sections(engine, corpus, prng(name.length * 31 + types.length));
        included += items.filter((i) => !('__section' in i)).length;
        const [ours, theirs] = await renderBoth(engine, items);
        expect(ours.length).toBeGreaterThan(10_000);
        expect(ours, `${name}, ${types === CUSTOM_TYPES ? 'custom' : 'default'} types`).toBe(theirs);
      }
    }
    expect(included).toBeGreaterThan(10_000);
  });

  // message parts that reach each branch of the templates
  const SCOPES = ['', '(api)', '(ui)', '(*)', '(Ägypten)', '(api)', '(zeta)', '(a b)'];
  const TYPES = ['feat', 'fix', 'perf', 'revert', 'docs', 'chore', 'refactor', 'toString', 'Feat', 'build'];
  const SUBJECTS = ['add x', 'Add x', 'ändern', 'fix #12 for @alice', 'see owner/repo#7', '`@notauser` in code', 'émoji 😀', 'add x', 'a', 'z', 'add x  ', '[link](x)'];
  const BODIES = ['', '\n\nCloses #1', '\n\nfixes #2, #3', '\n\nResolves acme/other#9', '\n\nBREAKING CHANGE: the API changed', '\n\nBREAKING-CHANGE: multi\nline note', '\n\nRefs: #5\nCloses GH-7', '\n\nRelease-As: 2.0.0'];

  function generated(seed: number, count: number): Array<{ sha: string; message: string }> {
    const rand = prng(seed);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const out: Array<{ sha: string; message: string; header: string }> = [];
    for (let i = 0; i < count; i++) {
      const sha = (seed * 100_000 + i).toString(16).padStart(40, 'a');
      const earlier = out.length ? out[Math.floor(rand() * out.length)]! : null;
      let message: string;
      const roll = rand();
      if (earlier && roll < 0.15) {
        // a revert of a commit listed before it (git log: the revert is newer, so it comes first
        // only when placed before; both orders occur after the shuffle below)
        const quote = rand() < 0.8 ? `"${earlier.header}"` : earlier.header;
        const hash = rand() < 0.8 ? earlier.sha : earlier.sha.slice(0, 7);
        message = `${rand() < 0.5 ? 'Revert' : 'revert:'} ${quote}\n\nThis reverts commit ${hash}.${pick(BODIES)}`;
      } else {
        const bang = rand() < 0.1 ? '!' : '';
        message = `${pick(TYPES)}${pick(SCOPES)}${bang}: ${pick(SUBJECTS)}${pick(BODIES)}`;
      }
      out.push({ sha, message, header: message.split('\n')[0]! });
    }
    // newest first with reverts on either side of what they revert
    for (let i = out.length - 1; i > 0; i--) {
      if (rand() < 0.3) {
        const j = Math.floor(rand() * (i + 1));
        [out[i], out[j]] = [out[j]!, out[i]!];
      }
    }
    return out;
  }

  it('generated sections: reverts, references, notes with scopes, equal sort keys, odd titles', async () => {
    let reverted = 0;
    let untitled = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const [name, remote] = REMOTES[seed % REMOTES.length]!;
      // without a revert type, a breaking revert has no section: it goes to the untitled group
      const types = seed % 3 === 0 ? CUSTOM_TYPES.filter((t) => t.type !== 'revert') : seed % 2 ? DEFAULT_CHANGELOG_TYPES : CUSTOM_TYPES;
      const engine = new NotesEngine({ remote, types });
      const messages = generated(seed, 120);
      const items = sections(engine, messages, prng(seed));
      const entries = items.filter((i) => !('__section' in i));
      reverted += entries.length - filterReverted(entries as never[]).length;
      untitled += entries.filter((e) => !(e as { type: string | null }).type).length;
      // entries before the first marker are dropped by both
      if (seed % 5 === 0 && entries.length) items.unshift(entries[0]!);
      const [ours, theirs] = await renderBoth(engine, items);
      expect(ours, `seed ${seed} (${name})`).toBe(theirs);
    }
    expect(reverted).toBeGreaterThan(20); // the revert filter was exercised
    expect(untitled).toBeGreaterThan(0); // and the group with no title
  });

  it('no items, or no marker: nothing is rendered', async () => {
    const engine = new NotesEngine({ remote: null, types: DEFAULT_CHANGELOG_TYPES });
    const c = engine.classify('a'.repeat(40), 'feat: x');
    expect(c.kind).toBe('included');
    for (const items of [[], [c.kind === 'included' ? c.entry : null!]]) {
      const [ours, theirs] = await renderBoth(engine, items);
      expect(ours).toBe('');
      expect(theirs).toBe('');
    }
  });
});
