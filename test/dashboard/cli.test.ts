// shipver dashboard without a browser: bad status endpoints (one that hangs, a 500, HTML,
// a 10 MB body) shown as those errors within the timeout, missing and broken repositories
// as one row each with the page still written, --out into a missing directory, the atomic
// replace of an existing page, dashboard.repos in shipver.yaml, --json as envs --json
// extended, GitLab commit links, and the usage errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, linkSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Sandbox, expectNoStack } from '../helpers/sandbox.js';
import { DJANGO_FILES } from '../helpers/release-repos.js';
import { commit, ok, shipverAsync, statusServer, type StatusServer } from './helpers.js';

const sb = new Sandbox();
let servers: Record<'hang' | 'e500' | 'html' | 'big' | 'good', StatusServer>;
let app: string;

interface Row {
  env: string | null;
  project: string | null;
  state: string;
  detail: string | null;
  running: string | null;
  health: string;
  repo: string;
  notDeployed: Array<{ sha: string; header: string; url: string | null }>;
  [k: string]: unknown;
}
interface Data {
  generatedAt: string;
  rows: Row[];
  repos: Array<{ repo: string; error: string | null; remote: { kind: string; url: string } | null; projects: Array<{ project: string; unreleased: Array<{ header: string; url: string | null }> }> }>;
}

beforeAll(async () => {
  servers = {
    hang: await statusServer(() => ({ kind: 'hang' })),
    e500: await statusServer(() => ({ kind: 'text', status: 500, body: '<html><body><h1>Internal Server Error</h1></body></html>' })),
    html: await statusServer(() => ({ kind: 'text', body: '<!doctype html><html><script>alert(1)</script></html>' })),
    big: await statusServer(() => ({ kind: 'big', bytes: 10 * 1024 * 1024 })),
    good: await statusServer(() => ({ kind: 'json', body: { version: '1.0.0' } })),
  };
  app = sb.repo('app', {
    ...DJANGO_FILES,
    'shipver.yaml': ['environments:', ...Object.entries(servers).map(([name, s]) => `  ${name}: { status: "${s.url}" }`), ''].join('\n'),
  });
  sb.git(app, 'tag', '-a', 'v1.0.0', '-m', 'v1.0.0');
  commit(sb, app, 'feat: a feature', 'hub/views.py');
  ok(sb.shipver(app, ['release']), 'release');
  commit(sb, app, 'fix: a fix, not released', 'hub/views.py');
}, 60_000);

afterAll(async () => {
  await Promise.all(Object.values(servers ?? {}).map((s) => s.close()));
  sb.cleanup();
});

