import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { packageJson } from '../../src/version/files/package-json.js';
import { packageLock } from '../../src/version/files/package-lock.js';
import { expectCleanEdit, mappableSemver, shipverError } from './helpers.js';

describe('package.json', () => {
  it('changes the top-level version only, not "version" keys in nested objects', () => {
    const before = [
      '{',
      '  "name": "cloud",',
      '  "config": {',
      '    "version": "1.0.0"',
      '  },',
      '  "description": "says \\"version\\": \\"1.0.0\\"",',
      '  "version": "1.0.0",',
      '  "engines": { "node": ">=20", "version": "1.0.0" },',
      '  "list": [{ "version": "1.0.0" }]',
      '}',
      '',
    ].join('\n');
    const after = before.replace('  "version": "1.0.0",', '  "version": "1.1.0",');
    expect(packageJson.read(before, 'package.json')).toEqual([{ key: 'version', value: '1.0.0', start: before.indexOf('1.0.0",\n  "engines'), end: before.indexOf('1.0.0",\n  "engines') + 5 }]);
    expect(packageJson.write(before, '1.1.0', 'package.json')).toBe(after);
  });

  it.each([
    ['tabs, CRLF, BOM', '\ufeff{\r\n\t"name": "cloud",\r\n\t"version": "0.1.0"\r\n}\r\n', '\ufeff{\r\n\t"name": "cloud",\r\n\t"version": "0.2.0-beta.0"\r\n}\r\n'],
    ['no trailing newline', '{\n    "version" : "0.1.0",\n    "private": true\n}', '{\n    "version" : "0.2.0-beta.0",\n    "private": true\n}'],
    ['minified', '{"name":"a","version":"0.1.0","x":{"version":"0.1.0"}}', '{"name":"a","version":"0.2.0-beta.0","x":{"version":"0.1.0"}}'],
  ])('keeps every other byte: %s', (_, before, after) => {
    expect(packageJson.write(before, '0.2.0-beta.0', 'cloud/package.json')).toBe(after);
  });

  it('holds no version: read is empty, write refuses', () => {
    const text = '{ "name": "x", "dependencies": { "version": "1.0.0" } }\n';
    expect(packageJson.read(text, 'package.json')).toEqual([]);
    shipverError(() => packageJson.write(text, '1.0.0', 'package.json'), 'E_VERSION_FILE_NO_VERSION');
  });

  it('malformed files are errors naming the file (exit 2)', () => {
    expect(shipverError(() => packageJson.read('{ "version": "1.0.0", }', 'cloud/package.json'), 'E_VERSION_FILE_MALFORMED').message).toContain('cloud/package.json');
    shipverError(() => packageJson.read('[]', 'package.json'), 'E_VERSION_FILE_MALFORMED');
    shipverError(() => packageJson.read('{ "version": 1 }', 'package.json'), 'E_VERSION_FILE_MALFORMED');
    shipverError(() => packageJson.read('{ "version": { "x": 1 } }', 'package.json'), 'E_VERSION_FILE_MALFORMED');
  });

  it('refuses to write something that is not version-like', () => {
    shipverError(() => packageJson.write('{"version":"1.0.0"}', '1.0.0", "x": "y', 'package.json'), 'E_VERSION_FILE_VALUE');
  });

  it('matches by name', () => {
    expect(packageJson.matches('cloud/package.json')).toBe(true);
    expect(packageJson.matches('package-lock.json')).toBe(false);
  });

  it('property: random surrounding JSON is kept byte for byte', () => {
    const key = fc.string({ maxLength: 8 }).filter((k) => k !== 'version');
    const doc = fc.tuple(
      fc.array(fc.tuple(key, fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant({ version: '9.9.9' }))), { maxLength: 6 }),
      fc.nat(6),
      fc.constantFrom(0, 2, 4, '\t'),
      fc.boolean(),
      fc.boolean(),
      fc.boolean(),
    );
    fc.assert(
      fc.property(doc, mappableSemver, mappableSemver, ([entries, at, indent, crlf, bom, trailing], v1, v2) => {
        const pairs: Array<[string, unknown]> = [...entries];
        pairs.splice(Math.min(at, pairs.length), 0, ['version', v1]);
        let text = JSON.stringify(Object.fromEntries(pairs), null, indent);
        if (crlf) text = text.replace(/\n/g, '\r\n');
        text = (bom ? '\ufeff' : '') + text + (trailing ? (crlf ? '\r\n' : '\n') : '');
        expectCleanEdit(packageJson, 'package.json', text, v1, v2);
      }),
    );
  });
});

describe('package-lock.json / npm-shrinkwrap.json', () => {
  const v3 = `{
  "name": "cloud",
  "version": "1.0.0",
  "lockfileVersion": 3,
  "requires": true,
  "packages": {
    "": {
      "name": "cloud",
      "version": "1.0.0",
      "dependencies": {
        "express": "^4.18.2"
      }
    },
    "node_modules/express": {
      "version": "1.0.0",
      "resolved": "https://registry.npmjs.org/express/-/express-1.0.0.tgz"
    }
  }
}
`;

  it('changes the root version and packages[""].version only', () => {
    const occ = packageLock.read(v3, 'package-lock.json');
    expect(occ.map((o) => [o.key, o.value])).toEqual([
      ['version', '1.0.0'],
      ['packages[""].version', '1.0.0'],
    ]);
    const after = v3.replace('"name": "cloud",\n  "version": "1.0.0"', '"name": "cloud",\n  "version": "1.1.0"').replace('"name": "cloud",\n      "version": "1.0.0"', '"name": "cloud",\n      "version": "1.1.0"');
    expect(packageLock.write(v3, '1.1.0', 'package-lock.json')).toBe(after);
  });

  it('lockfile v1: dependencies keep their versions', () => {
    const v1 = '{\r\n  "name": "cloud",\r\n  "version": "2.0.0",\r\n  "lockfileVersion": 1,\r\n  "dependencies": {\r\n    "ms": { "version": "2.0.0" }\r\n  }\r\n}';
    expect(packageLock.write(v1, '2.1.0', 'npm-shrinkwrap.json')).toBe(v1.replace('"version": "2.0.0",\r\n  "lockfileVersion"', '"version": "2.1.0",\r\n  "lockfileVersion"'));
  });

  it('matches package-lock.json and npm-shrinkwrap.json', () => {
    expect(['package-lock.json', 'a/npm-shrinkwrap.json', 'package.json'].map(packageLock.matches)).toEqual([true, true, false]);
  });

  it('malformed lockfile names the file', () => {
    expect(shipverError(() => packageLock.read('{"version": "1.0.0"', 'cloud/package-lock.json'), 'E_VERSION_FILE_MALFORMED').message).toMatch(/^cloud\/package-lock\.json: is not valid JSON/);
  });

  it('regression: nesting as deep as JSON.parse accepts does not overflow the stack', () => {
    const deep = (n: number) => `{"a":${'['.repeat(n)}${']'.repeat(n)},"b":${'{"c":'.repeat(n)}1${'}'.repeat(n)},"version":"1.0.0"}`;
    const text = deep(100_000);
    expect(packageJson.read(text, 'package.json').map((o) => o.value)).toEqual(['1.0.0']);
    expect(packageJson.write(text, '1.1.0', 'package.json')).toBe(text.replace('"1.0.0"', '"1.1.0"'));
    expect(packageLock.read(`{"packages":{"":{"x":${'['.repeat(50_000)}${']'.repeat(50_000)},"version":"2.0.0"}},"version":"2.0.0"}`, 'package-lock.json').map((o) => o.value)).toEqual(['2.0.0', '2.0.0']);
  });
});
