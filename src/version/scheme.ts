// Version schemes. Semver is canonical (tags, package.json, the release plan); Python files
// hold PEP 440. Only the subset both can express is accepted, so that every version shipver
// writes reads back as the same semver:
//   X.Y.Z            <-> X.Y.Z
//   X.Y.Z-alpha.N    <-> X.Y.ZaN
//   X.Y.Z-beta.N     <-> X.Y.ZbN
//   X.Y.Z-rc.N       <-> X.Y.ZrcN
//   X.Y.Z-dev.N      <-> X.Y.Z.devN
// Reading PEP 440 accepts every spelling PEP 440 normalises (1.3.0-b1, 1.3.0beta1, 1.3.0.b1,
// 1.3.0c1, 1.3.0RC1, v1.3.0) and pads a short release (1.3 -> 1.3.0, 1 -> 1.0.0), since
// Python projects commonly write two components. Epochs, post releases, local versions,
// four or more release components, and a pre-release combined with .devN have no faithful
// semver form and are refused rather than guessed.

// lib/version alone: the package's index also loads its specifier and range modules.
import { explain } from '@renovatebot/pep440/lib/version.js';
import { parse as parseSemver } from './semver-fns.js';
import { FORMATS } from './files/formats.js';
import { usageError, type ShipverError } from '../errors.js';

export type VersionScheme = 'semver' | 'pep440';

/** semver pre-release id <-> PEP 440 pre-release letter (dev is separate: a ".devN" segment). */
// Maps, not object literals: a pre-release id is outside input, and "valueOf" or
// "constructor" must not find Object.prototype's functions.
const PRE_TO_PEP = new Map([['alpha', 'a'], ['beta', 'b'], ['rc', 'rc']]);
const PEP_TO_PRE = new Map([['a', 'alpha'], ['b', 'beta'], ['rc', 'rc']]);

const MAPPABLE_HINT =
  'Use a release (1.2.3) or a pre-release shipver can map both ways: 1.2.3-alpha.N / 1.2.3aN, 1.2.3-beta.N / 1.2.3bN, 1.2.3-rc.N / 1.2.3rcN, 1.2.3-dev.N / 1.2.3.devN.';

function unmappable(raw: string, why: string, hint = MAPPABLE_HINT): ShipverError {
  return usageError('E_VERSION_UNMAPPABLE', `Version "${raw}" ${why}.`, hint);
}

/** Strict semver 2.0.0 as written in package.json: no "v", no spaces, build metadata kept. */
export function isValidSemver(version: string): boolean {
  const p = parseSemver(version);
  if (!p) return false;
  // semver.parse trims and drops a leading "v"/"="; insist on the exact spelling.
  const canonical = p.version + (p.build.length ? `+${p.build.join('.')}` : '');
  return canonical === version;
}

/** Reads a version as written in a file of the given scheme and returns canonical semver. */
export function toSemver(raw: string, scheme: VersionScheme): string {
  const text = raw.trim();
  return scheme === 'semver' ? semverToSemver(text) : pep440ToSemver(text);
}

/** Writes a canonical semver version in the given scheme's form. */
export function fromSemver(version: string, scheme: VersionScheme): string {
  if (!isValidSemver(version)) {
    throw unmappable(version, 'is not a valid semver version', 'Versions look like 1.2.3 or 1.2.3-beta.0.');
  }
  return scheme === 'semver' ? version : semverToPep440(version);
}

/** The scheme a version file format uses (semver for a pattern, which names its own). */
export function schemeOf(adapterId: string): VersionScheme {
  return FORMATS.find((f) => f.id === adapterId)?.scheme ?? 'semver';
}

function semverToSemver(text: string): string {
  // A "v" prefix is common in VERSION files and tags; it is not part of the version.
  const v = /^[vV]\d/.test(text) ? text.slice(1) : text;
  if (isValidSemver(v)) return v;
  throw unmappable(text, 'is not a valid semver version', 'Versions look like 1.2.3 or 1.2.3-beta.0 (semver 2.0.0).');
}

function semverToPep440(version: string): string {
  const p = parseSemver(version)!;
  if (p.build.length) {
    throw unmappable(version, 'has build metadata (+...), which PEP 440 cannot express faithfully', 'Drop the "+..." part.');
  }
  const release = `${p.major}.${p.minor}.${p.patch}`;
  if (!p.prerelease.length) return release;
  const [id, n, ...rest] = p.prerelease;
  if (typeof id !== 'string' || typeof n !== 'number' || rest.length) {
    throw unmappable(version, 'has a pre-release PEP 440 cannot express (it needs exactly an id and a number, as in -beta.1)');
  }
  if (id === 'dev') return `${release}.dev${n}`;
  const letter = PRE_TO_PEP.get(id);
  if (!letter) {
    throw unmappable(version, `has the pre-release id "${id}", which PEP 440 cannot express`);
  }
  return `${release}${letter}${n}`;
}

function pep440ToSemver(text: string): string {
  const v = explain(text);
  if (!v) {
    throw unmappable(text, 'is not a valid PEP 440 version', 'Python versions look like 1.2.3, 1.2.3b1, 1.2.3rc1 or 1.2.3.dev0.');
  }
  // The typings say arrays; at runtime post/dev are plain numbers (or null).
  const post = v.post as unknown;
  const dev = v.dev as unknown;
  if (v.epoch !== 0) throw unmappable(text, 'has a PEP 440 epoch (N!), which semver cannot express');
  if (post !== null) throw unmappable(text, 'is a PEP 440 post release, which semver cannot express');
  if (v.local !== null) throw unmappable(text, 'has a PEP 440 local version (+...), which semver cannot express');
  if (v.release.length > 3) throw unmappable(text, 'has more than three release numbers, which semver cannot express');
  if (v.pre && dev !== null) {
    throw unmappable(text, 'combines a pre-release with .devN, which has no semver form that sorts the same way');
  }
  const nums = [...v.release, 0, 0].slice(0, 3);
  const numbers = [...nums, v.pre?.[1] ?? 0, typeof dev === 'number' ? dev : 0];
  if (!numbers.every((n) => Number.isSafeInteger(n))) {
    throw unmappable(text, 'has a number too large to represent');
  }
  const release = nums.join('.');
  if (v.pre) return `${release}-${PEP_TO_PRE.get(String(v.pre[0]))}.${v.pre[1]}`;
  if (typeof dev === 'number') return `${release}-dev.${dev}`;
  return release;
}
