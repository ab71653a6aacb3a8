// Version files behind the tags: a Django app whose `make tag` tagged v1.3.0, v1.4.0 and
// v1.5.0 without committing the version files (bump2version with commit = False), so
// hub/version.py and setup.cfg still say 1.2.0. shipver never proposes a version that is
// tagged: next and release count from the newest tag HEAD contains and say the files are
// behind; doctor warns (the next release is not broken: it writes the files) and
// `doctor --fix` brings the files to 1.5.0 in a release commit the real hooks accept.
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Sandbox, expectNoStack } from '../helpers/sandbox.js';
import { DJANGO_FILES } from '../helpers/release-repos.js';
import { doctorJson, importHistory, printedCommands, runPrinted, traceHooks } from './tags-helpers.js';

const sb = new Sandbox();
afterAll(() => sb.cleanup());
const env = { SHIPVER_DATE: '2026-12-01', SHIPVER_DEPLOY: 'off' };

const at = (v: string) => Object.fromEntries(Object.entries(DJANGO_FILES).map(([f, c]) => [f, c.replace(/1\.0\.0/g, v)]));

/** The history, shipver set up by `shipver init` (hooks leave a trace), pushed to a bare remote. */
function behindRepo(name: string, files = at('1.2.0')): { dir: string; trace: string; bare: string } {
  const { dir } = importHistory(sb, name, [
    { message: 'feat: the hub\n', files, tags: ['v1.2.0'] },
    { message: 'feat(api): status endpoint\n', files: { 'hub/api.py': 'status = 1\n' }, tags: ['v1.3.0'] },
    { message: 'feat(api): version in the status\n', files: { 'hub/api.py': 'status = 2\n' }, tags: ['v1.4.0'] },
    { message: 'fix(api): answer HEAD requests\n', files: { 'hub/api.py': 'status = 3\n' }, tags: ['v1.5.0'] },
    { message: 'feat(admin): an admin page\n', files: { 'hub/admin.py': 'admin = 1\n' } },
  ]);
  const init = sb.shipver(dir, ['init', '--yes']);
  expect(init.code, init.stderr).toBe(0);
  const trace = traceHooks(dir);
  const setup = sb.commit(dir, 'chore: set up shipver');
  expect(setup.code, setup.stderr).toBe(0);
  const bare = sb.remote(dir, `${name}.git`);
  sb.git(dir, 'push', '-q', '--no-verify', 'origin', '--tags');
  return { dir, trace, bare };
}

