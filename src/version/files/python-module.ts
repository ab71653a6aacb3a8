// A Python module's `__version__ = '1.2.3'` (single or double quotes, optional annotation such as
// `__version__: str = "1.2.3"`). Only module-level literal assignments count: an indented one
// is conditional code, and `__version__ = importlib.metadata.version(...)` is not a literal.

import { bomLength, lines, replaceOccurrences } from './edit.js';
import { named } from './formats.js';
import type { Occurrence, VersionFileAdapter } from './types.js';

// Linear on any line: a required character (`:`, `=`, a quote, `#`) stands between any two
// quantifiers that could take the same characters. The annotation is `:` then anything up to
// the `=`; `\s*:\s*[^=]+?\s*=` let three quantifiers share a whitespace run and backtrack
// cubically when no `=` followed. A trailing comment may hold
// any character, U+2028/U+2029 included (Python does not end a line there).
const ASSIGNMENT = /^__version__\s*(?::[^=]+)?=\s*[uUrR]?(['"])(?<value>[^'"\\]*)\1\s*(?:[#;][^]*)?$/d;

export function readPythonModule(text: string): Occurrence[] {
  const out: Occurrence[] = [];
  let open: string | null = null; // the triple quote of a docstring spanning lines, if inside one
  const from = bomLength(text);
  for (const line of lines(text)) {
    const body = line.start === 0 ? line.text.slice(from) : line.text;
    const offset = line.start === 0 ? from : line.start;
    if (open === null) {
      const m = ASSIGNMENT.exec(body);
      const span = m?.indices?.groups?.value;
      if (m && span) out.push({ key: '__version__', value: m.groups!.value!, start: offset + span[0], end: offset + span[1] });
    }
    open = tripleQuoteState(body, open);
  }
  return out;
}

/** Whether a triple-quoted string is still open after this line, so docstring text is not code. */
function tripleQuoteState(line: string, open: string | null): string | null {
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (open) {
      if (c === '\\') i += 2;
      else if (line.startsWith(open, i)) (i += 3), (open = null);
      else i++;
    } else if (c === '#') {
      return null;
    } else if (line.startsWith('"""', i) || line.startsWith("'''", i)) {
      open = line.slice(i, i + 3);
      i += 3;
    } else if (c === '"' || c === "'") {
      i++;
      while (i < line.length && line[i] !== c) i += line[i] === '\\' ? 2 : 1;
      i++;
    } else {
      i++;
    }
  }
  return open;
}

export const pythonModule: VersionFileAdapter = {
  ...named('python-module'),
  read: (text) => readPythonModule(text),
  write: (text, value, file) => replaceOccurrences(text, readPythonModule(text), value, file),
};
