// npm, pnpm and yarn workspaces: each workspace package is a project. Per-package tags made
// by changesets (@acme/core@2.1.0) give independent versions with that tag format; shared
// v-tags give one version for all. The root lock file's entry for a package is a version
// place of that package.
import { afterAll, describe, expect, it } from 'vitest';
import { Sandbox } from '../helpers/sandbox.js';
import { adopt, changeAndRelease, dryRunJson, historyRepo, notUsed, used } from './detect-helpers.js';

const sb = new Sandbox();
afterAll(() => sb.cleanup());

// husky 9 is listed, as in a repository that has it: init then runs no package manager
const ROOT_PKG = '{\n  "name": "acme",\n  "private": true,\n  "workspaces": [\n    "packages/*"\n  ],\n  "devDependencies": {\n    "husky": "^9.1.7"\n  }\n}\n';
const core = (v: string) => `{\n  "name": "@acme/core",\n  "version": "${v}",\n  "main": "index.js"\n}\n`;
const cli = (v: string, dep: string) => `{\n  "name": "@acme/cli",\n  "version": "${v}",\n  "dependencies": {\n    "@acme/core": "^${dep}"\n  }\n}\n`;
const TOOLS = '{\n  "name": "@acme/tools",\n  "private": true\n}\n';
// As npm 10 writes it for these workspaces.
const lock = (coreV: string, cliV: string, dep: string) => `{
  "name": "acme",
  "lockfileVersion": 3,
  "requires": true,
  "packages": {
    "": {
      "name": "acme",
      "workspaces": [
        "packages/*"
      ]
    },
    "node_modules/@acme/cli": {
      "resolved": "packages/cli",
      "link": true
    },
    "node_modules/@acme/core": {
      "resolved": "packages/core",
      "link": true
    },
    "node_modules/@acme/tools": {
      "resolved": "packages/tools",
      "link": true
    },
    "packages/cli": {
      "name": "@acme/cli",
      "version": "${cliV}",
      "dependencies": {
        "@acme/core": "^${dep}"
      }
    },
    "packages/core": {
      "name": "@acme/core",
      "version": "${coreV}"
    },
    "packages/tools": {
      "name": "@acme/tools"
    }
  }
}
`;

describe('npm workspaces with changesets tags (@acme/core@2.1.0)', () => {
  const state = (coreV: string, cliV: string, dep: string) => ({ 'packages/core/package.json': core(coreV), 'packages/cli/package.json': cli(cliV, dep), 'package-lock.json': lock(coreV, cliV, dep) });
  const dir = historyRepo(sb, 'acme', [
    { files: { 'package.json': ROOT_PKG, 'packages/tools/package.json': TOOLS, 'packages/core/index.js': 'module.exports = 1;\n', ...state('2.0.0', '1.0.0', '2.0.0') }, message: 'feat: core and cli', tag: '@acme/core@2.0.0', lightweight: '@acme/cli@1.0.0' },
    { files: { 'packages/core/index.js': 'module.exports = 2;\n' }, message: 'feat(core): two' },
    { files: state('2.1.0', '1.0.0', '2.0.0'), message: 'chore(release): version packages', tag: '@acme/core@2.1.0' },
    { files: state('2.1.0', '1.0.3', '2.1.0'), message: 'chore(release): version packages', tag: '@acme/cli@1.0.3' },
  ]);

  it('init --dry-run: one project per workspace package, with its lock entry, named and tagged as the history does', () => {
    const d = dryRunJson(sb, dir);
    expect(d.projects.map((p) => [p.name, p.dir])).toEqual([
      ['cli', 'packages/cli'],
      ['core', 'packages/core'],
    ]);
    expect(d.detection.tagFormat).toMatchObject({ format: '@acme/{project}@{version}', source: 'history', count: 4 });
    expect(used(d)).toEqual(['packages/cli/package.json:3 → cli', 'package-lock.json:26 → cli', 'packages/core/package.json:3 → core', 'package-lock.json:33 → core']);
    expect(notUsed(d)).toEqual([
      ['package.json', 'no "version" field'],
      ['packages/tools/package.json', 'no "version" field'],
    ]);
  });

  it('release --project core writes core\'s package.json and its lock entry, byte for byte; cli is untouched', () => {
    const config = adopt(sb, dir);
    expect(config.tag.format).toBe('@acme/{project}@{version}');
    expect(config.projects.map((p) => [p.name, p.paths, p.changelog])).toEqual([
      ['cli', ['packages/cli'], 'packages/cli/CHANGELOG.md'],
      ['core', ['packages/core'], 'packages/core/CHANGELOG.md'],
    ]);
    const { stderr, changed } = changeAndRelease(sb, dir, { files: { 'packages/core/index.js': 'module.exports = 3;\n' }, message: 'feat(core): three' }, ['--project', 'core']);
    expect(stderr).toContain('core 2.1.0 → 2.2.0');
    expect(sb.read(dir, 'packages/core/package.json')).toBe(core('2.2.0'));
    expect(sb.read(dir, 'package-lock.json')).toBe(lock('2.2.0', '1.0.3', '2.1.0'));
    expect(sb.read(dir, 'packages/cli/package.json')).toBe(cli('1.0.3', '2.1.0'));
    expect(changed).toEqual(['package-lock.json', 'packages/core/CHANGELOG.md', 'packages/core/package.json']);
    expect(sb.git(dir, 'cat-file', '-t', '@acme/core@2.2.0').trim()).toBe('tag');
  });
});

