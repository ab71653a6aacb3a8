// Locates string values in a JSON document by path, with offsets, so an adapter can edit the
// value in place instead of re-serialising (which would lose indentation and key order).

import { bomLength, malformed } from './edit.js';
import type { Occurrence } from './types.js';

interface Span { path: string[]; start: number; end: number; isString: boolean }

/** Occurrences of the string values at the given paths ([] when absent). */
export function jsonOccurrences(text: string, file: string, targets: Array<{ path: string[]; key: string }>): Occurrence[] {
  const from = bomLength(text);
  let data: unknown;
  try {
    data = JSON.parse(text.slice(from));
  } catch (e) {
    throw malformed(file, `is not valid JSON (${(e as Error).message})`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw malformed(file, 'is not a JSON object');
  const maxDepth = Math.max(...targets.map((t) => t.path.length));
  const out: Occurrence[] = [];
  for (const span of scanJson(text, from, maxDepth)) {
    const target = targets.find((t) => samePath(t.path, span.path));
    if (!target) continue;
    if (!span.isString) throw malformed(file, `"${target.key}" is not a string`, `Write it as a string, e.g. "version": "1.0.0".`);
    const raw = text.slice(span.start, span.end);
    out.push({ key: target.key, value: JSON.parse(`"${raw}"`) as string, start: span.start, end: span.end });
  }
  return out;
}

function samePath(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Spans of every value up to maxDepth. Only called on text JSON.parse accepted. */
function scanJson(text: string, from: number, maxDepth: number): Span[] {
  const spans: Span[] = [];
  let i = from;
  const skipWs = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const skipString = (): [number, number] => {
    const start = ++i;
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    return [start, i++];
  };
  // Deeper paths are not recorded, so large lockfiles cost no array copies.
  const value = (path: string[] | null): void => {
    skipWs();
    const c = text[i];
    const child = (k: string): string[] | null => (path && path.length < maxDepth ? [...path, k] : null);
    // Containers are recorded too, so a target holding an object is reported, not skipped.
    if (path?.length && (c === '{' || c === '[')) spans.push({ path, start: i, end: i, isString: false });
    if (c === '{') {
      i++;
      skipWs();
      if (text[i] === '}') return void i++;
      for (;;) {
        skipWs();
        const [ks, ke] = skipString();
        skipWs();
        i++; // ':'
        value(child(JSON.parse(text.slice(ks - 1, ke + 1)) as string));
        skipWs();
        if (text[i++] === '}') return;
      }
    }
    if (c === '[') {
      i++;
      skipWs();
      if (text[i] === ']') return void i++;
      for (let n = 0; ; n++) {
        value(child(String(n)));
        skipWs();
        if (text[i++] === ']') return;
      }
    }
    if (c === '"') {
      const [start, end] = skipString();
      if (path) spans.push({ path, start, end, isString: true });
      return;
    }
    const start = i;
    while (i < text.length && !',]} \t\n\r'.includes(text[i]!)) i++;
    if (path) spans.push({ path, start, end: i, isString: false });
  };
  value([]);
  return spans;
}
