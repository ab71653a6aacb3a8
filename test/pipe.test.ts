// Output cut short by its reader is not a crash. Every command that prints (most of them
// far more than a screen here) is run three ways through bash, as a user's shell runs it:
//   - `shipver ... | head -n 1` (pipefail): shipver's exit code 0, nothing on stderr, and
//     head got the first line; for the long outputs the run also checks that the output
//     is far larger than a pipe holds, so shipver did write into the closed pipe;
//   - for the shorter ones, stdout a pipe whose reader has already gone (bash waits for
//     it to exit before starting shipver): the very first write fails, whatever the size;
//   - the same for stderr (progress and problems): the command still does all its work
//     and ends with its own exit code, its stdout whole.
// The repository is real: a history of ~1,200 conventional commits and 31 annotated
// release tags (built with git fast-import), environments whose status URLs a local
// server answers, deploys run by shipver deploy.
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { CLI, Sandbox } from './helpers/sandbox.js';

const sb = new Sandbox();
const dir = sb.path('app');
const ENVS = Array.from({ length: 120 }, (_, i) => `e${String(i + 1).padStart(3, '0')}`);
let server: ChildProcess | null = null;

/** A status server on 127.0.0.1: every environment runs 1.29.0, one release behind. */
async function startServer(): Promise<number> {
  const code = `require('http').createServer((q, s) => { s.setHeader('content-type', 'application/json'); s.end('{"version":"1.29.0"}'); }).listen(0, '127.0.0.1', function () { console.log(this.address().port); });`;
  server = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    server!.on('error', reject);
    server!.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
  });
}

/**
 * The history, through git fast-import (a real repository; only faster to make than
 * 1,200 `git commit`s): 30 releases of 40 feat/fix/perf commits each, every one a
 * chore(release) commit writing VERSION plus an annotated tag, then 40 unreleased
 * breaking changes whose long BREAKING CHANGE notes make the release notes long.
 */
function buildHistory(port: number): void {
  const parts: string[] = [];
  const data = (s: string) => `data ${Buffer.byteLength(s)}\n${s}\n`;
  let time = 1_700_000_000;
  let mark = 0;
  const commit = (message: string, files: Record<string, string>) => {
    mark++;
    parts.push(`commit refs/heads/main\nmark :${mark}\nauthor Ada <ada@example.org> ${time} +0000\ncommitter Ada <ada@example.org> ${time} +0000\n${data(message)}${mark > 1 ? `from :${mark - 1}\n` : ''}`);
    for (const [file, content] of Object.entries(files)) parts.push(`M 100644 inline ${file}\n${data(content)}`);
    time += 60;
  };
  const tag = (name: string) => parts.push(`tag ${name}\nfrom :${mark}\ntagger Ada <ada@example.org> ${time} +0000\n${data(`release ${name}`)}`);
  const yaml = ['environments:', ...ENVS.map((e) => `  ${e}: { deploy: { command: ["true"] }, status: "http://127.0.0.1:${port}/${e}" }`), ''].join('\n');
  commit('chore: start', { VERSION: '1.0.0\n', 'shipver.yaml': yaml });
  tag('v1.0.0');
  const types = ['feat', 'fix', 'perf'];
  let n = 0;
  for (let minor = 1; minor <= 30; minor++) {
    for (let i = 0; i < 40; i++) {
      n++;
      commit(`${types[n % 3]}(area-${n % 17}): change ${n}, described at length so that every report fills a screen`, { [`src/f${n % 40}.txt`]: `${n}\n` });
    }
    commit(`chore(release): 1.${minor}.0`, { VERSION: `1.${minor}.0\n` });
    tag(`v1.${minor}.0`);
  }
  const note = Array.from({ length: 50 }, (_, i) => `callers of the old endpoint must move to the new one, step ${i + 1} of fifty`).join('\n');
  for (let i = 1; i <= 40; i++) commit(`feat(api)!: drop old endpoint ${i}\n\nBREAKING CHANGE: ${note}\n`, { [`api/e${i}.txt`]: `${i}\n` });
  sb.git(sb.dir, 'init', '-q', '-b', 'main', dir);
  const r = spawnSync('git', ['fast-import', '--quiet'], { cwd: dir, env: sb.env, input: parts.join('') });
  if (r.status !== 0) throw new Error(`git fast-import failed: ${r.stderr.toString()}`);
  sb.git(dir, 'reset', '-q', '--hard');
}

