// The error for a package a commitlint config needs that node cannot find: named, with the
// one command that installs it in the repository's own package manager.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { usageError, type ShipverError } from '../errors.js';
import { findUp } from '../find-up.js';
import { addDevHint, detectPackageManager, installCommand } from './package-manager.js';

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
export function notInstalledError(what: string, specifier: string, configFile: string, from: string): ShipverError {
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

/** The missing module named in a "Cannot find module" message (resolve-extends', node's). */
export function missingModuleIn(message: string): string | null {
  return /Cannot find (?:module|package) ['"]([^'"]+)['"]/.exec(message)?.[1] ?? null;
}
