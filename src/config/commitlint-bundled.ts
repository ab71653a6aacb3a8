// Whether a repository's installed @commitlint/config-conventional is the one bundled in
// shipver: the same version, and the same version of the parser preset it resolves. Then
// loading it gives the bundled rules and parser exactly, only ~15 ms later on every commit
// (node's ESM loader over two packages), so the hook uses the bundled copy instead.
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { findUp } from '../find-up.js';

/** The bundled versions (scripts/build.mjs); unset when not bundled (tests on src/). */
declare const __CONFIG_CONVENTIONAL_VERSION__: string | undefined;
declare const __CONVENTIONALCOMMITS_VERSION__: string | undefined;

export const CONFIG_CONVENTIONAL = '@commitlint/config-conventional';
const PRESET = 'conventional-changelog-conventionalcommits';

function versionAt(dir: string): unknown {
  return (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version?: unknown }).version;
}

/** `dir`: the package directory of an installed @commitlint/config-conventional. */
export function isBundledConfigConventional(dir: string): boolean {
  if (typeof __CONFIG_CONVENTIONAL_VERSION__ !== 'string' || typeof __CONVENTIONALCOMMITS_VERSION__ !== 'string') return false;
  try {
    const real = realpathSync(dir);
    if (versionAt(real) !== __CONFIG_CONVENTIONAL_VERSION__) return false;
    // its parser preset, where node resolves it from there
    const preset = installedCopy(real, PRESET);
    return preset !== null && versionAt(preset) === __CONVENTIONALCOMMITS_VERSION__;
  } catch {
    return false;
  }
}

/** Where node finds package `name` from `dir`: the first node_modules copy up the tree, or null. */
export function installedCopy(dir: string, name: string): string | null {
  const at = (d: string) => path.join(d, 'node_modules', ...name.split('/'));
  const holder = findUp(dir, (d) => existsSync(path.join(at(d), 'package.json')));
  return holder === null ? null : at(holder);
}
