#!/usr/bin/env node
// The preflight of `npm run demo` and `npm test`: checks what they need from the machine
// before they start. Where something is missing, on Debian or Ubuntu as root (or with
// password-less sudo) it installs the Debian packages itself, saying so in one line;
// elsewhere it prints the command for this system and exits 2 before anything runs.
//
//   node scripts/preflight.mjs demo [--no-images] [--dry-run]
//   node scripts/preflight.mjs test [--dry-run]
//     --no-images   the demo without its image step (no buildah, no docker-registry)
//     --dry-run     say what would be installed, install nothing
//
//   SHIPVER_DEMO_PYTHON=PATH        the Python that runs the Django hub (default /usr/bin/python3)
//   SHIPVER_PREFLIGHT_NO_INSTALL=1  never install: print the command instead (and exit 2)
//
// REQUIREMENTS below is the one list of what the tests use: .ci/run runs the README's
// `npm ci && npm test`, whose pretest step is this script. Node builtins only: it runs
// before anything is built.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The Python that Debian's and Fedora's python3-django install Django for. */
export const SYSTEM_PYTHON = '/usr/bin/python3';

/**
 * What the demo and the tests need, one entry per tool: how to find it (executables on
 * PATH, Django importable by the hub's Python, a module importable by the system's
 * python3, a wheel file in PYTHON_WHEELS) and its package on each system.
 * `images`: only the image step needs it. `linuxOnly`: no package outside Linux.
 */
export const REQUIREMENTS = [
  { id: 'git', what: 'git', bins: ['git'], sets: ['demo', 'test'], apt: 'git', dnf: 'git', brew: 'git' },
  { id: 'make', what: 'make', bins: ['make'], sets: ['demo', 'test'], apt: 'make', dnf: 'make', mac: 'xcode-select --install' },
  { id: 'time', what: 'GNU time', bins: ['time'], sets: ['test'], apt: 'time', dnf: 'time' },
  // Fedora's docker-distribution (the same registry) names its executable `registry`
  { id: 'docker-registry', what: 'docker-registry', bins: ['docker-registry', 'registry'], sets: ['demo', 'test'], images: true, linuxOnly: true, apt: 'docker-registry', dnf: 'docker-distribution' },
  { id: 'buildah', what: 'buildah', bins: ['buildah'], sets: ['demo', 'test'], images: true, linuxOnly: true, apt: 'buildah', dnf: 'buildah' },
  { id: 'django', what: 'Django', pythonModule: 'django', sets: ['demo', 'test'], apt: 'python3-django', dnf: 'python3-django' },
  { id: 'pre-commit', what: 'pre-commit', bins: ['pre-commit'], sets: ['test'], apt: 'pre-commit', dnf: 'pre-commit', brew: 'pre-commit' },
  // the dashboard tests open the page in it (playwright-core drives it; no browser download).
  // Fedora's package names its executable chromium-browser
  { id: 'chromium', what: 'Chromium', bins: ['chromium', 'chromium-browser'], sets: ['test'], apt: 'chromium', dnf: 'chromium', mac: 'brew install --cask chromium' },
  // the wheel (npm run build:wheel) and its installs: a venv, pipx, and pre-commit's own
  // offline build of this repository (setuptools and wheel as wheel files, for pip)
  { id: 'pipx', what: 'pipx', bins: ['pipx'], sets: ['test'], apt: 'pipx', dnf: 'pipx', brew: 'pipx' },
  { id: 'python-build', what: "Python's build", systemModule: 'build', sets: ['test'], apt: 'python3-build', dnf: 'python3-build' },
  { id: 'hatchling', what: 'hatchling', systemModule: 'hatchling', sets: ['test'], apt: 'python3-hatchling', dnf: 'python3-hatchling' },
  { id: 'venv', what: "Python's venv", systemModule: 'ensurepip', sets: ['test'], apt: 'python3-venv', dnf: 'python3' },
  { id: 'setuptools-wheel', what: 'the setuptools wheel', wheelFile: 'setuptools', sets: ['test'], linuxOnly: true, apt: 'python3-setuptools-whl', dnf: 'python-setuptools-wheel' },
  { id: 'wheel-wheel', what: 'the wheel wheel', wheelFile: 'wheel', sets: ['test'], linuxOnly: true, apt: 'python3-wheel-whl', dnf: 'python-wheel-wheel' },
];

/** Where Debian and Fedora keep the wheel files of pip, setuptools and wheel (for offline venvs and builds). */
export const PYTHON_WHEELS = '/usr/share/python-wheels';

export const SETS = {
  demo: { command: 'npm run demo', what: 'the demo' },
  test: { command: 'npm test', what: 'the tests' },
};

