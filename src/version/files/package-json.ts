// package.json: the top-level "version" only; "version" keys in nested objects are not ours.

import { replaceOccurrences } from './edit.js';
import { jsonOccurrences } from './json.js';
import { named } from './formats.js';
import type { VersionFileAdapter } from './types.js';

const TARGETS = [{ path: ['version'], key: 'version' }];

export const packageJson: VersionFileAdapter = {
  ...named('package-json'),
  read: (text, file) => jsonOccurrences(text, file, TARGETS),
  write: (text, value, file) => replaceOccurrences(text, jsonOccurrences(text, file, TARGETS), value, file),
};