beforeAll(async () => {
  const port = await startServer();
  buildHistory(port);
  // the hooks (doctor checks them); untracked files, so the tree stays clean for release
  expect(sb.shipver(dir, ['init', '--hooks-only']).code).toBe(0);
  // 31 real deploys: deploy --log shows its 30 rows, the most it shows
  for (const e of ENVS.slice(0, 31)) {
    const d = sb.shipver(dir, ['deploy', e, '1.0.0', '--quiet']);
    if (d.code !== 0) throw new Error(`deploy to ${e} failed: ${d.stderr}`);
  }
  writeFileSync(sb.path('messages.jsonl'), Array.from({ length: 3000 }, (_, i) => JSON.stringify([`feat: a thing ${i}`, `fix: another thing ${i}`])).join('\n') + '\n');
  writeFileSync(sb.path('batch.jsonl'), Array.from({ length: 3000 }, (_, i) => JSON.stringify({ message: i % 2 ? `fix: repair number ${i}` : `feat(ui): add widget ${i}` })).join('\n') + '\n');
  writeFileSync(
    sb.path('k8s.yaml'),
    Array.from({ length: 600 }, (_, i) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-${i}\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        image: registry.example.org/team/app:0.0.1\n`).join('---\n'),
  );
}, 180_000);

afterAll(() => {
  if (server?.pid) process.kill(server.pid);
  sb.cleanup();
});

interface Piped {
  code: number;
  /** what bash printed: head's line */
  out: string;
  /** what went to the file: shipver's stderr, or its stdout when stderr is the closed pipe */
  file: string;
}

function bash(script: string, args: string[], input?: string): Piped {
  const file = sb.path('captured.txt');
  const r = spawnSync('bash', ['-c', script, 'bash', process.execPath, CLI, file, ...args], { cwd: dir, env: sb.env, input, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, out: r.stdout, file: sb.read(sb.dir, 'captured.txt') };
}

// $1 node, $2 the CLI, $3 the capture file, the rest shipver's arguments
const NODE_CLI = 'n="$1"; cli="$2"; file="$3"; shift 3;';
/** shipver ... | head -n 1, with pipefail: the pipeline fails if shipver does. */
const toHead = (args: string[], input?: string) => bash(`set -o pipefail; ${NODE_CLI} "$n" "$cli" "$@" 2>"$file" | head -n 1`, args, input);
/** stdout (fd 1) or stderr (fd 2) into a pipe nobody reads any more: fd 4's reader exits, and bash waits for it first. */
const closed = (fd: 1 | 2, args: string[], input?: string) =>
  bash(`${NODE_CLI} exec 4> >(exit 0); wait $!; ${fd === 1 ? '"$n" "$cli" "$@" 2>"$file" >&4' : '"$n" "$cli" "$@" 2>&4 >"$file"'}`, args, input);

const withStdin = (file: string) => sb.read(sb.dir, file);

interface Case {
  args: string[];
  /** bytes the output must exceed: enough that head closes the pipe while shipver still writes */
  big?: boolean;
  stdin?: string;
}

const CASES: Case[] = [
  { args: ['changelog', '--from-start', '--stdout'], big: true },
  { args: ['changelog', '--from-start', '--stdout', '--json'], big: true },
  { args: ['changelog', '--stdout'], big: true },
  { args: ['changelog', '--stdout', '--from', 'v1.0.0', '--to', 'v1.30.0'], big: true },
  { args: ['release', '--dry-run'], big: true },
  { args: ['next', '--json'] },
  { args: ['next', '--messages-file', sb.path('messages.jsonl'), '--json'], big: true },
  { args: ['lint', '--from', 'v1.0.0', '--to', 'HEAD', '--json'], big: true },
  { args: ['lint', '--stdin', '--jsonl'], big: true, stdin: 'batch.jsonl' },
  { args: ['ci', 'verify', '--from', 'v1.0.0', '--to', 'HEAD', '--json'], big: true },
  { args: ['envs'], big: true },
  { args: ['envs', '--json'], big: true },
  { args: ['ops', 'manifest', sb.path('k8s.yaml'), '--image', 'registry.example.org/team/app', '--version', '1.30.0'], big: true },
  { args: ['deploy', '--log'] },
  { args: ['deploy', '--log', '--json'] },
  { args: ['deploy', 'e001', '1.30.0', '--dry-run'] },
  { args: ['doctor', '--json'] },
  { args: ['version'] },
  { args: ['version', '--json'] },
  { args: ['next'] },
  { args: ['recover', '--json'] },
  { args: ['init', '--ci', 'github', '--dry-run'] },
  { args: ['--help'] },
  { args: ['changelog', '--help'] },
  { args: ['ops', 'checkout', '--help'] },
  { args: ['hook', '--help'] },
  { args: ['hook', 'pre-push', '--help'] },
];

// a pipe holds 64 KiB and head reads 8 KiB before it exits: past 72 KiB shipver writes into a closed pipe
const BIG = 96 * 1024;
// envs says once on stderr which status URLs it still waits for after a second (a slow
// machine's timing, not the pipe's doing): left out where stderr is compared
const quiet = (s: string) => s.replace(/^… waiting for the status of .*\n/gm, '');

describe('output cut by a pipe ends quietly', () => {
  it.each(CASES)('shipver $args', ({ args, big, stdin }) => {
    const input = stdin ? withStdin(stdin) : undefined;
    const plain = sb.shipver(dir, args, { input });
    expect(plain.code, plain.stderr).toBe(0);
    if (big) expect(plain.stdout.length, 'output large enough to overflow the pipe').toBeGreaterThan(BIG);
    else expect(plain.stdout.length).toBeGreaterThan(0);

    const head = toHead(args, input);
    expect(head.code, head.file).toBe(0);
    expect(head.out).toBe(plain.stdout.split('\n')[0] + '\n');
    // nothing on stderr but what the command says anyway (release --dry-run prints its plan there)
    expect(quiet(plain.stderr).startsWith(quiet(head.file)), head.file).toBe(true);
    if (!quiet(plain.stderr)) expect(quiet(head.file)).toBe('');

    // a long output has met the closed pipe above already; a short one may have fitted in it
    if (big) return;
    const gone = closed(1, args, input);
    expect(gone.code, gone.file).toBe(0);
    expect(quiet(plain.stderr).startsWith(quiet(gone.file)), gone.file).toBe(true);
    expect(gone.file).not.toMatch(/EPIPE|internal error|at .*\.js:\d+/);
  }, 120_000); // envs asks 100 status URLs and reads the history for each

  it.each([
    { args: ['doctor'], what: 'a report on stderr' },
    { args: ['release', '--dry-run'], what: 'the plan on stderr, the notes on stdout' },
    { args: ['lint', '--from', 'v1.0.0', '--to', 'HEAD'], what: 'the summary on stderr' },
    { args: ['deploy', 'e099', '1.29.0'], what: 'a deploy: progress on stderr, the deploy recorded' },
  ])('stderr closed, $what: the command runs to its end, its exit code and stdout kept (shipver $args)', ({ args }) => {
    const plain = args[0] === 'deploy' ? null : sb.shipver(dir, args);
    const gone = closed(2, args);
    expect(gone.code).toBe(plain?.code ?? 0);
    if (plain) expect(gone.file, 'its stdout, whole').toBe(plain.stdout);
    if (args[0] === 'deploy') {
      const log = sb.shipver(dir, ['deploy', '--log', '--json']);
      expect(JSON.parse(log.stdout).some((r: { env: string; outcome: string }) => r.env === 'e099' && r.outcome === 'deployed')).toBe(true);
    }
  });

  it('a refusal printed as JSON into a closed stdout keeps its exit code', () => {
    for (const [args, code] of [
      [['deploy', 'nowhere', '--json'], 2],
      [['lint', 'not a conventional message', '--json'], 1],
    ] as const) {
      const gone = closed(1, [...args]);
      expect(gone.code, `${args.join(' ')}: ${gone.file}`).toBe(code);
      expect(gone.file).toBe('');
    }
  });

  it('a closed stdout does not cut a change short: bump writes stdout only once it is done', () => {
    const gone = closed(1, ['bump', '--json']);
    expect(gone.code, gone.file).toBe(0);
    expect(gone.file).toBe('');
    expect(sb.git(dir, 'log', '-1', '--format=%s').trim()).toBe('chore(release): 2.0.0');
    expect(sb.read(dir, 'VERSION')).toBe('2.0.0\n');
    expect(sb.git(dir, 'status', '--porcelain', '--untracked-files=no')).toBe('');
  });
});
