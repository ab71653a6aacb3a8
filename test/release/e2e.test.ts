// The same release interface for a Django-style and an Express-style repository:
// feat → 1.1.0, fix → 1.1.1, feat --pre beta → 1.2.0-beta.0 (1.2.0b0 in Python files),
// then the beta graduates to 1.2.0. Real git, real hooks, a bare remote.
import { describe, expect, it, afterAll } from 'vitest';
import { readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import path from 'node:path';
import { Sandbox } from '../helpers/sandbox.js';
import { DJANGO_FILES, EXPRESS_FILES, releaseRepo } from '../helpers/release-repos.js';

const sb = new Sandbox();
afterAll(() => sb.cleanup());
const env = { SHIPVER_DATE: '2026-11-26' };

function release(dir: string, ...args: string[]) {
  const r = sb.shipver(dir, ['release', ...args], { env });
  if (r.code !== 0) throw new Error(`shipver release ${args.join(' ')} failed (${r.code}):\n${r.stderr}${r.stdout}`);
  return r;
}

function change(dir: string, file: string, message: string) {
  appendFileSync(path.join(dir, file), `# ${message}\n`);
  const c = sb.commit(dir, message);
  if (c.code !== 0) throw new Error(`commit failed: ${c.stderr}`);
}

describe('Django-style repository (hub/version.py + setup.cfg [bumpversion])', () => {
  const { dir, bare } = releaseRepo(sb, 'hub', DJANGO_FILES);

  it('feat → 1.1.0 in both files, one release commit, an annotated tag carrying the notes', () => {
    change(dir, 'manage.py', 'feat(api): report the version at /api/status');
    const r = release(dir);
    expect(r.stderr).toContain('1.0.0 → 1.1.0');
    expect(sb.read(dir, 'hub/version.py')).toBe("# the hub's version; shipver writes it\n__version__ = '1.1.0'\n");
    expect(sb.read(dir, 'setup.cfg')).toBe(DJANGO_FILES['setup.cfg'].replace('current_version = 1.0.0', 'current_version = 1.1.0'));
    expect(sb.git(dir, 'log', '-1', '--format=%s').trim()).toBe('chore(release): 1.1.0');
    expect(sb.git(dir, 'show', '--name-only', '--format=', 'HEAD').trim().split('\n').sort()).toEqual(['CHANGELOG.md', 'hub/version.py', 'setup.cfg']);
    expect(sb.git(dir, 'cat-file', '-t', 'v1.1.0').trim()).toBe('tag');
    const msg = sb.git(dir, 'tag', '-l', '--format=%(contents)', 'v1.1.0');
    expect(msg).toContain('report the version at /api/status');
    expect(sb.read(dir, 'CHANGELOG.md')).toContain('report the version at /api/status');
    expect(sb.git(dir, 'status', '--porcelain')).toBe('');
  });

  it('fix → 1.1.1', () => {
    change(dir, 'manage.py', 'fix: handle an empty status response');
    release(dir);
    expect(sb.read(dir, 'hub/version.py')).toContain("__version__ = '1.1.1'");
    expect(sb.git(dir, 'cat-file', '-t', 'v1.1.1').trim()).toBe('tag');
  });

  it('feat --pre beta → 1.2.0b0 in the Python files and tag v1.2.0-beta.0, then beta.1', () => {
    change(dir, 'manage.py', 'feat: show the running environment');
    release(dir, '--pre', 'beta');
    expect(sb.read(dir, 'hub/version.py')).toContain("__version__ = '1.2.0b0'");
    expect(sb.read(dir, 'setup.cfg')).toContain('current_version = 1.2.0b0');
    expect(sb.git(dir, 'cat-file', '-t', 'v1.2.0-beta.0').trim()).toBe('tag');
    change(dir, 'manage.py', 'fix: beta feedback');
    release(dir, '--pre', 'beta');
    expect(sb.read(dir, 'hub/version.py')).toContain("__version__ = '1.2.0b1'");
    const v = sb.shipver(dir, ['version']);
    expect(v.stdout).toBe('1.2.0-beta.1\n');
    expect(sb.shipver(dir, ['version', '--pep440']).stdout).toBe('1.2.0b1\n');
  });

  it('a plain release graduates the beta to 1.2.0, and --push pushes branch and tag atomically', () => {
    const r = release(dir, '--push');
    expect(r.stderr).toContain('1.2.0-beta.1 → 1.2.0');
    expect(sb.read(dir, 'hub/version.py')).toContain("__version__ = '1.2.0'");
    expect(sb.git(bare, 'rev-parse', 'refs/heads/main').trim()).toBe(sb.git(dir, 'rev-parse', 'HEAD').trim());
    expect(sb.git(bare, 'cat-file', '-t', 'v1.2.0').trim()).toBe('tag');
    const changelog = sb.read(dir, 'CHANGELOG.md');
    // the final release lists everything since 1.1.1, including what the betas had
    const section = changelog.slice(changelog.indexOf('1.2.0'), changelog.indexOf('1.2.0-beta.1'));
    expect(section).toContain('show the running environment');
    expect(section).toContain('beta feedback');
  });

  it('nothing to release: exit 1 and says so; an explicit level still works', () => {
    change(dir, 'manage.py', 'docs: explain the status endpoint');
    const r = sb.shipver(dir, ['release'], { env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('nothing to release');
    release(dir, 'patch');
    expect(sb.read(dir, 'hub/version.py')).toContain("__version__ = '1.2.1'");
  });
});

describe('Express-style repository (package.json + package-lock.json)', () => {
  const { dir } = releaseRepo(sb, 'cloud', EXPRESS_FILES);

  it('goes through the same releases with the same commands', () => {
    change(dir, 'index.js', 'feat: report the version at /status');
    const before = sb.read(dir, 'package.json'); // init added husky's prepare script
    release(dir);
    expect(sb.read(dir, 'package.json')).toBe(before.replace('"version": "1.0.0"', '"version": "1.1.0"'));
    const lock = JSON.parse(sb.read(dir, 'package-lock.json'));
    expect([lock.version, lock.packages[''].version, lock.packages['node_modules/left-pad'].version]).toEqual(['1.1.0', '1.1.0', '1.3.0']);
    change(dir, 'index.js', 'fix: trailing newline in /status');
    release(dir);
    expect(JSON.parse(sb.read(dir, 'package.json')).version).toBe('1.1.1');
    change(dir, 'index.js', 'feat: a beta feature');
    release(dir, '--pre', 'beta');
    expect(JSON.parse(sb.read(dir, 'package.json')).version).toBe('1.2.0-beta.0');
    expect(sb.git(dir, 'cat-file', '-t', 'v1.2.0-beta.0').trim()).toBe('tag');
    expect(sb.git(dir, 'tag', '-l', '--format=%(contents)', 'v1.2.0-beta.0')).toContain('a beta feature');
  });

  it('next --json reports the level and the commits with their reasons', () => {
    change(dir, 'index.js', 'feat(api)!: drop the v1 routes');
    const r = sb.shipver(dir, ['next', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ current: '1.2.0-beta.0', lastTag: 'v1.2.0-beta.0', level: 'major', next: '2.0.0' });
    expect(j.commits.find((c: { header: string }) => c.header.startsWith('feat(api)!')).reason).toBe('breaking change');
  });

  it('--dry-run prints the plan and changes nothing', () => {
    const head = sb.git(dir, 'rev-parse', 'HEAD');
    const r = sb.shipver(dir, ['release', '--dry-run', '--json'], { env });
    expect(r.code, r.stderr).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(plan).toMatchObject({ dryRun: true, next: '2.0.0', tag: { name: 'v2.0.0' }, commitMessage: 'chore(release): 2.0.0' });
    expect(plan.files.map((f: { file: string }) => f.file)).toEqual(['package.json', 'package-lock.json', 'CHANGELOG.md']);
    expect(sb.git(dir, 'rev-parse', 'HEAD')).toBe(head);
    expect(sb.git(dir, 'status', '--porcelain')).toBe('');
    expect(sb.git(dir, 'tag', '-l', 'v2.0.0')).toBe('');
  });

  it('bump then tag does what release does, in two steps', () => {
    const b = sb.shipver(dir, ['bump'], { env });
    expect(b.code, b.stderr).toBe(0);
    expect(sb.git(dir, 'tag', '-l', 'v2.0.0')).toBe('');
    // the tag is for what is committed: an edit in the work tree (the files disagreeing) does not count
    const pkg = path.join(dir, 'package.json');
    const committed = readFileSync(pkg, 'utf8');
    writeFileSync(pkg, committed.replace('"2.0.0"', '"9.9.9"'));
    const t = sb.shipver(dir, ['tag'], { env });
    writeFileSync(pkg, committed);
    expect(t.code, t.stderr).toBe(0);
    expect(sb.git(dir, 'cat-file', '-t', 'v2.0.0').trim()).toBe('tag');
    expect(sb.git(dir, 'rev-parse', 'v2.0.0^{commit}')).toBe(sb.git(dir, 'rev-parse', 'HEAD'));
    const again = sb.shipver(dir, ['tag'], { env });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');
  });
});

describe('the pre-commit hook', () => {
  const { dir } = releaseRepo(sb, 'guarded', EXPRESS_FILES);

  it('refuses a hand edit of the version on a release branch, and allows it elsewhere', () => {
    writeFileSync(path.join(dir, 'package.json'), EXPRESS_FILES['package.json'].replace('1.0.0', '9.9.9'));
    const r = sb.commit(dir, 'chore: bump by hand');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('changes the version by hand on release branch main');
    expect(r.stderr).toContain('package.json: 1.0.0 → 9.9.9');
    sb.git(dir, 'switch', '-q', '-c', 'experiment');
    expect(sb.commit(dir, 'chore: try a version').code).toBe(0);
    sb.git(dir, 'switch', '-q', 'main');
  });

  it('lets ordinary edits of a version file through (dependencies, not the version)', () => {
    writeFileSync(path.join(dir, 'package.json'), EXPRESS_FILES['package.json'].replace('"left-pad": "1.3.0"', '"left-pad": "1.3.1"'));
    const r = sb.commit(dir, 'build: update left-pad');
    expect(r.code, r.stderr).toBe(0);
  });
});