/** The requirements of a set ('demo' or 'test'); without the image step's with noImages. */
export function requirementsFor(set, { noImages = false } = {}) {
  if (!SETS[set]) throw new Error(`unknown set ${set}`);
  return REQUIREMENTS.filter((r) => r.sets.includes(set) && !(noImages && r.images));
}

function isExecutable(file) {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Where an executable is on PATH, or null. */
export function which(name, PATH = process.env.PATH ?? '') {
  for (const dir of PATH.split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, name);
    if (isExecutable(p)) return p;
  }
  return null;
}

/**
 * The Python that runs the Django hub: SHIPVER_DEMO_PYTHON (a path, relative to cwd, or a
 * name looked up on PATH), else /usr/bin/python3. `custom`: chosen by SHIPVER_DEMO_PYTHON.
 */
export function hubPython(env = process.env, { cwd = process.cwd(), systemPython = SYSTEM_PYTHON } = {}) {
  const chosen = env.SHIPVER_DEMO_PYTHON;
  if (!chosen) return { path: systemPython, custom: false };
  if (chosen.includes('/')) return { path: path.resolve(cwd, chosen), custom: true };
  return { path: which(chosen, env.PATH ?? '') ?? chosen, custom: true };
}

/** Can `python` import Django? (A missing python cannot.) */
export function djangoImportable(python, env = process.env) {
  const r = spawnSync(python, ['-c', 'import django'], { env, stdio: 'ignore', timeout: 60_000 });
  return !r.error && r.status === 0;
}

/** Can `python` import `module`? */
function importable(python, module, env) {
  const r = spawnSync(python, ['-c', `import ${module}`], { env, stdio: 'ignore', timeout: 60_000 });
  return !r.error && r.status === 0;
}

/** Is there a wheel file of `name` in `dir`? */
function hasWheel(dir, name) {
  try {
    return readdirSync(dir).some((f) => f.startsWith(`${name}-`) && f.endsWith('.whl'));
  } catch {
    return false;
  }
}

/**
 * The requirements that are missing; Django's with `python`, the hub's python it is
 * missing from. PATH, python, systemPython and pythonWheels are where to look.
 */
export function check(requirements, { PATH = process.env.PATH ?? '', python = { path: SYSTEM_PYTHON, custom: false }, env = process.env, systemPython = SYSTEM_PYTHON, pythonWheels = PYTHON_WHEELS } = {}) {
  const missing = [];
  for (const r of requirements) {
    if (r.pythonModule) {
      if (!djangoImportable(python.path, { ...env, PATH })) missing.push({ ...r, python });
    } else if (r.systemModule) {
      if (!importable(systemPython, r.systemModule, { ...env, PATH })) missing.push(r);
    } else if (r.wheelFile) {
      if (!hasWheel(pythonWheels, r.wheelFile)) missing.push(r);
    } else if (!r.bins.some((b) => which(b, PATH))) missing.push(r);
  }
  return missing;
}

