// The commit-msg hook line of `shipver init`, end to end, with shipver installed in the
// app as npm installs a package (node_modules/shipver with the built dist/, and the bin
// node_modules/.bin/shipver linked to dist/shipver.js), and real `git commit`s through
// husky's runner. The line starts dist/commit-msg-hook.js with node when the package is
// there, else `shipver hook commit-msg` from PATH (the standalone executable, a global
// install); the line of earlier versions still works, and shipver init brings it up to date.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, Sandbox, expectNoStack, type Result } from './helpers/sandbox.js';

const sb = new Sandbox();
afterAll(() => sb.cleanup());

// PATH without the sandbox's own `shipver`: the hooks find the installed one, as in a real app
const PLAIN_PATH = (sb.env.PATH ?? '').split(path.delimiter).filter((p) => p !== sb.bin).join(path.delimiter);

const OLD_BLOCK = [
  '# shipver: reject commit messages that are not conventional (installed by shipver init)',
  'if ! command -v shipver >/dev/null 2>&1; then',
  '  echo "shipver: not found, so the commit-msg hook cannot run. Install it (npm i -D shipver, or put the shipver executable on PATH), or skip once with --no-verify." >&2',
  '  exit 1',
  'fi',
  'shipver hook commit-msg "$1"',
  '',
].join('\n');

/** node_modules/shipver as npm lays out the package, and its bin link. */
function installPackage(app: string): void {
  const pkg = path.join(app, 'node_modules', 'shipver');
  mkdirSync(path.join(pkg, 'dist'), { recursive: true });
  cpSync(path.join(ROOT, 'package.json'), path.join(pkg, 'package.json'));
  for (const f of ['shipver.js', 'commit-msg-hook.js', 'package.json', 'lib']) cpSync(path.join(ROOT, 'dist', f), path.join(pkg, 'dist', f), { recursive: true });
  mkdirSync(path.join(app, 'node_modules', '.bin'), { recursive: true });
  symlinkSync('../shipver/dist/shipver.js', path.join(app, 'node_modules', '.bin', 'shipver'));
  // husky as a dependency already, so that init installs nothing (npm would prune this shipver)
  cpSync(path.join(ROOT, 'node_modules', 'husky'), path.join(app, 'node_modules', 'husky'), { recursive: true });
}

function app(name: string): string {
  const dir = sb.repo(name, { 'package.json': `{ "name": "${name}", "version": "1.0.0", "private": true, "devDependencies": { "husky": "^9.0.0" } }\n`, '.gitignore': 'node_modules/\n' });
  installPackage(dir);
  return dir;
}

const run = (cwd: string, file: string, args: string[], env: NodeJS.ProcessEnv = {}): Result => sb.run(file, args, { cwd, env: { PATH: PLAIN_PATH, ...env } });
const shipver = (cwd: string, ...args: string[]) => run(cwd, path.join(cwd, 'node_modules', '.bin', 'shipver'), args);
const head = (cwd: string) => sb.git(cwd, 'log', '-1', '--format=%s').trim();

/** A change and a commit through the hooks. */
function commit(cwd: string, message: string, env: NodeJS.ProcessEnv = {}): Result {
  writeFileSync(path.join(cwd, 'change.txt'), `${message}\n${Math.random()}\n`);
  sb.git(cwd, 'add', 'change.txt');
  return run(cwd, 'git', ['commit', '-q', '-m', message], env);
}

/** Runs `fn` with the pre-commit hook emptied (it needs shipver too, and these tests take shipver away). */
function onlyCommitMsgHook(cwd: string, fn: () => void): void {
  const file = path.join(cwd, '.husky', 'pre-commit');
  const saved = readFileSync(file, 'utf8');
  writeFileSync(file, '');
  try {
    fn();
  } finally {
    writeFileSync(file, saved);
  }
}

function hooksCheck(cwd: string): { status: string; message: string } {
  const r = shipver(cwd, 'doctor', '--json');
  const checks = (JSON.parse(r.stdout) as { checks: { name: string; status: string; message: string }[] }).checks;
  return checks.find((c) => c.name === 'hooks')!;
}

