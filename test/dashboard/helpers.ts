// Helpers of the dashboard tests: status endpoints as real HTTP servers on 127.0.0.1 in
// this process (each answer set by the test), the CLI run without blocking this process
// (those servers must keep answering while it runs), and two app repositories with
// releases, deploys and unreleased commits.
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { CLI, type Result, type Sandbox } from '../helpers/sandbox.js';
import { DJANGO_FILES, EXPRESS_FILES } from '../helpers/release-repos.js';

export type Answer =
  | { kind: 'json'; body: unknown; status?: number }
  | { kind: 'text'; body: string; status?: number; type?: string }
  | { kind: 'hang' }
  | { kind: 'big'; bytes: number };

export interface StatusServer {
  url: string;
  answer: (req: http.IncomingMessage) => Answer;
  close(): Promise<void>;
}

/** A status endpoint on 127.0.0.1 (a free port); `answer` decides each response. */
export async function statusServer(answer: (req: http.IncomingMessage) => Answer, route = '/status'): Promise<StatusServer> {
  const sockets = new Set<Socket>();
  const s: StatusServer = { url: '', answer, close: async () => undefined };
  const server = http.createServer((req, res) => {
    const a = s.answer(req);
    if (a.kind === 'hang') return; // never answers; closed by close()
    if (a.kind === 'big') {
      // a JSON object with a version, padded to `bytes`: only its size is wrong
      const head = '{"version":"1.0.0","pad":"';
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = 'x'.repeat(64 * 1024);
      let left = a.bytes - head.length - 2;
      res.write(head);
      const more = () => {
        while (left > 0) {
          const part = left >= chunk.length ? chunk : chunk.slice(0, left);
          left -= part.length;
          if (!res.write(part)) return void res.once('drain', more);
        }
        res.end('"}');
      };
      more();
      res.on('error', () => undefined);
      return;
    }
    const body = a.kind === 'json' ? JSON.stringify(a.body) : a.body;
    res.writeHead(a.status ?? 200, { 'content-type': a.kind === 'json' ? 'application/json' : (a.type ?? 'text/html; charset=utf-8') });
    res.end(body);
  });
  server.on('connection', (sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  s.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${route}`;
  s.close = () =>
    new Promise<void>((resolve) => {
      for (const sock of sockets) sock.destroy();
      server.close(() => resolve());
    });
  return s;
}

/** Runs the built CLI without blocking this process (its status servers keep answering). */
export function shipverAsync(sb: Sandbox, cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...sb.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** `shipver dashboard --serve ...` started in the background; resolves with its URL once it prints it. */
export function startServe(sb: Sandbox, cwd: string, args: string[]): Promise<{ child: ChildProcess; url: string; output: () => { stdout: string; stderr: string }; exited: Promise<number | null> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'dashboard', '--serve', ...args], { cwd, env: sb.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const exited = new Promise<number | null>((r) => child.on('close', (code, signal) => r(code ?? (signal ? 128 : null))));
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString('utf8');
      const m = /serving the dashboard at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout);
      if (m) resolve({ child, url: m[1]!, output: () => ({ stdout, stderr }), exited });
    });
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    void exited.then((code) => reject(new Error(`dashboard --serve exited (${code}) before serving:\n${stdout}\n${stderr}`)));
  });
}

export function ok(r: Result, what: string): Result {
  expect(r.code, `${what}\n${r.stdout}\n${r.stderr}`).toBe(0);
  return r;
}

/** Commits whatever is in the work tree (the hooks are not installed in these repositories). */
export function commit(sb: Sandbox, dir: string, message: string, file = 'CHANGES.txt'): string {
  const f = path.join(dir, file);
  mkdirSync(path.dirname(f), { recursive: true });
  writeFileSync(f, `${existsSync(f) ? readFileSync(f, 'utf8') : ''}${message}\n`);
  sb.git(dir, 'add', '-A');
  sb.git(dir, 'commit', '-q', '-m', message);
  return sb.git(dir, 'rev-parse', 'HEAD').trim();
}

export const HOSTILE_SUBJECT = 'feat: <img src=x onerror=alert(1)>';
export const HOSTILE_VERSION = '<b>9.9</b><img src=x onerror=alert(2)>';

export interface Apps {
  hub: string;
  cloud: string;
  /** where cloud's deploy command writes the version it deployed, per environment */
  stateDir: string;
  servers: { hubTest: StatusServer; hubStaging: StatusServer; hubProd: StatusServer; cloudTest: StatusServer };
  shas: Record<string, string>;
  close(): Promise<void>;
}

// cloud's deploy: records the version as "running" in state/<env>.version (the test's status
// server answers with it); fails with exit 3 when state/fail-<env> exists
const DEPLOY_JS = `const fs = require('node:fs');
const path = require('node:path');
const [env, version] = process.argv.slice(2);
const state = path.join(__dirname, 'state');
if (fs.existsSync(path.join(state, 'fail-' + env))) {
  console.error('deploying ' + version + ' to ' + env + ': the database migration failed');
  process.exit(3);
}
fs.writeFileSync(path.join(state, env + '.version'), version);
console.log('deployed ' + version + ' to ' + env);
`;

/**
 * Two app repositories: a Django hub (v1.0.0 … v2.0.0, three environments answering on
 * status servers, one of them with HTML for a version) and an Express cloud (v1.0.0 …
 * v1.1.1; test has a status server that reports what the last deploy wrote; prod has no
 * status URL and its last deploy failed with exit 3). Both have unreleased commits; the
 * hub's origin is on GitHub (set after the releases, so nothing ever contacts it).
 */
export async function buildApps(sb: Sandbox): Promise<Apps> {
  const stateDir = sb.path('state');
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(sb.path('deploy.js'), DEPLOY_JS);
  const hubAnswers: Record<string, string> = { test: '2.0.0', prod: '1.1.0', staging: HOSTILE_VERSION };
  const servers = {
    hubTest: await statusServer(() => ({ kind: 'json', body: { app: 'hub', version: hubAnswers.test } }), '/api/status'),
    hubStaging: await statusServer(() => ({ kind: 'json', body: { app: 'hub', version: hubAnswers.staging } }), '/api/status'),
    hubProd: await statusServer(() => ({ kind: 'json', body: { app: 'hub', version: hubAnswers.prod } }), '/api/status'),
    cloudTest: await statusServer(() => {
      const f = path.join(stateDir, 'test.version');
      return existsSync(f) ? { kind: 'json', body: { app: 'cloud', version: readFileSync(f, 'utf8').trim() } } : { kind: 'text', status: 503, body: 'starting' };
    }),
  };
  const shas: Record<string, string> = {};

  const hub = sb.repo('hub', {
    ...DJANGO_FILES,
    'shipver.yaml': [
      'environments:',
      `  test: { status: "${servers.hubTest.url}" }`,
      `  staging: { status: "${servers.hubStaging.url}" }`,
      `  prod: { status: "${servers.hubProd.url}" }`,
      '',
    ].join('\n'),
  });
  sb.git(hub, 'tag', '-a', 'v1.0.0', '-m', 'v1.0.0\n\nThe first release.');
  const release = (dir: string) => ok(sb.shipver(dir, ['release'], { env: { SHIPVER_DATE: '2026-11-26' } }), `release in ${dir}`);
  shas.health = commit(sb, hub, 'feat(api): add /api/health', 'hub/views.py');
  release(hub); // v1.1.0
  shas.hostile = commit(sb, hub, HOSTILE_SUBJECT, 'hub/views.py');
  shas.nocache = commit(sb, hub, 'fix(status): never cache /api/status', 'hub/views.py');
  release(hub); // v1.2.0
  shas.dropV1 = commit(sb, hub, 'feat!: drop the v1 API', 'hub/urls.py');
  release(hub); // v2.0.0
  shas.hubTime = commit(sb, hub, 'feat(api): report the server time at /api/time', 'hub/views.py');
  shas.hubDocs = commit(sb, hub, 'docs: explain the status fields', 'README.md');
  sb.git(hub, 'remote', 'add', 'origin', 'https://github.com/acme/hub.git');

  const cloud = sb.repo('cloud', {
    ...EXPRESS_FILES,
    'shipver.yaml': [
      'environments:',
      '  test:',
      '    deploy: { command: [node, ../deploy.js, "{env}", "{version}"] }',
      `    status: "${servers.cloudTest.url}"`,
      '  prod:',
      '    deploy: { command: [node, ../deploy.js, "{env}", "{version}"] }',
      '',
    ].join('\n'),
  });
  sb.git(cloud, 'tag', '-a', 'v1.0.0', '-m', 'v1.0.0\n\nThe first release.');
  shas.cloudHealth = commit(sb, cloud, 'feat: add /health', 'index.js');
  release(cloud); // v1.1.0
  shas.cloudHead = commit(sb, cloud, 'fix: answer HEAD /status', 'index.js');
  release(cloud); // v1.1.1
  shas.cloudTime = commit(sb, cloud, 'feat: report the server time at /time', 'index.js');
  ok(await shipverAsync(sb, cloud, ['deploy', 'prod', '1.0.0']), 'deploy prod 1.0.0');
  ok(await shipverAsync(sb, cloud, ['deploy', 'test', '1.1.1']), 'deploy test 1.1.1');
  writeFileSync(path.join(stateDir, 'fail-prod'), '');
  const failed = await shipverAsync(sb, cloud, ['deploy', 'prod', '1.1.1']);
  expect(failed.code, failed.stderr).toBe(1);
  expect(failed.stderr).toContain('failed (exit 3)');

  return {
    hub,
    cloud,
    stateDir,
    servers,
    shas,
    close: async () => {
      await Promise.all(Object.values(servers).map((s) => s.close()));
    },
  };
}
