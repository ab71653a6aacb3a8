// A Django app whose bump2version set-up lives in a sub-directory (director/setup.cfg with
// [bumpversion:file:_version.py], paths relative to director/), released for years with the
// old Makefile's `make tag` (git tag -a vX -m ...). Detection must find both version files
// before and after `init`, and the first release must write both, byte for byte.
import { afterAll, describe, expect, it } from 'vitest';
import { Sandbox, expectNoStack } from '../helpers/sandbox.js';
import { adopt, changeAndRelease, dryRunJson, historyRepo, notUsed, snapshot, used } from './detect-helpers.js';

const sb = new Sandbox();
afterAll(() => sb.cleanup());

const setupCfg = (v: string) =>
  [
    '[bumpversion]',
    `current_version = ${v}`,
    'commit = False',
    'tag = False',
    '',
    '[bumpversion:file:_version.py]',
    '',
    '[bumpversion:part:release]',
    'values = dev',
    '',
    '[metadata]',
    'name = director',
    '',
    '[flake8]',
    'max-line-length = 120',
    '',
  ].join('\n');
const versionPy = (v: string) => `# Managed by bump2version: make increment-*\n__version__ = '${v}'\n`;
const MAKEFILE = [
  'VERSION := $(shell sed -n "s/^current_version = //p" director/setup.cfg)',
  'increment-patch:',
  '\tcd director && bump2version patch',
  'tag:',
  '\tgit tag -a v$(VERSION) -m "Release v$(VERSION)"',
  '',
].join('\n');
const files = (v: string) => ({ 'director/setup.cfg': setupCfg(v), 'director/_version.py': versionPy(v) });

function directorRepo(name: string): string {
  return historyRepo(sb, name, [
    { files: { ...files('1.3.0'), Makefile: MAKEFILE, 'director/manage.py': 'import django\n', 'director/director/settings.py': "DEBUG = False\n" }, message: 'initial import', tag: 'v1.3.0' },
    { files: { 'director/director/urls.py': 'urlpatterns = []\n' }, message: 'feat: status page' },
    { files: files('1.4.0'), message: 'Bump version: 1.3.0 → 1.4.0', tag: 'v1.4.0' },
    { files: { 'director/director/urls.py': 'urlpatterns = ["status"]\n' }, message: 'fix: status page route', lightweight: 'build-42' },
    { files: files('1.4.1'), message: 'Bump version: 1.4.0 → 1.4.1', tag: 'v1.4.1' },
  ]);
}

describe('bump2version in a sub-directory (director/setup.cfg + director/_version.py)', () => {
  const dir = directorRepo('director-app');

  it('without shipver.yaml, detection already finds both files (paths relative to director/)', () => {
    const v = sb.shipver(dir, ['version']);
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout.trim()).toBe('1.4.1');
    const next = sb.shipver(dir, ['release', 'patch', '--dry-run']);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stdout + next.stderr).toContain('director/_version.py');
    expect(next.stdout + next.stderr).toContain('director/setup.cfg');
  });

  it('init --dry-run lists both candidates with their lines, the part it does not use and why, and the tags', () => {
    const r = sb.shipver(dir, ['init', '--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('● director (python): director/_version.py, director/setup.cfg');
    expect(r.stderr).toContain('tag format v{version}: taken from the history (3 tags, the newest v1.4.1)');
    expect(r.stderr).toContain("✔ director/_version.py:2  __version__ = '1.4.1'  (director/setup.cfg:6 [bumpversion:file:_version.py]) → director");
    expect(r.stderr).toContain('✔ director/setup.cfg:2  current_version = 1.4.1 → director');
    expect(r.stderr).toMatch(/✖ director\/setup\.cfg:8 {2}\[bumpversion:part:release\]: custom version parts are not supported/);
    expect(r.stderr).toContain('? tags: 1 tag(s) hold no semver version (build-42)');

    const d = dryRunJson(sb, dir);
    expect(d.projects.map((p) => [p.name, p.dir])).toEqual([['director', 'director']]);
    expect(used(d)).toEqual(['director/_version.py:2 → director', 'director/setup.cfg:2 → director']);
    expect(notUsed(d)).toEqual([['director/setup.cfg:8', expect.stringMatching(/^custom version parts are not supported/)]]);
    expect(d.detection.tagFormat).toMatchObject({ format: 'v{version}', source: 'history', count: 3, example: 'v1.4.1' });
  });

  it('init --yes writes the project with both files and v{version}; the first release writes both, byte for byte', () => {
    const config = adopt(sb, dir);
    expect(config.tag.format).toBe('v{version}');
    expect(config.projects).toEqual([{ name: 'director', versionFiles: ['director/_version.py', 'director/setup.cfg'] }]);
    const before = snapshot(dir);
    const { stderr, changed } = changeAndRelease(sb, dir, { files: { 'director/director/urls.py': 'urlpatterns = ["status", "health"]\n' }, message: 'feat: health page' });
    expect(stderr).toContain('1.4.1 → 1.5.0');
    expect(sb.read(dir, 'director/setup.cfg')).toBe(setupCfg('1.5.0'));
    expect(sb.read(dir, 'director/_version.py')).toBe(versionPy('1.5.0'));
    expect(changed).toEqual(['CHANGELOG.md', 'director/_version.py', 'director/setup.cfg']);
    expect(before['director/setup.cfg']!.startsWith(setupCfg('1.4.1'))).toBe(true);
    expect(sb.git(dir, 'cat-file', '-t', 'v1.5.0').trim()).toBe('tag');
  });
});

