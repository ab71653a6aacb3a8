#!/usr/bin/env node
// npm run demo: the whole job end to end, from nothing, in a temp dir.
//
// A Django hub and an Express cloud (examples/hub, examples/cloud) get the same release
// commands; their pushed tags trigger the ops Makefile (examples/ops), which checks out the
// tag, builds and pushes an image to a docker-registry on loopback (skipped when the image
// exists), renders the Kubernetes YAML, and restarts the app on a loopback port; then
// `shipver envs` reads the running versions from the apps' real status endpoints, and
// `shipver dashboard` writes both apps' page (dashboard.html in the temp dir).
//
//   node examples/demo.mjs [--keep] [--json-summary] [--no-images]
//     --keep          leave the temp dir (repos, logs, rendered YAML) in place
//     --json-summary  print a JSON summary on stdout (the narration goes to stderr)
//     --no-images     skip the image build (no buildah, no docker-registry needed)
//     --build         build dist/ first (node scripts/build.mjs), as `npm run demo` does
//   SHIPVER_DEMO_PYTHON=PATH  the Python that runs the Django hub (default /usr/bin/python3)
//   DEMO_TIMINGS=1    show the time since the start on each step
//
// It starts with the preflight (scripts/preflight.mjs), before the build: what the demo
// needs is there or installed now, or it stops (exit 2) with the command to run.
//
// The test (test/examples/demo.test.ts) imports runScenario() and drives the same steps.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { hubPython, preflight, which } from '../scripts/preflight.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CLI = path.join(ROOT, 'dist', 'shipver.js');
const EXAMPLES = path.join(ROOT, 'examples');
export const APPS = ['hub', 'cloud'];
const DEFAULT_PORTS = { hub: { test: 8001, prod: 8002 }, cloud: { test: 3001, prod: 3002 } };
const STATUS_PATH = { hub: '/api/status', cloud: '/status' };
const FIRST = '0.1.0';
const RELEASED = '0.2.0';
const DEMO_DATE = '2026-01-15';
const DEPLOY_TIMEOUT_MS = 45_000;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export { which };

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const HAS_PROC = existsSync('/proc/self/stat');

/** Running (a zombie, killed but not yet reaped by its new parent, counts as gone). */
function alive(pid) {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return e.code === 'EPERM';
  }
  if (!HAS_PROC) return true;
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0] !== 'Z';
  } catch {
    return false; // gone meanwhile
  }
}

/**
 * Is pid (still) the process we mean? On Linux: its command line contains `cmd`, or its
 * working directory is under `cwdUnder`. A PID from a stale file may belong to someone else
 * by now; without /proc there is no telling, so yes.
 */
function isOurs(pid, { cmd, cwdUnder }) {
  if (!HAS_PROC) return true;
  try {
    if (cmd && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(cmd)) return true;
    if (cwdUnder && readlinkSync(`/proc/${pid}/cwd`).startsWith(cwdUnder + path.sep)) return true;
  } catch {
    /* gone, or not ours to read */
  }
  return false;
}

/** SIGTERM (a process group when group is set), SIGKILL after graceMs. */
async function stopPid(pid, { group = false, graceMs = 3000 } = {}) {
  if (!Number.isInteger(pid) || pid <= 1 || !alive(pid)) return;
  let target = group ? -pid : pid;
  try {
    process.kill(target, 'SIGTERM');
  } catch {
    // not a group leader: the process alone
    target = pid;
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      return;
    }
  }
  const deadline = Date.now() + graceMs;
  while (alive(pid) && Date.now() < deadline) await sleep(50);
  if (alive(pid)) {
    try {
      process.kill(target, 'SIGKILL');
    } catch {
      /* gone */
    }
    for (let i = 0; i < 40 && alive(pid); i++) await sleep(50);
  }
}

// ---------------------------------------------------------------------------------------
// Narration: one line per step, colour on a terminal, plain when piped.

