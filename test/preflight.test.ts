// scripts/preflight.mjs: what `npm run demo` and `npm test` need, checked before they start.
// Pointed at a PATH of a few fake executables and at a python without Django, it installs
// (through a fake apt-get, as root or with password-less sudo on Debian) or prints the
// command for the system and exits 2 with nothing run. The fakes log each call, so "nothing
// was installed" is what their logs say, not an assumption.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { check, detectSystem, hubPython, preflight, requirementsFor, type PreflightOptions, type SetName } from '../scripts/preflight.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SCRIPT = path.join(ROOT, 'scripts', 'preflight.mjs');
const DEBIAN = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nID=debian\n';
const UBUNTU = 'PRETTY_NAME="Ubuntu 24.04 LTS"\nID=ubuntu\nID_LIKE=debian\n';
const FEDORA = 'NAME="Fedora Linux"\nPRETTY_NAME="Fedora Linux 40 (Workstation Edition)"\nID=fedora\n';
const ARCH = 'NAME="Arch Linux"\nPRETTY_NAME="Arch Linux"\nID=arch\n';

let dir: string;
let bin: string;
/** a python3 that imports a module once its package is "installed" (a marker file, e.g. django-installed) */
let python: string;
/** where the wheel files of setuptools and wheel are (python3-setuptools-whl, python3-wheel-whl) */
let wheels: string;

/** a shell script (it finds chmod, touch and env after the fake PATH) */
function script(file: string, body: string): string {
  writeFileSync(file, `#!/bin/sh\nPATH="$PATH:/usr/bin:/bin"\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}
/** executables that do nothing, on the fake PATH */
function tools(...names: string[]): void {
  for (const n of names) script(path.join(bin, n), 'exit 0');
}
const log = (name: string) => path.join(dir, `${name}.log`);
const calls = (name: string) => (existsSync(log(name)) ? readFileSync(log(name), 'utf8').trim().split('\n') : []);

/** apt-get that logs its calls and "installs" a package by putting an executable of its name on PATH */
function fakeAptGet(opts: { fail?: boolean; installNothing?: boolean } = {}): void {
  script(
    path.join(bin, 'apt-get'),
    [
      `echo "DEBIAN_FRONTEND=$DEBIAN_FRONTEND $*" >> ${log('apt-get')}`,
      opts.fail ? `echo "E: Unable to locate package buildah" >&2; exit 100` : '',
      '[ "$1" = update ] && exit 0',
      opts.installNothing ? 'exit 0' : '',
      'for p in "$@"; do case "$p" in',
      '  -*|install) ;;',
      `  python3-django) touch ${path.join(dir, 'django-installed')} ;;`,
      `  python3-build) touch ${path.join(dir, 'build-installed')} ;;`,
      `  python3-hatchling) touch ${path.join(dir, 'hatchling-installed')} ;;`,
      `  python3-venv) touch ${path.join(dir, 'ensurepip-installed')} ;;`,
      `  python3-*-whl) w=\${p#python3-}; touch ${wheels}/\${w%-whl}-1.0-py3-none-any.whl ;;`,
      `  *) printf '#!/bin/sh\\nexit 0\\n' > ${bin}/$p; chmod +x ${bin}/$p ;;`,
      'esac; done',
    ].join('\n'),
  );
}

/** sudo: asks for a password (-n fails), or password-less (runs the command) */
function fakeSudo(passwordless: boolean): void {
  script(
    path.join(bin, 'sudo'),
    [
      `echo "$*" >> ${log('sudo')}`,
      passwordless ? '[ "$1" = -n ] && shift; exec "$@"' : '[ "$1" = -n ] && { echo "sudo: a password is required" >&2; exit 1; }; exit 1',
    ].join('\n'),
  );
}

function run(set: SetName, opts: PreflightOptions = {}): { code: number; out: string } {
  let out = '';
  const code = preflight(set, { env: { PATH: bin }, systemPython: python, pythonWheels: wheels, osRelease: DEBIAN, platform: 'linux', uid: 1000, cwd: dir, write: (t) => (out += t), ...opts });
  return { code, out };
}

