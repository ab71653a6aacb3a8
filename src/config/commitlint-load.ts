// Loads a repository's own commitlint config, loaded lazily (only when a repo has one).
//
// Built on commitlint's resolve-extends and execute-rule, with one change to how
// `extends` is resolved: commitlint resolves it from the config file's directory, so
// `extends: ['@commitlint/config-conventional']` fails in a Python repo with no
// node_modules or with a global install (commitlint #126, #613). Here a name that the
// repository does not have installed falls back to the copy bundled with shipver.
import resolveExtends, { resolveFromSilent, resolveGlobalSilent } from '@commitlint/resolve-extends';
import executeRule from '@commitlint/execute-rule';
import configConventional from '@commitlint/config-conventional';
import createPreset from 'conventional-changelog-conventionalcommits';
import type { LintOptions, Plugin, QualifiedRules } from '@commitlint/types';
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { importFile } from '../process/import-file.js';
import { CONFIG_CONVENTIONAL, installedCopy, isBundledConfigConventional } from './commitlint-bundled.js';
import { parse as parseYaml } from 'yaml';
import { ShipverError, usageError } from '../errors.js';
import type { LintSetup } from '../commits/lint.js';
import { findUp } from '../find-up.js';
import { addDevHint, detectPackageManager, installCommand } from './package-manager.js';

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
interface Miss {
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
function recordingResolver(misses: Miss[]): (specifier: string, context?: ResolveContext) => string {
  return (specifier, context = {}) => {
    try {
      return resolveId(specifier, context);
    } catch (e) {
      misses.push({ specifier, from: context.cwd ?? process.cwd() });
      throw e;
    }
  };
}

/** The package a bare specifier names ("@acme/dev-config/strict" → "@acme/dev-config"); null for a path. */
export function packageNameOf(specifier: string): string | null {
  if (specifier.startsWith('.') || path.isAbsolute(specifier)) return null;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** How a config source is named to a person: "package.json \"commitlint\"", ".commitlintrc.json". */
export function sourceLabel(file: string): string {
  const name = path.basename(file);
  return name === 'package.json' || name === 'package.yaml' ? `${name} "commitlint"` : name;
}

const DEP_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const;

/**
 * A package the commit rules need (an extended config, a parserPreset, a plugin) that node
 * cannot find: named, with the one command that installs it in this repository's own
 * package manager. Listed in package.json but absent from node_modules (a fresh clone):
 * install the dependencies; not listed: add it.
 */
function notInstalledError(what: string, specifier: string, configFile: string, from: string): ShipverError {
  const label = sourceLabel(configFile);
  const pkgName = packageNameOf(specifier);
  if (pkgName === null) {
    return usageError('E_COMMITLINT_CONFIG', `${label} ${what} "${specifier}", which does not exist (resolved from ${from})`, `fix the path in ${label}`);
  }
  const configDir = path.dirname(configFile);
  const via = from.split(path.sep).includes('node_modules') ? ` (needed by ${path.relative(configDir, from) || from})` : '';
  const holder = findUp(configDir, (d) => existsSync(path.join(d, 'package.json')));
  if (holder === null) {
    return usageError(
      'E_COMMITLINT_CONFIG',
      `${label} ${what} "${pkgName}"${via}, which is not installed (and there is no package.json to install it in)`,
      `install it where node finds it: npm install --global ${pkgName} (or remove it from ${label})`,
    );
  }
  let pkg: Record<string, unknown> = {};
  try {
    pkg = JSON.parse(readFileSync(path.join(holder, 'package.json'), 'utf8')) as Record<string, unknown>;
  } catch {
    // unreadable: treat it as not listed
  }
  const listedIn = DEP_FIELDS.find((f) => {
    const deps = pkg[f];
    return deps && typeof deps === 'object' && pkgName in deps;
  });
  const pm = detectPackageManager(holder);
  const where = holder === configDir ? '' : ` (in ${holder})`;
  if (listedIn) {
    return usageError(
      'E_COMMITLINT_CONFIG',
      `${label} ${what} "${pkgName}"${via}, which is not installed: package.json lists it in ${listedIn}, but node_modules has no copy (a fresh clone?)`,
      `install the dependencies: ${installCommand(pm)}${where}, then try again`,
    );
  }
  return usageError(
    'E_COMMITLINT_CONFIG',
    `${label} ${what} "${pkgName}"${via}, which is not installed`,
    `add it: ${addDevHint(pm, pkgName)}${where} (or fix the name in ${label})`,
  );
}

async function importModule(id: string): Promise<unknown> {
  if (id.startsWith(BUNDLED_PREFIX)) return BUNDLED[id.slice(BUNDLED_PREFIX.length)]!();
  if (id.endsWith('.json')) return JSON.parse(readFileSync(id, 'utf8'));
  const m = await importFile(id);
  return ('default' in m && m.default) || m;
}

async function resolveParserOpts(preset: unknown, baseDir: string, configFile: string): Promise<LintOptions['parserOpts']> {
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
function extendedConfigImporter(configFile: string): (id: string) => Promise<unknown> {
  return async (id) => {
    const c = await importModule(id);
    return c && typeof c === 'object' ? withLoadedParserPreset(c as Record<string, unknown>, path.dirname(id), configFile) : c;
  };
}

/** A config whose parserPreset is a name, with that preset loaded from `baseDir` instead. */
async function withLoadedParserPreset(config: Record<string, unknown>, baseDir: string, configFile: string): Promise<Record<string, unknown>> {
  const name = config.parserPreset;
  return typeof name === 'string' ? { ...config, parserPreset: { name, parserOpts: await resolveParserOpts(name, baseDir, configFile) } } : config;
}

/** The missing module named in a "Cannot find module" message (resolve-extends', node's). */
function missingModuleIn(message: string): string | null {
  return /Cannot find (?:module|package) ['"]([^'"]+)['"]/.exec(message)?.[1] ?? null;
}

async function loadPlugins(list: unknown, baseDir: string, configFile: string): Promise<Record<string, Plugin>> {
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

/** Turns a commitlint config object (already read from its file) into lint rules and options. */
export async function setupFromConfigObject(raw: unknown, file: string): Promise<LintSetup> {
  let config = raw;
  if (typeof config === 'function') config = await (config as () => unknown)();
  config = await config;
  if (!config || typeof config !== 'object' || Array.isArray(config)) {
    throw usageError('E_COMMITLINT_CONFIG', `${sourceLabel(file)} is not a commitlint config object`, 'make it an object such as { extends: ["@commitlint/config-conventional"] }');
  }
  const baseDir = path.dirname(file);
  const own = await withLoadedParserPreset({ ...(config as Record<string, unknown>) }, baseDir, file);
  const misses: Miss[] = [];
  let extended: Record<string, unknown>;
  try {
    extended = (await resolveExtends(own as never, {
      prefix: 'commitlint-config',
      cwd: baseDir,
      resolve: recordingResolver(misses) as never,
      dynamicImport: extendedConfigImporter(file) as never,
    } as never)) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof ShipverError) throw e; // an extended config's parserPreset, with its own hint
    // resolve-extends retries a missing name under a legacy prefix and reports that one: name the first
    const miss = misses.find((m) => !m.specifier.startsWith('conventional-changelog-lint-config-')) ?? misses[0];
    if (miss) throw notInstalledError('extends', miss.specifier, file, miss.from);
    throw usageError('E_COMMITLINT_CONFIG', `${sourceLabel(file)}: ${(e as Error).message}`, `fix ${sourceLabel(file)}`);
  }
  const rules: Record<string, unknown> = {};
  for (const entry of Object.entries((extended.rules as Record<string, unknown>) ?? {})) {
    const r = await executeRule(entry as never);
    if (r) rules[r[0]] = r[1];
  }
  const opts: LintOptions = {
    parserOpts: await resolveParserOpts(extended.parserPreset, baseDir, file),
    plugins: await loadPlugins(extended.plugins, baseDir, file),
    ignores: (extended.ignores as LintOptions['ignores']) ?? [],
    defaultIgnores: extended.defaultIgnores !== false,
    helpUrl: typeof extended.helpUrl === 'string' ? extended.helpUrl : undefined,
  };
  return { rules: rules as QualifiedRules, opts, source: file, helpUrl: opts.helpUrl };
}

/** The "commitlint" key of package.json (or package.yaml), as commitlint reads it. */
export async function loadPackageKeyConfig(file: string): Promise<LintSetup> {
  let raw: unknown;
  try {
    const text = readFileSync(file, 'utf8');
    raw = ((file.endsWith('.json') ? JSON.parse(text) : parseYaml(text)) as Record<string, unknown> | null)?.commitlint;
  } catch (e) {
    throw usageError('E_COMMITLINT_CONFIG', `${path.basename(file)} cannot be read: ${(e as Error).message.split('\n')[0]}`, `fix ${path.basename(file)}`);
  }
  return setupFromConfigObject(raw, file);
}

/** Reads and resolves a commitlint config file (JS, JSON or YAML; TypeScript through the repo's own @commitlint/load). */
export async function loadCommitlintConfig(file: string): Promise<LintSetup> {
  const ext = path.extname(file);
  const name = path.basename(file);
  if (['.ts', '.cts', '.mts'].includes(ext)) return loadTypeScriptConfig(file);
  let raw: unknown;
  try {
    if (['.js', '.cjs', '.mjs'].includes(ext)) {
      const m = await importFile(file);
      raw = 'default' in m ? m.default : m;
    } else {
      raw = parseYaml(readFileSync(file, 'utf8')); // JSON is YAML too
    }
  } catch (e) {
    const msg = (e as Error).message.split('\n')[0];
    throw usageError('E_COMMITLINT_CONFIG', `${name} cannot be loaded: ${msg}`, `fix ${name} (run "node ${name}" to see the error in context) or delete it to use the built-in conventional rules`);
  }
  return setupFromConfigObject(raw, file);
}

// TypeScript configs need a TypeScript loader; shipver does not ship one (it would add
// typescript to every install). A repository with a .ts config has commitlint itself.
async function loadTypeScriptConfig(file: string): Promise<LintSetup> {
  const dir = path.dirname(file);
  let loadPath: string;
  try {
    loadPath = createRequire(path.join(dir, 'noop.js')).resolve('@commitlint/load');
  } catch {
    const pm = existsSync(path.join(dir, 'package.json')) ? addDevHint(detectPackageManager(dir), '@commitlint/load') : 'npm install --save-dev @commitlint/load';
    throw usageError('E_COMMITLINT_CONFIG', `${path.basename(file)} is TypeScript, and @commitlint/load is not installed to read it`, `rename it to commitlint.config.mjs (same content, without type annotations), or ${pm}`);
  }
  const load = (await importModule(loadPath)) as (seed: object, o: object) => Promise<Record<string, unknown>>;
  let loaded: Record<string, unknown>;
  try {
    loaded = await load({}, { cwd: dir, file });
  } catch (e) {
    const missing = missingModuleIn((e as Error).message);
    if (missing && packageNameOf(missing)) throw notInstalledError('extends', missing, file, dir);
    throw usageError('E_COMMITLINT_CONFIG', `${path.basename(file)} cannot be loaded: ${(e as Error).message.split('\n')[0]}`, `fix ${path.basename(file)}`);
  }
  const preset = loaded.parserPreset as { parserOpts?: LintOptions['parserOpts'] } | undefined;
  const opts: LintOptions = {
    parserOpts: preset?.parserOpts ?? {},
    plugins: (loaded.plugins as LintOptions['plugins']) ?? {},
    ignores: (loaded.ignores as LintOptions['ignores']) ?? [],
    defaultIgnores: loaded.defaultIgnores !== false,
    helpUrl: loaded.helpUrl as string | undefined,
  };
  return { rules: loaded.rules as QualifiedRules, opts, source: file, helpUrl: opts.helpUrl };
}
