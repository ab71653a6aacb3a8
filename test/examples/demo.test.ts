// End to end: the demo's scenario (examples/demo.mjs) against the real Django and Express
// processes: hub and cloud repos with shipver's hooks, a bad commit rejected, a feat and a
// fix released with `shipver release`, `git push --follow-tags` deploying through the ops
// Makefile (image built with buildah and pushed to docker-registry on loopback), the status
// endpoints and `shipver envs --json` reporting the running versions, and what is not
// deployed after one more unreleased feat commit.
//
// Needs what scripts/preflight.mjs lists for the demo (Django for the hub's Python,
// docker-registry, buildah, git, make; `npm test` installs them first on Debian as root),
// and express from this repository's node_modules. Nothing here is skipped: a missing
// package fails the test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { CLI, ROOT, runScenario, type EnvsRow, type Summary } from '../../examples/demo.mjs';
import { check, hubPython, requirementsFor } from '../../scripts/preflight.mjs';
import { alive } from '../helpers/processes.js';

const RELEASED = '0.2.0';
const FIRST = '0.1.0';

let transcript = '';
let run: { summary: Summary; stop: () => Promise<void> } | null = null;
let stopScenario: (() => Promise<void>) | null = null;

function summary(): Summary {
  if (!run) throw new Error('the scenario did not run');
  return run.summary;
}

/** The demo's environment (git identity, PATH with the shipver shim) over this process's. */
function demoEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(GIT_|SHIPVER_|npm_)/.test(k) && k !== 'HUSKY') env[k] = v;
  return { ...env, ...summary().shellEnv };
}

function sh(file: string, args: string[], cwd: string) {
  const r = spawnSync(file, args, { cwd, env: demoEnv(), encoding: 'utf8' });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, out: r.stdout + r.stderr };
}
const shipver = (cwd: string, args: string[]) => sh(process.execPath, [CLI, ...args], cwd);

/** GET a status URL on a fresh connection (a pooled one could still point at a stopped process). */
function status(url: string): Promise<{ app: string; version: string; [k: string]: unknown }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => {
        try {
          expect(res.statusCode).toBe(200);
          expect(res.headers['content-type']).toContain('application/json');
          resolve(JSON.parse(body));
        } catch (e) {
          reject(e);
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error(`${url}: no answer within 5 s`)));
    req.on('error', reject);
  });
}

