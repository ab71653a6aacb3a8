import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { plain } from '../../src/version/files/plain.js';
import { patternAdapter } from '../../src/version/files/pattern.js';
import { adapterByName, adapterFor } from '../../src/version/files/index.js';
import { fromSemver } from '../../src/version/scheme.js';
import { assemble, eol, expectCleanEdit, lineText, mappableSemver, shipverError } from './helpers.js';
import { editVersionFiles, readVersionFiles } from '../../src/release/version-files.js';
import type { ProjectConfig, VersionFileSpec } from '../../src/config/types.js';

describe('plain VERSION', () => {
  it.each([
    ['1.2.3\n', '1.3.0-rc.0\n'],
    ['1.2.3', '1.3.0-rc.0'],
    ['  1.2.3\r\n\r\n', '  1.3.0-rc.0\r\n\r\n'],
    ['\ufeffv1.2.3\n', '\ufeffv1.3.0-rc.0\n'],
  ])('%j', (before, after) => expect(plain.write(before, '1.3.0-rc.0', 'VERSION')).toBe(after));

  it('an empty file holds no version; more than a version is malformed', () => {
    expect(plain.read(' \n', 'VERSION')).toEqual([]);
    expect(shipverError(() => plain.read('1.2.3\nreleased today\n', 'api/VERSION'), 'E_VERSION_FILE_MALFORMED').message).toContain('api/VERSION');
  });

  it('matches a file named VERSION only', () => {
    expect(['VERSION', 'hub/VERSION', 'version', 'VERSION.txt'].map(plain.matches)).toEqual([true, true, false, false]);
  });

  it('property: surrounding whitespace is kept', () => {
    const ws = fc.array(fc.constantFrom(' ', '\t', '\n', '\r\n'), { maxLength: 4 }).map((a) => a.join(''));
    fc.assert(
      fc.property(ws, ws, fc.boolean(), fc.boolean(), mappableSemver, mappableSemver, (pre, post, bom, v, a, b) => {
        expectCleanEdit(plain, 'VERSION', `${bom ? '\ufeff' : ''}${pre}${v ? 'v' : ''}${a}${post}`, a, b);
      }),
    );
  });
});

describe('pattern adapter', () => {
  const chart = 'apiVersion: v2\nname: hub\n# the chart version is not the app version\nversion: 0.1.0\nappVersion: "1.2.3"\n';
  const appVersion = patternAdapter({ search: 'appVersion: "{version}"', replace: 'appVersion: "{version}"', scheme: 'semver' });

  it('Chart.yaml appVersion: only the searched spot changes', () => {
    expect(appVersion.read(chart, 'Chart.yaml')).toEqual([{ key: 'appVersion: "{version}"', value: '1.2.3', start: chart.indexOf('1.2.3'), end: chart.indexOf('1.2.3') + 5 }]);
    expect(appVersion.write(chart, '1.3.0-beta.0', 'Chart.yaml')).toBe(chart.replace('"1.2.3"', '"1.3.0-beta.0"'));
  });

  it('Dockerfile LABEL, every occurrence, CRLF kept', () => {
    const label = patternAdapter({ search: 'LABEL version="{version}"', replace: 'LABEL version="{version}"', scheme: 'semver' });
    const dockerfile = 'FROM node:20\r\nLABEL version="1.2.3"\r\nRUN echo 1.2.3\r\nLABEL version="1.2.3"';
    expect(label.read(dockerfile, 'Dockerfile')).toHaveLength(2);
    expect(label.write(dockerfile, '2.0.0', 'Dockerfile')).toBe('FROM node:20\r\nLABEL version="2.0.0"\r\nRUN echo 1.2.3\r\nLABEL version="2.0.0"');
  });

  it("bump2version's {current_version} / {new_version}, a different replace and literal braces", () => {
    const a = patternAdapter({ search: '{{"tag": "v{current_version}"}}', replace: '{{"tag": "v{new_version}", "bumped": true}}', scheme: 'pep440' });
    expect(a.write('x {"tag": "v1.0.0b1"} y', '1.0.0', 'f.json')).toBe('x {"tag": "v1.0.0", "bumped": true} y');
  });

  it('multi-line search matches CRLF text; the replacement follows its line endings', () => {
    const a = patternAdapter({ search: '## Unreleased\n## {current_version}', replace: '## Unreleased\n## {new_version}', scheme: 'semver' });
    expect(a.write('# Log\r\n## Unreleased\r\n## 1.0.0\r\n', '1.1.0', 'CHANGES.md')).toBe('# Log\r\n## Unreleased\r\n## 1.1.0\r\n');
  });

  it('the version part follows the scheme and does not match inside longer numbers', () => {
    const any = patternAdapter({ search: '{version}', replace: '{version}', scheme: 'semver' });
    expect(any.read('node 11.2.3.4 and 1.2.3, v2.0.0-rc.1.', 'README').map((o) => o.value)).toEqual(['1.2.3', '2.0.0-rc.1']);
    const py = patternAdapter({ search: "VERSION = '{version}'", replace: "VERSION = '{version}'", scheme: 'pep440' });
    expect(py.read("VERSION = '1.3.0b1'", 'settings.py').map((o) => o.value)).toEqual(['1.3.0b1']);
    expect(py.read("VERSION = '1.3.0.dev2'", 'settings.py').map((o) => o.value)).toEqual(['1.3.0.dev2']);
  });

  it('refuses templates it cannot honour, and writes with no match', () => {
    shipverError(() => patternAdapter({ search: 'version: 1', replace: '{version}', scheme: 'semver' }), 'E_VERSION_PATTERN');
    shipverError(() => patternAdapter({ search: '{current_version} on {now:%Y}', replace: '{new_version}', scheme: 'semver' }), 'E_VERSION_PATTERN');
    shipverError(() => patternAdapter({ search: '{version}', replace: '{current_version}', scheme: 'semver' }), 'E_VERSION_PATTERN');
    shipverError(() => appVersion.write('name: hub\n', '1.0.0', 'Chart.yaml'), 'E_VERSION_FILE_NO_VERSION');
  });

  it('property: random lines around the searched line are kept', () => {
    const line = lineText.filter((s) => !s.includes('appVersion'));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 6 }), fc.array(line, { maxLength: 6 }), eol, fc.boolean(), fc.boolean(), fc.constantFrom('semver', 'pep440' as const), mappableSemver, mappableSemver,
        (head, tail, nl, bom, trailing, scheme, a, b) => {
          const adapter = patternAdapter({ search: 'appVersion: "{version}"', replace: 'appVersion: "{version}"', scheme });
          const [v1, v2] = [fromSemver(a, scheme), fromSemver(b, scheme)];
          expectCleanEdit(adapter, 'Chart.yaml', assemble([...head, `appVersion: "${v1}"`, ...tail], nl, bom, trailing), v1, v2);
        }),
    );
  });
});

