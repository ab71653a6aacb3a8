// shipver the Python way: the platform wheel (npm run build:wheel) installed with pip into a
// fresh virtualenv and with pipx, with no package index and no node on PATH, then used in a
// Django repository as a Python team would (init, a refused and an accepted commit); the
// pre-commit framework installing shipver itself from a clone of this repository at a tag;
// and this repository releasing itself with one version in package.json and the Python files.
//
// The wheel is built once, here (the standalone executable in it is reused when
// scripts/build-binary.mjs finds it up to date). Everything runs offline: pip gets
// PIP_NO_INDEX=1 and finds what it needs through PIP_FIND_LINKS (the wheel; for pipx and
// for pre-commit's build of this repository also setuptools and wheel, as Debian ships
// them in /usr/share/python-wheels).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, realpathSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, Sandbox, expectNoStack } from '../helpers/sandbox.js';
import { DJANGO_FILES } from '../helpers/release-repos.js';
import { pathWithoutNode, waitFor } from '../helpers/processes.js';
import { fromSemver } from '../../src/version/scheme.js';
import { PYTHON_WHEELS, SYSTEM_PYTHON } from '../../scripts/preflight.mjs';

const sb = new Sandbox();
afterAll(() => sb.cleanup());

const VERSION = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const PEP440 = fromSemver(VERSION, 'pep440');
/** pip without an index: what it installs comes from these directories (PIP_FIND_LINKS) */
const offline = (...findLinks: string[]): NodeJS.ProcessEnv => ({ PIP_NO_INDEX: '1', PIP_FIND_LINKS: findLinks.join(' '), PIP_DISABLE_PIP_VERSION_CHECK: '1' });

let built: { name: string; glibc: string };
/** the wheel, copied out of dist/ (a directory holding only it: the find-links of the tests) */
let wheelDir: string;
let wheel: string;
/** a PATH directory with the system's tools but no node (nor npm, npx) */
let noNode: string;

/** init, a refused and an accepted commit in a Django repository, with `env`'s PATH (no node on it). */
function djangoWorkflow(name: string, env: NodeJS.ProcessEnv): void {
  const hub = sb.repo(name, DJANGO_FILES);
  expect(sb.run('sh', ['-c', 'command -v node || echo none'], { cwd: hub, env }).stdout.trim()).toBe('none');
  const init = sb.run('shipver', ['init', '--yes'], { cwd: hub, env });
  expect(init.code, init.stderr).toBe(0);
  expect(init.stdout + init.stderr).toContain('hooks installed');
  const bad = sb.run('git', ['commit', '-q', '--allow-empty', '-m', 'Added stuff.'], { cwd: hub, env });
  expect(bad.code).not.toBe(0);
  expect(bad.stderr).toContain('commit message rejected');
  expect(bad.stderr).toContain('[type-empty]');
  expect(bad.stderr).not.toContain('shipver: not found');
  sb.git(hub, 'add', '-A');
  const good = sb.run('git', ['commit', '-q', '-m', 'chore: set up shipver'], { cwd: hub, env });
  expect(good.code, good.stderr).toBe(0);
  expect(sb.git(hub, 'log', '-1', '--format=%s').trim()).toBe('chore: set up shipver');
}

beforeAll(() => {
  const build = sb.run(process.execPath, ['scripts/build-wheel.mjs'], { cwd: ROOT });
  expect(build.code, build.stderr).toBe(0);
  const m = /^built dist\/(shipver-\S+\.whl) \([\d.]+ MB; the executable needs glibc (\d+\.\d+)\)$/m.exec(build.stderr);
  expect(m, build.stderr).not.toBeNull();
  built = { name: m![1], glibc: m![2] };
  wheelDir = sb.path('wheels');
  mkdirSync(wheelDir);
  wheel = path.join(wheelDir, built.name);
  copyFileSync(path.join(ROOT, 'dist', built.name), wheel);
  noNode = pathWithoutNode(sb.path('nonode-bin'));
}, 600_000);

