// Which tags count: one rule for next, release, doctor, changelog and envs (the version
// tags HEAD contains; the latest is the highest version among them), on histories where
// git describe's nearest tag, the highest merged tag and the highest of all tags differ:
// a tag on an unmerged branch with a higher version, a merged maintenance branch, and
// prerelease tags with two tags on one commit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { Sandbox, expectNoStack } from '../helpers/sandbox.js';
import { doctorJson, packageJson, traceHooks } from './tags-helpers.js';

const sb = new Sandbox();
const env = { SHIPVER_DATE: '2026-12-01', SHIPVER_DEPLOY: 'off' };

// A status endpoint in its own process (the tests run the CLI synchronously), stopped by PID.
let server: ChildProcess;
let statusUrl = '';
beforeAll(async () => {
  const code = `const http = require('node:http');
    const s = http.createServer((req, res) => { res.setHeader('content-type', 'application/json'); res.end(JSON.stringify({ version: '1.2.0' })); });
    s.listen(0, '127.0.0.1', () => console.log(s.address().port));`;
  server = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve) => server.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim())));
  statusUrl = `http://127.0.0.1:${port}/api/status`;
});
afterAll(() => {
  if (server.pid) process.kill(server.pid);
  sb.cleanup();
});

/** Commits the work tree (hooks skipped while the history is being built). */
function commit(dir: string, message: string, files: Record<string, string> = {}): void {
  sb.write(dir, files);
  const r = sb.commit(dir, message, { noVerify: true, allowEmpty: true });
  expect(r.code, r.stderr).toBe(0);
}

/** shipver set up by `shipver init` (hooks that leave a trace), with an environment whose status says 1.2.0. */
function setUp(dir: string): void {
  const init = sb.shipver(dir, ['init', '--yes']);
  expect(init.code, init.stderr).toBe(0);
  sb.write(dir, { 'shipver.yaml': `${sb.read(dir, 'shipver.yaml')}environments:\n  prod:\n    status: ${statusUrl}\n` });
  traceHooks(dir);
  const r = sb.commit(dir, 'chore: set up shipver');
  expect(r.code, r.stderr).toBe(0);
}