describe('version files behind the last three tags', () => {
  const { dir, trace, bare } = behindRepo('behind');
  const original = { version: sb.read(dir, 'hub/version.py'), cfg: sb.read(dir, 'setup.cfg') };

  it('next counts from the newest tag HEAD contains, never from the files: 1.6.0, not the tagged 1.3.0', () => {
    const r = sb.shipver(dir, ['next', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ current: '1.5.0', files: '1.2.0', filesBehind: 'v1.5.0', lastTag: 'v1.5.0', level: 'minor', next: '1.6.0' });
    expect(j.warnings).toEqual([expect.stringContaining('the version files say 1.2.0, behind tag v1.5.0 (tagged without committing them): counting from 1.5.0')]);
    const plain = sb.shipver(dir, ['next']);
    expect(plain.stdout).toBe('1.6.0\n');
    expect(plain.stderr).toContain('hub 1.5.0 (last tag v1.5.0; the version files say 1.2.0)');
    expect(sb.shipver(dir, ['next', 'patch']).stdout).toBe('1.5.1\n');
  });

  it('release --dry-run plans 1.5.0 → 1.6.0 and says the files are behind', () => {
    const r = sb.shipver(dir, ['release', '--dry-run'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('⚠ the version files say 1.2.0, behind tag v1.5.0');
    expect(r.stderr).toContain('(dry run) hub 1.5.0 → 1.6.0 (minor: 1 feature, 1 other commit since v1.5.0)');
    const j = JSON.parse(sb.shipver(dir, ['release', '--dry-run', '--json'], { env }).stdout);
    expect(j).toMatchObject({ current: '1.5.0', next: '1.6.0', filesBehind: { files: '1.2.0', tag: 'v1.5.0' }, tag: { name: 'v1.6.0' } });
  });

  it('doctor warns with the one command that fixes it, and exits 0 (the next release is not broken)', () => {
    const r = sb.shipver(dir, ['doctor']);
    expectNoStack(r.stderr);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('⚠ version files: hub/version.py, setup.cfg say 1.2.0, behind tag v1.5.0, the latest release HEAD contains');
    expect(printedCommands(r.stderr)).toEqual(['shipver doctor --fix']);
  });

  it('a hand edit of the files is refused by the real pre-commit hook (so doctor does not advise it)', () => {
    writeFileSync(path.join(dir, 'hub/version.py'), original.version.replace('1.2.0', '1.5.0'));
    const r = sb.commit(dir, 'chore: sync the version');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('E_VERSION_HAND_EDIT');
    sb.git(dir, 'reset', '-q', '--hard');
  });

  it('doctor --dry-run --json shows the commit and changes nothing', () => {
    const head = sb.git(dir, 'rev-parse', 'HEAD');
    const j = doctorJson(sb.shipver(dir, ['doctor', '--fix', '--dry-run', '--json']));
    expect(j.changes).toEqual([
      { name: 'version files', done: false, change: 'would set hub/version.py 1.2.0 → 1.5.0, setup.cfg 1.2.0 → 1.5.0 (tag v1.5.0, the latest release HEAD contains), and commit "chore(release): 1.5.0"' },
    ]);
    expect(sb.git(dir, 'rev-parse', 'HEAD')).toBe(head);
    expect(sb.git(dir, 'status', '--porcelain')).toBe('');
  });

  it('the printed fix, run as printed, commits the files in the release format through the real hooks; then doctor is green', () => {
    writeFileSync(trace, '');
    const doctor = sb.shipver(dir, ['doctor']);
    for (const command of printedCommands(doctor.stderr)) {
      const r = runPrinted(sb, dir, command);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/✔ version files: set hub\/version\.py 1\.2\.0 → 1\.5\.0, setup\.cfg 1\.2\.0 → 1\.5\.0 \(tag v1\.5\.0, the latest release HEAD contains\), committed [0-9a-f]{7} chore\(release\): 1\.5\.0/);
    }
    expect(readFileSync(trace, 'utf8')).toBe('pre-commit\ncommit-msg\n');
    expect(sb.git(dir, 'log', '-1', '--format=%s', 'HEAD').trim()).toBe('chore(release): 1.5.0');
    expect(sb.git(dir, 'show', '--name-only', '--format=', 'HEAD').trim().split('\n')).toEqual(['hub/version.py', 'setup.cfg']);
    // byte for byte: only the version changed
    expect(sb.read(dir, 'hub/version.py')).toBe(original.version.replace('1.2.0', '1.5.0'));
    expect(sb.read(dir, 'setup.cfg')).toBe(original.cfg.replace('1.2.0', '1.5.0'));
    expect(sb.git(dir, 'status', '--porcelain')).toBe('');
    const after = doctorJson(sb.shipver(dir, ['doctor', '--json']));
    expect(after.ok).toBe(true);
    expect(after.checks.filter((c) => c.status !== 'ok')).toEqual([]);
    expect(after.checks.find((c) => c.name === 'version files')?.message).toBe('hub/version.py, setup.cfg agree on 1.5.0, the version of v1.5.0');
  });

  it('the next release is 1.6.0, and the pre-push hook accepts its tag', () => {
    const r = sb.shipver(dir, ['release', '--push'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('hub 1.5.0 → 1.6.0');
    expect(sb.git(bare, 'cat-file', '-t', 'v1.6.0').trim()).toBe('tag');
    expect(sb.read(dir, 'hub/version.py')).toContain("__version__ = '1.6.0'");
  });
});

describe('releasing with the files behind, without doctor --fix', () => {
  it('writes the new version over the old one in every file, and tags what the files say', () => {
    const { dir, bare } = behindRepo('behind-release');
    const r = sb.shipver(dir, ['release', '--push'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('⚠ the version files say 1.2.0, behind tag v1.5.0');
    expect(sb.read(dir, 'hub/version.py')).toContain("__version__ = '1.6.0'");
    expect(sb.read(dir, 'setup.cfg')).toContain('current_version = 1.6.0');
    expect(sb.git(bare, 'cat-file', '-t', 'v1.6.0').trim()).toBe('tag');
    expect(sb.shipver(dir, ['doctor']).code).toBe(0);
  });
});

describe('one version file missed: the files disagree, the tags say which is right', () => {
  // setup.cfg followed the tags; hub/version.py was left behind
  const files = at('1.2.0');
  files['setup.cfg'] = files['setup.cfg']!.replace('1.2.0', '1.5.0');
  const { dir } = behindRepo('disagree', files);

  it('next and release refuse with the one command that fixes it', () => {
    const r = sb.shipver(dir, ['next']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('the version files disagree: 1.2.0 vs 1.5.0');
    expect(r.stderr).toContain('→ shipver doctor --fix sets them all to 1.5.0 (tag v1.5.0, the latest release HEAD contains) in one release commit');
    expect(sb.shipver(dir, ['release', '--dry-run'], { env }).code).toBe(1);
  });

  it('doctor fails; with version files changed by hand, --fix refuses and writes nothing', () => {
    const r = sb.shipver(dir, ['doctor']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('✖ version files: the version files disagree: 1.2.0 vs 1.5.0');
    expect(printedCommands(r.stderr)).toEqual(['shipver doctor --fix']);
    writeFileSync(path.join(dir, 'hub/version.py'), `${sb.read(dir, 'hub/version.py')}# local note\n`);
    const head = sb.git(dir, 'rev-parse', 'HEAD');
    const before = sb.read(dir, 'hub/version.py');
    const fix = sb.shipver(dir, ['doctor', '--fix']);
    expect(fix.code).toBe(1);
    expect(fix.stderr).toContain('hub/version.py has uncommitted changes, so shipver doctor --fix left it alone');
    expect(sb.git(dir, 'rev-parse', 'HEAD')).toBe(head);
    expect(sb.read(dir, 'hub/version.py')).toBe(before);
    expect(sb.read(dir, 'setup.cfg')).toContain('current_version = 1.5.0');
    sb.git(dir, 'checkout', '--', 'hub/version.py');
  });

  it('doctor --fix, as printed, sets the odd file to 1.5.0; then doctor, next and the hooks agree', () => {
    const r = runPrinted(sb, dir, printedCommands(sb.shipver(dir, ['doctor']).stderr)[0]!);
    expect(r.code, r.stderr).toBe(0);
    expect(sb.git(dir, 'show', '--name-only', '--format=', 'HEAD').trim()).toBe('hub/version.py');
    expect(sb.shipver(dir, ['doctor']).code).toBe(0);
    expect(JSON.parse(sb.shipver(dir, ['next', '--json']).stdout)).toMatchObject({ current: '1.5.0', files: '1.5.0', filesBehind: null, next: '1.6.0' });
  });
});
