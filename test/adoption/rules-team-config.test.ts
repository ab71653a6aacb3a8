// A team's own commitlint rules, wherever commitlint finds them: `shipver init` keeps them
// (no config-conventional written next to them), and the hook it installs applies them to
// real `git commit`s. commitlint's own CLI is the oracle for which config wins.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { NPM_CACHE } from '../helpers/npm-env.js';
import { ROOT, Sandbox, expectNoStack } from '../helpers/sandbox.js';
import { snapshot } from '../helpers/files.js';

const sb = new Sandbox();
afterAll(() => sb.cleanup());

const SENTENCE = { 'subject-case': [2, 'always', 'sentence-case'] };
/** husky 9 listed, so init needs no package manager run in these tests (the husky-* tests cover that). */
const HUSKY9 = { husky: '^9.1.7' };


/** commitlint's own verdict on a message in `dir` (its CLI, its config search). */
function commitlintSays(dir: string, message: string): number {
  return sb.run(process.execPath, [path.join(ROOT, 'node_modules/@commitlint/cli/cli.js'), '--cwd', dir], { cwd: dir, input: message }).code;
}

/** Initialises `repo` with shipver, then checks the team's sentence-case rule through real commits. */
function initAndCommit(repo: string, where: string): void {
  const init = sb.shipver(repo, ['init', '--yes']);
  expect(init.code, init.stderr).toBe(0);
  expect(init.stderr).toContain(`commit rules: your own, from ${where}`);
  expect(existsSync(path.join(repo, 'commitlint.config.js'))).toBe(false);
  sb.write(repo, { 'a.txt': 'a\n' });
  const refused = sb.commit(repo, 'feat: add thing');
  expect(refused.code).not.toBe(0);
  expect(refused.stderr).toContain('[subject-case]');
  expect(refused.stderr).toContain('subject must be sentence-case');
  // the example shown is one the team's rules accept
  expect(refused.stderr).toContain('a valid message looks like: feat(api): Add the version to the status endpoint');
  expectNoStack(refused.stderr);
  expect(sb.git(repo, 'log', '-1', '--format=%s').trim()).toBe('chore: Initial commit');
  const accepted = sb.commit(repo, 'feat: Add thing');
  expect(accepted.code, accepted.stderr).toBe(0);
  expect(sb.git(repo, 'log', '-1', '--format=%s').trim()).toBe('feat: Add thing');
  // and `shipver lint` agrees with the hook
  expect(sb.shipver(repo, ['lint', 'fix: Handle it']).code).toBe(0);
  expect(sb.shipver(repo, ['lint', 'fix: handle it']).code).toBe(1);
}

