// shipver ci verify / ci deploy in fresh shallow clones (`git clone --depth 1`), as a CI
// runner has them, and shipver init --ci.
import { describe, expect, it, afterAll } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ROOT, Sandbox } from '../helpers/sandbox.js';

const sb = new Sandbox();
afterAll(() => sb.cleanup());

// Whatever CI runs these tests must not leak its own variables into the commands.
const NO_CI: NodeJS.ProcessEnv = Object.fromEntries(
  [
    'GITHUB_ACTIONS', 'GITHUB_SHA', 'GITHUB_REF', 'GITHUB_REF_NAME', 'GITHUB_REF_TYPE', 'GITHUB_EVENT_BEFORE', 'GITHUB_EVENT_PATH', 'GITHUB_BASE_REF',
    'GITLAB_CI', 'CI_COMMIT_SHA', 'CI_COMMIT_BEFORE_SHA', 'CI_COMMIT_BRANCH', 'CI_COMMIT_TAG', 'CI_DEFAULT_BRANCH', 'CI_MERGE_REQUEST_TARGET_BRANCH_NAME',
  ].map((k) => [k, '']),
);
const ZERO = '0'.repeat(40);

// The project: a package.json app with a deploy that appends to a file.
const deployed = sb.path('deployed.txt');
const work = sb.repo('cloud', {
  'package.json': '{\n  "name": "cloud",\n  "version": "1.0.0"\n}\n',
  'shipver.yaml': [
    'environments:',
    '  test:',
    `    deploy: { command: [sh, -c, 'echo "$1 $2" >> "$3"', sh, "{version}", "{env}", ${JSON.stringify(deployed)}], on: release }`,
    '  broken:',
    '    deploy: { command: [sh, -c, "exit 3"], on: prerelease }',
    '',
  ].join('\n'),
});
sb.git(work, 'tag', '-a', '-m', 'v1.0.0', 'v1.0.0');
const bare = sb.remote(work, 'cloud.git');
const sha = (rev: string) => sb.git(work, 'rev-parse', rev).trim();
const A = sha('HEAD');
const commitFile = (msg: string) => {
  writeFileSync(path.join(work, 'index.js'), `// ${msg}\n`);
  const r = sb.commit(work, msg);
  if (r.code !== 0) throw new Error(r.stderr);
  return sha('HEAD');
};
const B = commitFile('feat: add the index');
const C = commitFile('updated things');
const D = commitFile('fix: handle the empty case');
// the release of 1.1.0 on main
writeFileSync(path.join(work, 'package.json'), '{\n  "name": "cloud",\n  "version": "1.1.0"\n}\n');
const E = (sb.commit(work, 'chore(release): 1.1.0'), sha('HEAD'));
sb.git(work, 'tag', '-a', '-m', 'v1.1.0', 'v1.1.0');
// a tag whose version files say otherwise
sb.git(work, 'tag', '-a', '-m', 'v9.0.0', 'v9.0.0');
sb.git(work, 'push', '-q', '--no-verify', 'origin', 'main', 'v1.0.0', 'v1.1.0', 'v9.0.0');

let clones = 0;
/** A fresh `git clone --depth 1` of the bare repository, as a CI runner makes one. */
function shallowClone(branch = 'main'): string {
  const dir = sb.path(`ci-${++clones}`);
  sb.git(sb.dir, 'clone', '-q', '--depth', '1', '--branch', branch, `file://${bare}`, dir);
  expect(sb.git(dir, 'rev-parse', '--is-shallow-repository').trim()).toBe('true');
  return dir;
}

