// Commit message linting with commitlint's own lint + is-ignored.
// This module is on the commit-msg hook's path: it imports only what linting with the
// default rules needs. A repository's own commitlint config is loaded lazily.
import commitlintLint from '@commitlint/lint';
import isIgnored from '@commitlint/is-ignored';
import configConventional from '@commitlint/config-conventional';
import createPreset from 'conventional-changelog-conventionalcommits';
import type { LintOptions, QualifiedRules } from '@commitlint/types';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import './parser-guard.js';
import { commitlintConfigSource } from './init-config.js';
import { findUp } from '../find-up.js';
import { CONFIG_CONVENTIONAL, installedCopy, isBundledConfigConventional } from './bundled-copy.js';

export interface RuleFinding {
  rule: string;
  message: string;
}

export interface LintResult {
  valid: boolean;
  ignored: boolean;
  errors: RuleFinding[];
  warnings: RuleFinding[];
}

export interface LintSetup {
  rules: QualifiedRules;
  opts: LintOptions;
  /** the config file the rules came from; null for the built-in config-conventional */
  source: string | null;
  helpUrl?: string;
  /** a message these rules accept, to show next to a refusal (set by lintMessage on the first refusal; null: none of the candidates passes) */
  example?: string | null;
}

/** What a refusal shows as a valid message: the first of these that the rules accept. */
export const EXAMPLE_CANDIDATES = [
  'feat(api): add the version to the status endpoint',
  'feat(api): Add the version to the status endpoint',
  'feat: add the version to the status endpoint',
  'feat: Add the version to the status endpoint',
];

/**
 * The search places of commitlint's own loader, in its order, after package.json and
 * package.yaml (their "commitlint" key comes first: findCommitlintSource).
 */
export const COMMITLINT_CONFIG_FILES = [
  '.commitlintrc',
  '.commitlintrc.json',
  '.commitlintrc.yaml',
  '.commitlintrc.yml',
  '.commitlintrc.js',
  '.commitlintrc.cjs',
  '.commitlintrc.mjs',
  'commitlint.config.js',
  'commitlint.config.cjs',
  'commitlint.config.mjs',
  '.commitlintrc.ts',
  '.commitlintrc.cts',
  '.commitlintrc.mts',
  'commitlint.config.ts',
  'commitlint.config.cts',
  'commitlint.config.mts',
];

/** config-conventional with the conventionalcommits parser options, as commitlint's loader would resolve it. */
export function defaultSetup(): LintSetup {
  return {
    rules: configConventional.rules as QualifiedRules,
    opts: { parserOpts: createPreset().parser, defaultIgnores: true, ignores: [] },
    source: null,
  };
}

/** The repository's commitlint config file, if it has one (cheap: a few stat calls). */
export function findCommitlintConfig(dir: string): string | null {
  for (const name of COMMITLINT_CONFIG_FILES) {
    const p = path.join(dir, name);
    if (existsSync(p)) return p;
  }
  return null;
}

/** Where a repository's commit rules are: a config file, or the "commitlint" key of package.json / package.yaml. */
export interface CommitlintSource {
  file: string;
  /** true when the rules are the "commitlint" key of `file` (package.json or package.yaml) */
  packageKey: boolean;
}

/**
 * The commit rules commitlint itself would use in `dir`, in its loader's order: the
 * "commitlint" key of package.json, then of package.yaml, then the first config file.
 * Cheap: stat calls and one read of package.json.
 */
export function findCommitlintSource(dir: string): CommitlintSource | null {
  const pkgFile = path.join(dir, 'package.json');
  if (existsSync(pkgFile)) {
    let pkg: unknown;
    try {
      pkg = JSON.parse(readFileSync(pkgFile, 'utf8'));
    } catch {
      pkg = null; // a broken package.json is not the lint's concern; the version checks report it
    }
    if (pkg && typeof pkg === 'object' && (pkg as Record<string, unknown>).commitlint !== undefined) return { file: pkgFile, packageKey: true };
  }
  const yamlFile = path.join(dir, 'package.yaml');
  // a top-level "commitlint:" key (read with the YAML parser only when it is there)
  if (existsSync(yamlFile) && /^commitlint\s*:/m.test(readFileSync(yamlFile, 'utf8'))) return { file: yamlFile, packageKey: true };
  const file = findCommitlintConfig(dir);
  return file ? { file, packageKey: false } : null;
}

