#!/usr/bin/env node
// shipver against the tools users would pick instead, side by side in one run, on the
// same generated repositories (bench/make-repo.mjs). Medians of repeated runs, peak
// memory (GNU time), ratios to the floor and to the fastest peer. Prints Markdown.
//
//   npm run bench                       # N = 1k, 10k, 100k; every scenario
//   npm run bench -- --sizes 1000 --only hook,next --runs 5
//   npm run bench -- --only standalone  # the executable and the wheel beside the npm install
//   npm run bench -- --write            # also replace the results in docs/performance.md
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync, chmodSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'node_modules', '.bin');
const CLI = path.join(ROOT, 'dist', 'shipver.js');
const WORK = path.join(ROOT, '.bench');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const sizes = opt('sizes', '1000,10000,100000').split(',').map(Number);
const only = new Set(opt('only', 'hook,next,changelog,standalone').split(','));
const baseRuns = Number(opt('runs', '15'));
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

mkdirSync(WORK, { recursive: true });
const gitconfig = path.join(WORK, 'gitconfig');
writeFileSync(gitconfig, '[user]\n\tname = Bench\n\temail = bench@example.org\n[init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n');
const ENV = { ...process.env, GIT_CONFIG_GLOBAL: gitconfig, GIT_CONFIG_NOSYSTEM: '1', NO_COLOR: '1', HUSKY: undefined };