describe('shipver ci verify', () => {
  it('fails in a shallow clone on a range with a bad commit, naming it; fetches the history it needs and says so', () => {
    const dir = shallowClone();
    const r = sb.shipver(dir, ['ci', 'verify', '--from', A, '--to', E], { env: NO_CI });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain('shallow clone: fetching 50 more commits of history (git fetch --deepen=50)');
    expect(r.stderr).toContain(`${C.slice(0, 7)} "updated things": subject may not be empty [subject-empty]`);
    expect(r.stderr).toContain('1 of 4 commit messages fail the rules');
    expect(r.stderr).not.toContain(B.slice(0, 7));
  });

  it('passes on a good range', () => {
    const dir = shallowClone();
    const r = sb.shipver(dir, ['ci', 'verify', '--from', C, '--to', E], { env: NO_CI });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('2 commit messages pass');
  });

  it('takes the range from GitHub Actions variables (GITHUB_EVENT_BEFORE / GITHUB_SHA), --json', () => {
    const gh = (before: string) => ({ ...NO_CI, GITHUB_ACTIONS: 'true', GITHUB_REF: 'refs/heads/main', GITHUB_SHA: E, GITHUB_EVENT_BEFORE: before });
    const bad = sb.shipver(shallowClone(), ['ci', 'verify', '--json'], { env: gh(A) });
    expect(bad.code, bad.stderr).toBe(1);
    const out = JSON.parse(bad.stdout);
    expect(out).toMatchObject({ ok: false, lint: { count: 4, invalid: 1 } });
    expect(out.lint.commits.filter((c: { valid: boolean }) => !c.valid).map((c: { sha: string }) => c.sha)).toEqual([C]);
    expect(out.notes.join('\n')).toContain('--deepen');
    const good = sb.shipver(shallowClone(), ['ci', 'verify'], { env: gh(D) });
    expect(good.code, good.stderr).toBe(0);
    expect(good.stderr).toContain('1 commit message pass');
  });

  it('takes the range from GitLab CI variables', () => {
    const r = sb.shipver(shallowClone(), ['ci', 'verify'], {
      env: { ...NO_CI, GITLAB_CI: 'true', CI_COMMIT_BRANCH: 'main', CI_COMMIT_SHA: E, CI_COMMIT_BEFORE_SHA: B, CI_DEFAULT_BRANCH: 'main' },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${C.slice(0, 7)} "updated things"`);
  });

  it('a new release branch (before = all zeros): checks the commits that are not on the default branch', () => {
    sb.git(work, 'switch', '-q', '-c', '1.x', D);
    const F = commitFile('bad on the maintenance branch');
    const G = commitFile('fix: a backported fix');
    sb.git(work, 'push', '-q', '--no-verify', 'origin', '1.x');
    sb.git(work, 'switch', '-q', 'main');
    const r = sb.shipver(shallowClone('1.x'), ['ci', 'verify'], { env: { ...NO_CI, GITHUB_ACTIONS: 'true', GITHUB_REF: 'refs/heads/1.x', GITHUB_SHA: G, GITHUB_EVENT_BEFORE: ZERO } });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain('checking the commits that are not on main');
    expect(r.stderr).toContain('1 of 2 commit messages fail the rules');
    expect(r.stderr).toContain(F.slice(0, 7));
  });

  it('checks a new feature branch too: the commits not on the default branch, else the last commit', () => {
    sb.git(work, 'switch', '-q', '-c', 'feature/x', E);
    const F = commitFile('wip');
    sb.git(work, 'push', '-q', '--no-verify', 'origin', 'feature/x');
    sb.git(work, 'switch', '-q', 'main');
    const env = { ...NO_CI, GITLAB_CI: 'true', CI_COMMIT_BRANCH: 'feature/x', CI_COMMIT_SHA: F, CI_COMMIT_BEFORE_SHA: ZERO, CI_DEFAULT_BRANCH: 'main' };
    const r = sb.shipver(shallowClone('feature/x'), ['ci', 'verify'], { env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('1 of 1 commit messages fail the rules (the commits not on main)');
    expect(r.stderr).toContain(`${F.slice(0, 7)} "wip"`);
    // no remote to compare with: the last commit, and it says so
    const lone = sb.repo('lone', { VERSION: '1.0.0\n' }, 'feat: first');
    const l = sb.shipver(lone, ['ci', 'verify'], { env: { ...env, CI_COMMIT_SHA: sb.git(lone, 'rev-parse', 'HEAD').trim() } });
    expect(l.code, l.stderr).toBe(0);
    expect(l.stderr).toContain('checking the last commit only');
  });

  it('verifies the tag a pipeline builds, even after actions/checkout made it lightweight', () => {
    const dir = shallowClone('v1.1.0');
    sb.git(dir, 'tag', '-f', 'v1.1.0', 'HEAD'); // what actions/checkout leaves behind
    const env = { ...NO_CI, GITHUB_ACTIONS: 'true', GITHUB_REF: 'refs/tags/v1.1.0', GITHUB_SHA: E, GITHUB_EVENT_BEFORE: ZERO };
    const r = sb.shipver(dir, ['ci', 'verify'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('v1.1.0: annotated, matches the version files, on a release branch');
    const bad = sb.shipver(shallowClone('v9.0.0'), ['ci', 'verify'], { env: { ...env, GITHUB_REF: 'refs/tags/v9.0.0' } });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('tag v9.0.0 says 9.0.0, but the version files at its commit say 1.1.0');
  });
});

describe('shipver ci deploy', () => {
  it('runs the deploy of the tag the pipeline builds, in the foreground', () => {
    const dir = shallowClone('v1.1.0');
    const r = sb.shipver(dir, ['ci', 'deploy'], { env: { ...NO_CI, GITHUB_ACTIONS: 'true', GITHUB_REF: 'refs/tags/v1.1.0', GITHUB_REF_NAME: 'v1.1.0', GITHUB_REF_TYPE: 'tag', GITHUB_SHA: E } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('v1.1.0 deployed to test');
    expect(readFileSync(deployed, 'utf8')).toBe('1.1.0 test\n');
  });

  it('exits 1 when a deploy fails, and does nothing for a tag no environment takes', () => {
    sb.git(work, 'switch', '-q', 'main');
    writeFileSync(path.join(work, 'package.json'), '{\n  "name": "cloud",\n  "version": "1.2.0-beta.0"\n}\n');
    sb.commit(work, 'chore(release): 1.2.0-beta.0');
    sb.git(work, 'tag', '-a', '-m', 'v1.2.0-beta.0', 'v1.2.0-beta.0');
    sb.git(work, 'push', '-q', '--no-verify', 'origin', 'main', 'v1.2.0-beta.0');
    const r = sb.shipver(shallowClone('v1.2.0-beta.0'), ['ci', 'deploy'], { env: { ...NO_CI, GITLAB_CI: 'true', CI_COMMIT_TAG: 'v1.2.0-beta.0' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('deploy of v1.2.0-beta.0 to broken: failed (exit 3)');
    const none = sb.shipver(shallowClone(), ['ci', 'deploy', '--tag', 'v1.0.0'], { env: NO_CI });
    expect(none.code, none.stderr).toBe(0);
    const missing = sb.shipver(shallowClone(), ['ci', 'deploy'], { env: NO_CI });
    expect(missing.code).toBe(2);
  });
});

describe('shipver init --ci', () => {
  it('github: writes a workflow that parses, runs ci verify on every push and ci deploy on version tags', () => {
    const repo = sb.repo('gh-app', { VERSION: '1.0.0\n' });
    const r = sb.shipver(repo, ['init', '--ci', 'github']);
    expect(r.code, r.stderr).toBe(0);
    const text = sb.read(repo, '.github/workflows/shipver.yml');
    const wf = parseYaml(text);
    expect(wf.on.push).toEqual({ branches: ['**'], tags: ['v[0-9]*'] });
    const steps = wf.jobs.shipver.steps as Array<{ run?: string; if?: string; env?: Record<string, string> }>;
    const verify = steps.find((s) => s.run === 'shipver ci verify');
    expect(verify?.env?.GITHUB_EVENT_BEFORE).toBe('${{ github.event.before }}');
    expect(steps.find((s) => s.run === 'shipver ci deploy')?.if).toBe("github.ref_type == 'tag'");
    expect(steps.findIndex((s) => s.run === 'shipver ci verify')).toBeLessThan(steps.findIndex((s) => s.run === 'shipver ci deploy'));
    // idempotent; a changed file is not overwritten without --force
    expect(sb.shipver(repo, ['init', '--ci', 'github']).stderr).toContain('up to date');
    writeFileSync(path.join(repo, '.github/workflows/shipver.yml'), text + '# mine\n');
    expect(sb.shipver(repo, ['init', '--ci', 'github']).code).toBe(1);
    expect(sb.shipver(repo, ['init', '--ci', 'github', '--force']).code).toBe(0);
    expect(sb.read(repo, '.github/workflows/shipver.yml')).toBe(text);
    // docs/ci.md shows the file whole
    expect(readFileSync(path.join(ROOT, 'docs/ci.md'), 'utf8')).toContain(text);
  });

  it('gitlab: writes .gitlab-ci.yml, or prints the jobs to add to an existing one', () => {
    const repo = sb.repo('gl-app', { VERSION: '1.0.0\n' });
    expect(sb.shipver(repo, ['init', '--ci', 'gitlab']).code).toBe(0);
    const text = sb.read(repo, '.gitlab-ci.yml');
    const ci = parseYaml(text);
    expect(ci['shipver-verify'].script).toEqual(['shipver ci verify']);
    expect(ci['shipver-deploy'].script).toEqual(['shipver ci deploy']);
    expect(ci['shipver-deploy'].rules).toEqual([{ if: '$CI_COMMIT_TAG =~ /^v\\d/' }]);
    expect(readFileSync(path.join(ROOT, 'docs/ci.md'), 'utf8')).toContain(text);
    const other = sb.repo('gl-other', { VERSION: '1.0.0\n', '.gitlab-ci.yml': 'test:\n  script: [make test]\n' });
    const r = sb.shipver(other, ['init', '--ci', 'gitlab']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('exists: not changed');
    expect(parseYaml(r.stdout)['shipver-verify'].script).toEqual(['shipver ci verify']);
    expect(sb.read(other, '.gitlab-ci.yml')).toBe('test:\n  script: [make test]\n');
    expect(existsSync(path.join(other, '.github'))).toBe(false);
  });
});
