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
    const holder = findUp(real, (d) => existsSync(path.join(d, 'node_modules', PRESET, 'package.json')));
    return holder !== null && versionAt(path.join(holder, 'node_modules', PRESET)) === __CONVENTIONALCOMMITS_VERSION__;
  } catch {
    return false;
  }
}

/** The package directory of `name` in a file path node resolved, or null. */
export function packageDirOf(file: string, name: string): string | null {
  const marker = `${path.sep}node_modules${path.sep}${name.split('/').join(path.sep)}${path.sep}`;
  const at = file.lastIndexOf(marker);
  return at < 0 ? null : file.slice(0, at + marker.length - 1);
}
