import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fromSemver, isValidSemver, schemeOf, toSemver } from '../../src/version/scheme.js';
import { mappableSemver, shipverError } from './helpers.js';

describe('semver <-> PEP 440 mapping table', () => {
  const table: Array<[semver: string, pep440: string]> = [
    ['1.2.3', '1.2.3'],
    ['0.0.1', '0.0.1'],
    ['1.3.0-alpha.1', '1.3.0a1'],
    ['1.3.0-beta.0', '1.3.0b0'],
    ['1.3.0-beta.1', '1.3.0b1'],
    ['1.3.0-rc.2', '1.3.0rc2'],
    ['1.3.0-dev.0', '1.3.0.dev0'],
    ['10.20.30-dev.7', '10.20.30.dev7'],
  ];
  it.each(table)('%s -> %s', (semver, pep) => expect(fromSemver(semver, 'pep440')).toBe(pep));
  it.each(table)('%s <- %s', (semver, pep) => expect(toSemver(pep, 'pep440')).toBe(semver));
  it.each(table)('semver scheme keeps %s as it is', (semver) => {
    expect(fromSemver(semver, 'semver')).toBe(semver);
    expect(toSemver(semver, 'semver')).toBe(semver);
  });
});

describe('reading PEP 440 accepts every valid spelling', () => {
  it.each([
    ['1.3.0-b1', '1.3.0-beta.1'],
    ['1.3.0beta1', '1.3.0-beta.1'],
    ['1.3.0.b1', '1.3.0-beta.1'],
    ['1.3.0_b1', '1.3.0-beta.1'],
    ['1.3.0-beta.1', '1.3.0-beta.1'],
    ['1.3.0B1', '1.3.0-beta.1'],
    ['1.3.0b01', '1.3.0-beta.1'],
    ['1.3b', '1.3.0-beta.0'],
    ['1.3.0a2', '1.3.0-alpha.2'],
    ['1.3.0-alpha.2', '1.3.0-alpha.2'],
    ['1.3.0alpha2', '1.3.0-alpha.2'],
    ['1.3.0c1', '1.3.0-rc.1'],
    ['1.3.0pre1', '1.3.0-rc.1'],
    ['1.3.0preview1', '1.3.0-rc.1'],
    ['1.3.0-rc.1', '1.3.0-rc.1'],
    ['1.3.0RC1', '1.3.0-rc.1'],
    ['1.3.0dev1', '1.3.0-dev.1'],
    ['1.3.0-dev.1', '1.3.0-dev.1'],
    ['1.3.0.dev', '1.3.0-dev.0'],
    ['v1.3.0', '1.3.0'],
    ['V1.3.0', '1.3.0'],
    ['1.3', '1.3.0'],
    ['1', '1.0.0'],
    ['01.02.03', '1.2.3'],
    [' 1.3.0\n', '1.3.0'],
  ])('%j -> %s', (pep, semver) => expect(toSemver(pep, 'pep440')).toBe(semver));
});

describe('unmappable and invalid versions', () => {
  it.each([
    ['1!2.0', /epoch/],
    ['1.0.post1', /post release/],
    ['1.0-1', /post release/],
    ['1.0.0+abc', /local version/],
    ['1.0.0rc1.dev2', /pre-release with \.devN/],
    ['1.2.3.4', /more than three/],
    ['1.3.0-beta.x', /not a valid PEP 440/],
    ['not-a-version', /not a valid PEP 440/],
    ['', /not a valid PEP 440/],
    ['99999999999999999999.0.0', /too large/],
  ])('PEP 440 %j is refused', (raw, why) => {
    const err = shipverError(() => toSemver(raw, 'pep440'), 'E_VERSION_UNMAPPABLE');
    expect(err.message).toMatch(why);
    expect(err.message).toContain(`"${raw}"`);
    expect(err.hint).toBeTruthy();
  });

  it.each(['1.0.0-foo.1', '1.0.0-beta', '1.0.0-beta.x', '1.0.0-beta.1.2', '1.0.0-1', '1.0.0+build.5', 'v1.0.0', '1.0', 'x'])(
    'semver %j has no PEP 440 form',
    (v) => {
      const err = shipverError(() => fromSemver(v, 'pep440'), 'E_VERSION_UNMAPPABLE');
      expect(err.message).toContain(v);
    },
  );

  it('semver scheme: accepts a v prefix and build metadata, refuses the rest', () => {
    expect(toSemver('v1.2.3', 'semver')).toBe('1.2.3');
    expect(toSemver('1.2.3-beta.1+sha.5', 'semver')).toBe('1.2.3-beta.1+sha.5');
    expect(toSemver('1.0.0-foo.1', 'semver')).toBe('1.0.0-foo.1');
    for (const bad of ['1.2', '01.2.3', '1.3.0b1', '=1.2.3', 'latest']) shipverError(() => toSemver(bad, 'semver'), 'E_VERSION_UNMAPPABLE');
    shipverError(() => fromSemver('1.2', 'semver'), 'E_VERSION_UNMAPPABLE');
  });
});

describe('helpers', () => {
  it('isValidSemver is strict', () => {
    for (const v of ['1.2.3', '0.0.0-rc.1', '1.2.3+b.1']) expect(isValidSemver(v)).toBe(true);
    for (const v of ['v1.2.3', ' 1.2.3', '1.2', '1.2.3-01', '01.2.3', '=1.2.3', '']) expect(isValidSemver(v)).toBe(false);
  });
  it('schemeOf names the Python formats pep440', () => {
    expect(['python-module', 'setup-cfg', 'pyproject'].map(schemeOf)).toEqual(['pep440', 'pep440', 'pep440']);
    expect(['package-json', 'package-lock', 'plain', 'pattern'].map(schemeOf)).toEqual(['semver', 'semver', 'semver', 'semver']);
  });
});

describe('properties', () => {
  it('round trip: toSemver(fromSemver(v)) === v for every mappable semver', () => {
    fc.assert(
      fc.property(mappableSemver, (v) => {
        expect(toSemver(fromSemver(v, 'pep440'), 'pep440')).toBe(v);
        expect(toSemver(fromSemver(v, 'semver'), 'semver')).toBe(v);
      }),
    );
  });

  it('any PEP 440 spelling of a pre-release reads as the canonical semver', () => {
    const letter = fc.constantFrom(
      ['a', 'alpha'], ['alpha', 'alpha'], ['b', 'beta'], ['beta', 'beta'], ['c', 'rc'], ['rc', 'rc'], ['pre', 'rc'], ['preview', 'rc'],
    );
    const sep = fc.constantFrom('', '-', '_', '.');
    fc.assert(
      fc.property(fc.nat(99), fc.nat(99), fc.nat(99), letter, sep, sep, fc.nat(99), fc.boolean(), fc.boolean(), (a, b, c, [l, id], s1, s2, n, upper, v) => {
        const raw = `${v ? 'v' : ''}${a}.${b}.${c}${s1}${upper ? l.toUpperCase() : l}${s2}${n}`;
        expect(toSemver(raw, 'pep440')).toBe(`${a}.${b}.${c}-${id}.${n}`);
      }),
    );
  });
});
