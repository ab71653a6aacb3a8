// An older husky in a repository shipver adopts: a husky 4 config (package.json "husky",
// .huskyrc*) is carried into .husky/<hook> files and removed, or, where a command cannot be
// carried as it is, reported with the steps and nothing written; a husky 5-8 set-up loses
// the lines husky 9 warns about. Real npm, offline, from this machine's cache.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { NO_NPM, OFFLINE_NPM } from '../helpers/npm-env.js';
import { Sandbox, expectNoStack } from '../helpers/sandbox.js';
import { snapshot } from '../helpers/files.js';

const sb = new Sandbox();
afterAll(() => sb.cleanup());



const LOCK = (name: string, husky: string) =>
  JSON.stringify({ name, version: '1.0.0', lockfileVersion: 3, requires: true, packages: { '': { name, version: '1.0.0', devDependencies: { husky } } } }, null, 2) + '\n';

describe('husky 4 in package.json', () => {
  const pkg = {
    name: 'legacy',
    version: '1.0.0',
    private: true,
    scripts: { test: 'node -e 0' },
    husky: {
      hooks: {
        'pre-commit': 'node -e "require(\'fs\').writeFileSync(\'.pre-commit-ran\', \'yes\')"',
        'commit-msg': 'commitlint -E HUSKY_GIT_PARAMS',
        'post-checkout': 'echo checked out $HUSKY_GIT_PARAMS > .post-checkout-ran',
        'pre-push': 'npm test',
      },
    },
    devDependencies: { husky: '^4.3.8' },
  };
  const repo = sb.repo('husky4', {
    'package.json': JSON.stringify(pkg, null, 2) + '\n',
    'package-lock.json': LOCK('legacy', '^4.3.8'),
    '.gitignore': 'node_modules\n.pre-commit-ran\n.post-checkout-ran\n',
  });

  it('init --dry-run says what it will carry over and what it leaves out', () => {
    const before = snapshot(repo);
    const r = sb.shipver(repo, ['init', '--dry-run'], { env: NO_NPM });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('● husky 4 config in package.json "husky": pre-commit, post-checkout, pre-push carried into .husky/; the "husky" key is removed from package.json (husky 9 does not read it)');
    expect(r.stderr).toContain('commit-msg: "commitlint -E HUSKY_GIT_PARAMS" is left out: shipver\'s commit-msg hook lints the message with the same commitlint config');
    expect(r.stderr).toContain('would run npm install --save-dev husky@^9 (package.json has husky ^4.3.8; the hooks need husky 9; npm, from package-lock.json)');
    expect(snapshot(repo)).toEqual(before);
  });

  it('init carries the hooks into .husky/, upgrades husky with npm and removes the "husky" key', () => {
    const r = sb.shipver(repo, ['init', '--yes'], { env: OFFLINE_NPM });
    expect(r.code, r.stderr).toBe(0);
    const after = JSON.parse(sb.read(repo, 'package.json'));
    expect(after.husky).toBeUndefined();
    expect(after.devDependencies.husky).toMatch(/^\^9\./);
    expect(after.scripts).toEqual({ test: 'node -e 0', prepare: 'husky' });
    expect(JSON.parse(sb.read(repo, 'package-lock.json')).packages['node_modules/husky'].version).toMatch(/^9\./);
    const preCommit = sb.read(repo, '.husky/pre-commit');
    expect(preCommit.startsWith(`# carried over from husky 4\n${pkg.husky.hooks['pre-commit']}\n\n# shipver:`)).toBe(true);
    expect(sb.read(repo, '.husky/post-checkout')).toBe('# carried over from husky 4\necho checked out $* > .post-checkout-ran\n');
    expect(sb.read(repo, '.husky/commit-msg')).not.toContain('commitlint');
  });

  it('the carried hooks run on real git commands, next to shipver\'s', () => {
    sb.write(repo, { 'a.txt': 'a\n' });
    const bad = sb.commit(repo, 'did things');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('[type-empty]');
    // pre-commit ran before commit-msg refused
    expect(sb.read(repo, '.pre-commit-ran')).toBe('yes');
    const good = sb.commit(repo, 'chore: move the hooks to husky 9');
    expect(good.code, good.stderr).toBe(0);
    sb.git(repo, 'checkout', '-q', '-b', 'topic');
    expect(sb.read(repo, '.post-checkout-ran').trim()).toMatch(/^checked out [0-9a-f]{40} [0-9a-f]{40} 1$/);
    // pre-push: the team's npm test, then shipver's tag checks, which still get the pushed refs
    sb.git(repo, 'checkout', '-q', 'main');
    const bare = sb.path('husky4.git');
    sb.git(sb.dir, 'init', '-q', '--bare', bare);
    sb.git(repo, 'remote', 'add', 'origin', bare);
    sb.git(repo, 'tag', 'v1.0.1');
    const push = sb.run('git', ['push', 'origin', 'main', 'v1.0.1'], { cwd: repo, env: { npm_config_update_notifier: 'false' } });
    expect(push.code).not.toBe(0);
    expect(push.stdout + push.stderr).toContain('> node -e 0'); // npm test ran
    // shipver's pre-push hook read the refs: it refuses the lightweight tag
    expect(push.stderr).toContain('tag v1.0.1 is lightweight; release tags must be annotated');
    expect(sb.run('git', ['ls-remote', '--tags', bare], { cwd: repo }).stdout).toBe('');
  });
});