function narrator(stream, color) {
  const paint = (code) => (s) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const c = { bold: paint(1), dim: paint(2), red: paint(31), green: paint(32), yellow: paint(33), cyan: paint(36), magenta: paint(35) };
  let n = 0;
  const t0 = Date.now();
  let muted = false;
  const out = (s) => {
    if (!muted) stream.write(s);
  };
  return {
    mute: () => (muted = true),
    c,
    color,
    tty: Boolean(stream.isTTY),
    step: (text) => out(`${c.bold(c.cyan(`${String(++n).padStart(2)}.`))} ${text}${process.env.DEMO_TIMINGS ? c.dim(` [${((Date.now() - t0) / 1000).toFixed(1)} s]`) : ''}\n`),
    detail: (text) => {
      for (const line of String(text).replace(/\s+$/, '').split('\n')) out(`    ${line}\n`);
    },
    note: (text) => out(`    ${c.dim(text)}\n`),
    ok: (text) => out(`    ${c.green('✔')} ${text}\n`),
    warn: (text) => out(`    ${c.yellow('!')} ${text}\n`),
    fail: (text) => out(`${c.red('✖')} ${text}\n`),
    raw: out,
  };
}

// ---------------------------------------------------------------------------------------

/**
 * Runs the demo scenario. Returns { summary, stop }: stop() ends every process the scenario
 * started (registry, apps, deploy runners) and removes the temp dir unless `keep`.
 * With `leaveRunning: false` (the default) stop() has already run when this resolves.
 * On any failure everything is stopped and the error is thrown.
 */
export async function runScenario(opts = {}) {
  const started = Date.now();
  const keep = Boolean(opts.keep);
  const say = opts.narrator ?? narrator(opts.stream ?? process.stdout, opts.color ?? false);
  const { c } = say;

  if (!existsSync(CLI)) throw new Error(`${path.relative(process.cwd(), CLI)} is missing: build first (node scripts/build.mjs, or npm run demo)`);

  const dir = mkdtempSync(path.join(os.tmpdir(), 'shipver-demo-'));
  const registryPid = { value: null };
  const progress = { deploysPending: false };
  /** the commands running now (each leads its own process group: it and its children) */
  const live = new Set();
  let stopped = false;
  const p = (...xs) => path.join(dir, ...xs);
  const opsDir = p('ops');
  const state = p('ops', 'state');

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    // 0. commands the scenario is running (a foreground `shipver deploy` and its make)
    await Promise.all([...live].map((pid) => stopPid(pid, { group: true })));
    // 1. deploy runners still at work (their lock files name them; each leads its own
    //    process group, which holds make and its children)
    const stopRunners = async () => {
      for (const app of APPS) {
        const locks = p(app, '.git', 'shipver', 'locks');
        if (!existsSync(locks)) continue;
        for (const f of readdirSync(locks)) {
          const pid = Number(readFileSync(path.join(locks, f), 'utf8'));
          if (isOurs(pid, { cmd: CLI })) await stopPid(pid, { group: true });
        }
      }
    };
    await stopRunners();
    // 2. the apps, by the PID files the ops Makefile keeps
    const stopApps = async () => {
      if (!existsSync(state)) return;
      const pidfiles = readdirSync(state)
        .map((d) => path.join(state, d, 'app.pid'))
        .filter((f) => existsSync(f));
      const pids = pidfiles.map((f) => Number(readFileSync(f, 'utf8'))).filter((pid) => isOurs(pid, { cwdUnder: state }));
      await Promise.all(pids.map((pid) => stopPid(pid)));
    };
    await stopApps();
    // a deploy runner the hook had just started may not have taken its lock yet: once more
    if (progress.deploysPending) {
      await sleep(700);
      await stopRunners();
      await stopApps();
    }
    // 3. the registry
    if (registryPid.value) await stopPid(registryPid.value);
    if (!keep) rmSync(dir, { recursive: true, force: true });
  };

  opts.registerStop?.(stop);
  try {
    const summary = await scenario({ dir, p, opsDir, state, say, c, registryPid, started, progress, opts, live });
    summary.keep = keep;
    if (!opts.leaveRunning) await stop();
    return { summary, stop };
  } catch (e) {
    await stop();
    if (e instanceof Error) e.message = keep ? `${e.message}\n(kept: ${dir})` : forgetTempDir(e.message, dir);
    throw e;
  }
}

/**
 * An error message once the temp dir is gone: the lines that only point at a file in it
 * (`→ log: …`) go, and the other mentions of it read `<temp dir>` (no path is printed for
 * a file that no longer exists; the failing command's output is in the message itself).
 */
export function forgetTempDir(message, dir) {
  return message
    .split('\n')
    .filter((l) => !(/^\W*logs?:\s/.test(l.trim()) && l.includes(dir)))
    .map((l) => l.replaceAll(dir, '<temp dir>'))
    .join('\n');
}

