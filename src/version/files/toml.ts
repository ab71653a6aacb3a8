// Finds `key = "string"` assignments in a TOML document with their offsets. smol-toml parses
// the document (and rejects invalid TOML) but keeps no positions, so this scanner locates the
// values and the caller checks each against the parsed value before editing it.

import { parse, TomlError } from 'smol-toml';
import { bomLength, lines, malformed } from './edit.js';

export interface TomlString {
  /** full dotted path: table + key */
  path: string[];
  value: string;
  start: number;
  end: number;
}

export function parseToml(text: string, file: string): Record<string, unknown> {
  try {
    return parse(text.slice(bomLength(text)));
  } catch (e) {
    if (e instanceof TomlError) throw malformed(file, `is not valid TOML (${e.message.split('\n')[0]})`);
    throw e;
  }
}

const BARE_OR_QUOTED = String.raw`(?:[A-Za-z0-9_-]+|"[^"\\\r\n]*"|'[^'\r\n]*')`;
const DOTTED = String.raw`${BARE_OR_QUOTED}(?:\s*\.\s*${BARE_OR_QUOTED})*`;
const TABLE = new RegExp(String.raw`^\s*\[\s*(?<name>${DOTTED})\s*\]\s*(?:#.*)?$`);
const ARRAY_TABLE = /^\s*\[\[/;
// A one-line string only: the lookahead keeps """ and ''' (multi-line strings) out.
const ASSIGN = new RegExp(String.raw`^\s*(?<key>${DOTTED})\s*=\s*(?:"(?!"")(?<basic>[^"\\\r\n]*)"|'(?!'')(?<literal>[^'\r\n]*)')\s*(?:#.*)?$`, 'd');

export function splitDottedKey(key: string): string[] {
  return (key.match(new RegExp(BARE_OR_QUOTED, 'g')) ?? []).map((k) => (/^["']/.test(k) ? k.slice(1, -1) : k));
}

/** Every one-line string assignment at statement level, with its full path. */
export function tomlStrings(text: string): TomlString[] {
  const out: TomlString[] = [];
  let table: string[] | null = [];
  const state: ScanState = { open: null, depth: 0 };
  const from = bomLength(text);
  for (const line of lines(text)) {
    const body = line.start === 0 ? line.text.slice(from) : line.text;
    const offset = line.start === 0 ? from : line.start;
    // Inside a multi-line string or array, a line is data, not a key or a header.
    if (state.open === null && state.depth === 0) {
      const header = TABLE.exec(body);
      if (header) table = splitDottedKey(header.groups!.name!);
      else if (ARRAY_TABLE.test(body)) table = null;
      const m = table && !header ? ASSIGN.exec(body) : null;
      if (m && table) {
        const group = m.groups!.basic !== undefined ? 'basic' : 'literal';
        const [start, end] = m.indices!.groups![group]!;
        out.push({ path: [...table, ...splitDottedKey(m.groups!.key!)], value: m.groups![group]!, start: offset + start, end: offset + end });
      }
    }
    scanLine(body, state);
  }
  return out;
}

interface ScanState {
  open: '"""' | "'''" | null;
  depth: number;
}

/** Tracks multi-line strings and open brackets across lines; skips strings and comments. */
function scanLine(line: string, s: ScanState): void {
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (s.open) {
      if (c === '\\' && s.open === '"""') i += 2;
      else if (line.startsWith(s.open, i)) (i += 3), (s.open = null);
      else i++;
    } else if (c === '#') {
      return;
    } else if (line.startsWith('"""', i) || line.startsWith("'''", i)) {
      s.open = line.slice(i, i + 3) as '"""' | "'''";
      i += 3;
    } else if (c === '"' || c === "'") {
      i++;
      while (i < line.length && line[i] !== c) i += c === '"' && line[i] === '\\' ? 2 : 1;
      i++;
    } else {
      if (c === '[' || c === '{') s.depth++;
      else if (c === ']' || c === '}') s.depth = Math.max(0, s.depth - 1);
      i++;
    }
  }
}