/** This system: { family: 'debian' | 'fedora' | 'macos' | 'other', name }. */
export function detectSystem({ platform = process.platform, osRelease = null } = {}) {
  if (platform === 'darwin') return { family: 'macos', name: 'macOS' };
  if (platform !== 'linux') return { family: 'other', name: platform };
  const fields = {};
  for (const line of (osRelease ?? '').split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m) fields[m[1]] = m[2].replace(/^(["'])(.*)\1$/, '$2');
  }
  const ids = [fields.ID ?? '', ...(fields.ID_LIKE ?? '').split(/\s+/)].filter(Boolean);
  const name = fields.PRETTY_NAME || fields.NAME || 'Linux';
  if (ids.some((id) => id === 'debian' || id === 'ubuntu')) return { family: 'debian', name };
  if (ids.some((id) => id === 'fedora' || id === 'rhel')) return { family: 'fedora', name };
  return { family: 'other', name };
}

export function readOsRelease(file = '/etc/os-release') {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** A word for a POSIX shell: as is when safe, else single-quoted. */
export function shq(s) {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`;
}

const APT_INSTALL = ['install', '-y', '--no-install-recommends'];

function describe(missing) {
  const names = missing.map((r) => (r.python ? `Django (importable by ${r.python.path})` : r.what));
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

const VENV = [`python3 -m venv .venv && .venv/bin/pip install django`, `export SHIPVER_DEMO_PYTHON="$PWD/.venv/bin/python"`];

/**
 * What to do about `missing` on `system`: { install } when this preflight can install it
 * all with apt-get (root, or sudo without a password, on Debian/Ubuntu), else { tell }:
 * the lines to print, with the commands for this system.
 *
 * ctx: { command (to run again afterwards), set, uid, sudo (path or null), passwordlessSudo,
 *        aptGet (path or null), noInstall, venv (python3 -m venv works) }
 */
export function plan(missing, system, ctx) {
  const { command, set, uid = 0, sudo = null, passwordlessSudo = false, aptGet = null, noInstall = false, venv = false } = ctx;
  const head = `preflight: ${command} needs ${describe(missing)}, which this machine lacks.`;
  const indent = (lines) => lines.map((l) => `  ${l}`);
  const tell = (notes, commands, extra = []) => ({ tell: [head, ...notes, 'Run:', ...indent(commands), ...extra] });
  const byPython = missing.filter((r) => r.python?.custom);
  const byPackage = missing.filter((r) => !r.python?.custom);
  // Django for SHIPVER_DEMO_PYTHON goes in with that python's pip, never with a package;
  // a SHIPVER_DEMO_PYTHON that is not there: a virtualenv
  const pythonThere = byPython.length > 0 && isExecutable(byPython[0].python.path);
  const pip = !byPython.length ? [] : pythonThere ? [`${shq(byPython[0].python.path)} -m pip install django`] : VENV;
  const djangoMissing = byPackage.some((r) => r.pythonModule);
  const venvAlternative = djangoMissing && venv ? ['Or Django alone, without root, in a virtualenv (then the same command):', ...indent(VENV)] : [];

  if (system.family === 'debian') {
    const pkgs = byPackage.map((r) => r.apt);
    const root = uid === 0;
    if (!byPython.length && !noInstall && aptGet && (root || (sudo && passwordlessSudo))) {
      return { install: { packages: pkgs, sudo: root ? null : sudo, aptGet } };
    }
    const why = noInstall
      ? `Not installing them: SHIPVER_PREFLIGHT_NO_INSTALL is set.`
      : byPython.length
        ? pythonThere
          ? `Not installing anything: Django has to go into ${byPython[0].python.path} (SHIPVER_DEMO_PYTHON), with its pip.`
          : `Not installing anything: SHIPVER_DEMO_PYTHON is ${byPython[0].python.path}, which is not there.`
        : !root && sudo
          ? 'Not installing them: not root, and sudo asks for a password (as root, or with password-less sudo, this step installs them itself).'
          : !root
            ? 'Not installing them: not root, and no sudo (as root, this step installs them itself).'
            : 'Not installing them: apt-get is not on PATH.';
    const inst = `apt-get update && apt-get ${APT_INSTALL.join(' ')} ${pkgs.join(' ')}`;
    const apt = !pkgs.length ? [] : root ? [inst] : sudo ? [`sudo apt-get update && sudo apt-get ${APT_INSTALL.join(' ')} ${pkgs.join(' ')}`] : [`su -c ${shq(inst)}`];
    return tell([why], [...apt, ...pip, command], byPython.length ? [] : venvAlternative);
  }

  if (system.family === 'fedora') {
    const pkgs = byPackage.map((r) => r.dnf);
    const dnf = !pkgs.length ? [] : [`${uid === 0 ? '' : 'sudo '}dnf install -y ${pkgs.join(' ')}`];
    return tell([], [...dnf, ...pip, command], venvAlternative);
  }

  if (system.family === 'macos') {
    const linuxOnly = byPackage.filter((r) => r.linuxOnly);
    const brew = byPackage.filter((r) => r.brew).map((r) => r.brew);
    const mac = [...new Set(byPackage.filter((r) => r.mac).map((r) => r.mac))];
    const notes = [];
    let then = command;
    if (linuxOnly.length) {
      if (set !== 'demo') {
        return { tell: [head, `${describe(linuxOnly)} run on Linux only, and the tests build and push images: run them on Linux (on Debian or Ubuntu as root, ${command} installs what it needs).`] };
      }
      notes.push(`${describe(linuxOnly)} (the image step) run on Linux only: the demo without it.`);
      then = 'npm run build && node examples/demo.mjs --no-images';
    }
    return tell(notes, [...mac, ...(brew.length ? [`brew install ${brew.join(' ')}`] : []), ...pip, ...(djangoMissing ? VENV : []), then]);
  }

  // another Linux (or system): the names, and pip for Django
  const others = byPackage.filter((r) => !r.pythonModule);
  const notes = others.length ? [`Install ${describe(others)} with ${system.name}'s package manager (this step installs them itself only on Debian and Ubuntu).`] : [];
  return tell(notes, [...pip, ...(djangoMissing ? VENV : []), command]);
}

/**
 * Checks a set and installs or tells. Returns the exit code (0: all there, or installed;
 * 2: missing, told what to run). Everything is injectable for the tests.
 */
export function preflight(set, opts = {}) {
  const env = opts.env ?? process.env;
  const PATH = env.PATH ?? '';
  const write = opts.write ?? ((s) => process.stderr.write(s));
  const say = (lines) => write(lines.map((l) => `${l}\n`).join(''));
  const command = opts.command ?? SETS[set].command;
  const python = hubPython(env, { cwd: opts.cwd, systemPython: opts.systemPython });
  const requirements = requirementsFor(set, { noImages: opts.noImages });
  const where = { PATH, python, env, systemPython: opts.systemPython ?? SYSTEM_PYTHON, pythonWheels: opts.pythonWheels ?? PYTHON_WHEELS };
  const missing = check(requirements, where);
  if (!missing.length) return 0;

  const system = detectSystem({ platform: opts.platform, osRelease: opts.osRelease !== undefined ? opts.osRelease : readOsRelease() });
  const uid = opts.uid !== undefined ? opts.uid : (process.getuid?.() ?? -1);
  const noInstall = opts.noInstall ?? Boolean(env.SHIPVER_PREFLIGHT_NO_INSTALL && env.SHIPVER_PREFLIGHT_NO_INSTALL !== '0');
  const sudo = which('sudo', PATH);
  const aptGet = which('apt-get', PATH);
  const wantsSudo = system.family === 'debian' && uid !== 0 && sudo && aptGet && !noInstall;
  const passwordlessSudo = Boolean(wantsSudo) && spawnSync(sudo, ['-n', 'true'], { env, stdio: 'ignore', timeout: 30_000 }).status === 0;
  const venv = missing.some((r) => r.pythonModule && !r.python.custom) && venvWorks(env);
  const p = plan(missing, system, { command, set, uid, sudo, passwordlessSudo, aptGet, noInstall, venv });
  if (p.tell) {
    say(p.tell);
    return 2;
  }

  const { packages } = p.install;
  const prefix = p.install.sudo ? [p.install.sudo, '-n', 'env', 'DEBIAN_FRONTEND=noninteractive', p.install.aptGet] : [p.install.aptGet];
  const steps = [
    [...prefix, 'update', '-qq'],
    [...prefix, ...APT_INSTALL, '-qq', ...packages],
  ];
  const shown = `${p.install.sudo ? 'sudo ' : ''}apt-get`;
  if (opts.dryRun) {
    say([`preflight: would install ${packages.join(' ')} with ${shown} for ${command}:`, ...steps.map((s) => `  ${s.map(shq).join(' ')}`)]);
    return 0;
  }
  say([`preflight: installing ${packages.join(' ')} with ${shown} for ${command} (SHIPVER_PREFLIGHT_NO_INSTALL=1 to be told instead)`]);
  for (const argv of steps) {
    const r = spawnSync(argv[0], argv.slice(1), { env: { ...env, DEBIAN_FRONTEND: 'noninteractive' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
    if (r.error || r.status !== 0) {
      const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n').slice(-15);
      say([
        `preflight: ${shown} ${argv.slice(prefix.length).join(' ')} failed (${r.error ? r.error.message : `exit ${r.status}`})${out.join('').trim() ? ':' : '.'}`,
        ...(out.join('').trim() ? out.map((l) => `  ${l}`) : []),
        `Install ${packages.join(' ')} by hand, then ${command}.`,
      ]);
      return 2;
    }
  }
  const still = check(missing, where);
  if (still.length) {
    say([`preflight: installed ${packages.join(' ')}, but ${describe(still)} ${still.length === 1 ? 'is' : 'are'} still missing${still.some((r) => r.bins) ? ` (not on PATH: ${PATH})` : ''}.`]);
    return 2;
  }
  return 0;
}

/** Does `python3 -m venv` work here (Debian splits ensurepip into python3-venv)? */
function venvWorks(env) {
  const py = which('python3', env.PATH ?? '');
  if (!py) return false;
  const r = spawnSync(py, ['-c', 'import venv, ensurepip'], { env, stdio: 'ignore', timeout: 60_000 });
  return !r.error && r.status === 0;
}

const USAGE = 'usage: node scripts/preflight.mjs demo|test [--no-images] [--dry-run]';

function main(argv) {
  const args = argv.filter((a) => a.startsWith('-'));
  const sets = argv.filter((a) => !a.startsWith('-'));
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${USAGE}\nChecks what \`npm run demo\` (demo) or \`npm test\` (test) needs, and installs it on Debian/Ubuntu as root.\n`);
    return 0;
  }
  const unknown = args.find((a) => !['--no-images', '--dry-run'].includes(a));
  if (sets.length !== 1 || !SETS[sets[0]] || unknown || (sets[0] === 'test' && args.includes('--no-images'))) {
    process.stderr.write(`${unknown ? `unknown option ${unknown}\n` : ''}${USAGE}\n`);
    return 2;
  }
  return preflight(sets[0], { noImages: args.includes('--no-images'), dryRun: args.includes('--dry-run') });
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
