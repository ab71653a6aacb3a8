// Fuzz: commit messages into lint, the cleanup the hook does, the decoder, the conventional
// parser and level inference. Allowed: a result, or a ShipverError with exit 1/2, in time.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fuzzSuite, assertAllowed, fuzzParams, okValue } from './harness.js';
import { knownBugFor } from './known-bugs.js';
import { anyText, header, hugeMessage, joinLines, lineEnd, longHashLine, message, specialLine, trickyLine, trickyText } from './gen.js';
import type { LintResult } from '../../src/commits/lint.js';
import type { ParsedCommit } from '../../src/commits/conventional.js';
import type { Inference } from '../../src/commits/level.js';
import type { DecodeResult } from '../../src/commits/clean.js';

const { iso, tally } = fuzzSuite('commits');

const LEVELS = ['none', 'patch', 'minor', 'major'];
/** what conventional-commits-parser (conventionalcommits preset) calls a breaking header */
const BREAKING_HEADER = /^(\w*)(?:\((.*)\))?!: (.*)$/;

function checkLint(r: LintResult): void {
  expect(typeof r.valid).toBe('boolean');
  expect(typeof r.ignored).toBe('boolean');
  for (const f of [...r.errors, ...r.warnings]) {
    expect(typeof f.rule).toBe('string');
    expect(typeof f.message).toBe('string');
  }
  if (r.errors.length) expect(r.valid).toBe(false);
}

function checkParsed(m: string, p: ParsedCommit): void {
  expect(p.header).toBe(m.split('\n', 1)[0]!.replace(/\r$/, ''));
  expect(typeof p.breaking).toBe('boolean');
  expect(typeof p.revert).toBe('boolean');
  for (const k of ['type', 'scope', 'subject'] as const) expect(p[k] === null || typeof p[k] === 'string').toBe(true);
}

function checkInference(inf: Inference, n: number): void {
  expect([null, 'patch', 'minor', 'major']).toContain(inf.level);
  expect(inf.commits).toHaveLength(n);
  for (const c of inf.commits) expect(LEVELS).toContain(c.level);
  const top = inf.commits.reduce((a, c) => Math.max(a, LEVELS.indexOf(c.level)), 0);
  expect(inf.level).toBe(top === 0 ? null : LEVELS[top]);
  const { breaking, features, fixes, performance, reverts, other, notConventional } = inf.counts;
  expect(breaking + features + fixes + performance + reverts + other + notConventional).toBe(n);
}

describe('commit messages', () => {
  it('lintMessage + defaultSetup: any message gives a lint result in time', async () => {
    const input = fc.oneof({ weight: 8, arbitrary: message }, { weight: 2, arbitrary: anyText(200) }, { weight: 1, arbitrary: longHashLine });
    await fc.assert(
      fc.asyncProperty(input, async (m) => {
        if (knownBugFor('lint', m)) return;
        tally.add('lintMessage');
        checkLint(okValue<LintResult>(await iso.run('lint', m), m));
      }),
      fuzzParams(400, 9000),
    );
  }, 60_000);

  it('parseCommit + inferLevel: any message parses; the level is an allowed value', async () => {
    const input = fc.oneof({ weight: 8, arbitrary: message }, { weight: 2, arbitrary: anyText(200) }, { weight: 1, arbitrary: longHashLine });
    await fc.assert(
      fc.asyncProperty(input, fc.boolean(), async (m, preMajor) => {
        if (knownBugFor('parse+level', m)) return;
        tally.add('parseCommit + inferLevel');
        const p = okValue<ParsedCommit>(await iso.run('parseCommit', m), m);
        checkParsed(m, p);
        const inf = okValue<Inference>(await iso.run('level', [m], preMajor), m);
        checkInference(inf, 1);
        if (p.breaking) expect(inf.level).toBe(preMajor ? 'minor' : 'major');
      }),
      fuzzParams(400, 8000),
    );
  }, 60_000);

  it('a "type(scope)!: subject" header is a breaking change: major from 1.0 on, minor before (breakingPreMajor: minor)', async () => {
    const bangHeader = fc
      .tuple(fc.stringMatching(/^\w{1,10}$/), fc.option(fc.stringMatching(/^[a-z0-9 ,/_.-]{0,10}$/), { nil: null }), fc.stringMatching(/^[^\r\n\u2028\u2029]{1,60}$/))
      .map(([t, s, subj]) => `${t}${s === null ? '' : `(${s})`}!: ${subj}`);
    const body = fc.array(fc.oneof(trickyLine(60), specialLine, fc.constant('')), { maxLength: 6 });
    await fc.assert(
      fc.asyncProperty(bangHeader, body, lineEnd, async (h, b, nl) => {
        const m = joinLines(b.length ? [h, '', ...b] : [h], [nl === '\r' ? '\n' : nl]);
        if (knownBugFor('parse+level', m)) return;
        tally.add('breaking "!" header invariant');
        expect(BREAKING_HEADER.test(h)).toBe(true);
        const p = okValue<ParsedCommit>(await iso.run('parseCommit', m), m);
        expect(p.breaking).toBe(true);
        expect(okValue<Inference>(await iso.run('level', [m], false), m).level).toBe('major');
        expect(okValue<Inference>(await iso.run('level', [m], true), m).level).toBe('minor');
        expect(okValue<Inference>(await iso.run('level', [m], true, 'major'), m).level).toBe('major');
      }),
      fuzzParams(150, 5000),
    );
  }, 60_000);

  it('a "BREAKING CHANGE: text" footer is a breaking change whatever the type', async () => {
    await fc.assert(
      fc.asyncProperty(header, fc.constantFrom('BREAKING CHANGE', 'BREAKING-CHANGE'), fc.stringMatching(/^[a-z ]{1,30}$/), async (h, kw, text) => {
        const m = `${h}\n\n${kw}: ${text}`;
        if (knownBugFor('parse+level', m) || /[\r\n]/.test(h) || h.trim() === '') return;
        tally.add('BREAKING CHANGE footer invariant');
        const p = okValue<ParsedCommit>(await iso.run('parseCommit', m), m);
        // a footer note makes any parsed message breaking (the conventionalcommits preset reads
        // notes even when the header is not conventional)
        expect(p.breaking).toBe(true);
        expect(okValue<Inference>(await iso.run('level', [m], false), m).level).toBe('major');
      }),
      fuzzParams(100, 4000),
    );
  }, 60_000);

  it('inferLevel over lists of messages: the level is the highest of the commits, counts add up', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(message, { maxLength: 30 }), fc.boolean(), async (msgs, preMajor) => {
        if (knownBugFor('level', msgs)) return;
        tally.add('inferLevel (lists of up to 30)');
        checkInference(okValue<Inference>(await iso.run('level', msgs, preMajor), msgs), msgs.length);
      }),
      fuzzParams(100, 5000),
    );
  }, 60_000);

  it('huge messages (64 KB – 1 MB) lint and parse in time', async () => {
    await fc.assert(
      fc.asyncProperty(hugeMessage, async (m) => {
        if (knownBugFor('lint', m) || knownBugFor('parse+level', m)) return;
        tally.add('huge messages (lint + parse + level)');
        checkLint(okValue<LintResult>(await iso.run('lint', m), m.slice(0, 200)));
        checkParsed(m, okValue<ParsedCommit>(await iso.run('parseCommit', m), m.slice(0, 200)));
        checkInference(okValue<Inference>(await iso.run('level', [m], false), m.slice(0, 200)), 1);
      }),
      fuzzParams(12, 10_000),
    );
  }, 60_000);
});