describe('a version tag on an unmerged branch with a higher version', () => {
  let dir = '';
  beforeAll(() => {
    dir = sb.repo('unmerged', { 'package.json': packageJson('1.2.0') }, 'feat: the app');
    sb.git(dir, 'tag', '-a', '-m', 'v1.2.0', 'v1.2.0');
    // released from branches never merged into main
    sb.git(dir, 'switch', '-q', '-c', 'feature');
    commit(dir, 'feat: on the feature branch', { 'package.json': packageJson('1.3.0') });
    sb.git(dir, 'tag', '-a', '-m', 'v1.3.0', 'v1.3.0');
    sb.git(dir, 'switch', '-q', '-c', 'next', 'v1.2.0');
    commit(dir, 'feat!: the next major', { 'package.json': packageJson('2.0.0-beta.1') });
    sb.git(dir, 'tag', 'v2.0.0-beta.1');
    sb.git(dir, 'switch', '-q', 'main');
    commit(dir, 'feat: on main');
    setUp(dir);
  });

  it('doctor: the files agree with v1.2.0, the unmerged tags are mentioned and not counted; exit 0', () => {
    const r = sb.shipver(dir, ['doctor']);
    expectNoStack(r.stderr);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('✔ version files: package.json says 1.2.0, the version of v1.2.0');
    expect(r.stderr).toContain('· unmerged tags: v2.0.0-beta.1, v1.3.0: on branches HEAD does not contain, so not counted (not the version the files should have) until merged');
    expect(r.stderr).toContain('✔ tags: 3 version tags, the latest HEAD contains is v1.2.0');
    const fix = sb.shipver(dir, ['doctor', '--fix']);
    expect(fix.code, fix.stderr).toBe(0);
    expect(fix.stderr).toContain('nothing for shipver doctor --fix to change');
  });

  it('next never proposes the tagged 1.3.0: exit 1, and what a person can do', () => {
    const r = sb.shipver(dir, ['next']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('✖ the next version would be 1.3.0, but tag v1.3.0 already exists, on a commit main does not contain (a branch not merged into main)');
    expect(r.stderr).toContain('a person must decide: merge the branch that released 1.3.0 into main first (shipver then counts from it), or release another version (shipver release major makes 2.0.0)');
    expect(r.stderr).toContain('not counted: v2.0.0-beta.1, v1.3.0');
    const j = JSON.parse(sb.shipver(dir, ['next', '--json']).stdout);
    expect(j).toMatchObject({ current: '1.2.0', lastTag: 'v1.2.0', next: null, code: 'E_TAG_EXISTS', unmergedTags: ['v2.0.0-beta.1', 'v1.3.0'] });
    expect(sb.shipver(dir, ['next', 'patch']).stdout).toBe('1.2.1\n');
  });

  it('release --dry-run refuses the same way, and never suggests deleting the tag', () => {
    const r = sb.shipver(dir, ['release', '--dry-run'], { env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('tag v1.3.0 already exists, on a commit main does not contain');
    expect(r.stderr).not.toContain('git tag -d');
    const major = sb.shipver(dir, ['release', 'major', '--dry-run', '--json'], { env });
    expect(major.code, major.stderr).toBe(0);
    expect(JSON.parse(major.stdout)).toMatchObject({ current: '1.2.0', next: '2.0.0', lastTag: 'v1.2.0' });
  });

  it('changelog: what is unreleased is what came after v1.2.0', () => {
    const r = sb.shipver(dir, ['changelog', '--stdout', '--json'], { env });
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ mode: 'unreleased', previousTag: 'v1.2.0' });
    expect(j.markdown).toContain('on main');
    expect(j.markdown).not.toContain('on the feature branch');
  });

  it('envs: production runs 1.2.0, the latest release main contains, so it is up to date', () => {
    const r = sb.shipver(dir, ['envs', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([expect.objectContaining({ env: 'prod', running: '1.2.0', latest: '1.2.0', releasesBehind: 0 })]);
  });

  it('once the branch is merged, its tag counts: next goes on from 1.3.0', () => {
    // package.json conflicts (init added a script on main): keep main's file with the branch's version
    const ours = sb.git(dir, 'show', 'HEAD:package.json');
    expect(sb.run('git', ['merge', '--no-edit', 'feature'], { cwd: dir }).code).toBe(1);
    sb.write(dir, { 'package.json': ours.replace('"version": "1.2.0"', '"version": "1.3.0"') });
    sb.git(dir, 'add', 'package.json');
    const m = sb.run('git', ['commit', '--no-edit'], { cwd: dir }); // through the hooks: a merge may carry a version
    expect(m.code, m.stdout + m.stderr).toBe(0);
    const r = sb.shipver(dir, ['next', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ current: '1.3.0', lastTag: 'v1.3.0', next: '1.4.0', unmergedTags: ['v2.0.0-beta.1'] });
    expect(JSON.parse(sb.shipver(dir, ['envs', '--json']).stdout)).toEqual([expect.objectContaining({ latest: '1.3.0', releasesBehind: 1 })]);
  });
});

describe('a maintenance branch merged into main', () => {
  let dir = '';
  beforeAll(() => {
    dir = sb.repo('maint', { 'package.json': packageJson('1.4.0') }, 'feat: the app');
    sb.git(dir, 'tag', '-a', '-m', 'v1.4.0', 'v1.4.0');
    sb.git(dir, 'switch', '-q', '-c', '1.x');
    for (let i = 1; i <= 5; i++) commit(dir, `fix: backported fix ${i}`, { [`fix${i}.txt`]: `${i}\n` });
    commit(dir, 'chore(release): 1.4.1', { 'package.json': packageJson('1.4.1') });
    sb.git(dir, 'tag', '-a', '-m', 'v1.4.1', 'v1.4.1');
    sb.git(dir, 'switch', '-q', 'main');
    commit(dir, 'feat!: a new major', { 'api.txt': 'v2\n' });
    commit(dir, 'chore(release): 2.0.0', { 'package.json': packageJson('2.0.0') });
    sb.git(dir, 'tag', '-a', '-m', 'v2.0.0', 'v2.0.0');
    // the fixes come back to main; main keeps its version
    sb.run('git', ['merge', '--no-edit', '1.x'], { cwd: dir });
    sb.git(dir, 'checkout', '--ours', 'package.json');
    sb.git(dir, 'add', 'package.json');
    sb.git(dir, 'commit', '-q', '--no-verify', '--no-edit');
    setUp(dir);
  });

  it('git describe meets v1.4.1 first; next counts from v2.0.0, the highest release main contains', () => {
    expect(sb.git(dir, 'describe', '--tags', '--abbrev=0').trim()).toBe('v1.4.1');
    const r = sb.shipver(dir, ['next', '--json']);
    expect(r.code, r.stderr).toBe(0);
    // the backported fixes are new to the 2.x line; the breaking change was released in 2.0.0
    expect(JSON.parse(r.stdout)).toMatchObject({ current: '2.0.0', files: '2.0.0', lastTag: 'v2.0.0', level: 'patch', next: '2.0.1', unmergedTags: [] });
    const rel = sb.shipver(dir, ['release', '--dry-run', '--json'], { env });
    expect(JSON.parse(rel.stdout)).toMatchObject({ current: '2.0.0', next: '2.0.1', since: 'v2.0.0' });
  });

  it('doctor and changelog agree', () => {
    const d = doctorJson(sb.shipver(dir, ['doctor', '--json']));
    expect(d.ok).toBe(true);
    expect(d.checks.find((c) => c.name === 'version files')?.message).toBe('package.json says 2.0.0, the version of v2.0.0');
    const c = JSON.parse(sb.shipver(dir, ['changelog', '--stdout', '--json'], { env }).stdout);
    expect(c.previousTag).toBe('v2.0.0');
  });
});

describe('prerelease tags, and two tags on one commit', () => {
  let dir = '';
  beforeAll(() => {
    dir = sb.repo('pre', { 'package.json': packageJson('1.0.0') }, 'feat: the app');
    sb.git(dir, 'tag', '-a', '-m', 'v1.0.0', 'v1.0.0');
    commit(dir, 'feat: a feature');
    commit(dir, 'chore(release): 1.1.0-rc.1', { 'package.json': packageJson('1.1.0-rc.1') });
    sb.git(dir, 'tag', '-a', '-m', 'v1.1.0-rc.1', 'v1.1.0-rc.1');
    commit(dir, 'chore(release): 1.1.0', { 'package.json': packageJson('1.1.0') });
    sb.git(dir, 'tag', '-a', '-m', 'v1.1.0', 'v1.1.0');
    // an rc tagged onto the final release's commit later (git describe prefers the newer tag)
    sb.git(dir, '-c', 'user.name=Late', 'tag', '-a', '-m', 'v1.1.0-rc.2', 'v1.1.0-rc.2');
    commit(dir, 'fix: a fix');
    setUp(dir);
  });

  it('next counts from v1.1.0, not from the rc on the same commit', () => {
    const r = sb.shipver(dir, ['next', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ current: '1.1.0', lastTag: 'v1.1.0', level: 'patch', next: '1.1.1' });
    const pre = JSON.parse(sb.shipver(dir, ['next', '--pre', 'beta', '--json']).stdout);
    expect(pre).toMatchObject({ next: '1.1.1-beta.0' });
  });

  it('doctor is green; the changelog of v1.1.0 starts at the stable release before it', () => {
    expect(sb.shipver(dir, ['doctor']).code).toBe(0);
    const c = JSON.parse(sb.shipver(dir, ['changelog', '--stdout', '--json', '--to', 'v1.1.0'], { env }).stdout);
    // where `shipver release` started 1.1.0's notes: the stable release before it (the
    // prereleases' changes are listed again for readers who skipped them), never the rc
    // tagged onto the same commit later
    expect(c).toMatchObject({ mode: 'version', version: '1.1.0', previousTag: 'v1.0.0' });
    const rc = JSON.parse(sb.shipver(dir, ['changelog', '--stdout', '--json', '--to', 'v1.1.0-rc.1'], { env }).stdout);
    expect(rc).toMatchObject({ previousTag: 'v1.0.0' });
  });
});
