// Builds shipver's platform wheel, dist/shipver-<version>-py3-none-<platform>.whl: the
// standalone executable (scripts/build-binary.mjs, built first when it is not up to date)
// and the `shipver` command that runs it (python/). With hatchling, from the Python that
// has `build` and `hatchling` (Debian: python3-build, python3-hatchling), without network:
//
//   node scripts/build.mjs && node scripts/build-wheel.mjs      (npm run build:wheel)
//
// The version is this repository's, as shipver itself reads it (`shipver version`: every
// version file listed in shipver.yaml must agree), in its PEP 440 spelling (0.2.0-beta.1 is
// 0.2.0b1). The platform tag is read from the executable (scripts/wheel-platform.mjs), so
// pip refuses the wheel where the executable cannot run.
//
//   SHIPVER_PYTHON=PATH          the Python to build with (default: python3 on PATH, then /usr/bin/python3)
//   SHIPVER_WHEEL_PLATFORM=TAG   the platform tag, for a platform the script cannot read (PEP 425)
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildBinary } from './build-binary.mjs';
import { elfNeeds, newest, platformTag } from './wheel-platform.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'dist');
const rel = (p) => path.relative(ROOT, p);

class BuildError extends Error {}

/** The version, in both spellings, as shipver reads it from this repository. */
function repositoryVersion() {
  const r = spawnSync(process.execPath, [path.join(DIST, 'shipver.js'), 'version', '--json'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (r.status !== 0) throw new BuildError(`shipver version could not read this repository's version:\n${r.stderr.trim()}`);
  const { version, pep440, files } = JSON.parse(r.stdout);
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
  if (version !== pkg) throw new BuildError(`shipver reads version ${version}, package.json says ${pkg}`);
  if (!files.includes('python/shipver/__init__.py')) throw new BuildError('shipver.yaml does not list python/shipver/__init__.py, so a release would not write the wheel\'s version');
  if (!pep440) throw new BuildError(`version ${version} has no PEP 440 spelling`);
  return { version, pep440 };
}

/** A Python that can build the wheel offline: `build` and `hatchling` importable. */
function findPython() {
  const candidates = process.env.SHIPVER_PYTHON ? [process.env.SHIPVER_PYTHON] : process.platform === 'win32' ? ['py', 'python'] : ['python3', '/usr/bin/python3'];
  for (const python of candidates) {
    const args = python === 'py' ? ['-3', '-c', 'import build, hatchling'] : ['-c', 'import build, hatchling'];
    const r = spawnSync(python, args, { stdio: 'ignore' });
    if (!r.error && r.status === 0) return python === 'py' ? { file: 'py', pre: ['-3'] } : { file: python, pre: [] };
  }
  throw new BuildError(
    `no Python with the build and hatchling modules (tried ${candidates.join(', ')}).\n` +
      'Install them: apt-get install python3-build python3-hatchling (Debian, Ubuntu), or python3 -m pip install build hatchling; or point SHIPVER_PYTHON at a Python that has them.',
  );
}

/** Builds the wheel; returns { file, tag, size, glibc }. */
export async function buildWheel({ log = (s) => process.stderr.write(`${s}\n`) } = {}) {
  const { file: exe } = await buildBinary({ log });
  const { pep440 } = repositoryVersion();
  const platform = process.env.SHIPVER_WHEEL_PLATFORM || platformTag({ file: exe });
  const glibc = process.platform === 'linux' ? newest(elfNeeds(readFileSync(exe)), 'GLIBC') : null;
  const tag = `py3-none-${platform}`;
  const python = findPython();

  mkdirSync(DIST, { recursive: true });
  const out = mkdtempSync(path.join(DIST, '.wheel-'));
  try {
    // --skip-dependency-check: Debian's hatchling declares editables (for editable installs
    // only), which Debian does not package; findPython checked that build and hatchling import
    const r = spawnSync(python.file, [...python.pre, '-m', 'build', '--wheel', '--no-isolation', '--skip-dependency-check', '--outdir', out, path.join(ROOT, 'python')], {
      cwd: ROOT,
      encoding: 'utf8',
      // the archive's timestamps: a fixed date, so the same inputs give the same wheel
      env: { ...process.env, SHIPVER_EXECUTABLE: exe, SHIPVER_WHEEL_TAG: tag, SOURCE_DATE_EPOCH: process.env.SOURCE_DATE_EPOCH ?? '315532800' },
    });
    if (r.error || r.status !== 0) throw new BuildError(`python -m build failed${r.error ? `: ${r.error.message}` : ''}:\n${`${r.stdout}${r.stderr}`.trim().split('\n').slice(-20).join('\n')}`);
    const name = `shipver-${pep440}-${tag}.whl`;
    const built = readdirSync(out).filter((f) => f.endsWith('.whl'));
    if (built.length !== 1 || built[0] !== name) throw new BuildError(`expected ${name}, the build wrote ${built.join(', ') || 'nothing'}`);
    // one shipver wheel in dist/, so `pipx install ./dist/shipver-*.whl` names it
    for (const f of readdirSync(DIST)) if (/^shipver-.+-py3-none-.+\.whl$/.test(f) && f !== name) rmSync(path.join(DIST, f));
    const file = path.join(DIST, name);
    renameSync(path.join(out, name), file);
    chmodSync(file, 0o644);
    const size = statSync(file).size;
    log(`built ${rel(file)} (${(size / 2 ** 20).toFixed(1)} MB${glibc ? `; the executable needs glibc ${glibc}` : ''})`);
    return { file, tag, size, glibc };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  if (process.argv.length > 2) {
    process.stderr.write('usage: node scripts/build-wheel.mjs   (after node scripts/build.mjs; npm run build:wheel does both)\n');
    process.exitCode = 2;
  } else {
    try {
      if (!existsSync(path.join(DIST, 'shipver.js'))) throw new BuildError('dist/shipver.js is missing: run node scripts/build.mjs first (npm run build:wheel does both)');
      await buildWheel();
    } catch (e) {
      process.stderr.write(`build-wheel: ${e.message}\n`);
      process.exitCode = e instanceof BuildError ? 1 : 70;
    }
  }
}