const lines = (...l: string[]) => l.map((x) => `${x}\n`).join('');

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'shipver-preflight-'));
  bin = path.join(dir, 'bin');
  mkdirSync(bin);
  wheels = path.join(dir, 'wheels');
  mkdirSync(wheels);
  python = script(path.join(dir, 'python3'), `m="\${2#import }"\n[ -e "${dir}/$m-installed" ] && exit 0\necho "ModuleNotFoundError: No module named '$m'" >&2\nexit 1`);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('what each command needs', () => {
  it('the demo: git, make, Django, docker-registry and buildah; without images, no registry or buildah; the tests: also GNU time, pre-commit, Chromium and what builds and installs the wheel', () => {
    expect(requirementsFor('demo').map((r) => r.id)).toEqual(['git', 'make', 'docker-registry', 'buildah', 'django']);
    expect(requirementsFor('demo', { noImages: true }).map((r) => r.id)).toEqual(['git', 'make', 'django']);
    expect(requirementsFor('test').map((r) => r.id)).toEqual(['git', 'make', 'time', 'docker-registry', 'buildah', 'django', 'pre-commit', 'chromium', 'pipx', 'python-build', 'hatchling', 'venv', 'setuptools-wheel', 'wheel-wheel']);
    expect(requirementsFor('test').map((r) => r.apt)).toEqual([
      ...['git', 'make', 'time', 'docker-registry', 'buildah', 'python3-django', 'pre-commit', 'chromium'],
      ...['pipx', 'python3-build', 'python3-hatchling', 'python3-venv', 'python3-setuptools-whl', 'python3-wheel-whl'],
    ]);
  });

  it('the README test command runs the preflight first, and .ci/run runs that command instead of a package list of its own', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.pretest).toBe('node scripts/preflight.mjs test');
    const ci = readFileSync(path.join(ROOT, '.ci', 'run'), 'utf8');
    expect(ci).toMatch(/^npm ci && npm test$/m);
    const commands = ci.split('\n').filter((l) => !l.trim().startsWith('#'));
    expect(commands.join('\n')).not.toMatch(/apt-get|dpkg|APT_PACKAGES/);
  });

  it('finds what is on PATH (docker-registry also by the name Fedora gives it) and whether the python imports Django', () => {
    tools('git', 'registry');
    const missing = check(requirementsFor('demo'), { PATH: bin, python: { path: python, custom: false } });
    expect(missing.map((r) => r.id)).toEqual(['make', 'buildah', 'django']);
    writeFileSync(path.join(dir, 'django-installed'), '');
    expect(check(requirementsFor('demo'), { PATH: bin, python: { path: python, custom: false } }).map((r) => r.id)).toEqual(['make', 'buildah']);
    // a python that is not there has no Django either
    expect(check(requirementsFor('demo'), { PATH: bin, python: { path: path.join(dir, 'nope'), custom: true } }).map((r) => r.id)).toContain('django');
  });

  it('the hub python is SHIPVER_DEMO_PYTHON (relative to the working directory), else /usr/bin/python3', () => {
    expect(hubPython({})).toEqual({ path: '/usr/bin/python3', custom: false });
    expect(hubPython({ SHIPVER_DEMO_PYTHON: '.venv/bin/python' }, { cwd: '/work/x' })).toEqual({ path: '/work/x/.venv/bin/python', custom: true });
  });

  it('reads the system from os-release', () => {
    expect(detectSystem({ platform: 'linux', osRelease: DEBIAN })).toEqual({ family: 'debian', name: 'Debian GNU/Linux 12 (bookworm)' });
    expect(detectSystem({ platform: 'linux', osRelease: UBUNTU }).family).toBe('debian');
    expect(detectSystem({ platform: 'linux', osRelease: 'ID="rocky"\nID_LIKE="rhel centos fedora"\n' }).family).toBe('fedora');
    expect(detectSystem({ platform: 'linux', osRelease: ARCH })).toEqual({ family: 'other', name: 'Arch Linux' });
    expect(detectSystem({ platform: 'linux', osRelease: null })).toEqual({ family: 'other', name: 'Linux' });
    expect(detectSystem({ platform: 'darwin' })).toEqual({ family: 'macos', name: 'macOS' });
  });
});

