// Which commit rules a repository has, as commitlint itself would find them: the
// "commitlint" key of package.json / package.yaml, or the first config file. Finding is
// cheap (stat calls, one read of package.json) and on the commit-msg hook's path; loading a
// config file is commitlint-load.ts, a bundle of its own that the hook runs only then.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { findUp } from '../find-up.js';
import { defaultSetup, lintMessage, type LintResult, type LintSetup } from '../commits/lint.js';
import { usageError } from '../errors.js';
import { commitlintConfigSource } from './commitlint-init.js';
import { CONFIG_CONVENTIONAL, installedCopy, isBundledConfigConventional } from './commitlint-bundled.js';

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
  // a top-level "commitlint:" key (read with the YAML parser only when it is there); one that
  // cannot be read (a directory, no permission) is skipped, as a broken package.json is
  if (existsSync(yamlFile) && /^commitlint\s*:/m.test(readOrEmpty(yamlFile))) return { file: yamlFile, packageKey: true };
  const file = findCommitlintConfig(dir);
  return file ? { file, packageKey: false } : null;
}

function readOrEmpty(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
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
    const { loadPackageKeyConfig } = await import('./commitlint-load.js');
    return loadPackageKeyConfig(found.file);
  }
  if (isInitConfig(found.file)) return { ...defaultSetup(), source: found.file };
  const { loadCommitlintConfig } = await import('./commitlint-load.js');
  return loadCommitlintConfig(found.file);
}

/** lintMessage, with the rules commitlint cannot run (an unknown rule name, a bad value) a config error. */
export async function lintOrConfigError(message: string, setup: LintSetup): Promise<LintResult> {
  try {
    return await lintMessage(message, setup);
  } catch (e) {
    throw usageError('E_COMMITLINT_CONFIG', `the commitlint rules are invalid: ${(e as Error).message.split('\n')[0]}`, `fix ${setup.source ?? 'the commitlint config'}`);
  }
}