/**
 * True for the config `shipver init` writes (byte for byte), when the repository has no
 * @commitlint/config-conventional of its own: loading it would resolve its `extends` to
 * the bundled copy and give exactly the default rules (test/commits/init-config.test.ts),
 * only ~60 ms later, on every commit.
 */
export function isInitConfig(file: string): boolean {
  const name = path.basename(file);
  if (name !== 'commitlint.config.js' && name !== 'commitlint.config.mjs') return false;
  let text: string;
  let esm = name.endsWith('.mjs');
  try {
    text = readFileSync(file, 'utf8');
    // a .js file is ESM when the nearest package.json says "type": "module" (init writes
    // the form that loads; the other form fails to load, and must still fail)
    if (!esm) esm = nearestPackageType(path.dirname(file)) === 'module';
  } catch {
    return false;
  }
  if (text !== commitlintConfigSource(esm)) return false;
  // Node resolves the `extends` to the first node_modules copy up the tree: fine when it is
  // the version bundled here (npm hoists shipver's own dependency there), else load it.
  const own = installedCopy(path.dirname(file), CONFIG_CONVENTIONAL);
  return own === null || isBundledConfigConventional(own);
}

function nearestPackageType(dir: string): unknown {
  const holder = findUp(dir, (d) => existsSync(path.join(d, 'package.json')));
  return holder === null ? undefined : (JSON.parse(readFileSync(path.join(holder, 'package.json'), 'utf8')) as { type?: unknown }).type;
}

/** The rules for a repository: its own commitlint config when it has one, else the bundled default. */
export async function lintSetupFor(dir: string): Promise<LintSetup> {
  const found = findCommitlintSource(dir);
  if (!found) return defaultSetup();
  if (found.packageKey) {
    const { loadPackageKeyConfig } = await import('./commitlint-config.js');
    return loadPackageKeyConfig(found.file);
  }
  if (isInitConfig(found.file)) return { ...defaultSetup(), source: found.file };
  const { loadCommitlintConfig } = await import('./commitlint-config.js');
  return loadCommitlintConfig(found.file);
}

export async function lintMessage(message: string, setup: LintSetup): Promise<LintResult> {
  // commitlint calls "" valid ("nothing to lint") and throws on a message of only whitespace;
  // git refuses both, and so does shipver.
  if (message.trim() === '') {
    return { valid: false, ignored: false, errors: [{ rule: 'message-empty', message: 'the commit message is empty' }], warnings: [] };
  }
  let r;
  try {
    r = await commitlintLint(message, setup.rules, setup.opts);
  } catch (e) {
    // Thousands of BREAKING CHANGE lines make the parser recurse past the stack. (commitlint
    // also throws RangeError for unknown rule names: that one is a config error, rethrown.)
    if (e instanceof RangeError && /call stack/i.test(e.message)) {
      return { valid: false, ignored: false, errors: [{ rule: 'shipver-unparseable', message: 'the message is too deeply structured for the commit parser (thousands of note lines?); shorten it' }], warnings: [] };
    }
    throw e;
  }
  // a team's rules (sentence-case subjects, no scopes) may refuse the usual example: find one they accept
  if (!r.valid && setup.example === undefined) {
    setup.example = null;
    for (const candidate of EXAMPLE_CANDIDATES) {
      if ((await commitlintLint(candidate, setup.rules, setup.opts)).valid) {
        setup.example = candidate;
        break;
      }
    }
  }
  const { valid, errors, warnings } = r;
  let ignored: boolean | undefined;
  return {
    valid,
    // commitlint's lint() asks is-ignored first and answers an ignored message with a valid,
    // empty result: only such a result asks it again, and only when read (the hook reads it
    // only to report a refusal; a second run of its regular expressions costs ~0.5 ms)
    get ignored() {
      return (ignored ??= valid && errors.length === 0 && warnings.length === 0 && isIgnored(message, { defaults: setup.opts.defaultIgnores, ignores: setup.opts.ignores }));
    },
    errors: errors.map((e) => ({ rule: e.name, message: e.message })),
    warnings: warnings.map((w) => ({ rule: w.name, message: w.message })),
  };
}
