// bump-my-version's [tool.bumpversion] in pyproject.toml: every [[tool.bumpversion.files]]
// entry with its own search/replace, a glob, and an entry shipver cannot follow (regex).
// Then pyproject.toml versions that are dynamic: read from a module (used), or from the git
// tag by setuptools-scm (init stops: exit 1, the file and line, nothing written).
import { afterAll, describe, expect, it } from 'vitest';
import { Sandbox, expectNoStack } from '../helpers/sandbox.js';
import { adopt, changeAndRelease, dryRunJson, historyRepo, notUsed, snapshot, used } from './detect-helpers.js';

const sb = new Sandbox();
afterAll(() => sb.cleanup());

const pyproject = (v: string) => `[project]
name = "apiclient"
version = "${v}"
requires-python = ">=3.9"

[tool.bumpversion]
current_version = "${v}"
commit = false
tag = false

[[tool.bumpversion.files]]
filename = "src/apiclient/__init__.py"

[[tool.bumpversion.files]]
filename = "README.md"
search = "pip install apiclient=={current_version}"
replace = "pip install apiclient=={new_version}"

[[tool.bumpversion.files]]
glob = "docs/*.md"
search = "Version {current_version}"
replace = "Version {new_version}"

[[tool.bumpversion.files]]
filename = "CHANGES.md"
regex = true
search = "^## Unreleased"
replace = "## {new_version}"
`;
const files = (v: string, readmeOld = '0.8.0') => ({
  'pyproject.toml': pyproject(v),
  'src/apiclient/__init__.py': `"""API client."""\n__version__ = "${v}"\n`,
  'README.md': `# apiclient\n\n    pip install apiclient==${v}\n\nThe retry option came in ${readmeOld}.\n`,
  'docs/guide.md': `# Guide\n\nVersion ${v}\n`,
  'docs/api.md': `# API\n\nVersion ${v}, first documented in 0.8.0.\n`,
  'CHANGES.md': '## Unreleased\n',
});

describe('bump-my-version: [tool.bumpversion] with files entries, custom search/replace and a glob', () => {
  const dir = historyRepo(sb, 'apiclient', [
    { files: files('0.8.0'), message: 'feat: first client', tag: 'v0.8.0' },
    { files: { 'src/apiclient/client.py': 'RETRY = 3\n' }, message: 'feat: retries' },
    { files: files('0.9.0'), message: 'Bump version: 0.8.0 → 0.9.0', tag: 'v0.9.0' },
    { files: { 'src/apiclient/client.py': 'RETRY = 5\n' }, message: 'fix: more retries' },
    { files: files('0.9.1'), message: 'Bump version: 0.9.0 → 0.9.1', tag: 'v0.9.1' },
  ]);

  it('init --dry-run: each entry with the line it names, the glob\'s matches, the regex entry not used and why', () => {
    const d = dryRunJson(sb, dir);
    expect(d.projects.map((p) => p.name)).toEqual(['apiclient']);
    expect(used(d)).toEqual([
      'src/apiclient/__init__.py:2 → apiclient',
      'README.md:3 → apiclient',
      'docs/api.md:3 → apiclient',
      'docs/guide.md:3 → apiclient',
      'pyproject.toml:3 → apiclient',
    ]);
    const via = Object.fromEntries(d.detection.candidates.filter((c) => c.via).map((c) => [c.file, c.via]));
    expect(via).toEqual({
      'src/apiclient/__init__.py': 'pyproject.toml:11 [[tool.bumpversion.files]] filename = "src/apiclient/__init__.py"',
      'README.md': 'pyproject.toml:14 [[tool.bumpversion.files]] filename = "README.md"',
      'docs/api.md': 'pyproject.toml:19 [[tool.bumpversion.files]] glob = "docs/*.md"',
      'docs/guide.md': 'pyproject.toml:19 [[tool.bumpversion.files]] glob = "docs/*.md"',
    });
    expect(notUsed(d)).toEqual([['pyproject.toml:24', expect.stringMatching(/^regex = true is not supported/)]]);
    expect(d.detection.tagFormat).toMatchObject({ format: 'v{version}', count: 3, example: 'v0.9.1' });

    const text = sb.shipver(dir, ['init', '--dry-run']);
    expect(text.stderr).toContain('✔ README.md:3  pip install apiclient==0.9.1  (pyproject.toml:14 [[tool.bumpversion.files]] filename = "README.md") → apiclient');
    expect(text.stderr).toContain('✖ pyproject.toml:24  [[tool.bumpversion.files]] filename = "CHANGES.md": regex = true is not supported');
  });

  it('the first release writes every entry as bump-my-version would, and nothing else', () => {
    const config = adopt(sb, dir);
    expect(config.projects[0]!.versionFiles).toEqual([
      'src/apiclient/__init__.py',
      { file: 'README.md', search: 'pip install apiclient=={current_version}', replace: 'pip install apiclient=={new_version}', scheme: 'pep440' },
      { file: 'docs/api.md', search: 'Version {current_version}', replace: 'Version {new_version}', scheme: 'pep440' },
      { file: 'docs/guide.md', search: 'Version {current_version}', replace: 'Version {new_version}', scheme: 'pep440' },
      'pyproject.toml',
    ]);
    const { changed } = changeAndRelease(sb, dir, { files: { 'src/apiclient/client.py': 'RETRY = 7\n' }, message: 'fix: retry on 503' });
    const want = files('0.9.2');
    // Only the places the entries name: "came in 0.8.0" and "first documented in 0.8.0" stay.
    for (const f of ['pyproject.toml', 'src/apiclient/__init__.py', 'README.md', 'docs/guide.md', 'docs/api.md', 'CHANGES.md'] as const) expect(sb.read(dir, f), f).toBe(want[f]);
    expect(changed).toEqual(['CHANGELOG.md', 'README.md', 'docs/api.md', 'docs/guide.md', 'pyproject.toml', 'src/apiclient/__init__.py']);
  });
});

