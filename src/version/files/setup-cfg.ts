// setup.cfg and .bumpversion.cfg: `[bumpversion] current_version` and `[metadata] version`.
// `[metadata] version = attr: pkg.__version__` / `file: VERSION` points elsewhere (setuptools
// reads it from there), so it is not a version this file holds.

import { usageError } from '../../errors.js';
import { replaceOccurrences } from './edit.js';
import { parseIni, stripInlineComment, type IniEntry } from './ini.js';
import { named } from './formats.js';
import type { Occurrence, VersionFileAdapter } from './types.js';

const TARGETS: Array<[section: string, key: string]> = [
  ['bumpversion', 'current_version'],
  ['metadata', 'version'],
];

const INDIRECT = /^(attr|file)\s*:/;

function targetEntries(text: string, file: string): Array<{ key: string; e: IniEntry }> {
  const out: Array<{ key: string; e: IniEntry }> = [];
  for (const s of parseIni(text, file)) {
    for (const e of s.entries) {
      if (TARGETS.some(([section, key]) => s.name === section && e.key === key)) out.push({ key: `[${s.name}] ${e.key}`, e });
    }
  }
  return out;
}

export function readSetupCfg(text: string, file: string): Occurrence[] {
  const out: Occurrence[] = [];
  for (const { key, e } of targetEntries(text, file)) {
    if (INDIRECT.test(e.value)) continue;
    if (e.multiline) {
      throw usageError('E_VERSION_FILE_LAYOUT', `${file}: ${key} (line ${e.line}) spans several lines; shipver cannot edit it in place.`, `Write it on one line: ${e.key} = ${e.value.split('\n')[0]}`);
    }
    // configparser keeps "1.2.3  # note" whole; a version never holds spaces, so the rest is a comment.
    const raw = text.slice(e.start, e.end);
    const value = stripInlineComment(raw);
    if (value) out.push({ key, value, start: e.start, end: e.start + value.length });
  }
  return out;
}

/** `[metadata] version = attr: ...` / `file: ...` references: the version lives elsewhere. */
export function setupCfgIndirectVersions(text: string, file: string): string[] {
  return targetEntries(text, file)
    .filter(({ e }) => INDIRECT.test(e.value))
    .map(({ e }) => e.value);
}

export const setupCfg: VersionFileAdapter = {
  ...named('setup-cfg'),
  read: readSetupCfg,
  write: (text, value, file) => replaceOccurrences(text, readSetupCfg(text, file), value, file),
};