async function scenario({ dir, p, opsDir, state, say, c, registryPid, started, progress, opts, live }) {
  // ---- the machine: git identity, shipver on PATH -------------------------------------
  const home = p('home');
  const bin = p('bin');
  mkdirSync(home);
  mkdirSync(bin);
  const gitconfig = path.join(home, '.gitconfig');
  writeFileSync(
    gitconfig,
    [
      '[user]',
      '\tname = Demo Developer',
      '\temail = demo@example.org',
      '[init]',
      '\tdefaultBranch = main',
      '[advice]',
      '\tdetachedHead = false',
      '[commit]',
      '\tgpgsign = false',
      '[tag]',
      '\tgpgsign = false',
      '[gc]',
      '\tauto = 0',
      '',
    ].join('\n'),
  );
  writeFileSync(path.join(bin, 'shipver'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
  chmodSync(path.join(bin, 'shipver'), 0o755);
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(GIT_|SHIPVER_|npm_)/.test(k) && !['HUSKY', 'NO_COLOR', 'FORCE_COLOR', 'NODE_OPTIONS'].includes(k)) env[k] = v;
  }
  Object.assign(env, {
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    GIT_CONFIG_GLOBAL: gitconfig,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    SHIPVER_DATE: DEMO_DATE,
    PATH: `${bin}${path.delimiter}${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`,
    ...(say.color ? { FORCE_COLOR: '1' } : { NO_COLOR: '1' }),
  });

  /** Runs a command; throws (with its output) on a non-zero exit unless allowFail. */
  const run = (file, args, { cwd = dir, allowFail = false, extraEnv = {} } = {}) =>
    new Promise((resolve, reject) => {
      // detached: its own process group, so stop() can end it with everything it started
      const child = spawn(file, args, { cwd, env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      if (child.pid) live.add(child.pid);
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('error', reject);
      child.on('close', (code, signal) => {
        live.delete(child.pid);
        const r = { code: code ?? 128, stdout, stderr, signal };
        if (r.code !== 0 && !allowFail) {
          const shown = file === process.execPath ? `shipver ${args.slice(1).join(' ')}` : `${path.basename(file)} ${args.join(' ')}`;
          reject(new Error(`\`${shown}\` failed (exit ${r.code}) in ${cwd}\n${(stderr + stdout).trim().split('\n').slice(-25).join('\n')}`));
        } else resolve(r);
      });
    });
  const git = (cwd, ...args) => run('git', args, { cwd });
  const shipver = (cwd, args, o = {}) => run(process.execPath, [CLI, ...args], { cwd, ...o });
  const both = (fn) => Promise.all(APPS.map(fn));
  const strip = (s) => s.replace(/\x1b\[[0-9;]*m/g, '');

  // the Python that runs the hub: SHIPVER_DEMO_PYTHON, else /usr/bin/python3 (as the preflight checked)
  const python = opts.python ?? hubPython().path;
  const summary = { dir, python, images: false, registry: null, apps: {}, ops: { dir: opsDir, state, rendered: [] }, processes: [] };
  // the variables the demo set, to run more commands in its repositories
  summary.shellEnv = Object.fromEntries(
    ['HOME', 'XDG_CONFIG_HOME', 'GIT_CONFIG_GLOBAL', 'GIT_CONFIG_NOSYSTEM', 'GIT_TERMINAL_PROMPT', 'SHIPVER_DATE', 'PATH', 'NO_COLOR', 'FORCE_COLOR'].filter((k) => env[k] !== undefined).map((k) => [k, env[k]]),
  );

  // ---- 1. a registry on loopback --------------------------------------------------------
  let registry = null;
  if (opts.noImages) {
    say.step('image step skipped (--no-images)');
  } else {
    // Fedora's docker-distribution calls it `registry`
    const registryBin = which('docker-registry', env.PATH) ?? which('registry', env.PATH);
    const missing = [!registryBin && 'docker-registry', !which('buildah', env.PATH) && 'buildah'].filter(Boolean);
    if (missing.length) throw new Error(`${missing.join(' and ')} not installed: \`node scripts/preflight.mjs demo\` (the first step of npm run demo) installs or names what the demo needs; --no-images runs it without the image step`);
    registry = await startRegistry(registryBin, p('registry'), registryPid);
    summary.registry = registry;
    summary.images = true;
    say.step(`docker-registry on ${c.bold(registry)} ${c.dim(`(pid ${registryPid.value}; images are built with buildah and pushed here)`)}`);
  }

  // ---- 2. the repositories --------------------------------------------------------------
  const ports = {};
  const taken = new Set();
  for (const app of APPS) {
    ports[app] = {};
    for (const e of ['test', 'prod']) {
      let port;
      do port = await freePort();
      while (taken.has(port));
      taken.add(port);
      ports[app][e] = port;
    }
  }
  const copyExample = (name, to) =>
    cpSync(path.join(EXAMPLES, name), to, {
      recursive: true,
      filter: (src) => !/(^|[/\\])(node_modules|__pycache__|rendered|state|ops\.env)$|\.pyc$/.test(src),
    });
  for (const app of APPS) {
    const repo = p(app);
    copyExample(app, repo);
    // this run's free ports in place of the example's fixed ones
    let yaml = readFileSync(path.join(repo, 'shipver.yaml'), 'utf8');
    for (const e of ['test', 'prod']) {
      const from = `127.0.0.1:${DEFAULT_PORTS[app][e]}/`;
      if (!yaml.includes(from)) throw new Error(`examples/${app}/shipver.yaml has no ${from} to replace`);
      yaml = yaml.replace(from, `127.0.0.1:${ports[app][e]}/`);
    }
    writeFileSync(path.join(repo, 'shipver.yaml'), yaml);
    await git(repo, 'init', '-q', '-b', 'main');
    await git(repo, 'add', '-A');
    await git(repo, 'commit', '-q', '-m', 'chore: initial commit');
    await shipver(repo, ['tag']); // v0.1.0: the version running in prod when the story starts
    const remote = p('remotes', `${app}.git`);
    await git(dir, 'init', '-q', '--bare', '-b', 'main', remote);
    await git(repo, 'remote', 'add', 'origin', remote);
    await git(repo, 'push', '-q', '-u', '--follow-tags', 'origin', 'main');
    await git(dir, 'clone', '-q', remote, p(`${app}-checkout`));
    summary.apps[app] = {
      repo,
      remote,
      checkout: p(`${app}-checkout`),
      ports: ports[app],
      status: {},
      statusUrls: { test: `http://127.0.0.1:${ports[app].test}${STATUS_PATH[app]}`, prod: `http://127.0.0.1:${ports[app].prod}${STATUS_PATH[app]}` },
    };
  }
  copyExample('ops', opsDir);
  if (registry) {
    for (const app of APPS) {
      const f = path.join(opsDir, 'k8s', `${app}.yaml`);
      writeFileSync(f, readFileSync(f, 'utf8').replaceAll('127.0.0.1:5000/', `${registry}/`));
    }
  }
  writeFileSync(
    path.join(opsDir, 'ops.env'),
    [
      '# this machine (written by examples/demo.mjs)',
      `REGISTRY = ${registry ?? '127.0.0.1:5000'}`,
      `IMAGES = ${registry ? 1 : 0}`,
      `STATE = ${state}`,
      ...APPS.flatMap((app) => [`${app}_checkout = ${p(`${app}-checkout`)}`, `${app}_test_port = ${ports[app].test}`, `${app}_prod_port = ${ports[app].prod}`]),
      `PYTHON = ${python}`,
      `NODE = ${process.execPath}`,
      `# the cloud's checkout has no node_modules: express comes from shipver's own`,
      `NODE_PATH = ${path.join(ROOT, 'node_modules')}`,
      '',
    ].join('\n'),
  );
  await git(opsDir, 'init', '-q', '-b', 'main');
  await git(opsDir, 'add', '-A');
  await git(opsDir, 'commit', '-q', '-m', 'chore: initial commit');
  say.step(`repos in ${c.dim(dir)}: hub (Django), cloud (Express), each with a bare remote and tag v${FIRST}; ops (Makefile) with the app checkouts`);

  // ---- 3. shipver init ------------------------------------------------------------------
  await both(async (app) => {
    const r = await shipver(p(app), ['init', '--yes']);
    summary.apps[app].init = strip(r.stderr + r.stdout);
    await git(p(app), 'add', '-A');
    await git(p(app), 'commit', '-q', '-m', 'chore: set up shipver');
  });
  const detected = (app) => (/● [^:]+: (.+)/.exec(summary.apps[app].init)?.[1] ?? '').trim();
  say.step(`${c.bold('shipver init --yes')} in both: hooks installed; version files found: hub → ${detected('hub')}; cloud → ${detected('cloud')}`);

  // ---- 4. prod runs 0.1.0 ---------------------------------------------------------------
  const deployed = await both((app) => shipver(p(app), ['deploy', 'prod', FIRST]));
  say.step(`${c.bold(`shipver deploy prod ${FIRST}`)} in both: ops checks out v${FIRST}, ${registry ? 'builds + pushes the image' : 'no image'}, renders k8s YAML, starts the app`);
  APPS.forEach((app, i) => {
    const text = strip(deployed[i].stderr + deployed[i].stdout);
    const url = summary.apps[app].statusUrls.prod;
    if (!text.includes(`${url} → `)) throw new Error(`the ${app} prod deploy did not report ${url}:\n${text}`);
    say.ok(`${app}: ${/built and pushed \S+|build skipped[^\n]*|image step skipped[^\n]*/.exec(text)?.[0] ?? ''}; ${url} answers ${FIRST}`);
  });

  // ---- 5. a bad commit message, rejected by the real commit-msg hook ----------------------
  const change = FEATURE.hub;
  change.apply(p('hub'));
  await git(p('hub'), 'add', '-A');
  const bad = await run('git', ['commit', '-m', 'Added stuff.'], { cwd: p('hub'), allowFail: true });
  if (bad.code === 0) throw new Error('the commit-msg hook accepted "Added stuff."');
  // the whole refusal (every problem, the example, the types), without husky's own last line
  const why = strip(bad.stderr + bad.stdout)
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('husky - '));
  summary.apps.hub.rejected = { message: 'Added stuff.', code: bad.code, output: why.join('\n') };
  say.step(`git commit -m ${c.bold('"Added stuff."')} in hub → ${c.red(`rejected by the commit-msg hook (exit ${bad.code})`)}`);
  say.detail(c.dim(why.join('\n')));

  // ---- 6. a feature and a fix in both ---------------------------------------------------
  for (const app of APPS) {
    if (app !== 'hub') FEATURE[app].apply(p(app));
    await git(p(app), 'add', '-A');
    await git(p(app), 'commit', '-q', '-m', FEATURE[app].message);
    FIX[app].apply(p(app));
    await git(p(app), 'add', '-A');
    await git(p(app), 'commit', '-q', '-m', FIX[app].message);
  }
  say.step(`a feat and a fix in both: ${c.green(`"${FEATURE.hub.message}"`)}, ${c.green(`"${FIX.hub.message}"`)}, …`);

  // ---- 7. shipver release ---------------------------------------------------------------
  const releases = await both((app) => shipver(p(app), ['release']));
  APPS.forEach((app, i) => (summary.apps[app].release = strip(releases[i].stderr + releases[i].stdout)));
  for (const app of APPS) {
    const v = (await shipver(p(app), ['version'])).stdout.trim();
    if (v !== RELEASED) throw new Error(`${app}: shipver release made ${v}, expected ${RELEASED}\n${summary.apps[app].release}`);
    summary.apps[app].released = v;
  }
  say.step(`${c.bold('shipver release')} in both → ${c.bold(`v${RELEASED}`)}: hub/version.py + setup.cfg, package.json + package-lock.json, CHANGELOG.md, release commit, annotated tag`);

  // ---- 8. git push --follow-tags ----------------------------------------------------------
  progress.deploysPending = true;
  const pushes = await both((app) => run('git', ['push', '--follow-tags'], { cwd: p(app) }));
  say.step(`${c.bold('git push --follow-tags')} in both: the pre-push hook verifies v${RELEASED} and starts the test deploy`);
  APPS.forEach((app, i) => {
    const line = strip(pushes[i].stderr)
      .split('\n')
      .find((l) => l.includes(`deploying ${RELEASED}`));
    if (!line) throw new Error(`${app}: the push did not start a deploy:\n${strip(pushes[i].stderr)}`);
    // the log's path only when it outlives the demo (--keep)
    const shown = line.replace(/^\W+/, '');
    say.note(`${app}: ${opts.keep ? shown : shown.replace(/ \(log: [^)]*\)/, '')}`);
  });

  // ---- 9. wait for the deploys ------------------------------------------------------------
  say.step(`waiting for both deploys ${c.dim('(.git/shipver/deploys.jsonl)')}`);
  const waitStart = Date.now();
  const done = {};
  let lastShown = '';
  while (Object.keys(done).length < APPS.length) {
    for (const app of APPS) {
      if (done[app]) continue;
      // the run's final line (one with an outcome); the lines before it say it started, waits, runs
      const rec = readRecords(p(app)).find((r) => r.env === 'test' && r.version === RELEASED && r.outcome);
      if (rec) done[app] = rec;
    }
    const secs = ((Date.now() - waitStart) / 1000).toFixed(0);
    const line = APPS.map((app) => `${app}: ${done[app] ? (done[app].outcome === 'deployed' ? c.green('deployed') : c.red(done[app].outcome)) : 'running'}`).join('  ');
    if (say.tty) say.raw(`\r    ${line}  ${c.dim(`${secs} s`)}\x1b[K`);
    else if (line !== lastShown) say.note(`${strip(line)}  (${secs} s)`);
    lastShown = line;
    if (Object.keys(done).length === APPS.length) break;
    if (Date.now() - waitStart > DEPLOY_TIMEOUT_MS) {
      if (say.tty) say.raw('\n');
      // the logs' ends here: without --keep the temp dir is gone when this is read
      const tails = APPS.filter((a) => !done[a]).map((a) => {
        const log = p(a, '.git/shipver/deploys', `test-${RELEASED}.log`);
        return `--- ${a}: the end of its deploy log ---\n${existsSync(log) ? readFileSync(log, 'utf8').trimEnd().split('\n').slice(-15).join('\n') : '(no log yet)'}`;
      });
      throw new Error(`the deploys did not finish within ${DEPLOY_TIMEOUT_MS / 1000} s\n${tails.join('\n')}`);
    }
    await sleep(200);
  }
  if (say.tty) say.raw('\n');
  progress.deploysPending = false;
  for (const app of APPS) {
    const rec = done[app];
    summary.apps[app].deploy = rec;
    if (rec.outcome !== 'deployed') {
      const log = existsSync(rec.log) ? readFileSync(rec.log, 'utf8').split('\n').slice(-25).join('\n') : '(no log)';
      throw new Error(`${app}: the deploy of ${RELEASED} to test ${rec.outcome} (exit ${rec.exitCode})\n${log}`);
    }
    const log = readFileSync(rec.log, 'utf8');
    const image = /built and pushed \S+|build skipped[^\n]*|image step skipped[^\n]*/.exec(log)?.[0] ?? '';
    say.ok(`${app} ${RELEASED} → test in ${(rec.durationMs / 1000).toFixed(1)} s: ${rec.command.join(' ')}${image ? `; ${image}` : ''}`);
  }

  // ---- 10. the real status endpoints ----------------------------------------------------
  say.step('the status endpoints:');
  for (const app of APPS) {
    for (const e of ['test', 'prod']) {
      const url = summary.apps[app].statusUrls[e];
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      const body = await res.json();
      summary.apps[app].status[e] = body;
      say.detail(`${c.dim(`GET ${url}`)} → ${JSON.stringify(body)}`);
    }
  }

  // ---- 11. shipver envs -----------------------------------------------------------------
  say.step(`${c.bold('shipver envs')} in both: which version runs where, read from those endpoints`);
  for (const app of APPS) {
    const table = await shipver(p(app), ['envs']);
    say.detail(`${c.bold(app)}\n${table.stdout}`);
    summary.apps[app].envsAfterRelease = JSON.parse((await shipver(p(app), ['envs', '--json'])).stdout);
  }

  // ---- 12. one more feature, not released ------------------------------------------------
  for (const app of APPS) {
    MORE[app].apply(p(app));
    await git(p(app), 'add', '-A');
    await git(p(app), 'commit', '-q', '-m', MORE[app].message);
    summary.apps[app].unreleased = { sha: (await git(p(app), 'rev-parse', 'HEAD')).stdout.trim(), message: MORE[app].message };
  }
  say.step(`one more commit in both, not released: ${c.green(`"${MORE.hub.message}"`)}; ${c.bold('shipver envs')}:`);
  for (const app of APPS) {
    const table = await shipver(p(app), ['envs']);
    say.detail(`${c.bold(app)}\n${table.stdout}`);
    summary.apps[app].envsAfterFeat = JSON.parse((await shipver(p(app), ['envs', '--json'])).stdout);
  }

  // ---- 13. the release dashboard: both apps on one page ----------------------------------
  summary.dashboard = p('dashboard.html');
  const page = await shipver(dir, ['dashboard', p('hub'), p('cloud'), '--out', summary.dashboard]);
  say.step(`${c.bold('shipver dashboard')} for both apps: one page, which version runs where and what each environment lacks`);
  say.ok(strip(page.stdout.trim()).replace(/^✔ /, ''));
  say.note(opts.keep ? `open ${pathToFileURL(summary.dashboard).href}` : 'the page goes with the temp dir at the end; --keep keeps both, to open it');

  const rendered = path.join(opsDir, 'rendered');
  summary.ops.rendered = existsSync(rendered) ? readdirSync(rendered).sort() : [];
  // what is running now, for whoever wants to check that stop() ends it all
  summary.processes = registryPid.value ? [{ name: 'docker-registry', pid: registryPid.value }] : [];
  for (const app of APPS) {
    for (const e of ['test', 'prod']) {
      const f = path.join(state, `${app}-${e}`, 'app.pid');
      if (existsSync(f)) summary.processes.push({ name: `${app} (${e})`, pid: Number(readFileSync(f, 'utf8')), port: ports[app][e] });
    }
  }
  summary.elapsedMs = Date.now() - started;
  return summary;
}

function readRecords(repo) {
  const f = path.join(repo, '.git', 'shipver', 'deploys.jsonl');
  if (!existsSync(f)) return [];
  return readFileSync(f, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

/** Replaces `from` (which must be there) with `to` in repo/file. */
function edit(repo, file, from, to) {
  const f = path.join(repo, file);
  const text = readFileSync(f, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} has changed: cannot find ${JSON.stringify(from)} (update examples/demo.mjs)`);
  writeFileSync(f, text.replace(from, to));
}

// The changes the story commits. Each edit checks its anchor, so a changed example fails loudly.
const FEATURE = {
  hub: {
    message: 'feat(api): add /api/health',
    apply: (repo) => {
      edit(repo, 'hub/views.py', "def status(request):", "def health(request):\n    return JsonResponse({'ok': True})\n\n\ndef status(request):");
      edit(repo, 'hub/urls.py', "    path('api/status', views.status),", "    path('api/status', views.status),\n    path('api/health', views.health),");
    },
  },
  cloud: {
    message: 'feat(api): add /health',
    apply: (repo) => edit(repo, 'server.js', "app.get('/status',", "app.get('/health', (req, res) => {\n  res.json({ ok: true });\n});\n\napp.get('/status',"),
  },
};
const FIX = {
  hub: {
    message: 'fix(status): never cache /api/status',
    apply: (repo) =>
      edit(
        repo,
        'hub/views.py',
        "        'python': platform.python_version(),\n    })",
        "        'python': platform.python_version(),\n    }, headers={'Cache-Control': 'no-store'})",
      ),
  },
  cloud: {
    message: 'fix(status): never cache /status',
    apply: (repo) => edit(repo, 'server.js', '  res.json({ app:', "  res.set('Cache-Control', 'no-store');\n  res.json({ app:"),
  },
};
const MORE = {
  hub: {
    message: 'feat(api): report the server time at /api/time',
    apply: (repo) => {
      edit(repo, 'hub/views.py', 'import platform\n', 'import platform\nfrom datetime import datetime, timezone\n');
      edit(repo, 'hub/views.py', "def status(request):", "def time(request):\n    return JsonResponse({'time': datetime.now(timezone.utc).isoformat()})\n\n\ndef status(request):");
      edit(repo, 'hub/urls.py', "    path('api/status', views.status),", "    path('api/status', views.status),\n    path('api/time', views.time),");
    },
  },
  cloud: {
    message: 'feat(api): report the server time at /time',
    apply: (repo) => edit(repo, 'server.js', "app.get('/status',", "app.get('/time', (req, res) => {\n  res.json({ time: new Date().toISOString() });\n});\n\napp.get('/status',"),
  },
};

/** docker-registry as a plain process on a free loopback port; resolves to HOST:PORT once GET /v2/ answers. */
async function startRegistry(bin, dir, pidRef) {
  mkdirSync(path.join(dir, 'data'), { recursive: true });
  let last = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const config = path.join(dir, 'config.yml');
    writeFileSync(
      config,
      [
        'version: 0.1',
        'log:',
        '  level: error',
        '  accesslog:',
        '    disabled: true',
        'storage:',
        '  filesystem:',
        `    rootdirectory: ${JSON.stringify(path.join(dir, 'data'))}`,
        '  delete:',
        '    enabled: true',
        'http:',
        `  addr: 127.0.0.1:${port}`,
        `  secret: shipver-demo-${process.pid}`,
        '',
      ].join('\n'),
    );
    const logFd = openSync(path.join(dir, 'registry.log'), 'a');
    const child = spawn(bin, ['serve', config], { stdio: ['ignore', logFd, logFd] });
    closeSync(logFd);
    pidRef.value = child.pid;
    let exited = false;
    child.on('exit', () => (exited = true));
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && !exited) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/v2/`, { signal: AbortSignal.timeout(1000) });
        await res.arrayBuffer();
        if (res.status === 200) return `127.0.0.1:${port}`;
      } catch {
        /* not yet */
      }
      await sleep(50);
    }
    await stopPid(child.pid);
    pidRef.value = null;
    last = existsSync(path.join(dir, 'registry.log')) ? readFileSync(path.join(dir, 'registry.log'), 'utf8').slice(-1000) : '';
  }
  throw new Error(`docker-registry did not start:\n${last}`);
}

