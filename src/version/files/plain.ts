// A plain VERSION file: the whole content is the version. Surrounding whitespace (the trailing
// newline or its absence) is kept, and so is a leading "v" (v1.2.3), which is a spelling, not
// part of the version.

import { basename, bomLength, malformed, replaceOccurrences } from './edit.js';
import { named } from './formats.js';
import type { Occurrence, VersionFileAdapter } from './types.js';

export function readPlain(text: string, file: string): Occurrence[] {
  const from = bomLength(text);
  const content = text.slice(from).trim();
  if (!content) return [];
  if (/\s/.test(content)) throw malformed(file, 'holds more than a version', `A ${basename(file)} file holds only the version, e.g. 1.2.3.`);
  const at = text.indexOf(content, from);
  const start = at + (/^[vV]\d/.test(content) ? 1 : 0);
  const end = at + content.length;
  return [{ key: 'version', value: text.slice(start, end), start, end }];
}

export const plain: VersionFileAdapter = {
  ...named('plain'),
  read: readPlain,
  write: (text, value, file) => replaceOccurrences(text, readPlain(text, file), value, file),
};