describe('adapterFor', () => {
  it.each([
    ['cloud/package.json', 'package-json', 'semver'],
    ['package-lock.json', 'package-lock', 'semver'],
    ['npm-shrinkwrap.json', 'package-lock', 'semver'],
    ['hub/version.py', 'python-module', 'pep440'],
    ['setup.cfg', 'setup-cfg', 'pep440'],
    ['.bumpversion.cfg', 'setup-cfg', 'pep440'],
    ['pyproject.toml', 'pyproject', 'pep440'],
    ['VERSION', 'plain', 'semver'],
  ])('%s -> %s (%s)', (file, id, scheme) => {
    const a = adapterFor({ kind: 'auto', file });
    expect([a.id, a.scheme]).toEqual([id, scheme]);
    expect(adapterByName(file)).toBe(a);
  });

  it('a pattern spec gets a pattern adapter with its scheme', () => {
    const a = adapterFor({ kind: 'pattern', file: 'Chart.yaml', search: 'appVersion: {version}', replace: 'appVersion: {version}', scheme: 'pep440' });
    expect([a.id, a.scheme]).toEqual(['pattern', 'pep440']);
  });

  it('an unknown file is a usage error naming it and the supported formats', () => {
    const err = shipverError(() => adapterFor({ kind: 'auto', file: 'deploy/Chart.yaml' }), 'E_VERSION_FILE_UNSUPPORTED');
    expect(err.message).toContain('deploy/Chart.yaml');
    expect(err.hint).toContain('pyproject.toml');
    expect(err.hint).toContain('search');
  });
});

