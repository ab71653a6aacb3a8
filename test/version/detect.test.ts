import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { detectBumpversion } from '../../src/config/detect/bumpversion.js';
import { detectVersionFiles } from '../../src/config/detect/version-files.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A temp repo holding the given files. */
function repo(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'shipver-detect-'));
  dirs.push(root);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  return root;
}

const auto = (file: string) => ({ kind: 'auto', file });
const LOCK = '{ "name": "cloud", "version": "1.0.0", "lockfileVersion": 3, "packages": { "": { "version": "1.0.0" } } }';

describe('detectVersionFiles', () => {
  it('an Express app: package.json and its lockfile; node_modules is not searched', () => {
    const root = repo({
      'package.json': '{ "name": "cloud", "version": "1.0.0" }',
      'package-lock.json': LOCK,
      'node_modules/express/package.json': '{ "version": "4.18.2" }',
      'node_modules/x/__init__.py': "__version__ = '1.0.0'\n",
    });
    expect(detectVersionFiles(root)).toEqual([auto('package.json'), auto('package-lock.json')]);
  });

  it('a Django hub: the module with a literal __version__ and setup.cfg; re-exports, tests and virtualenvs do not count', () => {
    const root = repo({
      'manage.py': 'import os\n',
      'hub/__init__.py': 'from .version import __version__\n',
      'hub/version.py': "__version__ = '0.0.1'\n",
      'hub/settings.py': "VERSION = '0.0.1'\n",
      'accounts/__init__.py': '',
      'tests/__init__.py': "__version__ = '9.9.9'\n",
      '.venv/__init__.py': "__version__ = '9.9.9'\n",
      'myenv/pyvenv.cfg': 'home = /usr/bin\n',
      'myenv/__init__.py': "__version__ = '9.9.9'\n",
      'setup.cfg': '[metadata]\nname = hub\n\n[bumpversion]\ncurrent_version = 0.0.1\ncommit = False\ntag = False\n',
    });
    expect(detectVersionFiles(root)).toEqual([auto('hub/version.py'), auto('setup.cfg')]);
  });

  it('bump2version [bumpversion:file:...] sections name the files, deduplicated by path', () => {
    const root = repo({
      'package.json': '{ "version": "0.0.1" }',
      'hub/version.py': "__version__ = '0.0.1'\n",
      'hub/settings.py': "VERSION = '0.0.1'\n",
      'other/__init__.py': "__version__ = '5.0.0'\n",
      'Chart.yaml': 'appVersion: "0.0.1"\n',
      VERSION: '0.0.1\n',
      'setup.cfg': [
        '[bumpversion]',
        'current_version = 0.0.1',
        '',
        '[bumpversion:file:hub/version.py]',
        '[bumpversion:file:hub/settings.py]',
        '[bumpversion:file:package.json]',
        '[bumpversion:file:Chart.yaml]',
        'search = appVersion: "{current_version}"',
        'replace = appVersion: "{new_version}"',
        '[bumpversion:file:setup.cfg]',
        '[bumpversion:file:VERSION]',
        '',
      ].join('\n'),
    });
    expect(detectVersionFiles(root)).toEqual([
      auto('package.json'),
      auto('hub/version.py'),
      // no __version__ there: bump2version's default search applies
      { kind: 'pattern', file: 'hub/settings.py', search: '{current_version}', replace: '{new_version}', scheme: 'pep440' },
      { kind: 'pattern', file: 'Chart.yaml', search: 'appVersion: "{current_version}"', replace: 'appVersion: "{new_version}"', scheme: 'pep440' },
      auto('setup.cfg'),
      auto('VERSION'),
    ]);
  });

  it('.bumpversion.cfg wins over setup.cfg, as in bump2version', () => {
    const root = repo({
      '.bumpversion.cfg': '[bumpversion]\ncurrent_version = 2.0.0\n\n[bumpversion:file:api/_version.py]\n',
      'setup.cfg': '[bumpversion]\ncurrent_version = 2.0.0\n\n[bumpversion:file:other.py]\n',
      'api/_version.py': '__version__ = "2.0.0"\n',
    });
    expect(detectBumpversion(root)?.file).toBe('.bumpversion.cfg');
    expect(detectVersionFiles(root)).toEqual([auto('api/_version.py'), auto('setup.cfg'), auto('.bumpversion.cfg')]);
  });

  it('src layout, pyproject.toml and VERSION; dynamic versions and importlib lookups are skipped', () => {
    const root = repo({
      'src/hub/_version.py': '__version__: str = "1.4.0"\n',
      'src/hub/__init__.py': 'import importlib.metadata\n__version__ = importlib.metadata.version("hub")\n',
      'pyproject.toml': '[project]\nname = "hub"\nversion = "1.4.0"\n',
      VERSION: '1.4.0',
    });
    expect(detectVersionFiles(root)).toEqual([auto('src/hub/_version.py'), auto('pyproject.toml'), auto('VERSION')]);
    const dynamic = repo({ 'pyproject.toml': '[project]\nname = "hub"\ndynamic = ["version"]\n', 'setup.cfg': '[metadata]\nversion = attr: hub.__version__\n' });
    expect(detectVersionFiles(dynamic)).toEqual([]);
  });

  it('an empty repository holds no version files', () => {
    expect(detectVersionFiles(repo({}))).toEqual([]);
  });

  it('a malformed candidate is an error naming it', () => {
    const root = repo({ 'package.json': '{ "version": ' });
    expect(() => detectVersionFiles(root)).toThrow(/package\.json: is not valid JSON/);
  });
});
