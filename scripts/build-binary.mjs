// Builds the standalone executable dist/shipver-<platform>-<arch> with Node's
// single-executable application support: the CLI's two bundles from `node scripts/build.mjs`
// (dist/lib/cli.js, dist/lib/commit-msg.js) and V8 code caches for them ride in a copy of
// the node binary as assets, run by a small main script (src/entry/sea.ts). Needs nothing
// but git at run time.
//
//   node scripts/build.mjs && node scripts/build-binary.mjs [--force]
//
// The code caches are trained: each is what V8 had compiled after running its command once
// here (src/entry/sea.ts explains), by this same node, so V8 accepts them in the executable.
// On Linux the copy of node is stripped of its symbols and debug information first (-12 MB;
// node needs none of it to run, and stripping after the injection would break it).
//
// The executable is rebuilt only when what it is made of changed: the bundles, the main
// script, this script, the node binary (version, size, time), postject and strip. Their
// digest is kept beside it (dist/shipver-<platform>-<arch>.inputs) with the executable's
// size and time, so a file replaced since is rebuilt too; --force rebuilds anyway.
// It is written under another name and renamed into place, so a concurrent build or a run
// of the old executable never sees half a file.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vm from 'node:vm';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'dist');
export const BINARY = path.join(DIST, `shipver-${process.platform}-${process.arch}${process.platform === 'win32' ? '.exe' : ''}`);
const INPUTS = `${BINARY.replace(/\.exe$/, '')}.inputs`;
const BUNDLES = ['cli', 'commit-msg'];
const FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
const require = createRequire(import.meta.url);
const rel = (p) => path.relative(ROOT, p);

// The runs that train the code caches: [bundle.topic (as src/entry/sea.ts names them), argv,
// stdin]. In a scratch repository with one commit, a tag and a staged change. A run that
// fails trains nothing (its cache is left out; the command gets the untrained one).
const MSG = 'feat(api): add the version to the status endpoint\n\nSo ops can tell what runs where.\n';
const TRAINING = [
  ['commit-msg.hook', ['hook', 'commit-msg', '.git/COMMIT_EDITMSG']],
  ['cli.hook-pre-commit', ['hook', 'pre-commit']],
  ['cli.other', ['--version']],
  ['cli.version', ['version']],
  ['cli.lint', ['lint', 'fix: answer /api/health without a session']],
  ['cli.next', ['next']],
];

