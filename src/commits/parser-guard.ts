// conventional-commits-parser (6.4) runs two regexes that backtrack badly on input
// anyone can write into a commit message, in commitlint and in the changelog alike:
//  - the issue-reference regex, `(?:.*?)??\s*([\w-\.\/]*?)??(#)([\w-]+)(?=...)`, is cubic
//    on a long line without a valid reference (2,000 characters ≈ 10 s; 5 MB never ends);
//  - the preset's revert regex is quadratic on long whitespace runs.
// This module replaces the parser's reference and revert matching with linear scans
// that return exactly what the regexes return — the same match, groups and lastIndex —
// for the options they are built from (string issue prefixes; the conventionalcommits
// revert pattern). Other options fall back to the library's own code. Exactness is
// checked against the regexes on random input (test/commits/parser-guard.test.ts) and
// against commitlint on the 9,659-message corpus.
import { CommitParser } from 'conventional-commits-parser';

interface ParserInternals {
  options: { issuePrefixes?: unknown; issuePrefixesCaseSensitive?: boolean; revertPattern?: RegExp; revertCorrespondence?: string[] };
  regexes: { referenceParts: RegExp; url: RegExp };
  commit: { revert: unknown };
}

export interface ReferenceMatch {
  index: number;
  end: number;
  raw: string;
  repository: string | undefined;
  prefix: string;
  issue: string;
}

const isLineTerminator = (c: string) => c === '\n' || c === '\r' || c === '\u2028' || c === '\u2029';
const WS = /\s/;
const AFTER_ISSUE = ',;)]';

// The character classes by code (per character, a regex test was most of the tables' cost).
// \w without the u flag is ASCII only, case flag or not.
const isWordCode = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
/** \s: tab, LF, VT, FF, CR and space in ASCII; the regex decides the rest. */
const isSpaceCode = (c: number) => (c < 128 ? c === 32 || (c >= 9 && c <= 13) : WS.test(String.fromCharCode(c)));
/** [\w-\.\/]: word characters, "-", "." and "/" */
const isClassCode = (c: number) => isWordCode(c) || c === 45 || c === 46 || c === 47;
/** [\w-] */
const isIssueCode = (c: number) => isWordCode(c) || c === 45;

// Non-unicode case-insensitive comparison, as the regex engine does it (ES Canonicalize).
function canon(ch: string): string {
  const u = ch.toUpperCase();
  return u.length === 1 && !(ch.charCodeAt(0) >= 128 && u.charCodeAt(0) < 128) ? u : ch;
}

function prefixAt(s: string, j: number, prefix: string, caseSensitive: boolean): boolean {
  if (j + prefix.length > s.length) return false;
  for (let k = 0; k < prefix.length; k++) {
    const a = s.charCodeAt(j + k);
    const b = prefix.charCodeAt(k);
    if (a === b) continue;
    if (caseSensitive) return false;
    if (a < 128 && b < 128) {
      // ASCII: canon() folds a-z to A-Z and leaves the rest
      if ((a >= 97 && a <= 122 ? a - 32 : a) !== (b >= 97 && b <= 122 ? b - 32 : b)) return false;
    } else if (a < 128 || b < 128) {
      return false; // canon() never maps a non-ASCII character to an ASCII one
    } else if (canon(s[j + k]!) !== canon(prefix[k]!)) return false;
  }
  return true;
}

/**
 * What `referenceParts.exec(s)` returns when its lastIndex is `from`: the regex tries start
 * positions left to right; from a start p, `.*?` may skip to any q before the next line
 * terminator, then `\s*` (greedy) to r, then the repository group (lazy) up to a prefix
 * whose issue is followed by whitespace, the end or one of `,;)]`. Precomputing, for each
 * position, the end of its whitespace run, the end of its [\w-./] run and the next position
 * where a prefix + issue matches makes each start O(1).
 */