describe('cleanMessage / decodeMessage', () => {
  const raw = fc
    .tuple(
      fc.array(fc.oneof(trickyLine(40), specialLine, fc.constantFrom('', ' ', '\t', '  # indented', '#x', ';x', '# Please enter the commit message', '\u00a0')), { maxLength: 15 }),
      fc.array(fc.constantFrom('\n', '\r\n', '\r', '\n\n', '\r\r\n'), { minLength: 1, maxLength: 4 }),
    )
    .map(([ls, ends]) => joinLines(ls, ends));

  it('cleanMessage is idempotent and leaves no comment, CR, trailing space or blank-line run', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(raw, anyText(120), trickyText(120)), fc.constantFrom('#', ';', '@', '!', null), async (r, cc) => {
        tally.add('cleanMessage');
        const { once, twice } = okValue<{ once: string; twice: string }>(await iso.run('clean', r, cc), { r, cc });
        expect(once).not.toMatch(/\r/);
        const ls = once.split('\n');
        for (const l of ls) expect(l).not.toMatch(/\s$/);
        if (once !== '') {
          expect(ls[0]).not.toBe('');
          expect(ls.at(-1)).not.toBe('');
        }
        expect(once).not.toContain('\n\n\n');
        if (cc !== null) {
          // with a fixed comment character, cleaning is a projection
          expect(twice).toBe(once);
          for (const l of ls) expect(l.startsWith(cc)).toBe(false);
        }
      }),
      fuzzParams(400, 4000),
    );
  }, 60_000);

  it('decodeMessage: arbitrary bytes give text or a named problem, never an exception', async () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 200 }),
      fc.string({ unit: 'binary', maxLength: 80 }).map((s) => new Uint8Array(Buffer.from(s, 'utf8'))),
      fc.tuple(fc.constantFrom([0xef, 0xbb, 0xbf], [0xef, 0xbb], [0xc3], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0x00], []), fc.uint8Array({ maxLength: 40 })).map(([a, b]) => new Uint8Array([...a, ...b])),
    );
    await fc.assert(
      fc.asyncProperty(bytes, async (b) => {
        tally.add('decodeMessage');
        const d = okValue<DecodeResult>(await iso.run('decode', b), b);
        const body = b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? b.subarray(3) : b;
        if (d.problem === undefined) {
          expect(Buffer.from(d.text, 'utf8').equals(Buffer.from(body))).toBe(true);
        } else {
          expect(['invalid-utf8', 'nul-byte']).toContain(d.problem);
          expect(d.text).toBe('');
          if (d.problem === 'nul-byte') expect(body.includes(0)).toBe(true);
        }
      }),
      fuzzParams(400, 4000),
    );
  }, 60_000);

  it('decode → clean → lint, as the commit-msg hook does, on arbitrary bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 300 }), message.map((m) => new Uint8Array(Buffer.from(m, 'utf8')))), async (b) => {
        const d = okValue<DecodeResult>(await iso.run('decode', b), b);
        if (d.problem) return;
        const { once } = okValue<{ once: string }>(await iso.run('clean', d.text, '#'), d.text);
        if (knownBugFor('lint', once)) return;
        tally.add('decode → clean → lint');
        const o = await iso.run('lint', once);
        assertAllowed(o, once);
      }),
      fuzzParams(150, 4000),
    );
  }, 60_000);
});
