// A search/replace entry for files no adapter knows (a Helm Chart.yaml appVersion, a Dockerfile
// LABEL). Templates use {version}; bump2version's {current_version} (search) and {new_version}
// (replace) are accepted so its configs work unchanged, and {{ / }} are literal braces as in
// Python's str.format. The version part of the search matches the scheme's version syntax.

import { usageError } from '../../errors.js';
import type { VersionScheme } from '../scheme.js';
import { assertWritable } from './edit.js';
import type { Occurrence, VersionFileAdapter } from './types.js';

export interface PatternOptions {
  search: string;
  replace: string;
  scheme: VersionScheme;
}

type Part = { text: string } | { placeholder: true };

const ID = String.raw`[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*`;
const SEMVER = String.raw`\d+\.\d+\.\d+(?:-${ID})?(?:\+${ID})?`;
// PEP 440 is case-insensitive; the flag cannot be scoped to one group, so spell both cases.
const ci = (word: string): string => word.replace(/[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`);
const SEP = '[-_.]?';
const PEP440 = [
  String.raw`\d+(?:\.\d+)*`,
  `(?:${SEP}(?:${['alpha', 'beta', 'preview', 'pre', 'rc', 'a', 'b', 'c'].map(ci).join('|')})${SEP}\\d*)?`,
  `(?:-\\d+|${SEP}(?:${['post', 'rev', 'r'].map(ci).join('|')})${SEP}\\d*)?`,
  `(?:${SEP}${ci('dev')}${SEP}\\d*)?`,
  String.raw`(?:\+[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*)?`,
].join('');
// Not in the middle of a longer number: 11.2.3 or 1.2.3.4 must not yield 1.2.3.
const VERSION: Record<VersionScheme, (left: string) => string> = {
  semver: (left) => String.raw`(?<![\d.])${left}(?<v>${SEMVER})(?!\d|\.\d)`,
  pep440: (left) => String.raw`(?<![\d.])${left}(?<v>${PEP440})(?!\d|\.\d)`,
};
/** The characters a version of the scheme can hold. */
const VERSION_CHARS: Record<VersionScheme, string> = {
  semver: '[0-9A-Za-z.+-]',
  pep440: '[0-9A-Za-z._+-]',
};
// The left boundary: no version may begin before this one and run into it ("1.0.0+" before a
// version that was not read, because of what followed it, would take a newly written one
// as its build metadata). Every version begins with a digit, so the run of version
// characters just before the version (and the template's own version characters there,
// as in "v{version}") must hold no digit. Tested after the cheap checks, so only where a
// version can start, and lazily, so that it stops at the nearest digit: linear in the text.
const left = (scheme: VersionScheme, run: string): string => `(?=\\d)(?<!\\d${VERSION_CHARS[scheme]}*?${escapeRegExp(run)})`;

// The right boundary: what could continue a version shipver writes. "1.0.0E" reads 1.0.0,
// but once 2.0.0-rc.1 is written there it would read "2.0.0-rc.1E"; "1.0.0.tar" would read
// back "2.0.0-rc.1.tar". So a version is not followed by what a version the file may hold
// next (a pre-release) would swallow: for semver any identifier character, or "." / "+"
// before one; for PEP 440 (shipver writes X.Y.Z, X.Y.Z{a,b,rc}N, X.Y.Z.devN) a digit, the
// first letter of a pre/post/dev keyword (a b c d p r, any case), either after an optional
// separator, or "+" before a local label. A value that still reads back differently is
// refused when it is written.
const CONTINUES: Record<VersionScheme, string> = {
  semver: '[0-9A-Za-z-]|[.+][0-9A-Za-z-]',
  pep440: '[0-9aAbBcCdDpPrR]|[-_.][0-9aAbBcCdDpPrR]|\\+[0-9A-Za-z]',
};

function parseTemplate(template: string, names: string[], what: string): Part[] {
  const parts: Part[] = [];
  const re = /\{\{|\}\}|\{([^{}]*)\}|[{}]|[^{}]+/g;
  for (const m of template.matchAll(re)) {
    const t = m[0];
    if (t === '{{' || t === '}}') parts.push({ text: t[0]! });
    else if (m[1] !== undefined && names.includes(m[1])) parts.push({ placeholder: true });
    else if (t.startsWith('{') || t === '}') {
      throw usageError('E_VERSION_PATTERN', `The ${what} template "${template}" uses ${t}, which shipver does not support.`, `Use ${names.map((n) => `{${n}}`).join(' or ')} for the version; write {{ and }} for literal braces.`);
    } else parts.push({ text: t });
  }
  return parts;
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Line ends in template text: \n, or \r\n (a lone \r is an ordinary character). */
const EOL = /\r?\n/g;

export function patternAdapter(opts: PatternOptions): VersionFileAdapter {
  const search = parseTemplate(opts.search, ['version', 'current_version'], 'search');
  const replace = parseTemplate(opts.replace, ['version', 'new_version'], 'replace');
  if (!search.some((p) => 'placeholder' in p)) {
    throw usageError('E_VERSION_PATTERN', `The search template "${opts.search}" has no {version} placeholder.`, 'Mark where the version is, e.g. appVersion: "{version}".');
  }
  // The template's text before the first version and after the last one.
  const first = search.findIndex((p) => 'placeholder' in p);
  const last = search.findLastIndex((p) => 'placeholder' in p);
  const literal = (ps: Part[]): string => ps.map((p) => ('text' in p ? p.text : '')).join('');
  const lead = literal(search.slice(0, first));
  const trail = literal(search.slice(last + 1));
  const versionChar = new RegExp(VERSION_CHARS[opts.scheme]);
  const isVersionChar = (c: string): boolean => versionChar.test(c);
  let run = lead.length; // the version characters that end `lead` start here
  while (run > 0 && isVersionChar(lead[run - 1]!)) run--;

  let seen = false;
  let eols = 0;
  let source = search
    .map((p) => {
      // templates say \n; CRLF files too. Each line end is captured, so a write can keep it.
      if (!('placeholder' in p)) return escapeRegExp(p.text).replace(EOL, () => `(?<eol${eols++}>\\r?\\n)`);
      if (seen) return '\\k<v>'; // the same version each time it appears
      seen = true;
      return VERSION[opts.scheme](left(opts.scheme, lead.slice(run)));
    })
    .join('');
  // Right boundary. Where nothing follows the last version in the template ("v={version}"),
  // the text after the match must not continue a version (see CONTINUES). Where the template
  // ends with version characters ("{version}.tar.gz", "{version}+", "{version}\"0."), no
  // version character may come next: "{version}+" on "1.0.0+v1" would otherwise read back
  // "2.0.0rc1+v1" (a local version) once 2.0.0rc1 is written, and a match could end inside
  // the next version, which a write changes. A template that ends with another character
  // (a quote, a space, a line end) is bounded by it.
  if (!trail) source += `(?!${CONTINUES[opts.scheme]})`;
  else if (isVersionChar(trail.at(-1)!)) source += `(?!${VERSION_CHARS[opts.scheme]})`;
  const regex = (): RegExp => new RegExp(source, 'gd');

  const read = (text: string): Occurrence[] =>
    [...text.matchAll(regex())].map((m) => {
      const [start, end] = m.indices!.groups!.v!;
      return { key: opts.search, value: m.groups!.v!, start, end };
    });

  const sameTemplate = JSON.stringify(search.map((p) => ('text' in p ? p.text : null))) === JSON.stringify(replace.map((p) => ('text' in p ? p.text : null)));

  return {
    id: 'pattern',
    scheme: opts.scheme,
    matches: () => true, // chosen by configuration, not by name
    read,
    placesMayChange: !sameTemplate,
    write: (text, value, file) => {
      const before = read(text);
      assertWritable(before, value, file);
      const fileEol = /\r?\n/.exec(text)?.[0];
      let out = '';
      let pos = 0;
      for (const m of text.matchAll(regex())) {
        // A multi-line replacement keeps the line ends of the text it replaces, in order;
        // past the last one (a replacement with more lines), the last one, else the file's.
        const found = Array.from({ length: eols }, (_, k) => m.groups![`eol${k}`]!);
        let k = 0;
        const rendered = replace.map((p) => ('placeholder' in p ? value : p.text.replace(EOL, (own) => found[k++] ?? found.at(-1) ?? fileEol ?? own))).join('');
        out += text.slice(pos, m.index) + rendered;
        pos = m.index + m[0].length;
      }
      out += text.slice(pos);
      // What was written must read back as written: refuse rather than leave a file whose
      // version reads differently (or no longer reads) next time.
      const back = read(out);
      const wrong = back.find((o) => o.value !== value);
      if (wrong || (sameTemplate && back.length !== before.length)) {
        throw usageError(
          'E_VERSION_PATTERN_AMBIGUOUS',
          `${file}: after writing ${value}, the search "${opts.search}" would read ${wrong ? `"${wrong.value}"` : 'a different number of versions'} there; nothing was written.`,
          'End the search template where the version ends, e.g. with the quote, space or line end that follows it.',
        );
      }
      return out;
    },
  };
}