export function execReference(s: string, from: number, prefixes: readonly string[], caseSensitive: boolean): ReferenceMatch | null {
  const n = s.length;
  if (from > n) return null;
  if (!mayHoldPrefix(s, from, prefixes, caseSensitive)) return null;
  const { wsEnd, classEnd, nextGood, good } = tables(s, prefixes, caseSensitive);
  let p = from;
  while (p <= n) {
    let t = p;
    while (t < n && !isLineTerminator(s[t]!)) t++;
    for (let q = p; q <= t; q++) {
      const r = wsEnd[q]!;
      const j = nextGood[r]!;
      if (j !== -1 && j <= classEnd[r]!) {
        const g = good[j]!;
        return { index: p, end: g.issueEnd, raw: s.slice(p, g.issueEnd), repository: j === r ? undefined : s.slice(r, j), prefix: g.prefix, issue: s.slice(j + g.prefix.length, g.issueEnd) };
      }
    }
    if (t >= n) return null;
    p = t + 1;
  }
  return null;
}

/**
 * False when no prefix can start at or after `from`: its first character occurs nowhere
 * there (in either ASCII case when matching ignores case). Most lines hold no "#" at all,
 * so they skip the tables. Exact: without a first character, prefixAt fails everywhere.
 * A prefix that is empty or starts with a non-ASCII character (whose case variants
 * canon() maps less simply) is never ruled out here.
 */
function mayHoldPrefix(s: string, from: number, prefixes: readonly string[], caseSensitive: boolean): boolean {
  for (const p of prefixes) {
    const c = p[0];
    if (c === undefined || c.charCodeAt(0) >= 128) return true;
    if (s.indexOf(c, from) !== -1) return true;
    if (caseSensitive) continue;
    const lower = c.toLowerCase();
    const upper = c.toUpperCase();
    if ((lower !== c && s.indexOf(lower, from) !== -1) || (upper !== c && s.indexOf(upper, from) !== -1)) return true;
  }
  return false;
}

interface Tables {
  wsEnd: Int32Array;
  classEnd: Int32Array;
  nextGood: Int32Array;
  good: Array<{ prefix: string; issueEnd: number } | undefined>;
}

// The parser execs the same line again after each match: keep the last line's tables.
let cache: { s: string; key: string; t: Tables } | null = null;

function tables(s: string, prefixes: readonly string[], caseSensitive: boolean): Tables {
  const key = `${caseSensitive}\0${prefixes.join('\0')}`;
  if (cache && cache.s === s && cache.key === key) return cache.t;
  const n = s.length;
  const wsEnd = new Int32Array(n + 1);
  const classEnd = new Int32Array(n + 1);
  const issueEnd = new Int32Array(n + 1);
  const nextGood = new Int32Array(n + 2);
  const good: Tables['good'] = new Array(n + 1);
  wsEnd[n] = classEnd[n] = issueEnd[n] = n;
  nextGood[n + 1] = -1;
  for (let i = n - 1; i >= 0; i--) {
    const c = s.charCodeAt(i);
    wsEnd[i] = isSpaceCode(c) ? wsEnd[i + 1]! : i;
    classEnd[i] = isClassCode(c) ? classEnd[i + 1]! : i;
    issueEnd[i] = isIssueCode(c) ? issueEnd[i + 1]! : i;
  }
  for (let j = n; j >= 0; j--) {
    let hit: { prefix: string; issueEnd: number } | undefined;
    for (const p of prefixes) {
      if (!prefixAt(s, j, p, caseSensitive)) continue;
      const start = j + p.length;
      const end = issueEnd[start]!;
      if (end > start && (end >= n || isSpaceCode(s.charCodeAt(end)) || AFTER_ISSUE.includes(s[end]!))) {
        hit = { prefix: s.slice(j, start), issueEnd: end };
        break;
      }
    }
    good[j] = hit;
    nextGood[j] = hit ? j : nextGood[j + 1]!;
  }
  const t = { wsEnd, classEnd, nextGood, good };
  cache = { s, key, t };
  return t;
}

// The conventionalcommits preset's revert pattern, the only one emulated.
const PRESET_REVERT = /^(?:Revert|revert:)\s"?([\s\S]+?)"?\s*This reverts commit (\w*)\./i;
const TAIL = /This reverts commit (\w*)\./gi;

