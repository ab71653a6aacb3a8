// Loads a repository's own commitlint config, loaded lazily (only when a repo has one).
//
// Built on commitlint's resolve-extends and execute-rule, with one change to how
// `extends` is resolved: commitlint resolves it from the config file's directory, so
// `extends: ['@commitlint/config-conventional']` fails in a Python repo with no
// node_modules or with a global install (commitlint #126, #613). Here a name that the
// repository does not have installed falls back to the copy bundled with shipver.
//
// Here: the loaders (a config object, package.json's "commitlint" key, a config file, a
// TypeScript config). Resolving what a config names: commitlint-resolve.ts; the error for
// a package that is not installed: commitlint-missing.ts.
import resolveExtends from '@commitlint/resolve-extends';
import executeRule from '@commitlint/execute-rule';
import type { LintOptions, QualifiedRules } from '@commitlint/types';
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { importFile } from '../process/import-file.js';
import { parse as parseYaml } from 'yaml';
import { ShipverError, usageError } from '../errors.js';
import type { LintSetup } from '../commits/lint.js';
import { addDevHint, detectPackageManager } from './package-manager.js';
import { missingModuleIn, notInstalledError, packageNameOf, sourceLabel } from './commitlint-missing.js';
import { extendedConfigImporter, importModule, loadPlugins, recordingResolver, resolveParserOpts, withLoadedParserPreset, type Miss } from './commitlint-resolve.js';

/**
 * Turns a commitlint config object (already read from its file) into lint rules and options.
 * The config's own functions run here (the config itself, a rule, a parserPreset): what
 * they throw is the config's error, not shipver's.
 */
export async function setupFromConfigObject(raw: unknown, file: string): Promise<LintSetup> {
  try {
    return await setupFrom(raw, file);
  } catch (e) {
    if (e instanceof ShipverError) throw e;
    throw usageError('E_COMMITLINT_CONFIG', `${sourceLabel(file)} fails: ${(e as Error)?.message?.split('\n')[0] ?? String(e)}`, `fix ${sourceLabel(file)}`);
  }
}

async function setupFrom(raw: unknown, file: string): Promise<LintSetup> {
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
  const js = ['.js', '.cjs', '.mjs'].includes(ext);
  let raw: unknown;
  try {
    if (js) {
      const m = await importFile(file);
      raw = 'default' in m ? m.default : m;
    } else {
      raw = parseYaml(readFileSync(file, 'utf8')); // JSON is YAML too
    }
  } catch (e) {
    const msg = (e as Error).message.split('\n')[0];
    // node runs a JS config and shows where it breaks; a JSON or YAML one it cannot run
    const where = js ? ` (run "node ${name}" to see the error in context)` : ' (it is read as YAML, which JSON is too)';
    throw usageError('E_COMMITLINT_CONFIG', `${name} cannot be loaded: ${msg}`, `fix ${name}${where} or delete it to use the built-in conventional rules`);
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
