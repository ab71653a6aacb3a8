// pyproject.toml: `[project] version`, `[tool.poetry] version`, `[tool.bumpversion] current_version`.
// `[project] dynamic = ["version"]` means a build backend computes it: reported, never written.

import { usageError } from '../../errors.js';
import { malformed, replaceOccurrences } from './edit.js';
import { parseToml, tomlStrings } from './toml.js';
import { named } from './formats.js';
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
  ...named('pyproject'),
  read: readPyproject,
  write: (text, value, file) => replaceOccurrences(text, readPyproject(text, file), value, file),
};

/** Where a build backend takes a dynamic version from. */
export type DynamicSource =
  | { kind: 'attr'; module: string; text: string }
  | { kind: 'path'; path: string; text: string }
  | { kind: 'vcs'; tool: string }
  | { kind: 'unknown' };

const table = (v: unknown): Record<string, unknown> | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null);

/**
 * `[project] dynamic = ["version"]` with the line it is on and where the build backend takes
 * the version from (setuptools attr:/file:, hatch path or vcs, setuptools-scm, pdm, flit);
 * null when the version is not dynamic.
 */
export function pyprojectDynamicInfo(text: string, file = 'pyproject.toml'): { line: number | null; source: DynamicSource } | null {
  const data = parseToml(text, file);
  if (!pyprojectDynamicVersion(text, file)) return null;
  let line: number | null = null;
  let inProject = false;
  text.split('\n').forEach((l, i) => {
    if (/^\s*\[/.test(l)) inProject = /^\s*\[\s*project\s*\]/.test(l);
    else if (inProject && line === null && /^\s*dynamic\s*=/.test(l)) line = i + 1;
  });
  const tool = table(data.tool) ?? {};
  const setuptools = table(table(table(tool.setuptools)?.dynamic)?.version);
  const hatch = table(table(tool.hatch)?.version);
  const pdm = table(table(tool.pdm)?.version);
  const requires = JSON.stringify(table(data['build-system'])?.requires ?? []);
  let source: DynamicSource = { kind: 'unknown' };
  if (typeof setuptools?.attr === 'string') {
    source = { kind: 'attr', module: setuptools.attr.split('.').slice(0, -1).join('.'), text: `[tool.setuptools.dynamic] version = {attr = "${setuptools.attr}"}` };
  } else if (typeof setuptools?.file === 'string' || (Array.isArray(setuptools?.file) && typeof setuptools.file[0] === 'string')) {
    const f = typeof setuptools!.file === 'string' ? setuptools!.file : (setuptools!.file as string[])[0]!;
    source = { kind: 'path', path: f, text: `[tool.setuptools.dynamic] version = {file = "${f}"}` };
  } else if (typeof hatch?.path === 'string') {
    source = { kind: 'path', path: hatch.path, text: `[tool.hatch.version] path = "${hatch.path}"` };
  } else if (hatch?.source === 'vcs') {
    source = { kind: 'vcs', tool: 'hatch-vcs' };
  } else if (pdm && typeof pdm.path === 'string') {
    source = { kind: 'path', path: pdm.path, text: `[tool.pdm.version] path = "${pdm.path}"` };
  } else if (pdm?.source === 'scm') {
    source = { kind: 'vcs', tool: 'pdm (source = "scm")' };
  } else if (tool.setuptools_scm !== undefined || /setuptools[-_]scm/.test(requires)) {
    source = { kind: 'vcs', tool: 'setuptools-scm' };
  } else if (/flit/.test(requires)) {
    const name = table(data.project)?.name;
    if (typeof name === 'string') source = { kind: 'attr', module: name.replace(/-/g, '_'), text: `flit reads ${name.replace(/-/g, '_')}.__version__` };
  }
  return { line, source };
}

/** The project's name in [project] or [tool.poetry], if any. */
export function pyprojectName(text: string, file = 'pyproject.toml'): string | null {
  const data = parseToml(text, file);
  const name = table(data.project)?.name ?? table(table(data.tool)?.poetry)?.name;
  return typeof name === 'string' ? name : null;
}