/**
 * What `input.match(PRESET_REVERT)` returns, as [full, header, hash], in linear time. The
 * lazy group ends at the first position e from which `"?\s*This reverts commit \w*\.`
 * matches: that is, inside the whitespace run (or on the quote) just before an occurrence.
 */
export function matchPresetRevert(s: string): [string, string, string] | null {
  let h: number;
  if (/^revert\s/i.test(s)) h = 7;
  else if (/^revert:\s/i.test(s)) h = 8;
  else return null;
  const tails: Array<{ o: number; end: number; hash: string }> = [];
  TAIL.lastIndex = 0;
  for (let m = TAIL.exec(s); m; m = TAIL.exec(s)) {
    tails.push({ o: m.index, end: m.index + m[0].length, hash: m[1]! });
    TAIL.lastIndex = m.index + 1; // occurrences may not overlap, but be exact anyway
  }
  if (!tails.length) return null;
  const starts = s[h] === '"' ? [h + 1, h] : [h]; // `"?` is greedy: with the quote first
  for (const gs of starts) {
    for (const t of tails) {
      let ws = t.o;
      while (ws > 0 && WS.test(s[ws - 1]!)) ws--;
      const earliest = ws > 0 && s[ws - 1] === '"' ? ws - 1 : ws;
      const e = Math.max(earliest, gs + 1);
      if (e <= t.o) return [s.slice(0, t.end), s.slice(gs, e), t.hash];
    }
  }
  return null;
}

type Proto = {
  parseReference: (this: ParserInternals, input: string, action: string | null) => unknown;
  parseReferences: (this: ParserInternals, input: string) => unknown[];
  parseRevert: (this: ParserInternals, input: string) => void;
  __shipverGuarded?: boolean;
};
const proto = CommitParser.prototype as unknown as Proto;

if (!proto.__shipverGuarded) {
  const originalReference = proto.parseReference;
  proto.parseReference = function parseReference(input, action) {
    const prefixes = this.options.issuePrefixes;
    if (!Array.isArray(prefixes) || !prefixes.length || !prefixes.every((p) => typeof p === 'string' && p.trim() !== '')) {
      return originalReference.call(this, input, action);
    }
    if (this.regexes.url.test(input)) return null;
    const re = this.regexes.referenceParts;
    const m = execReference(input, re.lastIndex, (prefixes as string[]).map((p) => p.trim()), Boolean(this.options.issuePrefixesCaseSensitive));
    if (!m) {
      re.lastIndex = 0; // what a failed exec of a global regex does
      return null;
    }
    re.lastIndex = m.end;
    let repository: string | null = m.repository ?? null;
    let owner: string | null = null;
    if (repository) {
      const slash = repository.indexOf('/');
      if (slash !== -1) {
        owner = repository.slice(0, slash);
        repository = repository.slice(slash + 1);
      }
    }
    return { raw: m.raw, action, owner, repository, prefix: m.prefix, issue: m.issue };
  };

  // A "-...-" meta line as the last line leaves the parser asking for references of undefined.
  const originalReferences = proto.parseReferences;
  proto.parseReferences = function parseReferences(input) {
    return typeof input === 'string' ? originalReferences.call(this, input) : [];
  };

  const originalRevert = proto.parseRevert;
  proto.parseRevert = function parseRevert(input) {
    const pattern = this.options.revertPattern;
    if (!pattern || pattern.source !== PRESET_REVERT.source || pattern.flags !== PRESET_REVERT.flags) return originalRevert.call(this, input);
    const m = matchPresetRevert(input);
    if (!m) return;
    const revert: Record<string, string | null> = {};
    (this.options.revertCorrespondence ?? []).forEach((key, i) => {
      revert[key] = m[i + 1] ?? null;
    });
    this.commit.revert = revert;
  };
  proto.__shipverGuarded = true;
}

/** Notes rendering cuts body lines at this length (the changelog shows headers and notes, not long lines). */
export const MAX_SCANNED_LINE = 1000;