describe('a sub-directory configuration that names what is not there: exit 2, file and line, nothing written', () => {
  const cases: Array<{ name: string; section: string; message: RegExp; code: string }> = [
    { name: 'outside', section: '[bumpversion:file:../../shared/_version.py]', message: /director\/setup\.cfg:6: \[bumpversion:file:\.\.\/\.\.\/shared\/_version\.py\] points outside the repository \(\.\.\/shared\/_version\.py: paths are relative to director\// , code: 'E_DETECT_OUTSIDE_REPO' },
    { name: 'missing', section: '[bumpversion:file:_versoin.py]', message: /director\/setup\.cfg:6: \[bumpversion:file:_versoin\.py\] names director\/_versoin\.py, which does not exist/, code: 'E_DETECT_FILE_MISSING' },
    { name: 'glob', section: '[bumpversion:glob:docs/*.rst]', message: /director\/setup\.cfg:6: \[bumpversion:glob:docs\/\*\.rst\] matches no file \(looked for director\/docs\/\*\.rst\)/, code: 'E_DETECT_GLOB_EMPTY' },
  ];
  for (const c of cases) {
    it(`${c.name}: init --dry-run, init --yes and shipver version refuse with ${c.code}`, () => {
      const dir = historyRepo(sb, `bad-${c.name}`, [
        { files: { 'director/setup.cfg': setupCfg('1.0.0').replace('[bumpversion:file:_version.py]', c.section), 'director/_version.py': versionPy('1.0.0') }, message: 'initial', tag: 'v1.0.0' },
      ]);
      const before = snapshot(dir);
      for (const args of [['init', '--dry-run'], ['init', '--yes'], ['version']]) {
        const r = sb.shipver(dir, args);
        expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
        expect(r.stderr).toMatch(c.message);
        expect(r.stderr).toContain(`fix the ${c.name === 'glob' ? 'pattern' : 'path'} in director/setup.cfg line 6`);
        expect(r.stderr).toContain(c.code);
        expectNoStack(r.stderr);
        expect(snapshot(dir)).toEqual(before);
      }
      expect(sb.run('git', ['config', 'core.hooksPath'], { cwd: dir }).code).toBe(1);
      const json = sb.shipver(dir, ['init', '--dry-run', '--json']);
      expect(json.code).toBe(2);
      expect(JSON.parse(json.stdout).error.code).toBe(c.code);
    });
  }

  it('every problem at once: several bad sections are listed, each with its line', () => {
    const cfg = setupCfg('1.0.0').replace('[bumpversion:file:_version.py]', '[bumpversion:file:_version.py]\n\n[bumpversion:file:gone.py]\n\n[bumpversion:glob:*.txt]');
    const dir = historyRepo(sb, 'bad-several', [{ files: { 'director/setup.cfg': cfg, 'director/_version.py': versionPy('1.0.0') }, message: 'initial' }]);
    const r = sb.shipver(dir, ['init', '--dry-run']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('2 problems in what shipver detected');
    expect(r.stderr).toContain('- director/setup.cfg:8: [bumpversion:file:gone.py] names director/gone.py, which does not exist');
    expect(r.stderr).toContain('- director/setup.cfg:10: [bumpversion:glob:*.txt] matches no file');
  });
});
