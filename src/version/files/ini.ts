// A small INI reader with Python configparser's rules (what setuptools and bump2version use):
// `key = value` or `key: value`, full-line # and ; comments, indented continuation lines,
// keys case-insensitive. Unlike configparser it keeps offsets, so a value can be edited in place.

import { bomLength, lines, malformed } from './edit.js';

export interface IniEntry {
  /** lower-cased, as configparser does */
  key: string;
  /** configparser's value: continuation lines joined with \n, trimmed */
  value: string;
  /** offsets of the value's text on the key's own line (trailing spaces excluded) */
  start: number;
  end: number;
  multiline: boolean;
  line: number;
}

export interface IniSection {
  name: string;
  entries: IniEntry[];
  /** the line of the [section] header (1-based) */
  line: number;
}

// Lines end at \n (or \r\n) only: U+2028, U+2029 and a lone CR are ordinary characters of
// a line, as in Python's `.`, so `[^\n]` here rather than `.` (which stops at them).
const SECTION = /^\[([^\n]+)\]/;

/**
 * configparser's `key = value` / `key: value` on a trimmed line: the key is what comes before
 * the first `=` or `:`, both sides trimmed. `vs`/`ve` are the value's offsets in the line.
 * A hand-written split instead of /^(.*?)\s*[=:]\s*(.*?)\s*$/, which is quadratic in a
 * whitespace run (each lazy step re-scans it) and stops at U+2028/U+2029.
 */
function splitOption(line: string): { key: string; value: string; vs: number; ve: number } | null {
  const d = line.search(/[=:]/);
  if (d === -1) return null;
  const rest = line.slice(d + 1);
  const value = rest.trim();
  const vs = d + 1 + (rest.length - rest.trimStart().length);
  return { key: line.slice(0, d).trimEnd(), value, vs, ve: vs + value.length };
}

/**
 * A value up to its inline comment: the first whitespace run followed by `#` or `;` and
 * everything after it go (configparser keeps them; a version never holds spaces). One pass,
 * unlike /\s+[#;].*$/, which backtracks through every whitespace run.
 */
export function stripInlineComment(value: string): string {
  let run = -1; // where the current whitespace run began, or -1
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (run !== -1 && (c === '#' || c === ';')) return value.slice(0, run);
    if (c.trim() === '') {
      if (run === -1) run = i;
    } else run = -1;
  }
  return value;
}

export function parseIni(text: string, file: string): IniSection[] {
  const sections: IniSection[] = [];
  let entry: { e: IniEntry; indent: number; parts: string[] } | null = null;
  const close = (): void => {
    if (entry) entry.e.value = entry.parts.join('\n').trim();
    entry = null;
  };
  const from = bomLength(text);
  lines(text).forEach((line, n) => {
    const body = n === 0 ? line.text.slice(from) : line.text;
    const offset = n === 0 ? from : line.start;
    const trimmed = body.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) return;
    const indent = body.length - body.trimStart().length;
    if (entry && indent > entry.indent) {
      entry.parts.push(trimmed);
      entry.e.multiline = true;
      return;
    }
    close();
    const header = SECTION.exec(trimmed);
    if (header) {
      sections.push({ name: header[1]!, entries: [], line: n + 1 });
      return;
    }
    const m = splitOption(trimmed);
    if (!m || !m.key) throw malformed(file, `line ${n + 1} is neither a [section], a key = value nor a comment`);
    const section = sections.at(-1);
    if (!section) throw malformed(file, `line ${n + 1} comes before any [section] header`);
    const e: IniEntry = { key: m.key.toLowerCase(), value: '', start: offset + indent + m.vs, end: offset + indent + m.ve, multiline: false, line: n + 1 };
    section.entries.push(e);
    entry = { e, indent, parts: [m.value] };
  });
  close();
  return sections;
}
