// git push --follow-tags after shipver release ends with the ops Makefile having run
// with that version and the ops checkout at that tag; bad tags are refused at push time
// and a refused push deploys nothing.
import { describe, expect, it, afterAll } from 'vitest';
import { appendFileSync, existsSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { CLI, Sandbox } from '../helpers/sandbox.js';
import { DJANGO_FILES, releaseRepo } from '../helpers/release-repos.js';
import { waitFor } from '../helpers/processes.js';

const sb = new Sandbox();
afterAll(() => sb.cleanup());
const env = { SHIPVER_DATE: '2026-11-26' };

interface Rec {
  env: string;
  version: string;
  outcome: string;
  exitCode: number | null;
  trigger: string;
}

// The finished deploys, read as a reader of the first record format does: the lines with an
// outcome (a run also writes a line per step before its final one).
function records(dir: string): Rec[] {
  const f = path.join(dir, '.git/shipver/deploys.jsonl');
  const lines = existsSync(f) ? readFileSync(f, 'utf8').trim().split('\n').filter(Boolean) : [];
  return lines.map((l) => JSON.parse(l) as Rec).filter((r) => r.outcome !== undefined);
}

// The app repository, its bare remote, an ops repository with a Makefile, and the app
// checkout the ops Makefile deploys from.
const { dir: app, bare } = releaseRepo(sb, 'hub', {
  ...DJANGO_FILES,
  'shipver.yaml': [
    'environments:',
    '  test:',
    '    deploy: { command: [make, "version={version}", "deploy-{project}-to-test"], cwd: ../ops, on: release }',
    '  staging:',
    '    deploy: { command: [make, "version={version}", "deploy-{project}-to-staging"], cwd: ../ops, on: prerelease }',
    '  prod:',
    '    deploy: { command: [make, "version={version}", "slow-deploy"], cwd: ../ops }',
    'deploy: { waitSeconds: 20 }',
    '',
  ].join('\n'),
}, { npmBin: true });
const checkout = sb.path('hub-checkout');
sb.git(sb.dir, 'clone', '-q', bare, checkout);
const ops = sb.repo('ops', {
  Makefile: [
    `APP := ${checkout}`,
    'deploy-hub-to-test:',
    '\tshipver ops checkout $(APP) $(version)',
    '\techo "test $(version) $$(git -C $(APP) describe --tags --exact-match)" >> deployed.txt',
    'deploy-hub-to-staging:',
    '\techo "staging $(version)" >> deployed.txt',
    'slow-deploy:',
    '\techo "start $(version)" >> slow.txt',
    '\tsleep 1',
    '\techo "end $(version)" >> slow.txt',
    '',
  ].join('\n'),
});

describe('deploy on tag push', () => {
  it('release + git push --follow-tags runs the ops Makefile with the new version', async () => {
    appendFileSync(path.join(app, 'manage.py'), '# feature\n');
    expect(sb.commit(app, 'feat: a feature').code).toBe(0);
    const rel = sb.shipver(app, ['release'], { env });
    expect(rel.code, rel.stderr).toBe(0);
    expect(rel.stderr).toContain('deploys 1.1.0 to test');
    const push = sb.run('git', ['push', '--follow-tags'], { cwd: app });
    expect(push.code, push.stderr).toBe(0);
    expect(push.stderr).toContain('v1.1.0: annotated, matches the version files, on a release branch');
    expect(push.stderr).toContain('deploying 1.1.0 to test once v1.1.0 reaches origin');
    const rec = await waitFor('the deploy record', () => records(app).find((r) => r.version === '1.1.0'));
    expect(rec).toMatchObject({ env: 'test', outcome: 'deployed', exitCode: 0, trigger: 'push' });
    expect(readFileSync(path.join(ops, 'deployed.txt'), 'utf8')).toBe('test 1.1.0 v1.1.0\n');
    expect(sb.git(checkout, 'describe', '--tags', '--exact-match').trim()).toBe('v1.1.0');
    const log = readFileSync(path.join(app, '.git/shipver/deploys/test-1.1.0.log'), 'utf8');
    expect(log).toContain('make version=1.1.0 deploy-hub-to-test');
  });

  it('a prerelease tag deploys to staging only', async () => {
    appendFileSync(path.join(app, 'manage.py'), '# beta\n');
    sb.commit(app, 'feat: a beta feature');
    expect(sb.shipver(app, ['release', '--pre', 'beta'], { env }).code).toBe(0);
    expect(sb.run('git', ['push', '--follow-tags'], { cwd: app }).code).toBe(0);
    await waitFor('the staging deploy', () => records(app).find((r) => r.version === '1.2.0-beta.0'));
    expect(records(app).filter((r) => r.version === '1.2.0-beta.0').map((r) => r.env)).toEqual(['staging']);
    expect(readFileSync(path.join(ops, 'deployed.txt'), 'utf8')).toContain('staging 1.2.0-beta.0\n');
  });

  function refusedPush(args: string[], text: string) {
    const before = records(app).length;
    const remoteTags = sb.git(bare, 'tag', '-l');
    const r = sb.run('git', ['push', ...args], { cwd: app });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(text);
    expect(sb.git(bare, 'tag', '-l')).toBe(remoteTags);
    expect(records(app).length).toBe(before);
    return r;
  }

  it('refuses a lightweight tag', () => {
    sb.git(app, 'tag', 'v9.0.0');
    refusedPush(['origin', 'v9.0.0'], 'tag v9.0.0 is lightweight');
    sb.git(app, 'tag', '-d', 'v9.0.0');
  });

  it('refuses a tag that does not match the version files', () => {
    sb.git(app, 'tag', '-a', '-m', 'x', 'v7.0.0');
    refusedPush(['origin', 'v7.0.0'], 'tag v7.0.0 says 7.0.0, but the version files at its commit say 1.2.0-beta.0');
    sb.git(app, 'tag', '-d', 'v7.0.0');
  });

  it('refuses a tag on a branch that was never merged', () => {
    sb.git(app, 'switch', '-q', '-c', 'feature/unmerged');
    appendFileSync(path.join(app, 'manage.py'), '# unmerged\n');
    sb.commit(app, 'feat: unmerged work');
    // a tag whose version files agree, made by hand on the feature branch
    writeFileSync(path.join(app, 'hub/version.py'), DJANGO_FILES['hub/version.py'].replace('1.0.0', '5.0.0'));
    writeFileSync(path.join(app, 'setup.cfg'), DJANGO_FILES['setup.cfg'].replace('1.0.0', '5.0.0'));
    sb.commit(app, 'chore(release): 5.0.0');
    sb.git(app, 'tag', '-a', '-m', 'v5.0.0', 'v5.0.0');
    refusedPush(['origin', 'v5.0.0'], 'no release branch contains');
    sb.git(app, 'tag', '-d', 'v5.0.0');
    sb.git(app, 'switch', '-q', 'main');
  });

  it('refuses tag names with shell syntax, and nothing is executed', () => {
    for (const name of ['v1.0.0;touch${IFS}pwned', '$(touch${IFS}pwned)', 'v2.0.0`touch${IFS}pwned`']) {
      sb.git(app, 'tag', '-a', '-m', 'x', name);
      refusedPush(['origin', `refs/tags/${name}`], 'shipver will not pass on');
      sb.git(app, 'tag', '-d', name);
    }
    for (const d of [app, ops, sb.dir, checkout]) expect(readdirSync(d)).not.toContain('pwned');
  });

  it('shipver deploy: --dry-run shows the command, a version without a tag is refused, --log lists deploys', () => {
    const dry = sb.shipver(app, ['deploy', 'test', '1.1.0', '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('make version=1.1.0 deploy-hub-to-test');
    const none = sb.shipver(app, ['deploy', 'test', '3.0.0']);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('has no tag v3.0.0');
    const bad = sb.shipver(app, ['deploy', 'test', '1.0.0;id']);
    expect(bad.code).toBe(2);
    const log = sb.shipver(app, ['deploy', '--log', '--json']);
    expect(JSON.parse(log.stdout).map((r: Rec) => `${r.env} ${r.version} ${r.outcome}`)).toEqual(['test 1.1.0 deployed', 'staging 1.2.0-beta.0 deployed']);
  });

  it('two deploys to one environment never interleave', async () => {
    const { spawn } = await import('node:child_process');
    const run = (v: string) =>
      new Promise<number>((resolve) => {
        const p = spawn(process.execPath, [CLI, 'deploy', 'prod', v, '--quiet'], { cwd: app, env: sb.env });
        p.on('close', (c) => resolve(c ?? -1));
      });
    const codes = await Promise.all([run('1.1.0'), run('1.0.0')]);
    expect(codes).toEqual([0, 0]);
    const lines = readFileSync(path.join(ops, 'slow.txt'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]!.split(' ')[1]).toBe(lines[1]!.split(' ')[1]);
    expect(lines[0]!.startsWith('start') && lines[1]!.startsWith('end') && lines[2]!.startsWith('start') && lines[3]!.startsWith('end')).toBe(true);
  });

  it('a push carrying two release tags deploys only the higher one', async () => {
    for (const fix of ['one', 'two']) {
      appendFileSync(path.join(app, 'manage.py'), `# ${fix}\n`);
      sb.commit(app, `fix: fix ${fix}`);
      expect(sb.shipver(app, ['release'], { env }).code).toBe(0);
    }
    const push = sb.run('git', ['push', '--follow-tags'], { cwd: app });
    expect(push.code, push.stderr).toBe(0);
    expect(push.stderr).toContain('not deploying 1.2.0 to test: 1.2.1 is in the same push');
    await waitFor('the 1.2.1 deploy', () => records(app).find((r) => r.version === '1.2.1'));
    expect(records(app).some((r) => r.version === '1.2.0')).toBe(false);
  });

  it('release --push in a clone without the hooks says no deploy started, and how to run it', () => {
    const clone = sb.path('hub-nohooks');
    sb.git(sb.dir, 'clone', '-q', bare, clone);
    appendFileSync(path.join(clone, 'manage.py'), '# from a clone without hooks\n');
    sb.git(clone, 'add', '-A');
    sb.git(clone, 'commit', '-q', '-m', 'fix: from a clone without hooks');
    const r = sb.shipver(clone, ['release', '--push'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('no deploy of 1.2.2 to test started: the pre-push hook is not installed here');
    expect(r.stderr).toContain('shipver deploy test 1.2.2');
    sb.git(app, 'pull', '-q', '--no-verify', '--rebase', 'origin', 'main');
  });

  it('SHIPVER_DEPLOY=sync with release --push deploys in the foreground', () => {
    appendFileSync(path.join(app, 'manage.py'), '# final\n');
    sb.commit(app, 'fix: final fix');
    const r = sb.shipver(app, ['release', '--push'], { env: { ...env, SHIPVER_DEPLOY: 'sync' } });
    expect(r.code, r.stderr).toBe(0);
    // no waiting: the record exists as soon as the command returns
    expect(records(app).find((x) => x.version === '1.2.3')).toMatchObject({ env: 'test', outcome: 'deployed' });
    expect(r.stderr).toContain('deployed 1.2.3 to test');
  });
});
