// package-lock.json / npm-shrinkwrap.json: the root "version" and packages[""].version (the root
// package's entry in lockfile v2/v3). Dependency entries also have "version" and must not change.

import { replaceOccurrences } from './edit.js';
import { jsonOccurrences } from './json.js';
import { named } from './formats.js';
import type { VersionFileAdapter } from './types.js';

const TARGETS = [
  { path: ['version'], key: 'version' },
  { path: ['packages', '', 'version'], key: 'packages[""].version' },
];

export const packageLock: VersionFileAdapter = {
  ...named('package-lock'),
  read: (text, file) => jsonOccurrences(text, file, TARGETS),
  write: (text, value, file) => replaceOccurrences(text, jsonOccurrences(text, file, TARGETS), value, file),
};
