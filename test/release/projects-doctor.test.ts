// Several projects in one repository, `shipver version`, and `shipver doctor`.
import { describe, expect, it, afterAll } from 'vitest';
import { appendFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Sandbox } from '../helpers/sandbox.js';
import { DJANGO_FILES, EXPRESS_FILES, releaseRepo } from '../helpers/release-repos.js';

const sb = new Sandbox();
afterAll(() => sb.cleanup());
const env = { SHIPVER_DATE: '2026-11-26' };

describe('two projects with their own versions in one repository', () => {
  const files: Record<string, string> = { 'shipver.yaml': 'tag: { format: "{project}-v{version}" }\nprojects:\n  - name: hub\n    paths: [hub, setup.cfg]\n    versionFiles: [hub/version.py, setup.cfg]\n  - name: cloud\n    paths: [cloud]\n    versionFiles: [cloud/package.json]\n' };
  for (const [k, v] of Object.entries(DJANGO_FILES)) files[k] = v;
  files['cloud/package.json'] = EXPRESS_FILES['package.json'];
  files['cloud/index.js'] = EXPRESS_FILES['index.js'];
  const dir = sb.repo('mono', files, 'chore: initial commit');
  sb.git(dir, 'tag', '-a', '-m', 'hub', 'hub-v1.0.0');
  sb.git(dir, 'tag', '-a', '-m', 'cloud', 'cloud-v1.0.0');

  it('asks which project when none is given', () => {
    const r = sb.shipver(dir, ['release'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--project hub|cloud');
  });

  it('only commits touching a project count toward its level', () => {
    appendFileSync(path.join(dir, 'cloud/index.js'), '// x\n');
    sb.commit(dir, 'feat: cloud feature', { noVerify: true });
    const hub = sb.shipver(dir, ['next', '--project', 'hub', '--json']);
    expect(JSON.parse(hub.stdout)).toMatchObject({ level: null, next: null });
    const r = sb.shipver(dir, ['release', '--project', 'cloud', '--no-fetch'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(sb.git(dir, 'cat-file', '-t', 'cloud-v1.1.0').trim()).toBe('tag');
    expect(JSON.parse(sb.read(dir, 'cloud/package.json')).version).toBe('1.1.0');
    expect(sb.read(dir, 'hub/version.py')).toContain("'1.0.0'");
    expect(sb.shipver(dir, ['version', '--project', 'cloud']).stdout).toBe('1.1.0\n');
    expect(sb.shipver(dir, ['version', '--project', 'hub']).stdout).toBe('1.0.0\n');
  });
});

describe('shipver doctor', () => {
  const { dir } = releaseRepo(sb, 'doc', EXPRESS_FILES);

  it('passes on a healthy repository', () => {
    const r = sb.shipver(dir, ['doctor', '--json']);
    const j = JSON.parse(r.stdout);
    expect(j.checks.filter((c: { status: string }) => c.status === 'fail')).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('counts an old lightweight tag without failing; finds disagreeing files and missing hooks, each with a fix', () => {
    sb.git(dir, 'tag', 'v0.9.0', 'HEAD');
    const lightOnly = JSON.parse(sb.shipver(dir, ['doctor', '--json']).stdout) as { ok: boolean; checks: Array<{ name: string; status: string; message: string }> };
    expect(lightOnly.ok).toBe(true);
    expect(lightOnly.checks.find((c) => c.name === 'tags')).toMatchObject({ status: 'ok', message: expect.stringContaining('1 lightweight') });
    writeFileSync(path.join(dir, 'package-lock.json'), EXPRESS_FILES['package-lock.json'].replace(/"version": "1\.0\.0"/g, '"version": "1.0.1"'));
    sb.git(dir, 'config', '--unset', 'core.hooksPath');
    const r = sb.shipver(dir, ['doctor']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('fine as they are');
    expect(r.stderr).not.toContain('git tag -a -f');
    expect(r.stderr).toContain('the version files disagree');
    // package-lock.json is ahead of the latest release: a person decides
    expect(r.stderr).toContain('→ decide: a person must decide which version is right');
    expect(r.stderr).toContain('hooks are not installed');
    expect(r.stderr).toContain('→ run: shipver init --hooks-only');
  });

  it('reports an invalid shipver.yaml as a finding, not a crash', () => {
    writeFileSync(path.join(dir, 'shipver.yaml'), 'branchs: [main]\n');
    const r = sb.shipver(dir, ['doctor']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('unknown key "branchs" at shipver.yaml:1 — did you mean "branches"?');
  });
});