describe('husky 4 in .huskyrc.json, offline', () => {
  it('carries the hooks, deletes .huskyrc.json, and prints the command that finishes the set-up', () => {
    const repo = sb.repo('huskyrc', {
      'package.json': JSON.stringify({ name: 'rc', version: '1.0.0', devDependencies: { husky: '4.3.8' } }, null, 2) + '\n',
      '.huskyrc.json': JSON.stringify({ hooks: { 'pre-push': 'npm test', 'commit-msg': 'npx --no -- commitlint --edit $HUSKY_GIT_PARAMS' } }),
    });
    const pkgBefore = sb.read(repo, 'package.json');
    const r = sb.shipver(repo, ['init', '--yes'], { env: NO_NPM });
    expect(r.code, r.stderr).toBe(0);
    expectNoStack(r.stderr);
    expect(r.stderr).toContain('husky 4 config in .huskyrc.json: pre-push carried into .husky/; .huskyrc.json is deleted');
    expect(existsSync(path.join(repo, '.huskyrc.json'))).toBe(false);
    // the pushed refs on stdin are for shipver's line, as in husky 4 they were not the command's
    expect(sb.read(repo, '.husky/pre-push')).toMatch(/^# carried over from husky 4\n\{ npm test; \} < \/dev\/null\n\n# shipver: .*\n[^]*shipver hook pre-push "\$@"\n$/);
    expect(r.stderr).toContain('→ to finish, so that a teammate\'s npm install sets up the hooks: npm install --save-dev --no-package-lock husky@^9 && shipver init');
    expect(sb.read(repo, 'package.json')).toBe(pkgBefore);
    expect(sb.git(repo, 'config', 'core.hooksPath').trim()).toBe('.husky/_');
    expect(r.stderr).toContain('git add shipver.yaml commitlint.config.js .husky/commit-msg .husky/pre-commit .husky/pre-push .huskyrc.json && git commit');
    // the deletion is staged by the printed git add
    sb.run('sh', ['-c', 'git add shipver.yaml commitlint.config.js .husky/commit-msg .husky/pre-commit .husky/pre-push .huskyrc.json'], { cwd: repo });
    expect(sb.git(repo, 'status', '--porcelain', '.huskyrc.json')).toBe('D  .huskyrc.json\n');
  });
});

describe('a husky 4 command that cannot be carried as it is', () => {
  it('is reported with the steps, exit 1, and nothing is written', () => {
    const repo = sb.repo('husky4-stdin', {
      'package.json': JSON.stringify({ name: 's', version: '1.0.0', husky: { hooks: { 'pre-push': 'check-push "$HUSKY_GIT_STDIN"', 'pre-commit': 'lint-staged' } } }, null, 2) + '\n',
    });
    const before = snapshot(repo);
    const r = sb.shipver(repo, ['init', '--yes'], { env: NO_NPM });
    expect(r.code).toBe(1);
    expectNoStack(r.stderr);
    expect(r.stderr).toContain('the husky 4 config in package.json "husky" cannot be carried into .husky/ as it is; nothing was written');
    expect(r.stderr).toContain('pre-push: check-push "$HUSKY_GIT_STDIN" — it reads HUSKY_GIT_STDIN');
    expect(r.stderr).toContain('delete the "husky" key from package.json, run npm install --save-dev --no-package-lock husky@^9, then run shipver init again');
    expect(r.stderr).toContain('[E_HUSKY4_CONFIG]');
    expect(snapshot(repo)).toEqual(before);
    expect(sb.run('git', ['config', 'core.hooksPath'], { cwd: repo }).code).toBe(1);
  });
});

describe('husky 8 (.husky/ with the sourcing lines, "husky install")', () => {
  it('is brought to husky 9: the dependency, the prepare script, and the hook files without the lines husky 9 warns about', () => {
    const v8Hook = (cmd: string) => `#!/usr/bin/env sh\n. "$(dirname -- "$0")/_/husky.sh"\n\n${cmd}\n`;
    const repo = sb.repo('husky8', {
      'package.json': JSON.stringify({ name: 'h8', version: '1.0.0', scripts: { prepare: 'husky install' }, devDependencies: { husky: '^8.0.3' } }, null, 2) + '\n',
      'package-lock.json': LOCK('h8', '^8.0.3'),
      '.gitignore': 'node_modules\n.ran\n',
      '.husky/pre-commit': v8Hook('echo pre > .ran'),
      '.husky/post-merge': v8Hook('echo merged'),
    });
    // a teammate's --hooks-only changes no committed file: the upgrade is init's
    expect(sb.shipver(repo, ['init', '--hooks-only'], { env: NO_NPM }).code).toBe(0);
    expect(sb.read(repo, '.husky/post-merge')).toBe(v8Hook('echo merged'));
    expect(sb.read(repo, '.husky/pre-commit').startsWith(v8Hook('echo pre > .ran'))).toBe(true);
    sb.git(repo, 'checkout', '-q', '--', '.');
    sb.git(repo, 'clean', '-qfd', '.husky');
    const r = sb.shipver(repo, ['init', '--yes'], { env: OFFLINE_NPM });
    expect(r.code, r.stderr).toBe(0);
    const pkg = JSON.parse(sb.read(repo, 'package.json'));
    expect(pkg.scripts.prepare).toBe('husky');
    expect(pkg.devDependencies.husky).toMatch(/^\^9\./);
    expect(sb.read(repo, '.husky/pre-commit')).toMatch(/^echo pre > \.ran\n\n# shipver: /);
    expect(sb.read(repo, '.husky/post-merge')).toBe('echo merged\n');
    sb.write(repo, { 'a.txt': 'a\n' });
    const c = sb.commit(repo, 'chore: husky 9');
    expect(c.code, c.stderr).toBe(0);
    expect(c.stderr + c.stdout).not.toContain('DEPRECATED');
    expect(sb.read(repo, '.ran')).toBe('pre\n');
  });
});
