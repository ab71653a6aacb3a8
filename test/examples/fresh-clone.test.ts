// The README's first command, as a new user runs it: a clone of this repository's
// committed HEAD in a temp folder, then `npm ci && npm run demo` there, as written. It
// must run every step, including the images built with buildah and pushed to the
// loopback docker-registry, and leave the clone as it found it.
//
// The preflight sees everything installed here (CI's `npm test` has installed it in its
// pretest step; its missing-package paths are test/preflight.test.ts). npm ci needs the
// npm registry, or npm's cache. demo.test.ts covers the scenario's results in depth; this
// is the path from nothing to it.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../../examples/demo.mjs';
import { hubPython } from '../../scripts/preflight.mjs';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'shipver-fresh-clone-'));
const clone = path.join(tmp, 'shipver');
let child: ReturnType<typeof spawn> | null = null;

afterAll(async () => {
  // still running (the test timed out): the demo stops what it started on SIGTERM
  if (child?.pid && child.exitCode === null) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* gone */
    }
    await new Promise((r) => setTimeout(r, 5000));
  }
  rmSync(tmp, { recursive: true, force: true });
}, 30_000);

describe('a fresh clone', () => {
  it('`npm ci && npm run demo` runs every step, images built and pushed, and exits 0', async () => {
    const cloned = spawnSync('git', ['clone', '-q', ROOT, clone], { encoding: 'utf8' });
    expect(cloned.status, cloned.stderr).toBe(0);

    // as a user's shell has it: none of this test run's npm, git or shipver variables
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) {
      if (!/^(npm_|GIT_|SHIPVER_|VITEST|NODE_OPTIONS$|HUSKY$)/.test(k)) env[k] = v;
    }
    // the hub's Python, when this machine's is a virtualenv's (as an absolute path)
    if (hubPython().custom) env.SHIPVER_DEMO_PYTHON = hubPython().path;
    const r = await new Promise<{ code: number | null; out: string }>((resolve, reject) => {
      child = spawn('sh', ['-c', 'npm ci && npm run demo'], { cwd: clone, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      let out = '';
      child.stdout!.on('data', (d) => (out += d));
      child.stderr!.on('data', (d) => (out += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, out }));
    });
    expect(r.code, r.out).toBe(0);

    const out = r.out;
    expect(out).toContain('> node examples/demo.mjs --build');
    expect(existsSync(path.join(clone, 'dist', 'shipver.js'))).toBe(true);
    // every step, in order
    let at = 0;
    for (let n = 1; n <= 12; n++) {
      const m = new RegExp(`^ ?${n}\\. `, 'm').exec(out.slice(at));
      expect(m, `step ${n}\n${out}`).not.toBeNull();
      at += m!.index + m![0].length;
    }
    // the images: a real registry, and both apps' images built and pushed for both versions
    const registry = /^ 1\. docker-registry on (127\.0\.0\.1:\d+) \(pid \d+/m.exec(out)?.[1];
    expect(registry, out).toBeDefined();
    for (const image of ['hub:0.1.0', 'cloud:0.1.0', 'hub:0.2.0', 'cloud:0.2.0']) expect(out).toContain(`built and pushed ${registry}/${image}`);
    expect(out).not.toContain('image step skipped');
    expect(out).toContain('rejected by the commit-msg hook');
    expect(out).toMatch(/^ 9\. waiting for both deploys[\s\S]*✔ hub 0\.2\.0 → test[\s\S]*✔ cloud 0\.2\.0 → test/m);
    expect(out).toMatch(/\n✔ done in \d+\.\d s; every process stopped, temp dir removed\n/);
    // the demo works in temp dirs of its own: the clone is as it was
    expect(spawnSync('git', ['status', '--porcelain'], { cwd: clone, encoding: 'utf8' }).stdout).toBe('');
  }, 300_000);
});