/** Runs a command; `quiet`: stderr lines (whole lines, exact) that are known noise, dropped; the rest is passed on. */
function run(file, args, { quiet = null, cwd = ROOT, env = process.env } = {}) {
  const r = spawnSync(file, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  const stderr = quiet && r.stderr ? r.stderr.split(/(?<=\n)/).filter((line) => !quiet.test(line.replace(/\r?\n$/, ''))).join('') : r.stderr;
  if (r.error || r.status !== 0) throw new Error(`${file} ${args.join(' ')} failed${r.error ? `: ${r.error.message}` : ''}\n${r.stdout ?? ''}${stderr ?? ''}`);
  return { stdout: r.stdout, stderr };
}

/** `strip` on Linux when there is one (binutils), else null: the executable is then 12 MB larger. */
function stripTool() {
  if (process.platform !== 'linux') return null;
  const r = spawnSync('strip', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? { file: 'strip', version: r.stdout.split('\n')[0] } : null;
}

async function bundleMain(out) {
  const main = path.join(out, 'sea-main.cjs');
  await build({
    entryPoints: [path.join(ROOT, 'src', 'entry', 'sea.ts')],
    outfile: main,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    banner: { js: "'use strict';" },
    logLevel: 'warning',
    legalComments: 'none',
  });
  return main;
}

/** The digest of everything the executable is made of. */
function inputsDigest(main, strip) {
  const h = createHash('sha256');
  const node = statSync(process.execPath);
  h.update(`node ${process.version} ${process.execPath} ${node.size} ${node.mtimeMs}\n`);
  h.update(`postject ${require('postject/package.json').version}\nstrip ${strip ? strip.version : 'none'}\n`);
  h.update('main\n').update(readFileSync(main));
  for (const f of [fileURLToPath(import.meta.url), ...BUNDLES.map((b) => path.join(DIST, 'lib', `${b}.js`))]) h.update(`${rel(f)}\n`).update(readFileSync(f));
  return h.digest('hex');
}

/** A scratch repository for the training runs; returns the environment to run git in it. */
function scratchRepo(dir) {
  const env = { ...process.env, GIT_CONFIG_GLOBAL: path.join(dir, '..', 'gitconfig'), GIT_CONFIG_NOSYSTEM: '1', NO_COLOR: '1' };
  const git = (...args) => run('git', args, { cwd: dir, env });
  mkdirSync(path.join(dir, 'hub'), { recursive: true });
  writeFileSync(env.GIT_CONFIG_GLOBAL, '[user]\n\tname = Build\n\temail = build@example.org\n[init]\n\tdefaultBranch = main\n');
  git('init', '-q');
  writeFileSync(path.join(dir, 'hub', 'version.py'), "__version__ = '0.1.0'\n");
  writeFileSync(path.join(dir, 'manage.py'), '# manage\n');
  git('add', '-A');
  git('commit', '-q', '-m', 'chore: start');
  git('tag', '-a', '-m', 'v0.1.0', 'v0.1.0');
  writeFileSync(path.join(dir, 'manage.py'), '# manage\n# status\n');
  git('commit', '-q', '-am', 'feat(api): report the version');
  writeFileSync(path.join(dir, 'manage.py'), '# manage\n# status\n# health\n');
  git('add', '-A');
  writeFileSync(path.join(dir, '.git', 'COMMIT_EDITMSG'), MSG);
  return env;
}

/**
 * Runs each training command with the npm package's loader (dist/shipver.js), which
 * writes V8's cache for the bundle it ran after the run; returns { 'bundle.topic': file }.
 */
function trainCaches(work) {
  const repo = path.join(work, 'repo');
  const env = scratchRepo(repo);
  const caches = {};
  for (const [key, args] of TRAINING) {
    const dir = path.join(work, `cache-${key}`);
    const r = spawnSync(process.execPath, [path.join(DIST, 'shipver.js'), ...args], {
      cwd: repo,
      env: { ...env, SHIPVER_CACHE_DIR: dir },
      encoding: 'utf8',
    });
    const found = existsSync(dir) ? readdirSync(dir, { recursive: true }).filter((f) => path.basename(f).startsWith(`${key}.`) && f.endsWith('.v8')) : [];
    if (r.status !== 0 || found.length !== 1) {
      process.stderr.write(`build-binary: not training ${key} (shipver ${args.join(' ')}: exit ${r.status}${r.stderr ? `, ${r.stderr.trim().split('\n')[0]}` : ''})\n`);
      continue;
    }
    caches[key] = path.join(dir, found[0]);
  }
  return caches;
}

/** Builds the executable unless it is up to date; returns { file, built, size }. */
export async function buildBinary({ force = false, log = (s) => process.stderr.write(`${s}\n`) } = {}) {
  for (const f of ['shipver.js', ...BUNDLES.map((b) => `lib/${b}.js`)]) {
    if (!existsSync(path.join(DIST, f))) throw new Error(`dist/${f} is missing: run node scripts/build.mjs first (npm run build:binary does both)`);
  }
  mkdirSync(path.join(DIST, 'sea'), { recursive: true });
  const work = mkdtempSync(path.join(DIST, 'sea', `build-${process.pid}-`));
  try {
    const strip = stripTool();
    const main = await bundleMain(work);
    const digest = inputsDigest(main, strip);
    // the digest, and the executable it was written for (a file replaced since is rebuilt)
    const stamp = () => {
      const st = statSync(BINARY);
      return `${digest} ${st.size} ${Math.floor(st.mtimeMs)}`;
    };
    if (!force && existsSync(BINARY) && existsSync(INPUTS) && readFileSync(INPUTS, 'utf8').trim() === stamp()) {
      const size = statSync(BINARY).size;
      log(`${rel(BINARY)} is up to date (${(size / 2 ** 20).toFixed(1)} MB; --force rebuilds it)`);
      return { file: BINARY, built: false, size };
    }

    const assets = {};
    for (const b of BUNDLES) {
      assets[`lib/${b}.js`] = path.join(DIST, 'lib', `${b}.js`);
      // the untrained cache: the bundle compiled, not run (what Node's own useCodeCache gives)
      const untrained = path.join(work, `${b}.v8`);
      writeFileSync(untrained, new vm.Script(readFileSync(assets[`lib/${b}.js`], 'utf8'), { filename: `lib/${b}.js` }).createCachedData());
      assets[`cache/${b}.v8`] = untrained;
    }
    for (const [key, file] of Object.entries(trainCaches(work))) assets[`cache/${key}.v8`] = file;

    const config = path.join(work, 'sea-config.json');
    const blob = path.join(work, 'sea-prep.blob');
    // no useCodeCache: the main script is a few kB, and Node's cache for it warns on stderr
    // ("Code cache data rejected") whenever NODE_OPTIONS changes a V8 flag; the bundles'
    // caches are checked by src/entry/sea.ts, which falls back silently
    writeFileSync(config, JSON.stringify({ main, output: blob, disableExperimentalSEAWarning: true, assets }));
    run(process.execPath, ['--experimental-sea-config', config], { quiet: /^Wrote single executable preparation blob to / });

    const tmp = path.join(work, path.basename(BINARY));
    copyFileSync(process.execPath, tmp);
    chmodSync(tmp, 0o755);
    if (strip) run(strip.file, [tmp]);
    // macOS (untested here, as Node's single-executable guide has it): node's signature
    // goes before the injection, an ad hoc one after; the blob goes in a segment of its own
    const macho = process.platform === 'darwin' ? ['--macho-segment-name', 'NODE_SEA'] : [];
    if (process.platform === 'darwin') run('codesign', ['--remove-signature', tmp]);
    // postject's ELF writer (LIEF) adds a note section for the blob and rewrites the
    // existing notes; it gives the new sections no entry in the section-name table and says
    // so (once on a stripped node, nine times on an unstripped one). Harmless: node finds
    // its blob through the PT_NOTE program header by the note's owner (NODE_SEA_BLOB), never
    // by section name; the sections are merely nameless (readelf -S shows them blank). The
    // executable works (test/binary/standalone.test.ts runs it). Any other message shows.
    const LIEF_NOTE_NAMES = /^warning: Can't find string offset for section name '\.note(\.\d+)?'$/;
    const POSTJECT_PROGRESS = /^(\u001b\[\d+m)?(Start injection of NODE_SEA_BLOB in .*|💉 Injection done!)(\u001b\[0m)?$/;
    const injected = run(process.execPath, [require.resolve('postject/dist/cli.js'), tmp, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', FUSE, ...macho], { quiet: LIEF_NOTE_NAMES });
    process.stderr.write(injected.stdout.split(/(?<=\n)/).filter((line) => !POSTJECT_PROGRESS.test(line.replace(/\r?\n$/, ''))).join(''));
    process.stderr.write(injected.stderr);
    if (process.platform === 'darwin') run('codesign', ['--sign', '-', tmp]);
    renameSync(tmp, BINARY);
    const inputsTmp = path.join(work, 'inputs');
    writeFileSync(inputsTmp, `${stamp()}\n`);
    renameSync(inputsTmp, INPUTS);
    const size = statSync(BINARY).size;
    const trained = Object.keys(assets).filter((k) => /^cache\/.+\..+\.v8$/.test(k)).length;
    log(`built ${rel(BINARY)} (${(size / 2 ** 20).toFixed(1)} MB${strip ? ', node stripped' : ''}; ${trained} trained code caches)`);
    return { file: BINARY, built: true, size };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const unknown = process.argv.slice(2).filter((a) => a !== '--force');
  if (unknown.length) {
    process.stderr.write(`unknown argument ${unknown[0]}\nusage: node scripts/build-binary.mjs [--force]\n`);
    process.exitCode = 2;
  } else {
    try {
      await buildBinary({ force: process.argv.includes('--force') });
    } catch (e) {
      process.stderr.write(`build-binary: ${e.message}\n`);
      process.exitCode = 1;
    }
  }
}
