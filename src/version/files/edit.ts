// Helpers shared by the adapters: errors that name the file, and offset-based edits.

import { usageError, type ShipverError } from '../../errors.js';
import type { Occurrence } from './types.js';

/** Offset just past a UTF-8 BOM, if the text starts with one (parsers choke on it). */
export function bomLength(text: string): number {
  return text.charCodeAt(0) === 0xfeff ? 1 : 0;
}

export function malformed(file: string, reason: string, hint?: string): ShipverError {
  return usageError('E_VERSION_FILE_MALFORMED', `${file}: ${reason}.`, hint ?? `Fix ${file} by hand, then run shipver again.`);
}

/** Lines with their offsets; `text` excludes the line break (\n or \r\n). */
export function lines(text: string): Array<{ text: string; start: number }> {
  const out: Array<{ text: string; start: number }> = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    const end = nl === -1 ? text.length : nl;
    const cr = end > start && text[end - 1] === '\r' ? 1 : 0;
    out.push({ text: text.slice(start, end - cr), start });
    if (nl === -1) return out;
    start = nl + 1;
  }
}

// A version never needs quotes, spaces or line breaks; refusing them keeps a bad value from
// corrupting the file's syntax around it.
const SAFE_VALUE = /^[0-9A-Za-z][0-9A-Za-z.+!_-]*$/;

/** Refuses a value that is not version-like, or a file with nothing to replace. */
export function assertWritable(occurrences: Occurrence[], value: string, file: string): void {
  if (!SAFE_VALUE.test(value)) {
    throw usageError('E_VERSION_FILE_VALUE', `${file}: refusing to write "${value}" as a version.`, 'A version holds only letters, digits and . + ! _ -');
  }
  if (!occurrences.length) {
    throw usageError('E_VERSION_FILE_NO_VERSION', `${file}: holds no version to replace.`, `Add the version to ${file} by hand once, or remove it from the version files.`);
  }
}

/** Replaces each occurrence's [start, end) with value, leaving every other byte alone. */
export function replaceOccurrences(text: string, occurrences: Occurrence[], value: string, file: string): string {
  assertWritable(occurrences, value, file);
  let out = text;
  // From the end, so earlier offsets stay valid.
  for (const o of [...occurrences].sort((a, b) => b.start - a.start)) {
    out = out.slice(0, o.start) + value + out.slice(o.end);
  }
  return out;
}

export function basename(file: string): string {
  return file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
}
