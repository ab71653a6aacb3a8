// A repository with several apps: a Django app in manager/ (bump2version in manager/setup.cfg),
// a TypeScript and a Python API client in clients/, a Go client with no version file, tooling
// at the root. init proposes the projects it finds with the tag format the history uses,
// says what it left out or could not classify, and the first release writes every file.
import { afterAll, describe, expect, it } from 'vitest';
import { Sandbox } from '../helpers/sandbox.js';
import { adopt, changeAndRelease, dryRunJson, historyRepo, notUsed, used } from './detect-helpers.js';

const sb = new Sandbox();
afterAll(() => sb.cleanup());

const setupCfg = (v: string) => `[bumpversion]\ncurrent_version = ${v}\ncommit = False\ntag = False\n\n[bumpversion:file:manager/__init__.py]\n\n[metadata]\nname = manager\n`;
const managerInit = (v: string) => `"""The manager app."""\n__version__ = "${v}"\ndefault_app_config = "manager.apps.ManagerConfig"\n`;
const tsPkg = (v: string) => `{\n  "name": "@acme/client-ts",\n  "version": "${v}",\n  "main": "dist/index.js",\n  "devDependencies": {\n    "typescript": "5.4.5"\n  }\n}\n`;
const tsLock = (v: string) =>
  `{\n  "name": "@acme/client-ts",\n  "version": "${v}",\n  "lockfileVersion": 3,\n  "requires": true,\n  "packages": {\n    "": {\n      "name": "@acme/client-ts",\n      "version": "${v}",\n      "devDependencies": {\n        "typescript": "5.4.5"\n      }\n    },\n    "node_modules/typescript": {\n      "version": "5.4.5",\n      "dev": true\n    }\n  }\n}\n`;
const pyProject = (v: string) => `[build-system]\nrequires = ["setuptools"]\n\n[project]\nname = "client-py"\nversion = "${v}"\ndependencies = ["httpx>=0.27"]\n`;
const pyInit = (v: string) => `__version__ = "${v}"\n`;
const SHARED = {
  'manager/manage.py': 'import os\n',
  'manager/manager/settings.py': 'DEBUG = False\n',
  'clients/go/go.mod': 'module example.org/acme/client-go\n\ngo 1.22\n',
  'clients/go/client.go': 'package client\n',
  'pyproject.toml': '[tool.ruff]\nline-length = 110\n',
  'docs/conf.py': "release = '3.2.0'\n",
};
const manager = (v: string) => ({ 'manager/setup.cfg': setupCfg(v), 'manager/manager/__init__.py': managerInit(v) });
const ts = (v: string) => ({ 'clients/typescript/package.json': tsPkg(v), 'clients/typescript/package-lock.json': tsLock(v) });
const py = (v: string) => ({ 'clients/python/pyproject.toml': pyProject(v), 'clients/python/client_py/__init__.py': pyInit(v) });