function envs(repo: string): EnvsRow[] {
  const r = shipver(repo, ['envs', '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as EnvsRow[];
}

function row(rows: EnvsRow[], env: string): EnvsRow {
  const r = rows.find((x) => x.env === env);
  if (!r) throw new Error(`no ${env} row in ${JSON.stringify(rows)}`);
  return r;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

describe('the demo scenario, against the real apps', () => {
  beforeAll(async () => {
    const missing = check(requirementsFor('demo'), { python: hubPython() });
    if (missing.length) throw new Error(`missing: ${missing.map((r) => r.what).join(', ')} (node scripts/preflight.mjs demo installs them or prints the command)`);
    if (!existsSync(path.join(ROOT, 'node_modules', 'express', 'package.json'))) throw new Error('express is not in node_modules: npm ci');
    try {
      run = await runScenario({
        leaveRunning: true,
        stream: { write: (t: string) => (transcript += t), isTTY: false },
        registerStop: (fn) => (stopScenario = fn),
      });
    } catch (e) {
      throw new Error(`${(e as Error).message}\n--- demo transcript ---\n${transcript}`);
    }
  }, 150_000);

  // also when beforeAll timed out with the scenario still running
  afterAll(async () => {
    await stopScenario?.();
  }, 30_000);

  it('ran with images', () => {
    expect(summary().images).toBe(true);
    expect(summary().registry).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(transcript).toContain('shipver envs');
  });

  it('the real commit-msg hook rejected "Added stuff." and nothing was committed with it', () => {
    const rej = summary().apps.hub.rejected!;
    expect(rej.code).not.toBe(0);
    expect(rej.output).toMatch(/subject/);
    // the whole refusal: as many problems listed as it counts, and the example of a valid message
    const count = Number(/commit message rejected \((\d+) problems?\)/.exec(rej.output)?.[1]);
    expect(count).toBeGreaterThan(1);
    expect(rej.output.split('\n').filter((l) => /^\s*✖ .* \[[a-z-]+\]$/.test(l))).toHaveLength(count);
    expect(rej.output).toContain('a valid message looks like:');
    for (const line of rej.output.split('\n')) expect(transcript).toContain(line);
    expect(sh('git', ['log', '--format=%s'], summary().apps.hub.repo).stdout).not.toContain('Added stuff.');
  });

  it('shipver release made v0.2.0 in both apps: version files, CHANGELOG.md, annotated tag on the remote', () => {
    const { hub, cloud } = summary().apps;
    expect(hub.released).toBe(RELEASED);
    expect(cloud.released).toBe(RELEASED);
    expect(readFileSync(path.join(hub.repo, 'hub/version.py'), 'utf8')).toContain(`__version__ = '${RELEASED}'`);
    expect(readFileSync(path.join(hub.repo, 'setup.cfg'), 'utf8')).toContain(`current_version = ${RELEASED}`);
    expect(JSON.parse(readFileSync(path.join(cloud.repo, 'package.json'), 'utf8')).version).toBe(RELEASED);
    expect(JSON.parse(readFileSync(path.join(cloud.repo, 'package-lock.json'), 'utf8')).packages[''].version).toBe(RELEASED);
    for (const app of [hub, cloud]) {
      const changelog = readFileSync(path.join(app.repo, 'CHANGELOG.md'), 'utf8');
      expect(changelog).toContain(RELEASED);
      expect(changelog).toMatch(/Features[\s\S]*add \/(api\/)?health/);
      expect(changelog).toMatch(/Bug Fixes[\s\S]*never cache/);
      expect(sh('git', ['cat-file', '-t', `v${RELEASED}`], app.repo).stdout.trim()).toBe('tag');
      expect(sh('git', ['tag', '-l'], app.remote).stdout.split('\n')).toContain(`v${RELEASED}`);
    }
  });

  it('the push deployed v0.2.0 to test through the ops Makefile, and the status endpoints reported it', async () => {
    for (const app of ['hub', 'cloud'] as const) {
      const a = summary().apps[app];
      expect(a.deploy).toMatchObject({ env: 'test', version: RELEASED, outcome: 'deployed', exitCode: 0, trigger: 'push' });
      expect(a.deploy.command).toEqual(['make', `version=${RELEASED}`, `deploy-${app}-to-test`]);
      // right after the deploys ...
      expect(a.status.test).toMatchObject({ app, version: RELEASED });
      expect(a.status.prod).toMatchObject({ app, version: FIRST });
      // ... and now, from the live processes
      expect(await status(a.statusUrls.test)).toMatchObject({ app, version: RELEASED });
      expect(await status(a.statusUrls.prod)).toMatchObject({ app, version: FIRST });
      // the ops checkout is at the tag
      expect(sh('git', ['describe', '--tags', '--exact-match'], a.checkout).stdout.trim()).toBe(`v${RELEASED}`);
    }
    // the Express app reads VERSION in production
    expect(await status(summary().apps.cloud.statusUrls.test)).toMatchObject({ env: 'production' });
  });

  it('the images are in the loopback registry, and the rendered Kubernetes YAML names them', async () => {
    const reg = summary().registry!;
    for (const app of ['hub', 'cloud']) {
      for (const v of [FIRST, RELEASED]) {
        const r = shipver(summary().ops.dir, ['ops', 'image-exists', `${reg}/${app}:${v}`]);
        expect(r.code, r.out).toBe(0);
      }
      expect(shipver(summary().ops.dir, ['ops', 'image-exists', `${reg}/${app}:9.9.9`]).code).toBe(1);
      const tags = (await (await fetch(`http://${reg}/v2/${app}/tags/list`)).json()) as { tags: string[] };
      expect(tags.tags.sort()).toEqual([FIRST, RELEASED]);
    }
    // the image carries the version label buildah was given
    const manifest = (await (
      await fetch(`http://${reg}/v2/hub/manifests/${RELEASED}`, {
        headers: { Accept: 'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json' },
      })
    ).json()) as { config: { digest: string } };
    const config = (await (await fetch(`http://${reg}/v2/hub/blobs/${manifest.config.digest}`)).json()) as { config: { Labels: Record<string, string> } };
    expect(config.config.Labels).toMatchObject({ app: 'hub', version: RELEASED });

    expect(summary().ops.rendered).toEqual(['cloud-0.1.0.yaml', 'cloud-0.2.0.yaml', 'hub-0.1.0.yaml', 'hub-0.2.0.yaml']);
    const hubYaml = readFileSync(path.join(summary().ops.dir, 'rendered', `hub-${RELEASED}.yaml`), 'utf8');
    expect(hubYaml).toContain(`image: ${reg}/hub:${RELEASED}`);
    const cloudYaml = readFileSync(path.join(summary().ops.dir, 'rendered', `cloud-${RELEASED}.yaml`), 'utf8');
    expect(cloudYaml).toContain(`image: ${reg}/cloud:${RELEASED}`);
    expect(cloudYaml).toMatch(new RegExp(`- name: VERSION\\n\\s+value: "${RELEASED.replace(/\./g, '\\.')}"`));
  });

  it('shipver envs --json after the push: test runs 0.2.0 and is up to date, prod runs 0.1.0 and lacks the feat and the fix', () => {
    for (const app of ['hub', 'cloud'] as const) {
      const rows = summary().apps[app].envsAfterRelease;
      expect(row(rows, 'test')).toMatchObject({ project: app, source: 'status', state: 'ok', running: RELEASED, latest: RELEASED, releasesBehind: 0, commitsBehind: 0, notDeployed: [] });
      const prod = row(rows, 'prod');
      expect(prod).toMatchObject({ state: 'ok', running: FIRST, latest: RELEASED, releasesBehind: 1 });
      expect(prod.notDeployed.map((c) => [c.kind, c.releasedIn])).toEqual([
        ['fix', `v${RELEASED}`],
        ['feat', `v${RELEASED}`],
      ]);
    }
  });

  it('shipver envs --json after one more unreleased feat: the running versions and the commits not yet deployed', () => {
    for (const app of ['hub', 'cloud'] as const) {
      const a = summary().apps[app];
      // what the scenario saw, and the same asked again now
      for (const rows of [a.envsAfterFeat, envs(a.repo)]) {
        const test = row(rows, 'test');
        expect(test).toMatchObject({ running: RELEASED, latest: RELEASED, releasesBehind: 0 });
        expect(test.notDeployed).toEqual([{ sha: a.unreleased.sha, kind: 'feat', header: a.unreleased.message, releasedIn: null }]);
        const prod = row(rows, 'prod');
        expect(prod).toMatchObject({ running: FIRST, releasesBehind: 1 });
        expect(prod.notDeployed.map((c) => c.releasedIn)).toEqual([`v${RELEASED}`, `v${RELEASED}`, null]);
        expect(prod.notDeployed[2]!.sha).toBe(a.unreleased.sha);
      }
      // the human table says the same
      const table = shipver(a.repo, ['envs']);
      expect(table.code).toBe(0);
      expect(table.stdout).toMatch(new RegExp(`test\\s+${app}\\s+${RELEASED.replace(/\./g, '\\.')}\\s+up to date`));
      expect(table.stdout).toMatch(/unreleased\s+feat\(api\): report the server time/);
    }
  });

  it('shipver dashboard wrote one page for both apps, and the narration says so', () => {
    const page = readFileSync(summary().dashboard, 'utf8');
    expect(transcript).toContain(`shipver dashboard for both apps`);
    expect(transcript).toContain(`✔ wrote ${summary().dashboard}: 2 apps, 4 environments\n`);
    for (const app of ['hub', 'cloud'] as const) {
      expect(page).toMatch(new RegExp(`<h2 id="h-[0-9a-f]+">${app}</h2>`));
      expect(page).toContain(summary().apps[app].unreleased.message);
    }
    expect(page.match(new RegExp(`<strong class="version">${RELEASED.replace(/\./g, '\\.')}</strong>`, 'g'))).toHaveLength(2);
    expect(page.match(new RegExp(`<strong class="version">${FIRST.replace(/\./g, '\\.')}</strong>`, 'g'))).toHaveLength(2);
  });

  it('deploying the same version again skips the build (image-exists finds the tag) and restarts the app', async () => {
    const hub = summary().apps.hub;
    const pidfile = path.join(summary().ops.state, 'hub-test', 'app.pid');
    const before = Number(readFileSync(pidfile, 'utf8'));
    const r = shipver(hub.repo, ['deploy', 'test', RELEASED]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain(`build skipped: ${summary().registry}/hub:${RELEASED} is already in the registry`);
    expect(r.out).not.toContain('buildah');
    expect(r.out).toContain(`stopped pid ${before}`);
    const after = Number(readFileSync(pidfile, 'utf8'));
    expect(after).not.toBe(before);
    expect(alive(before)).toBe(false);
    expect(await status(hub.statusUrls.test)).toMatchObject({ version: RELEASED });
    const p = summary().processes.find((x) => x.name === 'hub (test)')!;
    p.pid = after; // for the stop() check below
  });

  it('the Makefile refuses a missing or malformed version, and a registry error is not taken for "absent"', async () => {
    const ops = summary().ops.dir;
    const none = sh('make', ['deploy-hub-to-test'], ops);
    expect(none.code).not.toBe(0);
    expect(none.stderr).toContain('version is missing');
    const bad = sh('make', ['version=1.0;touch pwned', 'deploy-hub-to-test'], ops);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('is not a version');
    expect(existsSync(path.join(ops, 'pwned'))).toBe(false);
    // image-exists exits 2 (registry unreachable): the deploy fails before building or restarting
    const pidfile = path.join(summary().ops.state, 'hub-test', 'app.pid');
    const pid = readFileSync(pidfile, 'utf8');
    const down = sh('make', [`version=${RELEASED}`, 'REGISTRY=127.0.0.1:1', 'deploy-hub-to-test'], ops);
    expect(down.code).not.toBe(0);
    expect(down.out).toContain('image-exists failed (exit 2); not building');
    expect(down.out).not.toContain('buildah');
    expect(readFileSync(pidfile, 'utf8')).toBe(pid);
    expect(await status(summary().apps.hub.statusUrls.test)).toMatchObject({ version: RELEASED });
  });

  it('stop() ends every process the scenario started', async () => {
    const procs = summary().processes;
    expect(procs.map((p) => p.name).sort()).toEqual(['cloud (prod)', 'cloud (test)', 'docker-registry', 'hub (prod)', 'hub (test)']);
    for (const p of procs) expect(alive(p.pid), p.name).toBe(true);
    await run!.stop();
    for (const p of procs) {
      expect(alive(p.pid), p.name).toBe(false);
      if (p.port) expect(await portOpen(p.port), `${p.name} port ${p.port}`).toBe(false);
    }
    expect(existsSync(summary().dir)).toBe(false);
  });
});

/** node examples/demo.mjs ARGS, as a user runs it (not through npm) */
function runDemo(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(SHIPVER_|npm_)/.test(k)) env[k] = v;
  // the hub's Python, when this machine's is a virtualenv's
  if (hubPython().custom) env.SHIPVER_DEMO_PYTHON = hubPython().path;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'examples', 'demo.mjs'), ...args], { cwd: ROOT, env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('node examples/demo.mjs', () => {
  // --no-images: the explicit option to skip the image step (the scenario above covers the
  // images; test/examples/fresh-clone.test.ts runs `npm run demo` with them)
  it('runs the whole demo (--no-images), exits 0, prints a JSON summary, and leaves no process or temp dir behind', async () => {
    const r = await runDemo(['--json-summary', '--no-images']);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as Summary;
    expect(s.images).toBe(false);
    expect(s.registry).toBe(null);
    expect(r.stderr).toContain('image step skipped (--no-images)');
    expect(s.ops.rendered).toEqual(['cloud-0.1.0.yaml', 'cloud-0.2.0.yaml', 'hub-0.1.0.yaml', 'hub-0.2.0.yaml']);
    expect(s.apps.hub.status.test.version).toBe(RELEASED);
    expect(s.apps.cloud.status.test.version).toBe(RELEASED);
    // the narration went to stderr, one line per step, plain (not a terminal)
    expect(r.stderr).not.toMatch(/\x1b\[/);
    expect(r.stderr).toMatch(/^ ?\d+\. git push --follow-tags in both/m);
    expect(r.stderr).toContain('every process stopped, temp dir removed');
    for (const p of s.processes) expect(alive(p.pid), p.name).toBe(false);
    expect(existsSync(s.dir)).toBe(false);
  }, 120_000);

  describe('a failing step (the hub crashes on start: its Python imports Django, then fails)', () => {
    let tmp: string;
    let python: string;
    beforeAll(() => {
      tmp = mkdtempSync(path.join(os.tmpdir(), 'shipver-demo-python-'));
      python = path.join(tmp, 'python3');
      // the preflight's `-c "import django"` passes; `manage.py runserver` does not
      writeFileSync(python, '#!/bin/sh\n[ "$1" = -c ] && exit 0\necho "RuntimeError: this python cannot serve" >&2\nexit 1\n');
      chmodSync(python, 0o755);
    });
    afterAll(() => rmSync(tmp, { recursive: true, force: true }));
    const tempPaths = (text: string) => [...text.matchAll(/\/[^\s:'"()]*shipver-demo-(?!python-)[^\s:'"()]*/g)].map((m) => m[0]);

    it('without --keep: exit 1, the app\'s error inline, no path into the removed temp dir for a log, and how to keep it', async () => {
      const r = await runDemo(['--no-images'], { SHIPVER_DEMO_PYTHON: python });
      expect(r.code, r.stdout + r.stderr).toBe(1);
      expect(r.stdout).toContain('RuntimeError: this python cannot serve');
      expect(r.stdout).toMatch(/✖ `shipver deploy prod 0\.1\.0` failed \(exit 1\) in <temp dir>\/hub\n/);
      expect(r.stdout).toContain('\nthe temp dir is removed; to keep it (repositories, deploy logs, app logs in ops/state/): node examples/demo.mjs --no-images --keep\n');
      const failure = r.stdout.slice(r.stdout.indexOf('✖'));
      expect(tempPaths(failure)).toEqual([]);
      // the only temp paths printed at all are in the narration from before (the repos' dir), none of them a log
      expect(tempPaths(r.stdout).filter((p) => p.endsWith('.log'))).toEqual([]);
      for (const p of tempPaths(r.stdout)) expect(existsSync(p), p).toBe(false);
    }, 60_000);

    it('with --keep: the deploy log it names exists, and the kept dir is named', async () => {
      const r = await runDemo(['--no-images', '--keep'], { SHIPVER_DEMO_PYTHON: python });
      expect(r.code, r.stdout + r.stderr).toBe(1);
      const kept = /\(kept: (\S+)\)\n/.exec(r.stdout)?.[1];
      try {
        expect(kept).toBeDefined();
        const log = /→ log: (\S+)/.exec(r.stdout)?.[1];
        expect(log).toBe(path.join(kept!, 'hub', '.git', 'shipver', 'deploys', 'prod-0.1.0.log'));
        expect(readFileSync(log!, 'utf8')).toContain('RuntimeError: this python cannot serve');
        expect(r.stdout).not.toContain('--keep');
      } finally {
        if (kept?.includes('shipver-demo-')) rmSync(kept, { recursive: true, force: true });
      }
    }, 60_000);
  });

  it('refuses an unknown option', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'examples', 'demo.mjs'), '--bogus'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('usage: node examples/demo.mjs');
  });
});
