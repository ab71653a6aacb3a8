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
  let spans: Span[];
  try {
    spans = scanJson(text, from, maxDepth);
  } catch (e) {
    // the scan does not recurse; this guards what the engine may still run out of
    if (e instanceof RangeError) throw malformed(file, `is too large or too deeply nested to read (${e.message})`);
    throw e;
  }
  const out: Occurrence[] = [];
  for (const span of spans) {
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

/**
 * Spans of every value up to maxDepth. Only called on text JSON.parse accepted. Iterative,
 * with its own stack of open containers: any nesting JSON.parse accepts (it has no depth
 * limit) is scanned without growing the call stack.
 */
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
  /** an open container: its path (null below maxDepth) and, for an array, its next index */
  interface Open { path: string[] | null; array: boolean; n: number }
  const open: Open[] = [];
  // Deeper paths are not recorded, so large lockfiles cost no array copies.
  const child = (c: Open, k: () => string): string[] | null => (c.path && c.path.length < maxDepth ? [...c.path, k()] : null);
  /** at an object key: reads it and the ':' after it, gives the member's path */
  const member = (c: Open): string[] | null => {
    skipWs();
    const [ks, ke] = skipString();
    skipWs();
    i++; // ':'
    return child(c, () => JSON.parse(text.slice(ks - 1, ke + 1)) as string);
  };
  let path: string[] | null = []; // the path of the value at i
  for (;;) {
    skipWs();
    const c = text[i];
    if (c === '{' || c === '[') {
      // Containers are recorded too, so a target holding an object is reported, not skipped.
      if (path?.length) spans.push({ path, start: i, end: i, isString: false });
      i++;
      skipWs();
      if (text[i] === (c === '{' ? '}' : ']')) {
        i++; // empty: a complete value
      } else {
        const o: Open = { path, array: c === '[', n: 0 };
        open.push(o);
        path = o.array ? child(o, () => '0') : member(o);
        continue;
      }
    } else if (c === '"') {
      const [start, end] = skipString();
      if (path) spans.push({ path, start, end, isString: true });
    } else {
      const start = i;
      while (i < text.length && !',]} \t\n\r'.includes(text[i]!)) i++;
      if (path) spans.push({ path, start, end: i, isString: false });
    }
    // A value ended: close the containers it ends, up to one with a next element.
    for (;;) {
      const o = open.at(-1);
      if (!o) return spans;
      skipWs();
      if (text[i++] === ',') {
        path = o.array ? child(o, () => String(++o.n)) : member(o);
        break;
      }
      open.pop(); // '}' or ']'
    }
  }
}