describe('manager/ + clients/ released together with v-tags', () => {
  const dir = historyRepo(sb, 'acme-mono', [
    { files: { ...SHARED, ...manager('3.1.0'), ...ts('3.1.0'), ...py('0.3.0') }, message: 'feat: manager and clients', tag: 'v3.1.0' },
    { files: { 'manager/manager/views.py': 'def status(): ...\n' }, message: 'feat(manager): status view', lightweight: 'deploy-2024-01' },
    { files: { ...manager('3.2.0'), ...ts('3.2.0') }, message: 'chore(release): 3.2.0', tag: 'v3.2.0' },
  ]);

  it('init --dry-run: the projects that share the tags\' version, the one left out and why, what it could not classify', () => {
    const r = sb.shipver(dir, ['init', '--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('● clients-typescript (node): clients/typescript/package.json, clients/typescript/package-lock.json');
    expect(r.stderr).toContain('● manager (python): manager/manager/__init__.py, manager/setup.cfg');
    expect(r.stderr).toContain('tag format v{version}: taken from the history (2 tags, the newest v3.2.0)');
    expect(r.stderr).toContain('? clients/go/go.mod: clients/go/ has go.mod but no version file shipver can write');
    expect(r.stderr).toContain('? clients/python/client_py/__init__.py:1: clients/python/ is a project, left out: its version 0.3.0 differs from the latest v{version} tag (v3.2.0)');
    expect(r.stderr).toContain('? tags: 1 tag(s) hold no semver version (deploy-2024-01)');

    const d = dryRunJson(sb, dir);
    expect(d.projects.map((p) => [p.name, p.dir])).toEqual([
      ['clients-typescript', 'clients/typescript'],
      ['manager', 'manager'],
    ]);
    expect(used(d)).toEqual([
      'clients/typescript/package.json:3 → clients-typescript',
      'clients/typescript/package-lock.json:3 → clients-typescript',
      'manager/manager/__init__.py:2 → manager',
      'manager/setup.cfg:2 → manager',
    ]);
    expect(notUsed(d)).toEqual([
      ['clients/python/client_py/__init__.py:1', 'clients/python/ is left out: version 0.3.0 differs from the latest v{version} tag (v3.2.0)'],
      ['clients/python/pyproject.toml:6', 'clients/python/ is left out: version 0.3.0 differs from the latest v{version} tag (v3.2.0)'],
      ['pyproject.toml', 'no [project] version, [tool.poetry] version or [tool.bumpversion] current_version'],
    ]);
    expect(d.detection.unclassified.map((u) => `${u.file}:${u.line}`)).toEqual(['clients/go/go.mod:null', 'clients/python/client_py/__init__.py:1', 'tags:null']);
  });

  it('the first release writes every version file of both projects, byte for byte, and leaves the others alone', () => {
    const config = adopt(sb, dir);
    expect(config.tag.format).toBe('v{version}');
    expect(config.projects).toEqual([
      { name: 'clients-typescript', paths: ['clients/typescript'], versionFiles: ['clients/typescript/package.json', 'clients/typescript/package-lock.json'] },
      { name: 'manager', paths: ['manager'], versionFiles: ['manager/manager/__init__.py', 'manager/setup.cfg'] },
    ]);
    const { stderr, changed } = changeAndRelease(sb, dir, { files: { 'manager/manager/views.py': 'def status(): return 200\n' }, message: 'fix(manager): status code' });
    expect(stderr).toContain('3.2.0 → 3.2.1');
    const want = { ...manager('3.2.1'), ...ts('3.2.1'), ...py('0.3.0'), ...SHARED };
    for (const [f, text] of Object.entries(want)) expect(sb.read(dir, f), f).toBe(text);
    expect(changed).toEqual(['CHANGELOG.md', 'clients/typescript/package-lock.json', 'clients/typescript/package.json', 'manager/manager/__init__.py', 'manager/setup.cfg']);
    expect(sb.git(dir, 'cat-file', '-t', 'v3.2.1').trim()).toBe('tag');
  });
});

describe('manager/ + clients/ with their own tags (manager-v3.2.0, client-ts-v1.4.0, client-py-v0.3.0)', () => {
  const dir = historyRepo(sb, 'acme-own', [
    { files: { ...SHARED, ...manager('3.2.0'), ...ts('1.4.0'), ...py('0.3.0') }, message: 'feat: manager and clients', tag: 'manager-v3.2.0' },
    { files: { 'clients/typescript/index.ts': 'export {};\n' }, message: 'feat(client-ts): index', tag: 'client-ts-v1.4.0' },
    { files: { 'clients/python/client_py/api.py': 'X = 1\n' }, message: 'feat(client-py): api', tag: 'client-py-v0.3.0' },
  ]);

  it('init --dry-run: every app is a project, named as its tags name it, with {project}-v{version}', () => {
    const d = dryRunJson(sb, dir);
    expect(d.projects.map((p) => [p.name, p.dir])).toEqual([
      ['client-py', 'clients/python'],
      ['client-ts', 'clients/typescript'],
      ['manager', 'manager'],
    ]);
    expect(d.detection.tagFormat).toMatchObject({ format: '{project}-v{version}', source: 'history', count: 3 });
    expect(used(d)).toEqual([
      'clients/python/client_py/__init__.py:1 → client-py',
      'clients/python/pyproject.toml:6 → client-py',
      'clients/typescript/package.json:3 → client-ts',
      'clients/typescript/package-lock.json:3 → client-ts',
      'manager/manager/__init__.py:2 → manager',
      'manager/setup.cfg:2 → manager',
    ]);
    expect(d.detection.unclassified.map((u) => u.file)).toEqual(['clients/go/go.mod']);
  });

  it('release --project client-py writes only the Python client\'s files, byte for byte', () => {
    const config = adopt(sb, dir);
    expect(config.tag.format).toBe('{project}-v{version}');
    const { stderr, changed } = changeAndRelease(sb, dir, { files: { 'clients/python/client_py/api.py': 'X = 2\n' }, message: 'fix(client-py): x' }, ['--project', 'client-py']);
    expect(stderr).toContain('client-py 0.3.0 → 0.3.1');
    const want = { ...manager('3.2.0'), ...ts('1.4.0'), ...py('0.3.1') };
    for (const [f, text] of Object.entries(want)) expect(sb.read(dir, f), f).toBe(text);
    expect(changed).toEqual(['clients/python/CHANGELOG.md', 'clients/python/client_py/__init__.py', 'clients/python/pyproject.toml']);
    expect(sb.git(dir, 'cat-file', '-t', 'client-py-v0.3.1').trim()).toBe('tag');
  });
});
