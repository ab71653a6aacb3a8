// `shipver envs` as a table: columns as wide as their content (long environment and
// project names shift nothing), deploy records of the first format (one line per finished
// deploy, no id) still read, and progress on stderr while a status endpoint is slow.
import { describe, expect, it, afterAll } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CLI, Sandbox } from '../helpers/sandbox.js';

const sb = new Sandbox();

// A status server in a process of its own (the CLI runs synchronously from this one):
// /fast answers at once, /slow after 1.5 s.
const server = spawn(
  process.execPath,
  [
    '-e',
    `const http = require('node:http');
     const s = http.createServer((req, res) => {
       const answer = () => { res.setHeader('content-type', 'application/json'); res.end(JSON.stringify({ version: '1.1.0' })); };
       if (req.url === '/slow') setTimeout(answer, 1500); else answer();
     });
     s.listen(0, '127.0.0.1', () => console.log(s.address().port));`,
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const port = new Promise<number>((resolve) => server.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
afterAll(() => {
  server.kill();
  sb.cleanup();
});

const LONG = 'a-very-long-project-name';
const app = sb.repo('app', { VERSION: '1.0.0\n' });
sb.git(app, 'tag', '-a', '-m', 'v1.0.0', 'v1.0.0');
sb.write(app, { VERSION: '1.1.0\n' });
sb.commit(app, 'feat: the second release', { noVerify: true });
sb.git(app, 'tag', '-a', '-m', 'v1.1.0', 'v1.1.0');
sb.write(app, { 'app.txt': 'more\n' });
sb.commit(app, 'fix: not released yet', { noVerify: true });

function config(extra: string[] = []) {
  sb.write(app, {
    'shipver.yaml': [
      'projects:',
      `  - name: ${LONG}`,
      '    versionFiles: [VERSION]',
      'environments:',
      '  production-eu-west:',
      '    deploy: { command: [sh, deploy.sh], cwd: ../ops }',
      '  test:',
      '    deploy: { command: [sh, deploy.sh], cwd: ../ops }',
      ...extra,
      '',
    ].join('\n'),
  });
}

// Records as shipver wrote them before runs had ids: one line per finished deploy.
const legacy = (envName: string, version: string, outcome: string, exitCode: number | null, start: string) =>
  JSON.stringify({ env: envName, project: LONG, version, tag: `v${version}`, command: ['sh', 'deploy.sh'], cwd: '/srv/ops', trigger: 'push', start, durationMs: 1200, exitCode, outcome, log: `/srv/logs/${envName}-${version}.log` });
mkdirSync(path.join(app, '.git/shipver'), { recursive: true });
writeFileSync(
  path.join(app, '.git/shipver/deploys.jsonl'),
  [
    legacy('production-eu-west', '1.0.0', 'deployed', 0, '2026-11-20T10:00:00.000Z'),
    legacy('test', '1.1.0', 'deployed', 0, '2026-11-21T10:00:00.000Z'),
    legacy('production-eu-west', '1.1.0', 'failed', 3, '2026-11-22T10:00:00.000Z'),
    '',
  ].join('\n'),
);

describe('envs as a table', () => {
  it('sizes its columns to the names, and reads deploy records of the first format', () => {
    config();
    const r = sb.shipver(app, ['envs']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const pad = ' '.repeat('production-eu-west'.length + LONG.length + 2);
    expect(r.stdout.split('\n').map((l) => l.replace(/\d+ days ago/, 'N days ago'))).toEqual([
      `production-eu-west ${LONG} 1.0.0  1 release, 1 commit behind 1.1.0 (from the deploy log)`,
      `${pad}✖ deploy of 1.1.0 failed (exit 3) N days ago — log: /srv/logs/production-eu-west-1.1.0.log — retry: shipver deploy production-eu-west 1.1.0`,
      `${pad}in v1.1.0        feat: the second release`,
      `${pad}unreleased       fix: not released yet`,
      `test               ${LONG} 1.1.0  up to date (from the deploy log)`,
      `${pad}unreleased       fix: not released yet`,
      '',
    ]);
    const log = sb.shipver(app, ['deploy', '--log', '--json']);
    expect(JSON.parse(log.stdout).map((x: { env: string; version: string; state: string; exitCode: number }) => `${x.env} ${x.version} ${x.state} ${x.exitCode}`)).toEqual([
      'production-eu-west 1.0.0 deployed 0',
      'test 1.1.0 deployed 0',
      'production-eu-west 1.1.0 failed 3',
    ]);
  });

  it('says on stderr, once, which status endpoints it waits for when piped; stdout stays the table', async () => {
    const p = await port;
    config(['  slow:', `    status: http://127.0.0.1:${p}/slow`, '  fast:', `    status: http://127.0.0.1:${p}/fast`]);
    const r = sb.shipver(app, ['envs']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('… waiting for the status of slow (up to 5 s)\n');
    expect(r.stdout).toMatch(/^slow\s+a-very-long-project-name 1\.1\.0\s+up to date$/m);
    expect(r.stdout).toMatch(/^fast\s+a-very-long-project-name 1\.1\.0\s+up to date$/m);
    const json = sb.shipver(app, ['envs', '--json']);
    expect(json.stderr).toBe('… waiting for the status of slow (up to 5 s)\n');
    expect(JSON.parse(json.stdout).map((x: { env: string }) => x.env)).toEqual(['production-eu-west', 'test', 'slow', 'fast']);
  });

  it('skips lines that are not deploy records with a warning naming each, and keeps what the other lines say', () => {
    config();
    const step = (state: string, extra: object) => JSON.stringify({ id: 'run-1', state, env: 'test', project: LONG, version: '1.0.0', log: '/srv/logs/test-1.0.0.log', pid: process.pid, ...extra });
    const file = path.join(app, '.git/shipver/deploys.jsonl');
    writeFileSync(
      file,
      [
        legacy('test', '1.1.0', 'deployed', 0, '2026-11-21T10:00:00.000Z'),
        // this run's first line was torn; its next ones still say which deploy it is (this test process plays its runner)
        '{"id":"run-1","state":"started","env":"te',
        step('waiting-tag', { at: '2026-11-23T10:00:00.000Z', remote: 'origin' }),
        step('running', { at: '2026-11-23T10:00:01.000Z', command: ['sh', 'deploy.sh'], cwd: '/srv/ops' }),
        // valid JSON, but a version no deploy can have
        legacy('test', '1.0.0; rm -rf /', 'failed', 1, '2026-11-24T10:00:00.000Z'),
        '',
      ].join('\n'),
    );
    const r = sb.shipver(app, ['envs', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`${file}:2: not a deploy record (skipped)\n${file}:5: not a deploy record (skipped)\n`);
    const t = (JSON.parse(r.stdout) as Array<{ env: string; running: string; deploy: Record<string, unknown> }>).find((x) => x.env === 'test')!;
    expect(t.running).toBe('1.1.0');
    expect(t.deploy).toMatchObject({ id: 'run-1', state: 'running', active: true, version: '1.0.0', start: '2026-11-23T10:00:00.000Z', follow: 'shipver deploy --follow test' });
    const text = sb.shipver(app, ['envs']);
    expect(text.stdout).toMatch(/▶ deploy of 1\.0\.0 is running for \d+ days — log: \/srv\/logs\/test-1\.0\.0\.log — follow: shipver deploy --follow test$/m);
  });

  it('draws the progress in place on a terminal, and clears it before the table', async () => {
    const p = await port;
    config(['  slow:', `    status: http://127.0.0.1:${p}/slow`]);
    // `script` gives the command a terminal; its output is what the terminal received
    const r = spawnSync('script', ['-qec', `"${process.execPath}" "${CLI}" envs`, '/dev/null'], { cwd: app, env: sb.env, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const out = r.stdout;
    expect(out).toContain('\r\x1b[K⠋ asking slow which version runs (');
    expect(out).toMatch(/\r\x1b\[K⠙ asking slow which version runs \(\d\.\d s, up to 5 s\)/);
    // cleared, and the table starts on a clean line
    expect(out).toMatch(/\r\x1b\[Kproduction-eu-west /);
    expect(out).not.toContain('… waiting for the status');
  });
});