describe('a team commitlint config is kept by init and used by the hook', () => {
  it('package.json "commitlint" with subject-case: sentence-case', () => {
    const pkg = { name: 'team', version: '1.0.0', private: true, devDependencies: HUSKY9, commitlint: { extends: ['@commitlint/config-conventional'], rules: SENTENCE } };
    const repo = sb.repo('pkg-key', { 'package.json': JSON.stringify(pkg, null, 2) + '\n' }, 'chore: Initial commit');
    initAndCommit(repo, 'the "commitlint" key of package.json');
    // init kept the key as it was
    expect(JSON.parse(sb.read(repo, 'package.json')).commitlint).toEqual(pkg.commitlint);
  });

  it('.commitlintrc.json', () => {
    const repo = sb.repo(
      'rc-json',
      { '.commitlintrc.json': JSON.stringify({ extends: ['@commitlint/config-conventional'], rules: SENTENCE }, null, 2) + '\n', 'setup.py': 'from setuptools import setup\nsetup(version="1.0.0")\n' },
      'chore: Initial commit',
    );
    initAndCommit(repo, '.commitlintrc.json');
    expect(existsSync(path.join(repo, 'package.json'))).toBe(false);
  });

  it('.commitlintrc.yaml and .commitlintrc (YAML without an extension)', () => {
    const yaml = "extends:\n  - '@commitlint/config-conventional'\nrules:\n  subject-case: [2, always, sentence-case]\n";
    initAndCommit(sb.repo('rc-yaml', { '.commitlintrc.yaml': yaml, VERSION: '1.0.0\n' }, 'chore: Initial commit'), '.commitlintrc.yaml');
    initAndCommit(sb.repo('rc-bare', { '.commitlintrc': yaml, VERSION: '1.0.0\n' }, 'chore: Initial commit'), '.commitlintrc');
  });

  it('commitlint.config.mjs, and a .cjs that extends a local shareable file', () => {
    initAndCommit(
      sb.repo('cfg-mjs', { 'commitlint.config.mjs': `export default { extends: ['@commitlint/config-conventional'], rules: ${JSON.stringify(SENTENCE)} };\n`, VERSION: '1.0.0\n' }, 'chore: Initial commit'),
      'commitlint.config.mjs',
    );
    initAndCommit(
      sb.repo(
        'cfg-cjs',
        {
          'commitlint.config.cjs': "module.exports = { extends: ['./tools/commit-rules.cjs'] };\n",
          'tools/commit-rules.cjs': `module.exports = { extends: ['@commitlint/config-conventional'], rules: ${JSON.stringify(SENTENCE)} };\n`,
          VERSION: '1.0.0\n',
        },
        'chore: Initial commit',
      ),
      'commitlint.config.cjs',
    );
  });

  it('package.json "commitlint" wins over a commitlint.config.js, as in commitlint itself', () => {
    const repo = sb.repo('both', {
      'package.json': JSON.stringify({ name: 'both', commitlint: { rules: { 'subject-case': [2, 'always', 'sentence-case'], 'type-empty': [2, 'never'] } } }),
      'commitlint.config.js': "module.exports = { rules: { 'subject-case': [2, 'always', 'lower-case'], 'type-empty': [2, 'never'] } };\n",
    });
    for (const message of ['feat: Add thing', 'feat: add thing']) {
      const shipver = sb.shipver(repo, ['lint', message]).code;
      expect(shipver, message).toBe(commitlintSays(repo, message));
    }
    expect(sb.shipver(repo, ['lint', 'feat: Add thing']).code).toBe(0);
    // without the key, the file is used (commitlint agrees)
    sb.write(repo, { 'package.json': JSON.stringify({ name: 'both' }) });
    expect(commitlintSays(repo, 'feat: Add thing')).toBe(1);
    expect(sb.shipver(repo, ['lint', 'feat: Add thing']).code).toBe(1);
    expect(sb.shipver(repo, ['lint', 'feat: add thing']).code).toBe(0);
  });

  it('a repository without rules of its own gets the conventional config written, and init says so', () => {
    const repo = sb.repo('no-rules', { VERSION: '0.1.0\n' });
    const r = sb.shipver(repo, ['init', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('commit rules: conventional commits (@commitlint/config-conventional), in a new commitlint.config.js');
    expect(sb.read(repo, 'commitlint.config.js')).toContain("extends: ['@commitlint/config-conventional']");
    const again = sb.shipver(repo, ['init', '--yes']);
    expect(again.stderr).toContain('commit rules: conventional commits, from commitlint.config.js (written by shipver init)');
  });
});

describe('a shareable config that is extended but not installed', () => {
  // @acme/dev-config as a local package (file:), so the printed `npm install` works offline
  const acme = {
    'vendor/acme-dev-config/package.json': JSON.stringify({ name: '@acme/dev-config', version: '1.0.0', main: 'index.js' }),
    'vendor/acme-dev-config/index.js': `module.exports = { extends: ['@commitlint/config-conventional'], rules: ${JSON.stringify(SENTENCE)} };\n`,
  };
  const pkg = {
    name: 'fresh-clone',
    version: '1.0.0',
    private: true,
    devDependencies: { '@acme/dev-config': 'file:vendor/acme-dev-config', ...HUSKY9 },
    commitlint: { extends: ['@acme/dev-config'] },
  };

  it('shipver lint: exit 2, names the package and the install command', () => {
    const repo = sb.repo('acme-lint', { 'package.json': JSON.stringify(pkg, null, 2) + '\n', ...acme });
    const r = sb.shipver(repo, ['lint', 'feat: Add thing']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('package.json "commitlint" extends "@acme/dev-config", which is not installed: package.json lists it in devDependencies, but node_modules has no copy');
    expect(r.stderr).toContain('→ install the dependencies: npm install, then try again');
    expect(r.stderr).toContain('[E_COMMITLINT_CONFIG]');
    expectNoStack(r.stderr);
    // not a silent fallback to other rules: a message config-conventional accepts is not accepted either
    expect(sb.shipver(repo, ['lint', 'feat: add thing']).code).toBe(2);
  });

  it('init stops before writing anything (exit 2); the hook refuses the commit with the same message; the printed fix works', () => {
    const repo = sb.repo('acme-hook', { 'package.json': JSON.stringify(pkg, null, 2) + '\n', '.gitignore': 'node_modules\n', ...acme });
    const before = snapshot(repo);
    const init = sb.shipver(repo, ['init', '--yes']);
    expect(init.code).toBe(2);
    expect(init.stderr).toContain('"@acme/dev-config", which is not installed');
    expectNoStack(init.stderr);
    expect(snapshot(repo)).toEqual(before);
    expect(sb.run('git', ['config', 'core.hooksPath'], { cwd: repo }).code).toBe(1);

    // a teammate's fresh clone with the hooks installed, before npm install
    const hooks = sb.shipver(repo, ['init', '--hooks-only']);
    expect(hooks.code, hooks.stderr).toBe(0);
    sb.write(repo, { 'a.txt': 'a\n' });
    const refused = sb.commit(repo, 'feat: Add thing');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('package.json "commitlint" extends "@acme/dev-config", which is not installed');
    expect(refused.stderr).toContain('install the dependencies: npm install');
    expectNoStack(refused.stderr);
    expect(sb.git(repo, 'log', '-1', '--format=%s').trim()).toBe('chore: initial commit');

    // the fix, as printed (offline: a file: dependency needs no registry)
    const fix = /install the dependencies: (.+), then try again/.exec(refused.stderr)![1]!;
    const npm = sb.run('sh', ['-c', fix], { cwd: repo, env: { npm_config_offline: 'true', npm_config_cache: NPM_CACHE, npm_config_audit: 'false', npm_config_fund: 'false' } });
    expect(npm.code, npm.stderr).toBe(0);
    // now the team's rules from @acme/dev-config apply
    const lower = sb.commit(repo, 'feat: add thing');
    expect(lower.code).not.toBe(0);
    expect(lower.stderr).toContain('[subject-case]');
    const ok = sb.commit(repo, 'feat: Add thing');
    expect(ok.code, ok.stderr).toBe(0);
  });

  it('not listed in package.json: the command that adds it, in the repository\'s package manager', () => {
    const repo = sb.repo('acme-unlisted', {
      'package.json': JSON.stringify({ name: 'x', version: '1.0.0', commitlint: { extends: ['acme'] } }),
      'pnpm-lock.yaml': "lockfileVersion: '9.0'\n",
    });
    const r = sb.shipver(repo, ['lint', 'feat: a']);
    expect(r.code).toBe(2);
    // commitlint's prefix rule: "acme" is the package commitlint-config-acme (not the legacy name it also tries)
    expect(r.stderr).toContain('extends "commitlint-config-acme", which is not installed');
    expect(r.stderr).toContain('→ add it: pnpm add --save-dev commitlint-config-acme (or fix the name in package.json "commitlint")');
    expectNoStack(r.stderr);
  });

  it('installed, but extending a package that is not: names the missing one and who needs it', () => {
    const repo = sb.repo('acme-nested', {
      'package.json': JSON.stringify({ name: 'x', version: '1.0.0', commitlint: { extends: ['@acme/dev-config'] } }),
      'node_modules/@acme/dev-config/package.json': JSON.stringify({ name: '@acme/dev-config', version: '1.0.0', main: 'index.js' }),
      'node_modules/@acme/dev-config/index.js': "module.exports = { extends: ['@acme/base-rules'] };\n",
    });
    const r = sb.shipver(repo, ['lint', 'feat: a']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('extends "@acme/base-rules" (needed by node_modules/@acme/dev-config), which is not installed');
    expect(r.stderr).toContain('npm install --save-dev @acme/base-rules');
    expectNoStack(r.stderr);
  });

  it('a Python repository with a .commitlintrc.json extending a package: no package.json to install it in', () => {
    const repo = sb.repo('acme-python', { '.commitlintrc.json': JSON.stringify({ extends: ['@acme/dev-config'] }), 'setup.py': '' });
    const r = sb.shipver(repo, ['lint', 'feat: a']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('.commitlintrc.json extends "@acme/dev-config", which is not installed (and there is no package.json to install it in)');
    expect(r.stderr).toContain('npm install --global @acme/dev-config');
  });
});
