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
}

const SECTION = /^\[(.+)\]/;
const OPTION = /^(?<key>.*?)\s*[=:]\s*(?<value>.*?)\s*$/d;

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
      sections.push({ name: header[1]!, entries: [] });
      return;
    }
    const m = OPTION.exec(trimmed);
    if (!m || !m.groups!.key) throw malformed(file, `line ${n + 1} is neither a [section], a key = value nor a comment`);
    const section = sections.at(-1);
    if (!section) throw malformed(file, `line ${n + 1} comes before any [section] header`);
    const [vs, ve] = m.indices!.groups!.value!;
    const e: IniEntry = { key: m.groups!.key.toLowerCase(), value: '', start: offset + indent + vs, end: offset + indent + ve, multiline: false, line: n + 1 };
    section.entries.push(e);
    entry = { e, indent, parts: [m.groups!.value!] };
  });
  close();
  return sections;
}
