// conventional-commits-parser (6.4) looks for issue references in every body and footer
// line with a regex that backtracks cubically when a line holds no reference: a
// 2,000-character line takes ~10 s and a 5 MB message never finishes, in commitlint too.
// This wraps its parseReference so the regex is skipped when no issue prefix occurs at
// or after the regex's position — exactly the case where it cannot match — so every
// result is unchanged (the corpus test checks agreement with commitlint on 9,659 messages).
import { CommitParser } from 'conventional-commits-parser';

interface ParserInternals {
  options: { issuePrefixes?: unknown; issuePrefixesCaseSensitive?: boolean };
  regexes: { referenceParts: RegExp };
}

type ParseReference = (this: ParserInternals, input: string, action: string | null) => unknown;

const proto = CommitParser.prototype as unknown as { parseReference: ParseReference; __shipverGuarded?: boolean };

if (!proto.__shipverGuarded) {
  const original = proto.parseReference;
  proto.parseReference = function guarded(input, action) {
    const prefixes = this.options.issuePrefixes;
    if (Array.isArray(prefixes) && prefixes.length && prefixes.every((p) => typeof p === 'string' && p.trim() !== '')) {
      const re = this.regexes.referenceParts;
      const caseSensitive = Boolean(this.options.issuePrefixesCaseSensitive);
      const hay = caseSensitive ? input : input.toLowerCase();
      const from = re.lastIndex;
      const possible = (prefixes as string[]).some((p) => hay.indexOf(caseSensitive ? p.trim() : p.trim().toLowerCase(), from) !== -1);
      if (!possible) {
        re.lastIndex = 0; // what a failed exec of a global regex does
        return null;
      }
    }
    return original.call(this, input, action);
  };
  proto.__shipverGuarded = true;
}

/** Lines this long that also contain an issue prefix still take the parser minutes. */
export const MAX_SCANNED_LINE = 1000;

/** The first body line the parser cannot handle in bounded time, if any (1-based). */
export function unparseableLine(message: string, prefixes: readonly unknown[] = ['#']): number | null {
  const lines = message.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.length > MAX_SCANNED_LINE && prefixes.some((p) => typeof p !== 'string' || l.toLowerCase().includes(p.trim().toLowerCase()))) return i + 1;
  }
  return null;
}