describe('.bumpversion.toml and a setup.cfg that bump-my-version does not read', () => {
  it('.bumpversion.toml is the configuration (its current_version a version file); setup.cfg\'s [bumpversion] is reported as not read', () => {
    const toml = (v: string) => `[tool.bumpversion]\ncurrent_version = "${v}"\n\n[[tool.bumpversion.files]]\nfilename = "app/version.py"\n`;
    const cfg = '[bumpversion]\ncurrent_version = 2.0.0\n\n[bumpversion:file:old.py]\n';
    const dir = historyRepo(sb, 'bmv-toml', [{ files: { '.bumpversion.toml': toml('2.0.0'), 'setup.cfg': cfg, 'app/version.py': "__version__ = '2.0.0'\n" }, message: 'initial', tag: 'v2.0.0' }]);
    const d = dryRunJson(sb, dir);
    expect(used(d)).toEqual(['app/version.py:1 → bmv-toml', 'setup.cfg:2 → bmv-toml', '.bumpversion.toml:2 → bmv-toml']);
    expect(notUsed(d)).toEqual([['setup.cfg:1', expect.stringContaining('read .bumpversion.toml first, so the file list here is not used (its own version is)')]]);
    adopt(sb, dir);
    const { changed } = changeAndRelease(sb, dir, { files: { 'app/x.py': 'X = 1\n' }, message: 'fix: x' });
    expect(sb.read(dir, '.bumpversion.toml')).toBe(toml('2.0.1'));
    expect(sb.read(dir, 'app/version.py')).toBe("__version__ = '2.0.1'\n");
    expect(sb.read(dir, 'setup.cfg')).toBe(cfg.replace('2.0.0', '2.0.1'));
    expect(changed).toEqual(['.bumpversion.toml', 'CHANGELOG.md', 'app/version.py', 'setup.cfg']);
  });
});

describe('a dynamic version in pyproject.toml', () => {
  it('read from a module ([tool.hatch.version] path): that module is the version file, and the release writes it', () => {
    const about = (v: string) => `__version__ = "${v}"\n`;
    const py = '[build-system]\nrequires = ["hatchling"]\n\n[project]\nname = "hatched"\ndynamic = ["version"]\n\n[tool.hatch.version]\npath = "src/hatched/__about__.py"\n';
    const dir = historyRepo(sb, 'hatched', [{ files: { 'pyproject.toml': py, 'src/hatched/__about__.py': about('1.2.0'), 'src/hatched/core.py': 'X = 1\n' }, message: 'initial', tag: 'v1.2.0' }]);
    const d = dryRunJson(sb, dir);
    expect(used(d)).toEqual(['src/hatched/__about__.py:1 → hatched']);
    expect(d.detection.candidates.find((c) => c.file === 'src/hatched/__about__.py')!.via).toBe('pyproject.toml:6 [tool.hatch.version] path = "src/hatched/__about__.py"');
    expect(notUsed(d)).toEqual([['pyproject.toml:6', '[project] dynamic = ["version"]: the build backend reads it elsewhere ([tool.hatch.version] path = "src/hatched/__about__.py")']]);
    adopt(sb, dir);
    const { changed } = changeAndRelease(sb, dir, { files: { 'src/hatched/core.py': 'X = 2\n' }, message: 'feat: x two' });
    expect(sb.read(dir, 'src/hatched/__about__.py')).toBe(about('1.3.0'));
    expect(sb.read(dir, 'pyproject.toml')).toBe(py);
    expect(changed).toEqual(['CHANGELOG.md', 'src/hatched/__about__.py']);
  });

  it('computed from the git tag (setuptools-scm): exit 1 naming pyproject.toml and the line, nothing written', () => {
    const py = '[project]\nname = "scm"\ndynamic = ["version"]\n\n[tool.setuptools_scm]\n';
    const dir = historyRepo(sb, 'scm', [{ files: { 'pyproject.toml': py, 'scm/core.py': 'X = 1\n' }, message: 'initial', tag: 'v1.0.0' }]);
    const before = snapshot(dir);
    for (const args of [['init', '--dry-run'], ['init', '--yes']]) {
      const r = sb.shipver(dir, args);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toContain('pyproject.toml:3: [project] dynamic = ["version"]: the build backend computes it from the git tag (setuptools-scm), so the repository holds no version for shipver to write');
      expect(r.stderr).toContain('E_DETECT_DYNAMIC_VERSION');
      expect(r.stderr).toContain('then run shipver init again');
      expectNoStack(r.stderr);
      expect(snapshot(dir)).toEqual(before);
    }
  });
});
