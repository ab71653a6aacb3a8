// pyproject.toml: `[project] version`, `[tool.poetry] version`, `[tool.bumpversion] current_version`.
// `[project] dynamic = ["version"]` means a build backend computes it: reported, never written.

import { usageError } from '../../errors.js';
import { basename, malformed, replaceOccurrences } from './edit.js';
import { parseToml, tomlStrings } from './toml.js';
import type { Occurrence, VersionFileAdapter } from './types.js';

const TARGETS: Array<{ path: string[]; key: string }> = [
  { path: ['project', 'version'], key: '[project] version' },
  { path: ['tool', 'poetry', 'version'], key: '[tool.poetry] version' },
  { path: ['tool', 'bumpversion', 'current_version'], key: '[tool.bumpversion] current_version' },
];

function lookup(data: Record<string, unknown>, path: string[]): unknown {
  let v: unknown = data;
  for (const k of path) v = typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>)[k] : undefined;
  return v;
}

export function readPyproject(text: string, file: string): Occurrence[] {
  const data = parseToml(text, file);
  const strings = tomlStrings(text);
  const out: Occurrence[] = [];
  for (const t of TARGETS) {
    const parsed = lookup(data, t.path);
    if (parsed === undefined) continue;
    if (typeof parsed !== 'string') throw malformed(file, `${t.key} is not a string`);
    const found = strings.find((s) => s.path.join('\0') === t.path.join('\0') && s.value === parsed);
    if (!found) {
      // Inline tables, multi-line or escaped strings: valid TOML, but not safe to edit by offset.
      throw usageError('E_VERSION_FILE_LAYOUT', `${file}: ${t.key} is written in a form shipver cannot edit in place.`, `Write it as a plain line under its table: ${t.path.at(-1)} = "${parsed}"`);
    }
    out.push({ key: t.key, value: found.value, start: found.start, end: found.end });
  }
  return out;
}

/** True when `[project] dynamic` lists "version": the build backend sets it, not this file. */
export function pyprojectDynamicVersion(text: string, file = 'pyproject.toml'): boolean {
  const dynamic = lookup(parseToml(text, file), ['project', 'dynamic']);
  return Array.isArray(dynamic) && dynamic.includes('version');
}

export const pyproject: VersionFileAdapter = {
  id: 'pyproject',
  scheme: 'pep440',
  matches: (file) => basename(file) === 'pyproject.toml',
  read: readPyproject,
  write: (text, value, file) => replaceOccurrences(text, readPyproject(text, file), value, file),
};
