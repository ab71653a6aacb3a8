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
const VERSION: Record<VersionScheme, string> = {
  semver: String.raw`(?<![\d.])(${SEMVER})(?!\d|\.\d)`,
  pep440: String.raw`(?<![\d.])(${PEP440})(?!\d|\.\d)`,
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

export function patternAdapter(opts: PatternOptions): VersionFileAdapter {
  const search = parseTemplate(opts.search, ['version', 'current_version'], 'search');
  const replace = parseTemplate(opts.replace, ['version', 'new_version'], 'replace');
  if (!search.some((p) => 'placeholder' in p)) {
    throw usageError('E_VERSION_PATTERN', `The search template "${opts.search}" has no {version} placeholder.`, 'Mark where the version is, e.g. appVersion: "{version}".');
  }
  let seen = false;
  const source = search
    .map((p) => {
      if (!('placeholder' in p)) return escapeRegExp(p.text).replace(/\r?\n/g, '\\r?\\n'); // templates say \n; CRLF files too
      if (seen) return '\\1'; // the same version each time it appears
      seen = true;
      return VERSION[opts.scheme];
    })
    .join('');
  const regex = (): RegExp => new RegExp(source, 'gd');

  const read = (text: string): Occurrence[] =>
    [...text.matchAll(regex())].map((m) => {
      const [start, end] = m.indices![1]!;
      return { key: opts.search, value: m[1]!, start, end };
    });

  return {
    id: 'pattern',
    scheme: opts.scheme,
    matches: () => true, // chosen by configuration, not by name
    read,
    write: (text, value, file) => {
      assertWritable(read(text), value, file);
      const rendered = replace.map((p) => ('placeholder' in p ? value : p.text)).join('');
      const crlf = rendered.replace(/\r?\n/g, '\r\n');
      // A multi-line replacement follows the line endings of the text it replaces.
      return text.replace(regex(), (m) => (m.includes('\r\n') ? crlf : rendered));
    },
  };
}
