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
}

/** The search places of commitlint's own loader, in its order (package.json is checked separately). */
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

/**
 * True for the config `shipver init` writes (byte for byte), when the repository has no
 * @commitlint/config-conventional of its own: loading it would resolve its `extends` to
 * the bundled copy and give exactly the default rules (test/commits/init-config.test.ts),
 * only ~60 ms later, on every commit.
 */
function isInitConfig(file: string): boolean {
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
  const file = findCommitlintConfig(dir);
  if (file) {
    if (isInitConfig(file)) return { ...defaultSetup(), source: file };
    const { loadCommitlintConfig } = await import('./commitlint-config.js');
    return loadCommitlintConfig(file);
  }
  const pkgFile = path.join(dir, 'package.json');
  if (existsSync(pkgFile)) {
    let pkg: unknown;
    try {
      pkg = JSON.parse(readFileSync(pkgFile, 'utf8'));
    } catch {
      pkg = null; // a broken package.json is not the lint's concern; the version checks report it
    }
    if (pkg && typeof pkg === 'object' && 'commitlint' in pkg) {
      const { setupFromConfigObject } = await import('./commitlint-config.js');
      return setupFromConfigObject((pkg as { commitlint: unknown }).commitlint, pkgFile);
    }
  }
  return defaultSetup();
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