describe('the wheel', () => {
  it("is named by the package's version in PEP 440 and tagged for the glibc its executable needs", () => {
    const [, version, python, abi, platform] = /^shipver-([^-]+)-([^-]+)-([^-]+)-([^-]+)\.whl$/.exec(built.name)!;
    expect(version).toBe(PEP440);
    expect([python, abi]).toEqual(['py3', 'none']);
    // manylinux_2_<n>: glibc 2.<n> or newer; no older than what the executable asks for
    const level = /^manylinux_2_(\d+)_x86_64$/.exec(platform);
    expect(level, platform).not.toBeNull();
    expect(Number(level![1])).toBeGreaterThanOrEqual(Number(built.glibc.split('.')[1]));
    const listing = sb.run(SYSTEM_PYTHON, [
      '-c',
      'import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nfor i in z.infolist(): print("%o %s" % (i.external_attr >> 16, i.filename))\nprint(z.read(sys.argv[2] + ".dist-info/WHEEL").decode())\nprint(z.read(sys.argv[2] + ".dist-info/entry_points.txt").decode())',
      wheel,
      `shipver-${PEP440}`,
    ]);
    expect(listing.code, listing.stderr).toBe(0);
    expect(listing.stdout).toMatch(/^100755 shipver\/_bin\/shipver$/m);
    expect(listing.stdout).toMatch(/^100644 shipver\/__main__\.py$/m);
    expect(listing.stdout).toContain('Root-Is-Purelib: false\n');
    expect(listing.stdout).toContain(`Tag: py3-none-${platform}\n`);
    expect(listing.stdout).toContain('[console_scripts]\nshipver = shipver.__main__:main\n');
  });
});

