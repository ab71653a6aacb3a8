// The pure half of `shipver commit`: parts → message, message → parts (for --retry), and
// the checks shipver makes of an answer before the commitlint rules.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { answerProblem, composeMessage, emptyParts, parseIssues, parseMessage, partForRule, type CommitParts } from '../../src/commits/compose.js';
import { parseCommit } from '../../src/commits/conventional.js';
import { lintMessage, defaultSetup } from '../../src/commits/lint.js';

const parts = (p: Partial<CommitParts>): CommitParts => ({ ...emptyParts(), ...p });

describe('composeMessage', () => {
  it('header only', () => {
    expect(composeMessage(parts({ type: 'fix', subject: 'handle an empty token' }))).toBe('fix: handle an empty token\n');
  });

  it('every part, in the conventional order, and what the parser reads back', () => {
    const m = composeMessage(parts({ type: 'feat', scope: 'api', subject: 'add the status', body: 'Line one.\n\n\nLine two.   ', breaking: 'the answer is JSON', closes: ['12', '34'], refs: ['7'] }));
    expect(m).toBe('feat(api)!: add the status\n\nLine one.\n\nLine two.\n\nBREAKING CHANGE: the answer is JSON\nCloses #12\nCloses #34\nRefs #7\n');
    const c = parseCommit(m);
    expect(c).toMatchObject({ type: 'feat', scope: 'api', subject: 'add the status', breaking: true });
  });

  it('the message passes the default rules', async () => {
    const m = composeMessage(parts({ type: 'fix', scope: 'auth', subject: 'refuse an empty token', body: 'Why.', breaking: 'tokens are required', closes: ['1'] }));
    expect((await lintMessage(m.trimEnd(), defaultSetup())).valid).toBe(true);
  });
});

describe('parseMessage', () => {
  it('a header that is not conventional becomes the subject', () => {
    expect(parseMessage('added the thing')).toEqual(parts({ subject: 'added the thing' }));
  });

  it('a retried message: body, breaking change (with its continuation), issues, other trailers', () => {
    const p = parseMessage('feat(api)!: add it\n\nWhy it matters.\n\nMore.\n\nBREAKING CHANGE: the answer\nis JSON now\nCloses #12, #34\nfixes #5\nRefs #7\nSigned-off-by: A <a@example.org>');
    expect(p).toEqual(parts({ type: 'feat', scope: 'api', subject: 'add it', body: 'Why it matters.\n\nMore.', breaking: 'the answer\nis JSON now', closes: ['12', '34', '5'], refs: ['7'], trailers: ['Signed-off-by: A <a@example.org>'] }));
  });

  it('a "!" without a description is kept', () => {
    const p = parseMessage('feat!: drop node 18');
    expect(p.bang).toBe(true);
    expect(composeMessage(p)).toBe('feat!: drop node 18\n');
  });

  it('a last paragraph that is prose stays in the body', () => {
    expect(parseMessage('fix: x\n\nfirst\n\nsee the docs for more').body).toBe('first\n\nsee the docs for more');
  });

  it('parse(compose(parts)) gives the parts back', () => {
    const word = fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/);
    const line = fc.stringMatching(/^[a-z][a-z0-9 ,.]{0,40}[a-z0-9.]$/);
    const issue = fc.integer({ min: 1, max: 99999 }).map(String);
    fc.assert(
      fc.property(
        fc.record({
          type: word,
          scope: fc.oneof(fc.constant(''), word),
          subject: line,
          body: fc.array(line, { maxLength: 3 }).map((l) => l.join('\n')),
          breaking: fc.oneof(fc.constant(''), line),
          closes: fc.uniqueArray(issue, { maxLength: 3 }),
          refs: fc.uniqueArray(issue, { maxLength: 2 }),
        }),
        (r) => {
          const p = parts(r);
          expect(parseMessage(composeMessage(p))).toEqual(p);
        },
      ),
    );
  });
});

describe('answers shipver checks itself', () => {
  it('issue numbers: 12, #12, separated by spaces or commas; the first token that is not one', () => {
    expect(parseIssues('12 #34, 56,#7')).toEqual({ numbers: ['12', '34', '56', '7'], bad: null });
    expect(parseIssues('12 12')).toEqual({ numbers: ['12'], bad: null });
    expect(parseIssues('12 GH-3 x')).toEqual({ numbers: ['12'], bad: 'GH-3' });
    expect(parseIssues('')).toEqual({ numbers: [], bad: null });
  });

  it('one-line answers, a one-word type, numbers for issues: each with its rule', () => {
    expect(answerProblem('scope', 'api\nweb')?.rule).toBe('scope-single-line');
    expect(answerProblem('subject', 'add\r\nmore')?.rule).toBe('subject-single-line');
    expect(answerProblem('type', 'new feature')?.rule).toBe('type-word');
    expect(answerProblem('closes', '12 abc')).toEqual({ rule: 'issue-number', message: '"abc" is not an issue number (write 12 or #12)' });
    expect(answerProblem('body', 'two\nlines')).toBeNull();
    expect(answerProblem('type', '')).toBeNull();
  });

  it('each commitlint rule goes back to the answer it is about', () => {
    expect(partForRule('type-enum')).toBe('type');
    expect(partForRule('scope-case')).toBe('scope');
    expect(partForRule('header-max-length')).toBe('subject');
    expect(partForRule('subject-case')).toBe('subject');
    expect(partForRule('body-max-line-length')).toBe('body');
    expect(partForRule('footer-max-line-length')).toBe('breaking');
    expect(partForRule('references-empty')).toBe('closes');
    expect(partForRule('signed-off-by')).toBeNull();
  });
});
