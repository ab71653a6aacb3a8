import { describe, expect, it } from 'vitest';
import { bumpversionFiles, parseBumpversion } from '../../src/version/files/bumpversion.js';

const HUB = `[bumpversion]
current_version = 0.0.1
commit = False
tag = False

[bumpversion:file:hub/version.py]

[bumpversion:file:./deploy/Chart.yaml]
search = appVersion: "{current_version}"
replace = appVersion: "{new_version}"

[bumpversion:file:README.md]

[bumpversion:file(label):README.md]
search =
  **unreleased**
  **v{current_version}**
replace =
  **unreleased**
  **v{new_version}**

[metadata]
name = hub
`;

describe('bump2version config', () => {
  it('reads current_version and the file sections, in order', () => {
    expect(parseBumpversion(HUB, 'setup.cfg')).toEqual({
      currentVersion: '0.0.1',
      files: [
        { kind: 'auto', file: 'hub/version.py' },
        { kind: 'pattern', file: 'deploy/Chart.yaml', search: 'appVersion: "{current_version}"', replace: 'appVersion: "{new_version}"', scheme: 'pep440' },
        { kind: 'pattern', file: 'README.md', search: '{current_version}', replace: '{new_version}', scheme: 'pep440' },
        { kind: 'pattern', file: 'README.md', search: '**unreleased**\n**v{current_version}**', replace: '**unreleased**\n**v{new_version}**', scheme: 'pep440' },
      ],
      unsupported: [],
    });
    expect(bumpversionFiles(HUB, 'setup.cfg')).toHaveLength(4);
  });

  it('the old `files =` option and [bumpversion] search/replace as defaults for every file', () => {
    const cfg = '[bumpversion]\ncurrent_version: 1.0.0\nfiles = hub/__init__.py  VERSION\n  docs/conf.py\nsearch = version="{current_version}"\nreplace = version="{new_version}"\n\n[bumpversion:file:package.json]\n';
    expect(parseBumpversion(cfg, '.bumpversion.cfg')!.files).toEqual([
      { kind: 'pattern', file: 'hub/__init__.py', search: 'version="{current_version}"', replace: 'version="{new_version}"', scheme: 'pep440' },
      { kind: 'pattern', file: 'VERSION', search: 'version="{current_version}"', replace: 'version="{new_version}"', scheme: 'pep440' },
      { kind: 'pattern', file: 'docs/conf.py', search: 'version="{current_version}"', replace: 'version="{new_version}"', scheme: 'pep440' },
      { kind: 'pattern', file: 'package.json', search: 'version="{current_version}"', replace: 'version="{new_version}"', scheme: 'pep440' },
    ]);
    expect(bumpversionFiles('[bumpversion]\nfiles = hub/__init__.py VERSION\n', 'setup.cfg')).toEqual([
      { kind: 'auto', file: 'hub/__init__.py' },
      { kind: 'auto', file: 'VERSION' },
    ]);
  });

  it('parts, custom parse/serialize, globs and unknown placeholders are reported as unsupported, with reasons', () => {
    const cfg = [
      '[bumpversion]',
      'current_version = 1.0.0-dev',
      'parse = (?P<major>\\d+)\\.(?P<minor>\\d+)\\.(?P<patch>\\d+)(\\-(?P<release>[a-z]+))?',
      'serialize =',
      '  {major}.{minor}.{patch}-{release}',
      '  {major}.{minor}.{patch}',
      '',
      '[bumpversion:part:release]',
      'optional_value = prod',
      'values =',
      '  dev',
      '  prod',
      '',
      '[bumpversion:glob:docs/*.rst]',
      '[bumpversion:file:CHANGELOG.md]',
      'search = {current_version} ({now:%Y-%m-%d})',
      '[bumpversion:file:hub/version.py]',
      'serialize = {major}.{minor}',
    ].join('\n');
    const config = parseBumpversion(cfg, 'setup.cfg')!;
    expect(config.unsupported.map((u) => u.section)).toEqual(['[bumpversion]', '[bumpversion:part:release]', '[bumpversion:glob:docs/*.rst]', '[bumpversion:file:CHANGELOG.md]', '[bumpversion:file:hub/version.py]']);
    expect(config.unsupported[0]!.reason).toMatch(/parse\/serialize is not supported/);
    expect(config.unsupported[1]!.reason).toMatch(/parts are not supported/);
    expect(config.unsupported[2]!.reason).toMatch(/glob/);
    expect(config.unsupported[3]!.reason).toMatch(/\{now:%Y-%m-%d\}/);
    // What can still be handled is: hub/version.py stays a version file.
    expect(config.files).toEqual([{ kind: 'auto', file: 'hub/version.py' }]);
  });

  it("bump2version's default parse/serialize is accepted", () => {
    const cfg = '[bumpversion]\ncurrent_version = 1.0.0\nparse = (?P<major>\\d+)\\.(?P<minor>\\d+)\\.(?P<patch>\\d+)\nserialize = {major}.{minor}.{patch}\n';
    expect(parseBumpversion(cfg, 'setup.cfg')!.unsupported).toEqual([]);
  });

  it('no bump2version configuration: null', () => {
    expect(parseBumpversion('[metadata]\nname = hub\nversion = 1.0\n', 'setup.cfg')).toBeNull();
    expect(bumpversionFiles('', 'setup.cfg')).toEqual([]);
  });
});