// ---------------------------------------------------------------------------------------

async function main() {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => !['--keep', '--json-summary', '--no-images', '--build'].includes(a));
  if (unknown.length) {
    process.stderr.write(`unknown option ${unknown[0]}\nusage: node examples/demo.mjs [--keep] [--json-summary] [--no-images] [--build]\n`);
    process.exit(2);
  }
  const keep = args.includes('--keep');
  const noImages = args.includes('--no-images');
  // how this run was started, to say how to run it again
  const viaNpm = process.env.npm_lifecycle_event === 'demo';
  const again = (extra = []) => {
    const all = [...args, ...extra.filter((a) => !args.includes(a))].filter((a) => !(viaNpm && a === '--build'));
    return viaNpm ? `npm run demo${all.length ? ` -- ${all.join(' ')}` : ''}` : ['node examples/demo.mjs', ...all].join(' ');
  };
  // what the demo needs from the machine: there, installed now, or the command to run (exit 2)
  const ready = preflight('demo', { noImages, command: again() });
  if (ready !== 0) process.exit(ready);
  if (args.includes('--build')) {
    const built = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: ['ignore', 2, 2] });
    if (built.status !== 0) {
      process.stderr.write(`the build (node scripts/build.mjs) failed${built.error ? `: ${built.error.message}` : ` (exit ${built.status})`}\n`);
      process.exit(1);
    }
  }

  const jsonSummary = args.includes('--json-summary');
  const stream = jsonSummary ? process.stderr : process.stdout;
  const color = Boolean(stream.isTTY) && process.env.NO_COLOR === undefined && process.env.TERM !== 'dumb';
  const say = narrator(stream, color);
  const { c } = say;
  say.raw(`${c.bold('shipver demo')}: a Django hub and an Express cloud, one release interface, deployed by version\n`);

  let stopFn = null;
  let interrupted = false;
  const onSignal = (sig) => {
    if (interrupted) return;
    interrupted = true;
    say.raw(`\n${c.yellow(`${sig}: stopping everything the demo started …`)}\n`);
    Promise.resolve(stopFn?.()).finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
  // piped into `head` and the reader went away: stop everything, quietly
  for (const s of [process.stdout, process.stderr]) {
    s.on('error', (e) => {
      say.mute();
      if (e.code === 'EPIPE') onSignal('EPIPE');
    });
  }

  try {
    const t0 = Date.now();
    const { summary } = await runScenario({ keep, noImages, narrator: say, registerStop: (fn) => (stopFn = fn) });
    const secs = ((Date.now() - t0) / 1000).toFixed(1);
    say.raw(`${c.green('✔')} done in ${secs} s; every process stopped${summary.keep ? `; kept ${summary.dir} (rendered YAML in ops/rendered/, logs in ops/state/)` : ', temp dir removed'}\n`);
    if (jsonSummary) process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
  } catch (e) {
    if (interrupted) return;
    say.fail(e instanceof Error ? e.message : String(e));
    if (!keep) say.raw(`the temp dir is removed; to keep it (repositories, deploy logs, app logs in ops/state/): ${again(['--keep'])}\n`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await main();
}