describe('when everything is there', () => {
  it('exits 0 and says nothing', () => {
    tools('git', 'make', 'time', 'docker-registry', 'buildah', 'pre-commit', 'chromium', 'pipx', 'apt-get');
    for (const m of ['django', 'build', 'hatchling', 'ensurepip']) writeFileSync(path.join(dir, `${m}-installed`), '');
    for (const w of ['setuptools', 'wheel']) writeFileSync(path.join(wheels, `${w}-1.0-py3-none-any.whl`), '');
    expect(run('demo', { uid: 0 })).toEqual({ code: 0, out: '' });
    expect(run('test', { uid: 0 })).toEqual({ code: 0, out: '' });
    expect(calls('apt-get')).toEqual([]);
  });

  it('on this machine, as `npm test` runs it: exit 0, nothing printed', () => {
    const r = spawnSync(process.execPath, [SCRIPT, 'test'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('what is missing, and it cannot install: the command for this system, exit 2, nothing run', () => {
  beforeEach(() => {
    tools('git', 'make');
    fakeAptGet();
  });

  it('Debian, not root, sudo asks for a password: sudo apt-get, and a virtualenv for Django alone', () => {
    fakeSudo(false);
    script(path.join(bin, 'python3'), 'exit 0'); // a python3 with venv and ensurepip
    const r = run('demo');
    expect(r.out).toBe(
      lines(
        `preflight: npm run demo needs docker-registry, buildah and Django (importable by ${python}), which this machine lacks.`,
        'Not installing them: not root, and sudo asks for a password (as root, or with password-less sudo, this step installs them itself).',
        'Run:',
        '  sudo apt-get update && sudo apt-get install -y --no-install-recommends docker-registry buildah python3-django',
        '  npm run demo',
        'Or Django alone, without root, in a virtualenv (then the same command):',
        '  python3 -m venv .venv && .venv/bin/pip install django',
        '  export SHIPVER_DEMO_PYTHON="$PWD/.venv/bin/python"',
      ),
    );
    expect(r.code).toBe(2);
    expect(calls('apt-get')).toEqual([]);
    expect(calls('sudo')).toEqual(['-n true']);
  });

  it('Debian, not root, no sudo: su -c, for the test set', () => {
    const r = run('test');
    expect(r.out).toBe(
      lines(
        `preflight: npm test needs GNU time, docker-registry, buildah, Django (importable by ${python}), pre-commit, Chromium, pipx, Python's build, hatchling, Python's venv, the setuptools wheel and the wheel wheel, which this machine lacks.`,
        'Not installing them: not root, and no sudo (as root, this step installs them itself).',
        'Run:',
        "  su -c 'apt-get update && apt-get install -y --no-install-recommends time docker-registry buildah python3-django pre-commit chromium pipx python3-build python3-hatchling python3-venv python3-setuptools-whl python3-wheel-whl'",
        '  npm test',
      ),
    );
    expect(r.code).toBe(2);
    expect(calls('apt-get')).toEqual([]);
  });

  it('Debian as root with SHIPVER_PREFLIGHT_NO_INSTALL=1: the apt-get command, not run', () => {
    const r = run('demo', { uid: 0, env: { PATH: bin, SHIPVER_PREFLIGHT_NO_INSTALL: '1' } });
    expect(r.out).toBe(
      lines(
        `preflight: npm run demo needs docker-registry, buildah and Django (importable by ${python}), which this machine lacks.`,
        'Not installing them: SHIPVER_PREFLIGHT_NO_INSTALL is set.',
        'Run:',
        '  apt-get update && apt-get install -y --no-install-recommends docker-registry buildah python3-django',
        '  npm run demo',
      ),
    );
    expect(r.code).toBe(2);
    expect(calls('apt-get')).toEqual([]);
  });

  it('SHIPVER_DEMO_PYTHON without Django: its pip, and no apt-get even as root', () => {
    tools('docker-registry', 'buildah');
    const venvPython = script(path.join(dir, 'venv-python'), 'exit 1');
    const r = run('demo', { uid: 0, env: { PATH: bin, SHIPVER_DEMO_PYTHON: './venv-python' }, cwd: dir });
    expect(r.out).toBe(
      lines(
        `preflight: npm run demo needs Django (importable by ${venvPython}), which this machine lacks.`,
        `Not installing anything: Django has to go into ${venvPython} (SHIPVER_DEMO_PYTHON), with its pip.`,
        'Run:',
        `  ${venvPython} -m pip install django`,
        '  npm run demo',
      ),
    );
    expect(r.code).toBe(2);
    expect(calls('apt-get')).toEqual([]);
  });

  it('SHIPVER_DEMO_PYTHON that is not there: a virtualenv', () => {
    tools('docker-registry', 'buildah');
    const r = run('demo', { uid: 0, env: { PATH: bin, SHIPVER_DEMO_PYTHON: '.venv/bin/python' }, cwd: dir });
    expect(r.out).toBe(
      lines(
        `preflight: npm run demo needs Django (importable by ${dir}/.venv/bin/python), which this machine lacks.`,
        `Not installing anything: SHIPVER_DEMO_PYTHON is ${dir}/.venv/bin/python, which is not there.`,
        'Run:',
        '  python3 -m venv .venv && .venv/bin/pip install django',
        '  export SHIPVER_DEMO_PYTHON="$PWD/.venv/bin/python"',
        '  npm run demo',
      ),
    );
    expect(r.code).toBe(2);
    expect(calls('apt-get')).toEqual([]);
  });

  it('Fedora: sudo dnf install, with Fedora package names', () => {
    const r = run('test', { osRelease: FEDORA });
    expect(r.out).toBe(
      lines(
        `preflight: npm test needs GNU time, docker-registry, buildah, Django (importable by ${python}), pre-commit, Chromium, pipx, Python's build, hatchling, Python's venv, the setuptools wheel and the wheel wheel, which this machine lacks.`,
        'Run:',
        '  sudo dnf install -y time docker-distribution buildah python3-django pre-commit chromium pipx python3-build python3-hatchling python3 python-setuptools-wheel python-wheel-wheel',
        '  npm test',
      ),
    );
    expect(r.code).toBe(2);
  });

  it('macOS, the demo: Django in a virtualenv, and the demo without its image step (buildah is Linux only)', () => {
    const r = run('demo', { platform: 'darwin', osRelease: null });
    expect(r.out).toBe(
      lines(
        `preflight: npm run demo needs docker-registry, buildah and Django (importable by ${python}), which this machine lacks.`,
        'docker-registry and buildah (the image step) run on Linux only: the demo without it.',
        'Run:',
        '  python3 -m venv .venv && .venv/bin/pip install django',
        '  export SHIPVER_DEMO_PYTHON="$PWD/.venv/bin/python"',
        '  npm run build && node examples/demo.mjs --no-images',
      ),
    );
    expect(r.code).toBe(2);
  });

  it('macOS, without make and pre-commit, the demo without images: the Command Line Tools and Homebrew', () => {
    rmSync(path.join(bin, 'make'));
    writeFileSync(path.join(dir, 'django-installed'), '');
    const r = run('demo', { platform: 'darwin', osRelease: null, noImages: true, command: 'node examples/demo.mjs --no-images' });
    expect(r.out).toBe(lines('preflight: node examples/demo.mjs --no-images needs make, which this machine lacks.', 'Run:', '  xcode-select --install', '  node examples/demo.mjs --no-images'));
    const t = run('test', { platform: 'darwin', osRelease: null, env: { PATH: `${bin}` } });
    expect(t.out).toContain('docker-registry, buildah, the setuptools wheel and the wheel wheel run on Linux only, and the tests build and push images: run them on Linux');
    rmSync(path.join(bin, 'make'), { force: true });
    tools('make', 'time', 'docker-registry', 'buildah');
    for (const m of ['build', 'hatchling', 'ensurepip']) writeFileSync(path.join(dir, `${m}-installed`), '');
    for (const w of ['setuptools', 'wheel']) writeFileSync(path.join(wheels, `${w}-1.0-py3-none-any.whl`), '');
    const brew = run('test', { platform: 'darwin', osRelease: null });
    expect(brew.out).toBe(lines('preflight: npm test needs pre-commit, Chromium and pipx, which this machine lacks.', 'Run:', '  brew install --cask chromium', '  brew install pre-commit pipx', '  npm test'));
    expect(brew.code).toBe(2);
  });

  it("another Linux: the names for its package manager, and a virtualenv for Django", () => {
    const r = run('demo', { osRelease: ARCH });
    expect(r.out).toBe(
      lines(
        `preflight: npm run demo needs docker-registry, buildah and Django (importable by ${python}), which this machine lacks.`,
        "Install docker-registry and buildah with Arch Linux's package manager (this step installs them itself only on Debian and Ubuntu).",
        'Run:',
        '  python3 -m venv .venv && .venv/bin/pip install django',
        '  export SHIPVER_DEMO_PYTHON="$PWD/.venv/bin/python"',
        '  npm run demo',
      ),
    );
    expect(r.code).toBe(2);
  });

  it('the CLI: exit 2 before anything runs, the commands on stderr, no apt-get and no file touched', () => {
    const before = readdirSync(bin).sort();
    const cwd = path.join(dir, 'cwd');
    mkdirSync(cwd);
    const r = spawnSync(process.execPath, [SCRIPT, 'demo'], { cwd, encoding: 'utf8', env: { PATH: bin, SHIPVER_DEMO_PYTHON: python, SHIPVER_PREFLIGHT_NO_INSTALL: '1' } });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe(`preflight: npm run demo needs docker-registry, buildah and Django (importable by ${python}), which this machine lacks.`);
    expect(r.stderr).toContain('\nNot installing them: SHIPVER_PREFLIGHT_NO_INSTALL is set.\nRun:\n');
    expect(r.stderr).toContain(`  ${python} -m pip install django\n  npm run demo\n`);
    expect(r.stderr).not.toMatch(/Traceback|at .*\.mjs:\d+/);
    expect(calls('apt-get')).toEqual([]);
    expect(readdirSync(bin).sort()).toEqual(before);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('the CLI refuses a bad usage with exit 2', () => {
    for (const args of [[], ['deploy'], ['demo', '--bogus'], ['test', '--no-images']]) {
      const r = spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8' });
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toContain('usage: node scripts/preflight.mjs demo|test [--no-images] [--dry-run]');
    }
  });
});

describe('Debian or Ubuntu as root, or with password-less sudo: it installs', () => {
  beforeEach(() => tools('git', 'make'));

  it('as root: apt-get update and install, non-interactive, one line said, then all there', () => {
    fakeAptGet();
    const r = run('demo', { uid: 0, osRelease: UBUNTU });
    expect(r).toEqual({ code: 0, out: lines('preflight: installing docker-registry buildah python3-django with apt-get for npm run demo (SHIPVER_PREFLIGHT_NO_INSTALL=1 to be told instead)') });
    expect(calls('apt-get')).toEqual(['DEBIAN_FRONTEND=noninteractive update -qq', 'DEBIAN_FRONTEND=noninteractive install -y --no-install-recommends -qq docker-registry buildah python3-django']);
    expect(run('demo', { uid: 0 })).toEqual({ code: 0, out: '' });
  });

  it('with password-less sudo: sudo -n apt-get, the same packages for the test set', () => {
    fakeAptGet();
    fakeSudo(true);
    const r = run('test');
    const pkgs = 'time docker-registry buildah python3-django pre-commit chromium pipx python3-build python3-hatchling python3-venv python3-setuptools-whl python3-wheel-whl';
    expect(r).toEqual({ code: 0, out: lines(`preflight: installing ${pkgs} with sudo apt-get for npm test (SHIPVER_PREFLIGHT_NO_INSTALL=1 to be told instead)`) });
    expect(calls('sudo')).toEqual(['-n true', `-n env DEBIAN_FRONTEND=noninteractive ${bin}/apt-get update -qq`, `-n env DEBIAN_FRONTEND=noninteractive ${bin}/apt-get install -y --no-install-recommends -qq ${pkgs}`]);
    expect(calls('apt-get')).toHaveLength(2);
  });

  it('--dry-run: says what it would run, runs nothing', () => {
    fakeAptGet();
    const r = run('demo', { uid: 0, dryRun: true });
    expect(r).toEqual({
      code: 0,
      out: lines(
        'preflight: would install docker-registry buildah python3-django with apt-get for npm run demo:',
        `  ${bin}/apt-get update -qq`,
        `  ${bin}/apt-get install -y --no-install-recommends -qq docker-registry buildah python3-django`,
      ),
    });
    expect(calls('apt-get')).toEqual([]);
  });

  it('apt-get fails: its last lines, and exit 2', () => {
    fakeAptGet({ fail: true });
    const r = run('demo', { uid: 0 });
    expect(r.out).toBe(
      lines(
        'preflight: installing docker-registry buildah python3-django with apt-get for npm run demo (SHIPVER_PREFLIGHT_NO_INSTALL=1 to be told instead)',
        'preflight: apt-get update -qq failed (exit 100):',
        '  E: Unable to locate package buildah',
        'Install docker-registry buildah python3-django by hand, then npm run demo.',
      ),
    );
    expect(r.code).toBe(2);
  });

  it('installed, yet still missing: says what, and exit 2', () => {
    fakeAptGet({ installNothing: true });
    const r = run('demo', { uid: 0 });
    expect(r.out.split('\n')[1]).toBe(`preflight: installed docker-registry buildah python3-django, but docker-registry, buildah and Django (importable by ${python}) are still missing (not on PATH: ${bin}).`);
    expect(r.code).toBe(2);
  });
});