describe('a pnpm workspace (pnpm-workspace.yaml) released in lockstep with v-tags', () => {
  const pkg = (name: string, v: string) => `{\n  "name": "${name}",\n  "version": "${v}",\n  "private": true\n}\n`;
  const WS = 'packages:\n  - "apps/*"\n  - "libs/*"\n  - "!**/fixtures/**"\n';
  const state = (v: string) => ({ 'apps/web/package.json': pkg('@shop/web', v), 'libs/ui/package.json': pkg('@shop/ui', v) });
  const dir = historyRepo(sb, 'shop', [
    { files: { 'package.json': '{\n  "name": "shop",\n  "private": true\n}\n', 'pnpm-workspace.yaml': WS, 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n", 'libs/fixtures/pkg/package.json': pkg('fixture', '9.9.9'), ...state('0.3.0') }, message: 'feat: shop', tag: 'v0.3.0' },
    { files: { 'libs/ui/button.ts': 'export const b = 1;\n' }, message: 'feat(ui): button' },
    { files: state('0.4.0'), message: 'chore(release): 0.4.0', tag: 'v0.4.0' },
  ]);

  it('init --dry-run: both packages, one shared version, v{version} from the history', () => {
    const d = dryRunJson(sb, dir);
    expect(d.projects.map((p) => [p.name, p.dir])).toEqual([
      ['apps-web', 'apps/web'],
      ['libs-ui', 'libs/ui'],
    ]);
    expect(d.detection.tagFormat).toMatchObject({ format: 'v{version}', count: 2, example: 'v0.4.0' });
    expect(used(d)).toEqual(['apps/web/package.json:3 → apps-web', 'libs/ui/package.json:3 → libs-ui']);
  });

  it('the first release writes both package.json files', () => {
    const config = adopt(sb, dir);
    expect(config.tag.format).toBe('v{version}');
    const { changed } = changeAndRelease(sb, dir, { files: { 'libs/ui/button.ts': 'export const b = 2;\n' }, message: 'feat(ui): bigger button' });
    expect(sb.read(dir, 'apps/web/package.json')).toBe(pkg('@shop/web', '0.5.0'));
    expect(sb.read(dir, 'libs/ui/package.json')).toBe(pkg('@shop/ui', '0.5.0'));
    expect(changed).toEqual(['CHANGELOG.md', 'apps/web/package.json', 'libs/ui/package.json']);
  });
});

describe('yarn workspaces ({ "packages": [...] }) without tags yet', () => {
  it('each package is a project; a pattern that matches nothing is reported', () => {
    const root = '{\n  "name": "svc",\n  "private": true,\n  "workspaces": {\n    "packages": ["services/*", "tools/*"],\n    "nohoist": []\n  }\n}\n';
    const dir = historyRepo(sb, 'svc', [
      { files: { 'package.json': root, 'yarn.lock': '# yarn lockfile v1\n', 'services/api/package.json': '{ "name": "api", "version": "1.2.0" }\n', 'services/worker/package.json': '{ "name": "worker", "version": "0.1.0" }\n' }, message: 'feat: services' },
    ]);
    const d = dryRunJson(sb, dir);
    expect(d.projects.map((p) => [p.name, p.dir])).toEqual([
      ['services-api', 'services/api'],
      ['services-worker', 'services/worker'],
    ]);
    expect(d.detection.tagFormat).toMatchObject({ format: '{project}-v{version}', source: 'default' });
    expect(d.detection.unclassified).toEqual([{ file: 'package.json', line: 4, text: 'tools/*', reason: 'the workspace pattern "tools/*" matches no directory with a package.json' }]);
  });
});