describe('bad input', () => {
  it('a status endpoint that hangs, answers 500, HTML or 10 MB shows as that error; a missing repository and a plain directory as one row each; the page is still written', async () => {
    mkdirSync(sb.path('plain'));
    const r = await shipverAsync(sb, sb.dir, ['dashboard', 'app', 'missing', 'plain', '--timeout', '1', '--out', 'page.html', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expectNoStack(r.stderr);
    const data = JSON.parse(r.stdout) as Data;
    const row = (env: string) => data.rows.find((x) => x.env === env)!;
    expect(row('hang')).toMatchObject({ state: 'unreachable', detail: 'no answer within 1 s', running: null, health: 'error' });
    expect(row('e500')).toMatchObject({ state: 'http-error', detail: 'HTTP 500', health: 'error' });
    expect(row('html')).toMatchObject({ state: 'not-json', detail: 'the answer is not JSON (<!doctype html><html><script>alert(1)</s…)', health: 'error' });
    expect(row('big')).toMatchObject({ state: 'too-large', detail: 'the answer is larger than 1 MiB (a status answer is a small JSON object)', running: null, health: 'error' });
    expect(row('good')).toMatchObject({ state: 'ok', running: '1.0.0', releasesBehind: 1, health: 'behind' });
    const missing = data.rows.filter((x) => x.repo === sb.path('missing'));
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatchObject({ env: null, state: 'repo-error', detail: `${sb.path('missing')} does not exist`, health: 'error' });
    const plain = data.rows.filter((x) => x.repo === sb.path('plain'));
    expect(plain).toHaveLength(1);
    expect(plain[0]!.detail).toBe('this is not inside a git repository (cd into your repository (or git init one))');
    // the worst first: every erroring row before the one that is merely behind
    expect(data.rows.at(-1)!.env).toBe('good');

    const page = readFileSync(sb.path('page.html'), 'utf8');
    expect(page).toContain('the answer is not JSON (&lt;!doctype html&gt;&lt;html&gt;&lt;script&gt;alert(1)&lt;/s…)');
    expect(page).not.toContain('<script>alert');
    expect(page).toContain(`${sb.path('missing')} does not exist`);
    expect(page).toContain('HTTP 500');
    expect(page).toContain('no answer within 1 s');
    expect(page).toContain('the answer is larger than 1 MiB');
  });

  it('envs shows the 10 MB answer as too large as well', async () => {
    const r = await shipverAsync(sb, app, ['envs', '--timeout', '1']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('too-large: the answer is larger than 1 MiB');
  });

  it('--out into a directory that does not exist is a usage error (exit 2), and nothing is written', async () => {
    const r = await shipverAsync(sb, app, ['dashboard', '--out', 'no/such/dir/page.html']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`✖ --out no/such/dir/page.html: the directory ${path.join(app, 'no/such/dir')} does not exist`);
    expect(r.stderr).toContain(`→ create it first (mkdir -p ${path.join(app, 'no/such/dir')}), or write the page elsewhere`);
    expect(existsSync(path.join(app, 'no'))).toBe(false);
    expectNoStack(r.stderr);
  });

  it('an existing page is replaced by a rename: a hard link to the old file keeps the old bytes, no temp file is left', async () => {
    const dir = sb.path('site');
    mkdirSync(dir);
    const file = path.join(dir, 'index.html');
    writeFileSync(file, 'the old page\n');
    linkSync(file, path.join(dir, 'old-link.html'));
    const before = statSync(file).ino;
    const r = ok(await shipverAsync(sb, app, ['dashboard', '--out', file, '--timeout', '1']), 'dashboard');
    expect(r.stdout).toMatch(new RegExp(`^✔ wrote ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: 1 app, 5 environments \\(4 not answering or unreadable\\)\\n$`));
    expect(readFileSync(file, 'utf8')).toMatch(/^<!doctype html>/);
    expect(statSync(file).ino).not.toBe(before);
    expect(readFileSync(path.join(dir, 'old-link.html'), 'utf8')).toBe('the old page\n');
    expect(readdirSync(dir).sort()).toEqual(['index.html', 'old-link.html']);
  });

  it('without --out, the page is shipver-dashboard.html in the current directory; --dry-run writes nothing', async () => {
    const dry = ok(await shipverAsync(sb, app, ['dashboard', '--dry-run', '--timeout', '1']), 'dry run');
    expect(dry.stdout).toMatch(/^would write .*shipver-dashboard\.html: 1 app, 5 environments/);
    expect(existsSync(path.join(app, 'shipver-dashboard.html'))).toBe(false);
    ok(await shipverAsync(sb, app, ['dashboard', '--timeout', '1']), 'dashboard');
    const page = readFileSync(path.join(app, 'shipver-dashboard.html'), 'utf8');
    expect(page).toContain('<h1>Release dashboard</h1>');
    expect(page).toMatch(/<h2 id="h-[0-9a-f]+">app<\/h2>/);
  });

  it.each([
    [['--port', '8080'], '--port only goes with --serve'],
    [['--serve', '--out', 'x.html'], '--serve cannot be combined with --out'],
    [['--serve', '--json'], '--serve cannot be combined with --json'],
    [['--serve', '--port', 'http'], '--port "http" is not a port number'],
    [['--serve', '--interval', '0'], '--interval "0" is not a number of seconds (at least 1)'],
    [['--timeout', 'soon'], '--timeout "soon" is not a number of seconds'],
  ])('dashboard %j: exit 2, %s', async (args, message) => {
    const r = await shipverAsync(sb, app, ['dashboard', ...args]);
    expect(r.code).toBe(2);
    // with --json the error is JSON on stdout
    expect(r.stdout + r.stderr).toContain(message);
    expectNoStack(r.stdout + r.stderr);
  });
});

describe('the data', () => {
  it('--json: the rows of envs --json, each with more fields', async () => {
    const envs = JSON.parse(ok(await shipverAsync(sb, app, ['envs', '--json', '--timeout', '1']), 'envs').stdout) as Array<Record<string, unknown>>;
    const dash = JSON.parse(ok(await shipverAsync(sb, app, ['dashboard', '--json', '--timeout', '1']), 'dashboard').stdout) as Data;
    expect(envs.length, 'no rows: the loop below would check nothing').toBeGreaterThan(0);
    expect(dash.rows).toHaveLength(envs.length);
    for (const e of envs) {
      const d = dash.rows.find((r) => r.env === e.env)!;
      for (const [k, v] of Object.entries(e)) {
        if (k === 'notDeployed') expect(d.notDeployed.map(({ url: _url, ...rest }) => rest)).toEqual(v);
        else expect(d[k], k).toEqual(v);
      }
      expect(Object.keys(d)).toEqual(expect.arrayContaining(['repo', 'app', 'readAt', 'health', 'summary', 'deploys', 'missing']));
    }
  });

  it('dashboard.repos in an ops repository lists the apps; a path that is not there is one row', async () => {
    const ops = sb.repo('ops', { 'shipver.yaml': 'dashboard:\n  repos: [../app, ../gone]\n' });
    const data = JSON.parse(ok(await shipverAsync(sb, ops, ['dashboard', '--json', '--timeout', '1']), 'dashboard').stdout) as Data;
    expect(data.repos.map((r) => [r.repo, r.error])).toEqual([
      [app, null],
      [sb.path('gone'), `${sb.path('gone')} does not exist`],
    ]);
  });

  it('an unknown key under dashboard is a configuration error naming the file and the line', async () => {
    const ops = sb.repo('ops-typo', { 'shipver.yaml': 'dashboard:\n  repo: [../app]\n' });
    const r = await shipverAsync(sb, ops, ['dashboard']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown key "repo" in "dashboard" at shipver.yaml:2 — did you mean "repos"?');
    const bad = sb.repo('ops-type', { 'shipver.yaml': 'dashboard:\n  repos: ../app\n' });
    const r2 = await shipverAsync(sb, bad, ['dashboard']);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain('"dashboard.repos" must be a list of strings, found the string "../app" at shipver.yaml:2');
  });

  it('a repository whose shipver.yaml is broken is one row with the reason; the others are shown', async () => {
    const broken = sb.repo('broken', { 'shipver.yaml': 'environments:\n  prod: { staus: "http://127.0.0.1:1/" }\n' });
    const r = ok(await shipverAsync(sb, sb.dir, ['dashboard', 'broken', 'app', '--json', '--timeout', '1']), 'dashboard');
    const data = JSON.parse(r.stdout) as Data;
    const row = data.rows.find((x) => x.repo === broken)!;
    expect(row).toMatchObject({ env: null, state: 'repo-error', health: 'error' });
    expect(row.detail).toContain('unknown key "staus" in "environments.prod" at shipver.yaml:2');
    expect(data.rows.filter((x) => x.repo === app)).toHaveLength(5);
  });

  it('commits link to GitLab for a GitLab remote', async () => {
    sb.git(app, 'remote', 'add', 'origin', 'git@gitlab.example.org:group/sub/app.git');
    try {
      const data = JSON.parse(ok(await shipverAsync(sb, app, ['dashboard', '--json', '--timeout', '1']), 'dashboard').stdout) as Data;
      const good = data.rows.find((r) => r.env === 'good')!;
      const feature = good.notDeployed.find((c) => c.header === 'feat: a feature')!;
      expect(feature.url).toBe(`https://gitlab.example.org/group/sub/app/-/commit/${feature.sha}`);
      expect(data.repos[0]!.remote).toEqual({ kind: 'gitlab', url: 'https://gitlab.example.org/group/sub/app' });
      expect(data.repos[0]!.projects[0]!.unreleased.map((c) => c.header)).toEqual(['fix: a fix, not released']);
    } finally {
      sb.git(app, 'remote', 'remove', 'origin');
    }
  });
});