describe('shipver init with shipver installed as a package', () => {
  let repo: string;
  beforeAll(() => {
    repo = app('cloud');
    const r = shipver(repo, 'init', '--yes');
    expect(r.code, r.stderr).toBe(0);
    sb.git(repo, 'add', '-A');
    sb.git(repo, 'commit', '-q', '--no-verify', '-m', 'chore: set up shipver');
  });

  it('writes a commit-msg hook that runs the hook program with node, and shipver from PATH otherwise', () => {
    const hook = sb.read(repo, '.husky/commit-msg');
    expect(hook).toContain('if [ -f node_modules/shipver/dist/commit-msg-hook.js ]; then\n  node node_modules/shipver/dist/commit-msg-hook.js "$1"\n');
    expect(hook).toContain('elif command -v shipver >/dev/null 2>&1; then\n  shipver hook commit-msg "$1"\n');
    // the other hooks keep their line
    expect(sb.read(repo, '.husky/pre-push')).toContain('\nshipver hook pre-push "$@"\n');
  });

  it('git commit: a conventional message is committed, a bad one refused with the rule', () => {
    const good = commit(repo, 'feat(api): report the version');
    expect(good.code, good.stderr).toBe(0);
    expect(head(repo)).toBe('feat(api): report the version');
    const bad = commit(repo, 'Added the version.');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('commit message rejected');
    expect(bad.stderr).toContain('[type-empty]');
    expectNoStack(bad.stderr);
    expect(head(repo)).toBe('feat(api): report the version');
  });

  it('the hook needs neither the npm bin link nor the loader: it runs the hook program', () => {
    const bin = path.join(repo, 'node_modules', '.bin', 'shipver');
    const loader = path.join(repo, 'node_modules', 'shipver', 'dist', 'shipver.js');
    renameSync(loader, `${loader}.away`);
    rmSync(bin);
    try {
      onlyCommitMsgHook(repo, () => {
        expect(commit(repo, 'fix: without the bin link').code).toBe(0);
        expect(head(repo)).toBe('fix: without the bin link');
        const bad = commit(repo, 'without the bin link');
        expect(bad.code).not.toBe(0);
        expect(bad.stderr).toContain('[subject-empty]');
      });
    } finally {
      renameSync(`${loader}.away`, loader);
      symlinkSync('../shipver/dist/shipver.js', bin);
    }
  });

  it('a shipver without the hook program (an older package): the line falls back to shipver hook commit-msg', () => {
    const program = path.join(repo, 'node_modules', 'shipver', 'dist', 'commit-msg-hook.js');
    renameSync(program, `${program}.away`);
    try {
      expect(commit(repo, 'docs: through the bin link').code).toBe(0);
      const bad = commit(repo, 'Through the bin link');
      expect(bad.code).not.toBe(0);
      expect(bad.stderr).toContain('[type-empty]');
      // and with no shipver at all, the hook says so instead of letting the commit through
      rmSync(path.join(repo, 'node_modules', '.bin', 'shipver'));
      onlyCommitMsgHook(repo, () => {
        const none = commit(repo, 'docs: no shipver anywhere');
        expect(none.code).not.toBe(0);
        expect(none.stderr).toContain('shipver: not found, so the commit-msg hook cannot run');
      });
      expect(head(repo)).toBe('docs: through the bin link');
    } finally {
      renameSync(`${program}.away`, program);
      if (!existsSync(path.join(repo, 'node_modules', '.bin', 'shipver'))) symlinkSync('../shipver/dist/shipver.js', path.join(repo, 'node_modules', '.bin', 'shipver'));
    }
  });

  it('shipver on PATH and no node_modules (the standalone executable, a global install): the same verdicts', () => {
    const clone = sb.path('cloud-clone');
    sb.git(sb.dir, 'clone', '-q', repo, clone);
    // the sandbox's `shipver` on PATH stands for the executable; no node_modules in the clone
    const onPath = { PATH: sb.env.PATH };
    expect(run(clone, 'shipver', ['init', '--hooks-only'], onPath).code).toBe(0);
    expect(existsSync(path.join(clone, 'node_modules'))).toBe(false);
    expect(commit(clone, 'chore: from the clone', onPath).code).toBe(0);
    const bad = commit(clone, 'from the clone', onPath);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('[type-empty]');
  });

  it('doctor accepts the hook', () => {
    expect(hooksCheck(repo)).toMatchObject({ status: 'ok' });
  });
});