describe('pattern adapter: regressions', () => {
  const same = (search: string, scheme: 'semver' | 'pep440' = 'semver') => patternAdapter({ search, replace: search, scheme });

  it('a multi-line replacement takes each line end from the text it replaces, in order', () => {
    expect(same('a:\n{version}\nb').write('a:\r\n1.0.0\nb\n', '2.0.0', 'f')).toBe('a:\r\n2.0.0\nb\n');
    expect(same('a:\r\n{version}').write('a:\n1.0.0\n', '2.0.0', 'f')).toBe('a:\n2.0.0\n');
    expect(same('a:\r\n{version}').write('a:\r\n1.0.0\r\n', '2.0.0', 'f')).toBe('a:\r\n2.0.0\r\n');
    // a replacement with more lines than the match: the match's last line end, else the file's
    expect(patternAdapter({ search: 'v={version}', replace: 'v={version}\nnext', scheme: 'semver' }).write('x\r\nv=1.0.0\r\n', '1.1.0', 'f')).toBe('x\r\nv=1.1.0\r\nnext\r\n');
  });

  it('a version followed by what a version could continue with is not read, so a write reads back as written', () => {
    expect(same('v={version}').read('v=1.0.0E\n', 'f')).toEqual([]);
    shipverError(() => same('v={version}').write('v=1.0.0E\n', '2.0.0-rc.1', 'f'), 'E_VERSION_FILE_NO_VERSION');
    expect(same('{version}').read('pkg-1.0.0.tar.gz 1.0.0-rc.1.', 'f').map((o) => o.value)).toEqual(['1.0.0-rc.1']);
    // PEP 440 keywords start with a b c d p r: ".tar" cannot continue a PEP 440 version
    expect(same('{version}', 'pep440').read('pkg-1.0.0.tar.gz', 'f').map((o) => o.value)).toEqual(['1.0.0']);
    expect(same('{version}', 'pep440').read('pkg-1.0.0.post', 'f').map((o) => o.value)).toEqual(['1.0.0.post']);
    expect(same('{version}', 'pep440').read('x 1.0.0-beta', 'f').map((o) => o.value)).toEqual(['1.0.0-beta']);
  });

  it('a template that ends with version characters is not followed by one; other text bounds the version itself', () => {
    const linux = same('{version}-linux');
    expect(linux.read('app-1.0.0-linux.tar.gz', 'f')).toEqual([]); // "-linux.tar" could go on as a pre-release
    expect(linux.write('app-1.0.0-linux amd64', '2.0.0-rc.1', 'f')).toBe('app-2.0.0-rc.1-linux amd64');
    expect(same('{version}.tar.gz').write('get app-1.0.0.tar.gz\n', '2.0.0-rc.1', 'f')).toBe('get app-2.0.0-rc.1.tar.gz\n');
    expect(same('"{version}"-x').write('"1.0.0"-x y', '2.0.0-rc.1', 'f')).toBe('"2.0.0-rc.1"-x y');
    expect(same('"{version}"-x').read('"1.0.0"-xyz', 'f')).toEqual([]); // a match may not end inside a word
    expect(same('{version}+').read('1.0.0+v1 1.0.0+ ', 'f').map((o) => o.start)).toEqual([9]);
  });

  it('no version may start before the version and run into it', () => {
    // "py3-" could be the start of a version that takes the written one in; "v" and "app-" cannot
    expect(same('{version}').read('v1.0.0 app-1.0.0 py3-1.0.0', 'f').map((o) => o.start)).toEqual([1, 11]);
    // "2.0.0+" was no version (a "+" follows 1.0.0), but would take a written 9.8.7-rc.1 as its build
    const plus = same('{version}+');
    const text = '1.0.0+ 2.0.0+1.0.0+1.0.0+!';
    expect(plus.read(text, 'f').map((o) => o.value)).toEqual(['1.0.0']);
    expect(plus.write(text, '9.8.7-rc.1', 'f')).toBe('9.8.7-rc.1+ 2.0.0+1.0.0+1.0.0+!');
  });

  it('a write that would read back differently is refused, and the file is not changed', () => {
    // PEP 440 reads the "-" after a bare pre-release letter as part of it: 9.8.7a- (not 9.8.7a)
    const err = shipverError(() => same('v={version}', 'pep440').write('v=1.0.0- \n', '9.8.7a', 'f'), 'E_VERSION_PATTERN_AMBIGUOUS');
    expect(err.message).toContain('"9.8.7a-"');
  });
});

describe('several specs on one file (editVersionFiles)', () => {
  const project = (versionFiles: VersionFileSpec[]): ProjectConfig => ({ name: 'app', paths: ['.'], versionFiles, detected: false, changelogFile: null });
  const spec = (search: string, replace = search): VersionFileSpec => ({ kind: 'pattern', file: 'app.cfg', search, replace, scheme: 'semver' });

  it('edits chain; what was written reads back in every spec, or nothing is written', async () => {
    const text = 'version=1.0.0\nold=1.0.0\n';
    const ok = await readVersionFiles([project([spec('version={version}'), spec('old={version}')])], () => text);
    expect(editVersionFiles(ok, '1.1.0')).toEqual([{ file: 'app.cfg', before: text, after: 'version=1.1.0\nold=1.1.0\n' }]);

    // the second spec's replacement adds a match of the first: the first would read two versions
    const clash = await readVersionFiles([project([spec('version={version}'), spec('old={version}', 'old={version}\nversion={version}')])], () => text);
    const err = shipverError(() => editVersionFiles(clash, '1.1.0'), 'E_VERSION_READ_BACK');
    expect(err.message).toContain('app.cfg: after writing 1.1.0, shipver would read 2 versions where it read 1');
    expect(err.hint).toContain('versionFiles');
  });

  it('a replace that differs from its search may change how many places the search finds', async () => {
    // the search no longer matches what the replace writes (a file moving to a new layout)
    const text = 'version=1.0.0\n';
    const states = await readVersionFiles([project([spec('version={version}', 'version = {version}')])], () => text);
    expect(editVersionFiles(states, '1.1.0')).toEqual([{ file: 'app.cfg', before: text, after: 'version = 1.1.0\n' }]);
  });
});
