#!/usr/bin/env node
// shipver against the tools users would pick instead, side by side in one run, on the
// same generated repositories (bench/make-repo.mjs). Medians of repeated runs, peak
// memory (GNU time), ratios to the floor and to the fastest peer. Prints Markdown.
//
//   npm run bench                       # N = 1k, 10k, 100k; every scenario
//   npm run bench -- --sizes 1000 --only hook,next --runs 5
//   npm run bench -- --write            # also replace the results in docs/performance.md
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync, chmodSync, rmSync } from 'node:fs';
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
const only = new Set(opt('only', 'hook,next,changelog').split(','));
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
 * Measures the rows of one table together, round-robin (row 1, row 2, ..., row 1, ...), so
 * that the drift of a shared machine falls on every row alike and the ratios hold.
 * Each row: one warm-up run, then `baseRuns` timed runs (5 above 2 s, 3 above 10 s), or
 * `fastRuns` for rows under half a second when given (the hook's rows: the machine's noise is
 * a larger share of 40 ms).
 */
function measureAll(specs, { fastRuns = baseRuns } = {}) {
  const rows = specs.map(({ label, cmd, cwd, env = ENV }) => {
    const warm = once(cmd, cwd, env);
    if (warm.status !== 0) return { label: label.name, kind: label.kind, error: `exit ${warm.status}: ${(warm.stderr || warm.stdout).trim().split('\n').slice(-2).join(' ')}` };
    const runs = warm.ms > 10_000 ? 3 : warm.ms > 2_000 ? Math.min(baseRuns, 5) : warm.ms > 500 ? baseRuns : fastRuns;
    return { label: label.name, kind: label.kind, cmd, cwd, env, runs, samples: [], out: warm.stdout.trim().split('\n')[0]?.slice(0, 40) };
  });
  for (let i = 0; i < Math.max(baseRuns, fastRuns); i++) {
    for (const r of rows) if (!r.error && r.samples.length < r.runs) r.samples.push(once(r.cmd, r.cwd, r.env));
  }
  return rows.map((r) => {
    if (r.error) return r;
    const ms = r.samples.map((s) => s.ms).sort((a, b) => a - b);
    const mbs = r.samples.map((s) => s.mb).filter((x) => x !== null);
    return { label: r.label, kind: r.kind, median: ms[Math.floor(ms.length / 2)], min: ms[0], max: ms[ms.length - 1], mb: mbs.length ? Math.max(...mbs) : null, runs: r.runs, out: r.out };
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
  writeFileSync(path.join(dir, 'package.json'), '{ "name": "hook-bench", "version": "1.0.0" }\n');
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

const sections = [];
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
  const cogVersion = cog();
  const rows = measureAll([
    row('shipver: installed hook, as git runs it (.husky/_/commit-msg → .husky/commit-msg → node …/commit-msg-hook.js)', 'shipver', [installed.hook, msg], installed.dir, CLEAN),
    row('shipver: installed hook with the line of shipver 0.1 (… → shipver hook commit-msg, through the npm bin link)', 'shipver', [oldLine.hook, msg], oldLine.dir, CLEAN),
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
  const [hook, floor, husky, hookCa, floorCa] = [by('shipver: installed hook, as git'), by('node -e 0'), by("husky's floor"), by('with NODE_EXTRA_CA_CERTS (as set here): installed'), by('with NODE_EXTRA_CA_CERTS (as set here): node')];
  const target = hook && floor
    ? `\nInstalled hook: ${(hook.median / floor.median).toFixed(2)} × \`node -e 0\` (the target is ≤ 1.20 ×)${husky ? `; husky's runner with \`node -e 0\` as the hook is ${(husky.median / floor.median).toFixed(2)} ×, the hook ${(hook.median / husky.median).toFixed(2)} × that` : ''}${hookCa && floorCa ? `; with NODE_EXTRA_CA_CERTS set, ${(hookCa.median / floorCa.median).toFixed(2)} ×` : ''}.\n`
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

const report = `### Results\n\n${machine}\n\n${versions}\n\n${sections.join('\n')}`;
process.stdout.write(report);
if (args.includes('--write')) {
  const doc = path.join(ROOT, 'docs', 'performance.md');
  const text = existsSync(doc) ? readFileSync(doc, 'utf8') : '# Performance\n\n<!-- bench:start -->\n<!-- bench:end -->\n';
  const start = text.indexOf('<!-- bench:start -->');
  const end = text.indexOf('<!-- bench:end -->');
  if (start < 0 || end < 0) throw new Error('docs/performance.md has no <!-- bench:start --> / <!-- bench:end --> markers');
  writeFileSync(doc, `${text.slice(0, start)}<!-- bench:start -->\n${report}\n${text.slice(end)}`);
  process.stderr.write(`wrote ${doc}\n`);
}
chmodSync(path.join(ROOT, 'bench', 'run.mjs'), 0o755);