function sh(file, argv, cwd, env = ENV) {
  const r = spawnSync(file, argv, { cwd, env, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.error) throw r.error;
  return r;
}

/** One timed run: wall ms, and peak RSS in MB when GNU time is there. */
function once(cmd, cwd, env) {
  const [file, ...argv] = cmd;
  const t0 = process.hrtime.bigint();
  const r = GNU_TIME ? sh(GNU_TIME, ['-f', '@@%M', file, ...argv], cwd, env) : sh(file, argv, cwd, env);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const m = GNU_TIME ? /@@(\d+)\s*$/.exec(r.stderr) : null;
  return { ms, mb: m ? Number(m[1]) / 1024 : null, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * One timed run through bench/rusage.py: wall ms, CPU ms (user + system, with the
 * processes it waited for) and peak RSS, measured around the command alone (not Python's
 * own start).
 */
function onceWithCpu(cmd, cwd, env) {
  const r = spawnSync('python3', [path.join(ROOT, 'bench', 'rusage.py'), ...cmd], { cwd, env, encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
  if (r.error) throw r.error;
  const [ms, cpu, kb] = (r.output[3] ?? '').trim().split(' ').map(Number);
  return { ms, cpu, mb: kb / 1024, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Measures the rows of one table together, round-robin (row 1, row 2, ..., row 1, ...), so
 * that the drift of a shared machine falls on every row alike and the ratios hold.
 * Each row: one warm-up run, then `baseRuns` timed runs (5 above 2 s, 3 above 10 s), or
 * `fastRuns` for rows under half a second when given (the hook's rows: the machine's noise is
 * a larger share of 40 ms). `cpu`: also CPU time, through bench/rusage.py.
 */
function measureAll(specs, { cpu = false, fastRuns = baseRuns } = {}) {
  const once_ = cpu ? onceWithCpu : once;
  const rows = specs.map(({ label, cmd, cwd, env = ENV }) => {
    const warm = once_(cmd, cwd, env);
    if (warm.status !== 0) return { label: label.name, kind: label.kind, error: `exit ${warm.status}: ${(warm.stderr || warm.stdout).trim().split('\n').slice(-2).join(' ')}` };
    const runs = warm.ms > 10_000 ? 3 : warm.ms > 2_000 ? Math.min(baseRuns, 5) : warm.ms > 500 ? baseRuns : fastRuns;
    return { label: label.name, kind: label.kind, cmd, cwd, env, runs, samples: [], out: warm.stdout.trim().split('\n')[0]?.slice(0, 40) };
  });
  for (let i = 0; i < Math.max(baseRuns, fastRuns); i++) {
    for (const r of rows) if (!r.error && r.samples.length < r.runs) r.samples.push(once_(r.cmd, r.cwd, r.env));
  }
  return rows.map((r) => {
    if (r.error) return r;
    const ms = r.samples.map((s) => s.ms).sort((a, b) => a - b);
    const mbs = r.samples.map((s) => s.mb).filter((x) => x !== null);
    const cpus = cpu ? r.samples.map((s) => s.cpu).sort((a, b) => a - b) : null;
    return { label: r.label, kind: r.kind, median: ms[Math.floor(ms.length / 2)], min: ms[0], max: ms[ms.length - 1], mb: mbs.length ? Math.max(...mbs) : null, cpu: cpus ? cpus[Math.floor(cpus.length / 2)] : null, runs: r.runs, out: r.out };
  });
}
const row = (name, kind, cmd, cwd, env) => ({ label: { name, kind }, cmd, cwd, env });

function repoFor(n) {
  const dir = path.join(WORK, `repo-${n}`);
  const stamp = path.join(dir, '.git', 'bench-stamp');
  const gen = readFileSync(path.join(ROOT, 'bench', 'make-repo.mjs'), 'utf8').length;
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== String(gen)) {
    process.stderr.write(`generating ${n}-commit repository…\n`);
    const r = sh(process.execPath, [path.join(ROOT, 'bench', 'make-repo.mjs'), dir, String(n)], ROOT);
    if (r.status !== 0) throw new Error(r.stderr);
    // as a clone or a gc would leave it: tags packed
    sh('git', ['pack-refs', '--all'], dir);
    writeFileSync(stamp, String(gen));
  }
  return dir;
}

/**
 * A repository with shipver's hooks installed as `shipver init` does, shipver installed in
 * node_modules (its dist/ and package.json linked to this checkout's, and
 * node_modules/.bin/shipver to its dist/shipver.js, as npm links a bin). `hookFile` replaces the
 * .husky/commit-msg that init wrote (another hook line, or `node -e 0` for husky's floor).
 */
function hookRepo(name, hookFile) {
  const dir = path.join(WORK, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 'node_modules', '.bin'), { recursive: true });
  sh('git', ['init', '-q', dir], WORK);
  // husky already a dependency (and installed), so that init installs nothing: npm would prune this linked shipver
  writeFileSync(path.join(dir, 'package.json'), '{ "name": "hook-bench", "version": "1.0.0", "devDependencies": { "husky": "^9.0.0" } }\n');
  symlinkSync(path.join(ROOT, 'node_modules', 'husky'), path.join(dir, 'node_modules', 'husky'));
  mkdirSync(path.join(dir, 'node_modules', 'shipver'));
  for (const f of ['dist', 'package.json']) symlinkSync(path.join(ROOT, f), path.join(dir, 'node_modules', 'shipver', f));
  symlinkSync('../shipver/dist/shipver.js', path.join(dir, 'node_modules', '.bin', 'shipver'));
  const r = sh(process.execPath, [CLI, 'init', '--yes'], dir);
  if (r.status !== 0) throw new Error(r.stderr);
  if (hookFile !== undefined) writeFileSync(path.join(dir, '.husky', 'commit-msg'), hookFile);
  const msg = path.join(dir, 'MSG');
  writeFileSync(msg, 'feat(api): add the version to the status endpoint\n\nSo ops can tell what runs where.\n');
  return { dir, msg, hook: path.join(dir, '.husky', '_', 'commit-msg') };
}

/** cocogitto's `cog`, when one is on PATH: neither the npm registry nor Debian has it (docs/performance.md). */
function cog() {
  const r = spawnSync('cog', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

function ratio(a, b) {
  return b ? `${(a / b).toFixed(2)}×` : '–';
}

function table(title, rows) {
  const floor = rows.find((r) => r.kind === 'floor');
  const peers = rows.filter((r) => r.kind === 'peer' && r.median);
  const fastestPeer = peers.length ? peers.reduce((a, b) => (a.median <= b.median ? a : b)) : null;
  const lines = [`#### ${title}`, '', '| tool | median ms | min–max ms | peak MB | × floor | × fastest peer | output |', '|---|---:|---:|---:|---:|---:|---|'];
  for (const r of rows) {
    if (r.error) {
      lines.push(`| ${r.label} | failed | | | | | ${r.error.replace(/\|/g, '/')} |`);
      continue;
    }
    lines.push(
      `| ${r.kind === 'shipver' ? `**${r.label}**` : r.label} | ${r.median.toFixed(0)} | ${r.min.toFixed(0)}–${r.max.toFixed(0)} | ${r.mb !== null ? r.mb.toFixed(0) : 'n/a'} | ${floor ? ratio(r.median, floor.median) : '–'} | ${fastestPeer && r.kind !== 'floor' ? ratio(r.median, fastestPeer.median) : '–'} | \`${(r.out ?? '').replace(/\|/g, '/')}\` |`,
    );
  }
  return lines.join('\n') + '\n';
}

/** A start-up table: wall and CPU medians, each against the floor and against the npm install (the row of kind 'npm'). */
function startupTable(title, rows) {
  const floor = rows.find((r) => r.kind === 'floor' && r.median);
  const npm = rows.find((r) => r.kind === 'npm' && r.median);
  const lines = [
    `#### ${title}`,
    '',
    '| how shipver is installed | median ms | min–max ms | median CPU ms | peak MB | × floor (CPU) | × npm install (wall) | × npm install (CPU) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    if (r.error) {
      lines.push(`| ${r.label} | failed | | | | | | ${r.error.replace(/\|/g, '/')} |`);
      continue;
    }
    const mine = r.kind === 'standalone';
    lines.push(
      `| ${mine ? `**${r.label}**` : r.label} | ${r.median.toFixed(0)} | ${r.min.toFixed(0)}–${r.max.toFixed(0)} | ${r.cpu.toFixed(0)} | ${r.mb.toFixed(0)} | ${floor ? ratio(r.cpu, floor.cpu) : '–'} | ${npm && r.kind !== 'floor' ? ratio(r.median, npm.median) : '–'} | ${npm && r.kind !== 'floor' ? ratio(r.cpu, npm.cpu) : '–'} |`,
    );
  }
  return lines.join('\n') + '\n';
}

const MB = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
const sizeOf = (p) => (statSync(p).isDirectory() ? readdirSync(p).reduce((n, f) => n + sizeOf(path.join(p, f)), 0) : statSync(p).size);

/**
 * The standalone executable and the wheel beside the npm install: their sizes, and the
 * start-up of `shipver --version` and of the commit-msg hook, run round-robin in one run.
 * Builds the executable and the wheel when they are not up to date (scripts/build-wheel.mjs)
 * and installs the wheel into a virtualenv of its own in .bench/ (no index).
 */
async function standaloneSection() {
  const { buildWheel } = await import('../scripts/build-wheel.mjs');
  const { file: wheel } = await buildWheel({ log: (s) => process.stderr.write(`${s}\n`) });
  const exe = path.join(ROOT, 'dist', `shipver-${process.platform}-${process.arch}`);
  const venv = path.join(WORK, 'wheel-venv');
  const stamp = path.join(venv, 'bench-stamp');
  const digest = createHash('sha256').update(readFileSync(wheel)).digest('hex');
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== digest) {
    rmSync(venv, { recursive: true, force: true });
    for (const argv of [['python3', '-m', 'venv', venv], [path.join(venv, 'bin', 'python'), '-m', 'pip', 'install', '-q', '--no-index', wheel]]) {
      const r = sh(argv[0], argv.slice(1), ROOT);
      if (r.status !== 0) throw new Error(`${argv.join(' ')}: ${r.stderr}`);
    }
    writeFileSync(stamp, digest);
  }
  const consoleScript = path.join(venv, 'bin', 'shipver');
  const installedExe = sh(path.join(venv, 'bin', 'python'), ['-c', 'import shipver.__main__ as m; print(m.executable())'], ROOT).stdout.trim();

  // a Django-style repository whose hooks find the executable on PATH as `shipver` (what
  // init installs there), and the npm install's repository of the hook table above
  // (outside this repository: its package.json says "type": "module", which would make the
  // repository's commitlint.config.js an ES module, as no Django repository has it)
  const dir = path.join(os.tmpdir(), 'shipver-bench-hook-repo-standalone');
  const onPath = path.join(WORK, 'standalone-bin');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  rmSync(onPath, { recursive: true, force: true });
  mkdirSync(onPath, { recursive: true });
  symlinkSync(exe, path.join(onPath, 'shipver'));
  const exeEnv = { ...ENV, PATH: `${onPath}${path.delimiter}${ENV.PATH}` };
  sh('git', ['init', '-q', dir], WORK);
  writeFileSync(path.join(dir, 'manage.py'), 'print("hub")\n');
  mkdirSync(path.join(dir, 'hub'));
  writeFileSync(path.join(dir, 'hub', 'version.py'), "__version__ = '1.0.0'\n");
  const init = sh(exe, ['init', '--yes'], dir, exeEnv);
  if (init.status !== 0) throw new Error(init.stderr);
  const msg = path.join(dir, 'MSG');
  writeFileSync(msg, 'feat(api): add the version to the status endpoint\n\nSo ops can tell what runs where.\n');
  const npmRepo = hookRepo();

  const npmFiles = ['shipver.js', 'package.json', 'lib'].map((f) => path.join(ROOT, 'dist', f));
  const sizes = [
    '| what | size |',
    '|---|---:|',
    `| **the standalone executable** (\`dist/shipver-${process.platform}-${process.arch}\`: node, stripped, with the bundles and their code caches) | ${MB(statSync(exe).size)} |`,
    `| **the wheel** (\`${path.basename(wheel)}\`, the download: the executable deflated) | ${MB(statSync(wheel).size)} |`,
    `| **the wheel, installed** (\`site-packages/shipver\`) | ${MB(sizeOf(path.dirname(path.dirname(installedExe))))} |`,
    `| the npm install's own files (\`dist/shipver.js\`, \`dist/lib/\`) | ${MB(npmFiles.reduce((n, f) => n + sizeOf(f), 0))} |`,
    `| … plus the Node.js it needs (\`${process.execPath}\`, ${process.version}) | ${MB(statSync(process.execPath).size)} |`,
  ].join('\n');

  const floor = row('node -e 0', 'floor', [process.execPath, '-e', '0'], dir);
  const version = measureAll(
    [
      row('standalone executable: `shipver --version`', 'standalone', [exe, '--version'], dir),
      row("the wheel (pip, pipx): its `shipver` command (Python, then the executable)", 'standalone', [consoleScript, '--version'], dir),
      row('npm install: `node dist/shipver.js --version`', 'npm', [process.execPath, CLI, '--version'], dir),
      floor,
    ],
    { cpu: true },
  );
  const hook = measureAll(
    [
      row('standalone executable: `shipver hook commit-msg FILE`', 'standalone', [exe, 'hook', 'commit-msg', msg], dir),
      row('the wheel: its `shipver` command', 'standalone', [consoleScript, 'hook', 'commit-msg', msg], dir),
      row('npm install: `node dist/shipver.js hook commit-msg FILE`', 'npm', [process.execPath, CLI, 'hook', 'commit-msg', msg], dir),
      floor,
    ],
    { cpu: true },
  );
  const installed = measureAll(
    [
      row('standalone executable on PATH as `shipver`, in a Django repository', 'standalone', [path.join(dir, '.husky', '_', 'commit-msg'), msg], dir, exeEnv),
      row('npm install (node_modules/.bin/shipver), in a Node repository', 'npm', [path.join(npmRepo.dir, '.husky', '_', 'commit-msg'), npmRepo.msg], npmRepo.dir),
      floor,
    ],
    { cpu: true },
  );
  return [
    '#### Size',
    '',
    sizes,
    '',
    startupTable('`shipver --version`', version),
    startupTable('`shipver hook commit-msg FILE` (one message)', hook),
    startupTable('the commit-msg hook `shipver init` installs (`.husky/_/commit-msg FILE`: sh, husky\'s runner, then shipver)', installed),
  ].join('\n');
}

const sections = [];
const standaloneSections = [];
const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}, Node ${process.version}, ${sh('git', ['--version'], ROOT).stdout.trim()}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} at start`;
const version = (pkg) => JSON.parse(readFileSync(path.join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')).version;
const versions = `shipver ${JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version}, @commitlint/cli ${version('@commitlint/cli')}, conventional-recommended-bump ${version('conventional-recommended-bump')}, commit-and-tag-version ${version('commit-and-tag-version')}, conventional-changelog-cli ${version('conventional-changelog-cli')}, git-cliff ${version('git-cliff')}`;

if (only.has('hook')) {
  // Every node start here would also parse the CA bundle NODE_EXTRA_CA_CERTS names (this
  // machine sets it: ~50 ms a start, more than a bare node's start), which hides what the
  // hook itself costs; most developers' machines do not set it. The hook rows run without it;
  // two rows at the end show the hook and the floor with it, as earlier tables measured.
  const CLEAN = { ...ENV, NODE_EXTRA_CA_CERTS: undefined };
  const installed = hookRepo('hook-repo');
  // the block shipver init 0.1 wrote
  const oldLine = hookRepo('hook-repo-0.1', ['# shipver: reject commit messages that are not conventional (installed by shipver init)', 'if ! command -v shipver >/dev/null 2>&1; then', '  echo "shipver: not found" >&2', '  exit 1', 'fi', 'shipver hook commit-msg "$1"', ''].join('\n'));
  const huskyFloor = hookRepo('hook-repo-floor', 'node -e 0\n');
  const { msg } = installed;
  const HOOK_PROGRAM = path.join(ROOT, 'dist', 'commit-msg-hook.js');
  // what the chain would cost without husky's runner: one sh script that execs the hook program
  const plainHook = path.join(installed.dir, '.plain-hooks', 'commit-msg');
  mkdirSync(path.dirname(plainHook), { recursive: true });
  writeFileSync(plainHook, '#!/bin/sh\nexec node node_modules/shipver/dist/commit-msg-hook.js "$1"\n', { mode: 0o755 });
  const cogVersion = cog();
  const rows = measureAll([
    row('shipver: installed hook, as git runs it (.husky/_/commit-msg → .husky/commit-msg → node …/commit-msg-hook.js)', 'shipver', [installed.hook, msg], installed.dir, CLEAN),
    row('shipver: installed hook with the line of shipver 0.1 (… → shipver hook commit-msg, through the npm bin link)', 'shipver', [oldLine.hook, msg], oldLine.dir, CLEAN),
    row('shipver: without husky\'s runner (a sh hook that execs node …/commit-msg-hook.js)', 'shipver', [plainHook, msg], installed.dir, CLEAN),
    row('shipver: the hook program alone (node dist/commit-msg-hook.js FILE)', 'shipver', [process.execPath, HOOK_PROGRAM, msg], installed.dir, CLEAN),
    row('shipver hook commit-msg FILE (through dist/shipver.js)', 'shipver', [process.execPath, CLI, 'hook', 'commit-msg', msg], installed.dir, CLEAN),
    // the config commitlint reads below: shipver's own commitlint.config.js, which extends the installed config-conventional
    row("the hook program with a repository's own commitlint.config.js (this repository's)", 'shipver', [process.execPath, HOOK_PROGRAM, msg], ROOT, CLEAN),
    row('npx commitlint --edit FILE (config-conventional)', 'peer', ['npx', '--no-install', 'commitlint', '--edit', msg], ROOT, CLEAN),
    ...(cogVersion ? [row(`cog verify --file FILE (${cogVersion})`, 'peer', ['cog', 'verify', '--file', msg], installed.dir, CLEAN)] : []),
    row("husky's floor: .husky/_/commit-msg → .husky/commit-msg → node -e 0", 'ref', [huskyFloor.hook, msg], huskyFloor.dir, CLEAN),
    row('node -e 0', 'floor', [process.execPath, '-e', '0'], installed.dir, CLEAN),
    ...(ENV.NODE_EXTRA_CA_CERTS
      ? [
          row('with NODE_EXTRA_CA_CERTS (as set here): installed hook', 'ref', [installed.hook, msg], installed.dir),
          row('with NODE_EXTRA_CA_CERTS (as set here): node -e 0', 'ref', [process.execPath, '-e', '0'], installed.dir),
        ]
      : []),
  ], { fastRuns: baseRuns * 3 });
  const by = (prefix) => rows.find((r) => r.label.startsWith(prefix) && r.median);
  const [hook, floor, husky, plain, hookCa, floorCa] = [by('shipver: installed hook, as git'), by('node -e 0'), by("husky's floor"), by("shipver: without husky's runner"), by('with NODE_EXTRA_CA_CERTS (as set here): installed'), by('with NODE_EXTRA_CA_CERTS (as set here): node')];
  const target = hook && floor
    ? `\nInstalled hook: ${(hook.median / floor.median).toFixed(2)} × \`node -e 0\` (the target is ≤ 1.20 ×)${husky ? `; husky's runner with \`node -e 0\` as the hook is ${(husky.median / floor.median).toFixed(2)} ×, the hook ${(hook.median / husky.median).toFixed(2)} × that` : ''}${plain ? `; without husky's runner ${(plain.median / floor.median).toFixed(2)} ×` : ''}${hookCa && floorCa ? `; with NODE_EXTRA_CA_CERTS set, ${(hookCa.median / floorCa.median).toFixed(2)} ×` : ''}.\n`
    : '';
  sections.push(table('commit-msg hook (one message; independent of history size; without NODE_EXTRA_CA_CERTS but the last rows)', rows) + target);
}

for (const n of sizes) {
  if (!only.has('next') && !only.has('changelog')) break;
  const repo = repoFor(n);
  const lastTag = sh('git', ['describe', '--tags', '--abbrev=0'], repo).stdout.trim();
  if (only.has('next')) {
    // commit-and-tag-version --dry-run still reads and renders; it must not write, so run it in a scratch clone.
    const scratch = path.join(WORK, `scratch-${n}`);
    rmSync(scratch, { recursive: true, force: true });
    sh('git', ['clone', '-q', '--no-local', repo, scratch], WORK);
    const rows = measureAll([
      row('shipver next --json', 'shipver', [process.execPath, CLI, 'next', '--json'], repo),
      row('conventional-recommended-bump -p conventionalcommits', 'peer', [path.join(BIN, 'conventional-recommended-bump'), '-p', 'conventionalcommits'], repo),
      row('commit-and-tag-version --dry-run', 'peer', [path.join(BIN, 'commit-and-tag-version'), '--dry-run'], scratch),
      row('git-cliff --unreleased --bumped-version', 'peer', [path.join(BIN, 'git-cliff'), '--unreleased', '--bumped-version'], repo),
      row(`git log of the range (${lastTag}..HEAD)`, 'floor', ['git', 'log', '--format=%H%x00%B', `${lastTag}..HEAD`], repo),
      row('node -e 0 (start-up; the target is 1.5 × (this + the git log))', 'ref', [process.execPath, '-e', '0'], repo),
    ]);
    const by = (kind) => rows.find((r) => r.kind === kind && r.median);
    const [ship, floor, node] = [by('shipver'), by('floor'), by('ref')];
    const target = ship && floor && node ? `\nshipver next: ${(ship.median / (node.median + floor.median)).toFixed(2)} × (node start-up + git log of the range); the target is ≤ 1.50 ×.\n` : '';
    sections.push(table(`next version, ${n.toLocaleString('en')} commits`, rows) + target);
  }
  if (only.has('changelog')) {
    const rows = measureAll([
      row('shipver changelog --from-start --stdout', 'shipver', [process.execPath, CLI, 'changelog', '--from-start', '--stdout'], repo),
      row('conventional-changelog -p conventionalcommits -r 0', 'peer', [path.join(BIN, 'conventional-changelog'), '-p', 'conventionalcommits', '-r', '0'], repo),
      row('git-cliff', 'peer', [path.join(BIN, 'git-cliff')], repo),
      row('git log of the whole history', 'floor', ['git', 'log', '--format=%H%x00%B'], repo),
    ]);
    sections.push(table(`full changelog, ${n.toLocaleString('en')} commits`, rows));
  }
}

if (only.has('standalone')) {
  try {
    standaloneSections.push(await standaloneSection());
  } catch (e) {
    // (no Python build tools here, say): the other sections stand; this one is not written
    process.stderr.write(`bench: the standalone section did not run: ${e.message}\n`);
    process.exitCode = 1;
  }
}

// each kind of section has its own place in docs/performance.md, so one can be rerun alone
const reports = [];
if (sections.length) reports.push({ marker: 'bench', text: `### Results\n\n${machine}\n\n${versions}\n\n${sections.join('\n')}` });
if (standaloneSections.length) {
  const note = `Medians of ${baseRuns} runs per row, rows measured round-robin; CPU time (user + system, git and the other processes a run waits for included) through bench/rusage.py.`;
  reports.push({ marker: 'bench:standalone', text: `### Results: the standalone executable and the wheel\n\n${machine}\n\nshipver ${JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version}. ${note}\n\n${standaloneSections.join('\n')}` });
}
process.stdout.write(reports.map((r) => r.text).join('\n'));
if (args.includes('--write')) {
  const doc = path.join(ROOT, 'docs', 'performance.md');
  let text = existsSync(doc) ? readFileSync(doc, 'utf8') : '# Performance\n\n<!-- bench:start -->\n<!-- bench:end -->\n';
  for (const { marker, text: report } of reports) {
    const start = text.indexOf(`<!-- ${marker}:start -->`);
    const end = text.indexOf(`<!-- ${marker}:end -->`);
    if (start < 0 || end < 0) throw new Error(`docs/performance.md has no <!-- ${marker}:start --> / <!-- ${marker}:end --> markers`);
    text = `${text.slice(0, start)}<!-- ${marker}:start -->\n${report}\n${text.slice(end)}`;
  }
  writeFileSync(doc, text);
  process.stderr.write(`wrote ${doc}\n`);
}
chmodSync(path.join(ROOT, 'bench', 'run.mjs'), 0o755);
