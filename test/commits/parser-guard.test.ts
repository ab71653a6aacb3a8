// The linear reference and revert matching in parser-guard.ts must return exactly what
// conventional-commits-parser's regexes return; here they are compared on random input.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { execReference, matchPresetRevert } from '../../src/commits/parser-guard.js';

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The library's regex, built the way conventional-commits-parser builds it. */
function referenceRegex(prefixes: string[], caseSensitive: boolean): RegExp {
  return new RegExp(`(?:.*?)??\\s*([\\w-\\.\\/]*?)??(${prefixes.map((p) => escape(p.trim())).join('|')})([\\w-]+)(?=\\s|$|[,;)\\]])`, caseSensitive ? 'g' : 'gi');
}

function allByRegex(s: string, prefixes: string[], cs: boolean) {
  const re = referenceRegex(prefixes, cs);
  const out = [];
  for (let m = re.exec(s); m; m = re.exec(s)) out.push({ index: m.index, raw: m[0], repository: m[1], prefix: m[2], issue: m[3], end: re.lastIndex });
  return out;
}

function allByScan(s: string, prefixes: string[], cs: boolean) {
  const out = [];
  let from = 0;
  for (let m = execReference(s, from, prefixes, cs); m; m = execReference(s, from, prefixes, cs)) {
    out.push({ index: m.index, raw: m.raw, repository: m.repository, prefix: m.prefix, issue: m.issue, end: m.end });
    from = m.end;
  }
  return out;
}

// includes the other \s characters and letters whose case mapping leaves or enters ASCII
// (ſ → S, ı → I, K the Kelvin sign → k), which the case-insensitive match must not fold
const chars = fc.constantFrom('a', 'B', '1', '_', '#', 'G', 'h', '-', '/', '.', ' ', '\t', '\n', '\r', '\u2028', ',', ';', ')', ']', '(', 'é', 'É', 'K', 'x', '\v', '\f', '\u00a0', '\ufeff', '\u3000', 'ſ', 's', 'S', 'ı', 'i', 'I', '\u212a', 'k');
const text = fc.array(chars, { maxLength: 40 }).map((a) => a.join(''));
const prefixSets: string[][] = [['#'], ['GH-', '#'], ['gh-'], ['#', 'J'], ['a/'], ['k'], ['s#'], ['I-'], ['é'], ['\u212a']];

describe('execReference', () => {
  it('matches the reference regex exactly (match, groups, lastIndex) on random lines', () => {
    fc.assert(
      fc.property(text, fc.constantFrom(...prefixSets), fc.boolean(), (s, prefixes, cs) => {
        expect(allByScan(s, prefixes, cs)).toEqual(allByRegex(s, prefixes, cs));
      }),
      { numRuns: 3000 },
    );
  });

  it('answers on the inputs that make the regex take minutes', () => {
    // the answer only; the time limit on such input is found-bugs BUG-2's (a fuzz worker it stops)
    const line = 'x'.repeat(2_000_000) + ' #';
    expect(execReference(line, 0, ['#'], false)).toBeNull();
  });
});

describe('matchPresetRevert', () => {
  const REVERT = /^(?:Revert|revert:)\s"?([\s\S]+?)"?\s*This reverts commit (\w*)\./i;
  const piece = fc.constantFrom('Revert ', 'revert: ', 'REVERT ', '"', ' ', '\n', 'feat: x', 'This reverts commit ', 'this REVERTS commit ', 'abc123', '.', 'y', '""');
  it('matches the preset revert regex exactly on random messages', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }).map((a) => a.join('')), (s) => {
        const m = s.match(REVERT);
        expect(matchPresetRevert(s)).toEqual(m ? [m[0], m[1], m[2]] : null);
      }),
      { numRuns: 3000 },
    );
  });
});
