// Detection without shipver.yaml follows bump2version / bump-my-version configurations
// wherever they are, and a reader without a work tree (the server's pre-receive hook reads a
// commit) finds exactly what detection finds in the work tree.
import { afterAll, describe, expect, it } from 'vitest';
import { Sandbox } from '../helpers/sandbox.js';
import { Git } from '../../src/git/git.js';
import { CommitSettings } from '../../src/server/at-commit.js';
import { detectBumpversion } from '../../src/config/detect/bumpversion.js';
import { detectVersionFiles, isDetectionFile } from '../../src/config/detect/version-files.js';

const sb = new Sandbox().shareGitConfigWithProcess();
afterAll(() => sb.cleanup());

const auto = (file: string) => ({ kind: 'auto', file });
const pep = (file: string, search: string, replace: string) => ({ kind: 'pattern', file, search, replace, scheme: 'pep440' });

const SHAPES: Record<string, { files: Record<string, string>; expected: unknown[] }> = {
  'a sub-directory setup.cfg, paths relative to it': {
    files: {
      'director/setup.cfg': '[bumpversion]\ncurrent_version = 1.4.1\n\n[bumpversion:file:_version.py]\n\n[bumpversion:file:../deploy/values.yaml]\nsearch = tag: "{current_version}"\nreplace = tag: "{new_version}"\n',
      'director/_version.py': "__version__ = '1.4.1'\n",
      'director/__init__.py': "__version__ = '9.9.9'\n", // not listed: the configuration decides
      'deploy/values.yaml': 'image:\n  tag: "1.4.1"\n',
      'Makefile': 'tag:\n\tgit tag -a v1.4.1 -m x\n',
    },
    expected: [auto('director/_version.py'), pep('deploy/values.yaml', 'tag: "{current_version}"', 'tag: "{new_version}"'), auto('director/setup.cfg')],
  },
  'two configurations in sub-directories (no root one): both, in path order': {
    files: {
      'api/.bumpversion.cfg': '[bumpversion]\ncurrent_version = 2.0.0\n\n[bumpversion:file:api/version.py]\n',
      'api/api/version.py': '__version__ = "2.0.0"\n',
      'web/setup.cfg': '[bumpversion]\ncurrent_version = 2.0.0\nfiles = VERSION\n',
      'web/VERSION': '2.0.0\n',
    },
    expected: [auto('api/api/version.py'), auto('api/.bumpversion.cfg'), auto('web/VERSION'), auto('web/setup.cfg')],
  },
  'bump-my-version: [[tool.bumpversion.files]] with a glob, glob_exclude and ** ; hidden files are not matched': {
    files: {
      'pyproject.toml':
        '[project]\nname = "x"\nversion = "0.5.0"\n\n[tool.bumpversion]\ncurrent_version = "0.5.0"\n\n[[tool.bumpversion.files]]\nglob = "docs/**/*.md"\nglob_exclude = ["docs/old/*.md"]\nsearch = "v{current_version}"\nreplace = "v{new_version}"\n',
      'docs/index.md': 'v0.5.0\n',
      'docs/guide/a.md': 'v0.5.0\n',
      'docs/old/b.md': 'v0.4.0\n',
      'docs/.draft.md': 'v0.5.0\n',
    },
    expected: [pep('docs/guide/a.md', 'v{current_version}', 'v{new_version}'), pep('docs/index.md', 'v{current_version}', 'v{new_version}'), auto('pyproject.toml')],
  },
  'a dynamic version read from a module ([tool.setuptools.dynamic] attr)': {
    files: {
      'pyproject.toml': '[project]\nname = "pkg"\ndynamic = ["version"]\n\n[tool.setuptools.dynamic]\nversion = {attr = "pkg.about.__version__"}\n',
      'src/pkg/about.py': '__version__ = "3.1.0"\n',
    },
    expected: [auto('src/pkg/about.py')],
  },
  '.bumpversion.toml at the root: its current_version as a pattern': {
    files: { '.bumpversion.toml': '[tool.bumpversion]\ncurrent_version = "1.0.0"\n\n[[tool.bumpversion.files]]\nfilename = "app/__init__.py"\n', 'app/__init__.py': '__version__ = "1.0.0"\n' },
    expected: [auto('app/__init__.py'), { kind: 'pattern', file: '.bumpversion.toml', search: 'current_version = "{version}"', replace: 'current_version = "{version}"', scheme: 'pep440' }],
  },
};

describe('detection follows the configurations, in the work tree and at a commit', () => {
  for (const [name, shape] of Object.entries(SHAPES)) {
    it(name, async () => {
      const dir = sb.repo(name.replace(/[^a-z]+/gi, '-').slice(0, 40), shape.files, 'chore: initial');
      expect(detectVersionFiles(dir)).toEqual(shape.expected);
      const settings = new CommitSettings(new Git(dir), dir, 'app', false);
      try {
        const config = await settings.config(sb.git(dir, 'rev-parse', 'HEAD').trim());
        expect(config.projects[0]!.versionFiles).toEqual(shape.expected);
      } finally {
        settings.dispose();
      }
    });
  }

  it('the configuration files in sub-directories are detection files (copied out of a commit), down to the depth searched', () => {
    expect(isDetectionFile('director/setup.cfg')).toBe(true);
    expect(isDetectionFile('apps/api/.bumpversion.cfg')).toBe(true);
    expect(isDetectionFile('a/b/c/pyproject.toml')).toBe(true);
    expect(isDetectionFile('a/b/c/d/pyproject.toml')).toBe(false);
    expect(isDetectionFile('director/settings.py')).toBe(false);
  });

  it('detectBumpversion reports the sub-directory configuration, globs no longer among the reservations', () => {
    const dir = sb.repo('bv-report', {
      'director/setup.cfg': '[bumpversion]\ncurrent_version = 1.0.0\n\n[bumpversion:glob:*.py]\n\n[bumpversion:part:release]\nvalues = a\n',
      'director/_version.py': "__version__ = '1.0.0'\n",
    }, 'chore: initial');
    const bv = detectBumpversion(dir)!;
    expect(bv.file).toBe('director/setup.cfg');
    expect(bv.config.unsupported.map((u) => u.section)).toEqual(['[bumpversion:part:release]']);
  });
});
