// What detection must not trip over in a real repository: another tool's broken file in a
// corner, documentation and examples at the top, an app named docs inside a workspace,
// and a repository that already has its shipver.yaml.
import { afterAll, describe, expect, it } from 'vitest';
import { Sandbox } from '../helpers/sandbox.js';
import { dryRunJson, historyRepo, notUsed, used } from './detect-helpers.js';

const sb = new Sandbox();
afterAll(() => sb.cleanup());

describe('detection at the edges', () => {
  it('a broken package.json outside any project is reported as not used; init goes on', () => {
    const dir = historyRepo(sb, 'broken-corner', [
      { files: { 'package.json': '{ "name": "app", "version": "1.0.0" }\n', 'scripts/legacy/package.json': '{ "name": "legacy", ', 'scripts/legacy/setup.cfg': '[flake8\nmax = 1\n' }, message: 'feat: app' },
    ]);
    const d = dryRunJson(sb, dir);
    expect(used(d)).toEqual(['package.json:1 → app']);
    expect(notUsed(d)).toEqual([
      ['scripts/legacy/package.json', expect.stringMatching(/^cannot be read: is not valid JSON/)],
      ['scripts/legacy/setup.cfg:1', 'cannot be read: line 1 is neither a [section], a key = value nor a comment'],
    ]);
    // Runtime detection does not read another tool's setup.cfg at all (it does not mention bumpversion).
    const v = sb.shipver(dir, ['version']);
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout.trim()).toBe('1.0.0');
    const init = sb.shipver(dir, ['init', '--yes']);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stderr).toContain('2 candidates not used');
  });

  it('docs/ and examples/ at the top are not searched; apps/docs in a workspace is a package like the others', () => {
    const pkg = (name: string, v: string) => `{ "name": "${name}", "version": "${v}" }\n`;
    const dir = historyRepo(sb, 'ws-docs', [
      {
        files: {
          'package.json': '{ "name": "root", "private": true, "workspaces": ["apps/*"] }\n',
          'apps/docs/package.json': pkg('docs-site', '0.2.0'),
          'apps/web/package.json': pkg('web', '0.2.0'),
          'docs/package.json': pkg('handbook', '9.0.0'),
          'examples/demo/setup.cfg': '[bumpversion]\ncurrent_version = 7.0.0\n',
        },
        message: 'feat: apps',
        tag: 'v0.2.0',
      },
    ]);
    const d = dryRunJson(sb, dir);
    expect(d.projects.map((p) => p.dir)).toEqual(['apps/docs', 'apps/web']);
    expect(used(d)).toEqual(['apps/docs/package.json:1 → apps-docs', 'apps/web/package.json:1 → apps-web']);
  });

  it('with a shipver.yaml already there, init installs the hooks even when a bump2version configuration names a missing file', () => {
    const dir = historyRepo(sb, 'has-config', [
      {
        files: {
          'shipver.yaml': 'projects:\n  - name: hub\n    versionFiles: [hub/version.py]\n',
          'hub/version.py': "__version__ = '1.0.0'\n",
          'setup.cfg': '[bumpversion]\ncurrent_version = 1.0.0\n\n[bumpversion:file:hub/gone.py]\n',
        },
        message: 'chore: hub',
      },
    ]);
    const dry = sb.shipver(dir, ['init', '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    const r = sb.shipver(dir, ['init', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(sb.git(dir, 'config', 'core.hooksPath').trim()).toBe('.husky/_');
    expect(sb.read(dir, 'shipver.yaml')).toBe('projects:\n  - name: hub\n    versionFiles: [hub/version.py]\n');
    // --force would replace shipver.yaml with the proposal: then the problem stops it.
    const force = sb.shipver(dir, ['init', '--yes', '--force']);
    expect(force.code).toBe(2);
    expect(force.stderr).toContain('setup.cfg:4: [bumpversion:file:hub/gone.py] names hub/gone.py, which does not exist');
  });

  it('shared v-tags: a project whose own files disagree (one behind) still belongs with the others', () => {
    const dir = historyRepo(sb, 'behind', [
      {
        files: {
          'api/setup.cfg': '[bumpversion]\ncurrent_version = 2.0.0\n\n[bumpversion:file:api/version.py]\n',
          'api/api/version.py': "__version__ = '1.9.0'\n",
          'web/package.json': '{ "name": "web", "version": "2.0.0" }\n',
        },
        message: 'feat: api and web',
        tag: 'v2.0.0',
      },
    ]);
    const d = dryRunJson(sb, dir);
    expect(d.projects.map((p) => p.name)).toEqual(['api', 'web']);
    expect(d.detection.tagFormat.format).toBe('v{version}');
    expect(d.detection.candidates.filter((c) => c.file === 'api/api/version.py').map((c) => [c.version, c.project])).toEqual([['1.9.0', 'api']]);
  });

  it('init --dry-run says when a project\'s own version files disagree, before next and release refuse them', () => {
    const dir = historyRepo(sb, 'lock-behind', [
      {
        files: {
          'package.json': '{ "name": "api2", "version": "1.3.0" }\n',
          'package-lock.json': '{ "name": "api2", "version": "1.2.0", "lockfileVersion": 3, "packages": { "": { "name": "api2", "version": "1.2.0" } } }\n',
        },
        message: 'feat: a',
        tag: 'v1.1.0',
      },
    ]);
    const dry = sb.shipver(dir, ['init', '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stderr).toContain('its version files disagree (1.3.0 vs 1.2.0)');
  });
});