describe('pip install into a fresh virtualenv, no index, no node on PATH', () => {
  const venv = sb.path('venv');
  let env: NodeJS.ProcessEnv;
  let exe: string;

  beforeAll(() => {
    const mk = sb.run(SYSTEM_PYTHON, ['-m', 'venv', venv]);
    expect(mk.code, mk.stderr).toBe(0);
    const pip = sb.run(path.join(venv, 'bin', 'python'), ['-m', 'pip', 'install', wheel], { env: offline() });
    expect(pip.code, pip.stdout + pip.stderr).toBe(0);
    env = { PATH: `${path.join(venv, 'bin')}${path.delimiter}${noNode}` };
    exe = sb.run(path.join(venv, 'bin', 'python'), ['-c', 'import shipver.__main__ as m; print(m.executable())']).stdout.trim();
  }, 120_000);

  it('shipver --version, and stdin, stdout, stderr and the exit code pass through', () => {
    const v = sb.run('shipver', ['--version'], { env });
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout).toBe(`${VERSION}\n`);
    const bad = sb.run('shipver', ['lint', '--stdin'], { env, input: 'Added stuff.\n' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('[type-empty]');
    const good = sb.run('shipver', ['lint', '--stdin'], { env, input: 'feat(api): add the version\n' });
    expect(good.code, good.stderr).toBe(0);
    const usage = sb.run('shipver', ['no-such-command'], { env });
    expect(usage.code).toBe(2);
  });

  it('init, and the hooks it installs in a Django repository find shipver: a bad message refused, a good one accepted', () => {
    djangoWorkflow('hub-venv', env);
  });

  it('a Ctrl-C reaches the executable itself: the console script became it (os.execv)', async () => {
    const child = spawn(path.join(venv, 'bin', 'shipver'), ['lint', '--stdin'], { env: { ...sb.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    const real = realpathSync(exe);
    // the process the shell started is now the executable, not a Python waiting for it
    await waitFor('the shell to exec the executable', () => {
      try {
        return readlinkSync(`/proc/${child.pid}/exe`) === real || undefined;
      } catch {
        return undefined;
      }
    });
    child.kill('SIGINT');
    const { signal } = await exited;
    expect(signal).toBe('SIGINT');
  });

  it('a missing or broken executable: which file, and the reinstall that fixes it (exit 2)', () => {
    renameSync(exe, `${exe}.away`);
    const gone = sb.run('shipver', ['--version'], { env });
    expect(gone.code).toBe(2);
    expect(gone.stderr).toContain(`shipver: cannot run the shipver executable ${exe} (No such file or directory)\n`);
    expectNoStack(gone.stderr);
    expect(gone.stderr).not.toContain('Traceback');
    const fix = /reinstall it: (.+)$/m.exec(gone.stderr)?.[1];
    expect(fix).toMatch(new RegExp(` -m pip install --force-reinstall shipver==${PEP440.replace(/\./g, '\\.')}$`));
    expect(gone.stderr).toContain(`--find-links DIR, the directory that holds shipver-${PEP440}-*.whl`);
    // the fix as printed, with pip pointed at the wheel
    const [file, ...args] = fix!.split(' ');
    const reinstall = sb.run(file, args, { env: { ...env, ...offline(wheelDir) } });
    expect(reinstall.code, reinstall.stdout + reinstall.stderr).toBe(0);
    expect(sb.run('shipver', ['--version'], { env }).stdout).toBe(`${VERSION}\n`);

    writeFileSync(exe, 'not an executable for this machine\n');
    chmodSync(exe, 0o755);
    const broken = sb.run('shipver', ['--version'], { env });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain(`shipver: cannot run the shipver executable ${exe} (Exec format error)\n`);
    const again = sb.run(file, args, { env: { ...env, ...offline(wheelDir) } });
    expect(again.code, again.stderr).toBe(0);
    expect(sb.run('shipver', ['--version'], { env }).stdout).toBe(`${VERSION}\n`);
  }, 120_000);

  it('a wheel for another platform is refused by pip at install time, with its own message', () => {
    const other = sb.path('other-platform');
    mkdirSync(other);
    const mac = path.join(other, `shipver-${PEP440}-py3-none-macosx_11_0_arm64.whl`);
    copyFileSync(wheel, mac);
    const r = sb.run(path.join(venv, 'bin', 'python'), ['-m', 'pip', 'install', '--force-reinstall', mac], { env: offline() });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`shipver-${PEP440}-py3-none-macosx_11_0_arm64.whl is not a supported wheel on this platform`);
  }, 60_000);
});

describe('pipx install, no index, no node on PATH', () => {
  it('installs the shipver command; init and the hooks work in a Django repository', () => {
    const pipx = { PIPX_HOME: sb.path('pipx-home'), PIPX_BIN_DIR: sb.path('pipx-bin') };
    const env = { ...pipx, PATH: `${pipx.PIPX_BIN_DIR}${path.delimiter}${noNode}` };
    // pipx also refreshes pip, setuptools and wheel in its shared environment: from Debian's wheel files
    const inst = sb.run('pipx', ['install', wheel], { env: { ...env, ...offline(PYTHON_WHEELS) } });
    expect(inst.code, inst.stdout + inst.stderr).toBe(0);
    expect(inst.stdout).toContain(`installed package shipver ${PEP440}`);
    expect(realpathSync(path.join(pipx.PIPX_BIN_DIR, 'shipver'))).toBe(path.join(pipx.PIPX_HOME, 'venvs', 'shipver', 'bin', 'shipver'));
    const v = sb.run('shipver', ['--version'], { env });
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout).toBe(`${VERSION}\n`);
    djangoWorkflow('hub-pipx', env);

    // a damaged pipx install names pipx's own fix
    const exe = sb.run(path.join(pipx.PIPX_HOME, 'venvs', 'shipver', 'bin', 'python'), ['-c', 'import shipver.__main__ as m; print(m.executable())']).stdout.trim();
    renameSync(exe, `${exe}.away`);
    const gone = sb.run('shipver', ['--version'], { env });
    expect(gone.code).toBe(2);
    expect(gone.stderr).toContain('reinstall it: pipx reinstall shipver\n');
    const fix = sb.run('sh', ['-c', 'pipx reinstall shipver'], { env: { ...env, ...offline(PYTHON_WHEELS) } });
    expect(fix.code, fix.stdout + fix.stderr).toBe(0);
    expect(sb.run('shipver', ['--version'], { env }).stdout).toBe(`${VERSION}\n`);
  }, 300_000);
});

/** This working tree (what git tracks, and new files it does not ignore) committed in a repository of its own, tagged v<version>. */
function snapshotOfThisRepository(name: string): string {
  const dir = sb.path(name);
  const files = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' }).stdout.split('\0').filter(Boolean);
  for (const f of files) {
    const from = path.join(ROOT, f);
    if (!existsSync(from)) continue; // deleted in the working tree
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    copyFileSync(from, path.join(dir, f));
  }
  sb.git(dir, 'init', '-q', '-b', 'main');
  sb.git(dir, 'add', '-A');
  sb.git(dir, 'commit', '-q', '--no-verify', '-m', 'chore: this working tree');
  sb.git(dir, 'tag', '-a', '-m', `v${VERSION}`, `v${VERSION}`);
  return dir;
}

describe('the pre-commit framework installs shipver itself', () => {
  it('from a clone of this repository at a tag, offline: the commit-msg hook rejects a bad message, accepts a good one; the pre-push hook runs', () => {
    const shipverRepo = snapshotOfThisRepository('shipver-hooks');
    const app = sb.repo('py-app', {
      ...DJANGO_FILES,
      '.pre-commit-config.yaml': [
        'repos:',
        `  - repo: ${shipverRepo}`,
        `    rev: v${VERSION}`,
        '    hooks:',
        '      - id: shipver-commit-msg-python',
        '      - id: shipver-pre-push-python',
        '',
      ].join('\n'),
    });
    // nothing on PATH: no shipver, no node; pip finds the wheel, and setuptools for building this repository's package
    const env = { PATH: noNode, PRE_COMMIT_HOME: sb.path('pre-commit-home'), ...offline(wheelDir, PYTHON_WHEELS) };
    expect(sb.run('sh', ['-c', 'command -v shipver node || echo none'], { cwd: app, env }).stdout.trim()).toBe('none');
    const inst = sb.run('pre-commit', ['install', '--hook-type', 'commit-msg', '--hook-type', 'pre-push'], { cwd: app, env });
    expect(inst.code, inst.stdout + inst.stderr).toBe(0);
    writeFileSync(path.join(app, 'b.txt'), 'b\n');
    sb.git(app, 'add', '-A');
    const bad = sb.run('git', ['commit', '-q', '-m', 'Added stuff.'], { cwd: app, env });
    expect(bad.code, bad.stdout + bad.stderr).not.toBe(0);
    expect(bad.stdout + bad.stderr).toContain('- hook id: shipver-commit-msg-python');
    expect(bad.stdout + bad.stderr).toContain('[type-empty]');
    // pre-commit's environment has the wheel's executable
    const envs = readdirSync(env.PRE_COMMIT_HOME, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith(path.join('site-packages', 'shipver', '_bin', 'shipver')));
    expect(envs).toHaveLength(1);
    const good = sb.run('git', ['commit', '-q', '-m', 'feat: add b'], { cwd: app, env });
    expect(good.code, good.stdout + good.stderr).toBe(0);
    expect(sb.git(app, 'log', '-1', '--format=%s').trim()).toBe('feat: add b');

    sb.git(sb.dir, 'init', '-q', '--bare', '-b', 'main', sb.path('py-app.git'));
    sb.git(app, 'remote', 'add', 'origin', sb.path('py-app.git'));
    const push = sb.run('git', ['push', '-u', 'origin', 'main'], { cwd: app, env });
    expect(push.code, push.stdout + push.stderr).toBe(0);
    expect(push.stdout + push.stderr).toMatch(/shipver \(version tags, deploy trigger\)\.+Passed/);
  }, 300_000);
});

describe('shipver releases itself', () => {
  it('--dry-run names package.json and the Python files; the release writes one version to all of them (PEP 440 in Python) and tags once', () => {
    const origin = snapshotOfThisRepository('shipver-origin');
    const clone = sb.path('shipver-release');
    sb.git(sb.dir, 'clone', '-q', origin, clone);
    appendFileSync(path.join(clone, 'README.md'), '\nA feature.\n');
    expect(sb.commit(clone, 'feat: a feature to release', { noVerify: true }).code).toBe(0);

    const dry = sb.shipver(clone, ['release', '--pre', 'beta', '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    // the plan on stderr; the tag's message, the release notes, on stdout
    const next = new RegExp(`^\\(dry run\\) shipver ${VERSION.replace(/\./g, '\\.')} → (\\S+) `, 'm').exec(dry.stderr)?.[1];
    expect(next, dry.stderr).toMatch(/^\d+\.\d+\.\d+-beta\.0$/);
    expect(dry.stderr).toContain('  would write package.json, package-lock.json, python/shipver/__init__.py, pyproject.toml, CHANGELOG.md (new)\n');
    expect(sb.git(clone, 'status', '--porcelain')).toBe('');

    const rel = sb.shipver(clone, ['release', '--pre', 'beta']);
    expect(rel.code, rel.stderr).toBe(0);
    const pep = fromSemver(next!, 'pep440');
    expect(pep).toMatch(/^\d+\.\d+\.\d+b0$/);
    const json = (f: string) => JSON.parse(sb.read(clone, f)) as { version: string; packages: Record<string, { version?: string }> };
    expect(json('package.json').version).toBe(next);
    expect(json('package-lock.json').version).toBe(next);
    expect(json('package-lock.json').packages[''].version).toBe(next);
    expect(sb.read(clone, 'python/shipver/__init__.py')).toContain(`\n__version__ = '${pep}'\n`);
    const pyproject = sb.read(clone, 'pyproject.toml');
    expect(pyproject).toContain(`\nversion = "${pep}"\n`);
    expect(pyproject).toContain(`dependencies = ["shipver==${pep}"]\n`);
    expect(sb.git(clone, 'tag', '--list').trim().split('\n')).toEqual([`v${VERSION}`, `v${next}`]);
    expect(sb.git(clone, 'log', '-1', '--format=%s').trim()).toBe(`chore(release): ${next}`);
    expect(sb.git(clone, 'status', '--porcelain')).toBe('');
    // what the wheel build reads (scripts/build-wheel.mjs)
    const v = JSON.parse(sb.shipver(clone, ['version', '--json']).stdout) as { version: string; pep440: string };
    expect(v).toMatchObject({ version: next, pep440: pep });
  }, 120_000);
});
