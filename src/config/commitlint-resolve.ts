// Resolving and loading what a commitlint config names (extended configs, the parser
// preset, plugins) the way commitlint does, with one change: a name the repository does not
// have installed falls back to the copy bundled with shipver (commitlint-load.ts says why).
import { resolveFromSilent, resolveGlobalSilent } from '@commitlint/resolve-extends';
import configConventional from '@commitlint/config-conventional';
import createPreset from 'conventional-changelog-conventionalcommits';
import type { LintOptions, Plugin } from '@commitlint/types';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { importFile } from '../process/import-file.js';
import { CONFIG_CONVENTIONAL, installedCopy, isBundledConfigConventional } from './commitlint-bundled.js';
import { notInstalledError } from './commitlint-missing.js';

const BUNDLED_PREFIX = 'shipver-bundled:';
const PRESET_NAME = 'conventional-changelog-conventionalcommits';

function bundledPresetParser() {
  return { name: PRESET_NAME, path: BUNDLED_PREFIX + PRESET_NAME, parserOpts: createPreset().parser };
}

/** What the bundled copies resolve to, for names the repository cannot resolve itself. */
const BUNDLED: Record<string, () => Record<string, unknown>> = {
  [CONFIG_CONVENTIONAL]: () => ({ ...configConventional, parserPreset: bundledPresetParser() }),
};

interface ResolveContext {
  cwd?: string;
}

/** A specifier that could not be resolved, and the directory it was resolved from. */
export interface Miss {
  specifier: string;
  from: string;
}

function resolveId(specifier: string, context: ResolveContext = {}): string {
  const cwd = context.cwd ?? process.cwd();
  const local = resolveFromSilent(specifier, cwd);
  if (typeof local === 'string') {
    // the repository's copy is the bundled one: the same rules and parser without loading it
    const dir = specifier === CONFIG_CONVENTIONAL ? installedCopy(cwd, specifier) : null;
    return dir && isBundledConfigConventional(dir) ? BUNDLED_PREFIX + specifier : local;
  }
  if (specifier in BUNDLED) return BUNDLED_PREFIX + specifier;
  const global = resolveGlobalSilent(specifier);
  if (typeof global === 'string') return global;
  throw Object.assign(new Error(`Cannot find module "${specifier}" from "${cwd}"`), { code: 'MODULE_NOT_FOUND' });
}

/** resolveId, noting each specifier it cannot find (resolve-extends then tries a legacy name, and reports only that one). */
export function recordingResolver(misses: Miss[]): (specifier: string, context?: ResolveContext) => string {
  return (specifier, context = {}) => {
    try {
      return resolveId(specifier, context);
    } catch (e) {
      misses.push({ specifier, from: context.cwd ?? process.cwd() });
      throw e;
    }
  };
}

export async function importModule(id: string): Promise<unknown> {
  if (id.startsWith(BUNDLED_PREFIX)) return BUNDLED[id.slice(BUNDLED_PREFIX.length)]!();
  if (id.endsWith('.json')) return JSON.parse(readFileSync(id, 'utf8'));
  const m = await importFile(id);
  return ('default' in m && m.default) || m;
}

export async function resolveParserOpts(preset: unknown, baseDir: string, configFile: string): Promise<LintOptions['parserOpts']> {
  let p: unknown = preset;
  if (typeof p === 'string') {
    let resolved: string | undefined;
    try {
      resolved = resolveId(p, { cwd: baseDir });
    } catch {
      resolved = p === PRESET_NAME ? BUNDLED_PREFIX + PRESET_NAME : undefined;
    }
    if (!resolved) throw notInstalledError('uses the parser preset', p, configFile, baseDir);
    p = resolved.startsWith(BUNDLED_PREFIX) ? bundledPresetParser() : { name: p, parserOpts: await importModule(resolved) };
  }
  if (typeof p === 'function') p = await (p as () => unknown)();
  if (!p || typeof p !== 'object') return undefined;
  let opts: unknown = 'parserOpts' in p ? (p as { parserOpts: unknown }).parserOpts : p;
  opts = await opts;
  // A preset module (such as conventional-changelog-conventionalcommits) exports a factory.
  if (typeof opts === 'function') opts = await (opts as () => unknown)();
  if (opts && typeof opts === 'object') {
    const o = opts as Record<string, unknown>;
    if (o.parserOpts && typeof o.parserOpts === 'object') {
      const { parserOpts: inner, ...rest } = o;
      opts = { ...(inner as object), ...rest };
    } else if (o.parser && typeof o.parser === 'object' && !('headerPattern' in o)) opts = o.parser;
  }
  return opts as LintOptions['parserOpts'];
}

/**
 * resolve-extends loads an extended config's parserPreset string (config-conventional's
 * "conventional-changelog-conventionalcommits") with an import() of its own, which a
 * bundle run as a script cannot make: it is resolved and loaded here instead, from the
 * extended config's directory, the way the repository's own parserPreset is.
 */
export function extendedConfigImporter(configFile: string): (id: string) => Promise<unknown> {
  return async (id) => {
    const c = await importModule(id);
    return c && typeof c === 'object' ? withLoadedParserPreset(c as Record<string, unknown>, path.dirname(id), configFile) : c;
  };
}

/** A config whose parserPreset is a name, with that preset loaded from `baseDir` instead. */
export async function withLoadedParserPreset(config: Record<string, unknown>, baseDir: string, configFile: string): Promise<Record<string, unknown>> {
  const name = config.parserPreset;
  return typeof name === 'string' ? { ...config, parserPreset: { name, parserOpts: await resolveParserOpts(name, baseDir, configFile) } } : config;
}

export async function loadPlugins(list: unknown, baseDir: string, configFile: string): Promise<Record<string, Plugin>> {
  const plugins: Record<string, Plugin> = {};
  if (!Array.isArray(list)) return plugins;
  for (const entry of list) {
    if (typeof entry !== 'string') {
      plugins.local = entry as Plugin;
      continue;
    }
    const names = entry.startsWith('@') || entry.startsWith('commitlint-plugin-') ? [entry] : [`commitlint-plugin-${entry}`, entry];
    const found = names.map((n) => resolveFromSilent(n, baseDir)).find((r): r is string => typeof r === 'string');
    if (!found) throw notInstalledError('uses the plugin', names[0]!, configFile, baseDir);
    plugins[entry] = (await importModule(found)) as Plugin;
  }
  return plugins;
}