describe('a repository with the commit-msg hook of an earlier shipver init', () => {
  let repo: string;
  beforeAll(() => {
    repo = app('older');
    expect(shipver(repo, 'init', '--yes').code).toBe(0);
    // as shipver init wrote it before
    writeFileSync(path.join(repo, '.husky', 'commit-msg'), OLD_BLOCK);
  });

  it('still lints every commit', () => {
    expect(commit(repo, 'feat: still linted').code).toBe(0);
    const bad = commit(repo, 'still linted');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('[type-empty]');
    expect(head(repo)).toBe('feat: still linted');
  });

  it('doctor accepts it', () => {
    expect(hooksCheck(repo)).toMatchObject({ status: 'ok' });
  });

  it('shipver init brings it up to date, and keeps a user\'s own lines around it', () => {
    writeFileSync(path.join(repo, '.husky', 'commit-msg'), `echo "my own check"\n\n${OLD_BLOCK}`);
    const r = shipver(repo, 'init', '--yes');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('update .husky/commit-msg');
    const hook = sb.read(repo, '.husky/commit-msg');
    expect(hook.startsWith('echo "my own check"\n\n# shipver: reject commit messages')).toBe(true);
    expect(hook).toContain('node node_modules/shipver/dist/commit-msg-hook.js "$1"');
    expect(hook).not.toContain(OLD_BLOCK);
    const ok = commit(repo, 'chore: after the update');
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout + ok.stderr).toContain('my own check');
    expect(commit(repo, 'after the update').code).not.toBe(0);
    // a second run changes nothing
    const again = shipver(repo, 'init', '--yes');
    expect(again.stderr).not.toContain('.husky/commit-msg');
    expect(sb.read(repo, '.husky/commit-msg')).toBe(hook);
  });

  it('a hook whose shipver line a user changed is kept as it is', () => {
    const own = 'shipver hook commit-msg "$1" || { echo "see CONTRIBUTING.md"; exit 1; }\n';
    writeFileSync(path.join(repo, '.husky', 'commit-msg'), own);
    expect(shipver(repo, 'init', '--yes').code).toBe(0);
    expect(readFileSync(path.join(repo, '.husky', 'commit-msg'), 'utf8')).toBe(own);
    const bad = commit(repo, 'changed line');
    expect(bad.code).not.toBe(0);
    expect(bad.stdout + bad.stderr).toContain('see CONTRIBUTING.md');
    expect(hooksCheck(repo)).toMatchObject({ status: 'ok' });
  });
});

describe('the run that writes the hook\'s code cache', () => {
  // It also lints a typical message (so the cache holds what most commits run, whatever the
  // first message was): quietly, with the first message's own output and exit code.
  it('prints and exits as every later run does', () => {
    const repo = app('first-run');
    writeFileSync(path.join(repo, 'commitlint.config.js'), "module.exports = { extends: ['@commitlint/config-conventional'] };\n");
    const program = path.join(repo, 'node_modules', 'shipver', 'dist', 'commit-msg-hook.js');
    const hook = (message: string, cacheDir: string) => {
      writeFileSync(path.join(repo, 'MSG'), message);
      return run(repo, process.execPath, [program, 'MSG'], { SHIPVER_CACHE_DIR: cacheDir, SHIPVER_CODE_CACHE_DEBUG: '1' });
    };
    const strip = (r: Result) => ({ code: r.code, stdout: r.stdout, stderr: r.stderr.split('\n').filter((l) => !l.startsWith('shipver: code cache')).join('\n') });
    for (const [i, message] of ['Added a thing\n', 'feat: a thing\n', "Merge branch 'x'\n", ''].entries()) {
      // a cache directory of its own for each first message (with SHIPVER_CACHE_DIR, the only place)
      const dir = sb.path(`cache-${i}`);
      const first = hook(message, dir);
      expect(first.stderr).toContain('code cache written');
      const later = hook(message, dir);
      expect(later.stderr).toMatch(/code cache commit-msg\.hook\.[^:]+: accepted/);
      expect(strip(first)).toEqual(strip(later));
    }
  });
});
