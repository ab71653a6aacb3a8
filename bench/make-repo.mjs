#!/usr/bin/env node
// Generates a deterministic git repository of N commits with git fast-import: realistic
// conventional messages (types, scopes, bodies, `!` and BREAKING CHANGE footers, some
// non-conventional ones, merges of short side branches), a release commit that updates
// package.json every ~50 commits, and an annotated semver tag on it.
//
//   node bench/make-repo.mjs DIR N [--seed S]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';

const [dirArg, nArg, ...rest] = process.argv.slice(2);
if (!dirArg || !nArg) {
  console.error('usage: node bench/make-repo.mjs DIR N [--seed S]');
  process.exit(2);
}
const N = Number(nArg);
const seedIdx = rest.indexOf('--seed');
let seed = seedIdx >= 0 ? Number(rest[seedIdx + 1]) : 42;

// mulberry32: small, fast, deterministic
function rand() {
  seed |= 0;
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (arr) => arr[Math.floor(rand() * arr.length)];

const TYPES = [
  ['feat', 18], ['fix', 24], ['chore', 14], ['docs', 10], ['refactor', 9], ['test', 8], ['perf', 3], ['ci', 5], ['build', 4], ['style', 3], ['revert', 1],
];
const TOTAL = TYPES.reduce((a, [, w]) => a + w, 0);
function pickType() {
  let r = rand() * TOTAL;
  for (const [t, w] of TYPES) if ((r -= w) < 0) return t;
  return 'chore';
}
const SCOPES = ['api', 'auth', 'status', 'deploy', 'ui', 'db', 'cli', 'config', 'hub', 'cloud', null, null, null];
const VERBS = ['add', 'handle', 'remove', 'support', 'update', 'fix', 'rename', 'simplify', 'document', 'speed up', 'guard', 'report'];
const NOUNS = ['status endpoint', 'version header', 'login flow', 'retry logic', 'cache', 'health check', 'settings loader', 'image tag', 'changelog links', 'empty responses', 'timeouts', 'migrations'];
const NON_CONVENTIONAL = ['Update README.md', 'WIP', 'Fixed the thing.', 'merge fixes', 'Bump dependencies', 'tweak'];

function message(i) {
  const r = rand();
  if (r < 0.03) return `${pick(NON_CONVENTIONAL)}\n`;
  const type = pickType();
  const scope = pick(SCOPES);
  const breaking = type === 'feat' && rand() < 0.006;
  const bang = breaking && rand() < 0.5;
  let header = `${type}${scope ? `(${scope})` : ''}${bang ? '!' : ''}: ${pick(VERBS)} ${pick(NOUNS)}`;
  if (rand() < 0.15) header += ` (#${1000 + (i % 9000)})`;
  let body = '';
  if (rand() < 0.4) {
    const lines = 1 + Math.floor(rand() * 4);
    body = '\n\n' + Array.from({ length: lines }, () => `${pick(VERBS)} the ${pick(NOUNS)} so that the ${pick(NOUNS)} keeps working.`).join('\n');
  }
  let footer = '';
  if (breaking && !bang) footer = `\n\nBREAKING CHANGE: the ${pick(NOUNS)} changed its format`;
  else if (rand() < 0.1) footer = `\n\nCloses #${100 + (i % 900)}`;
  return `${header}${body}${footer}\n`;
}

const RANK = { none: 0, patch: 1, minor: 2, major: 3 };
function levelOf(msg) {
  const header = msg.split('\n')[0];
  if (/^\w+(\([^)]*\))?!:/.test(header) || /\nBREAKING CHANGE:/.test(msg)) return 'major';
  if (/^feat(\(|:)/.test(header)) return 'minor';
  if (/^(fix|perf)(\(|:)/.test(header)) return 'patch';
  return 'none';
}

const dir = path.resolve(dirArg);
if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const init = spawnSync('git', ['init', '-q', '-b', 'main', dir]);
if (init.status !== 0) throw new Error(init.stderr.toString());

const fi = spawn('git', ['fast-import', '--quiet', '--done'], { cwd: dir, stdio: ['pipe', 'inherit', 'inherit'] });
let buffered = [];
let bufferedLen = 0;
async function out(s) {
  buffered.push(s);
  bufferedLen += s.length;
  if (bufferedLen > 1 << 20) await flush();
}
async function flush() {
  const chunk = buffered.join('');
  buffered = [];
  bufferedLen = 0;
  if (!fi.stdin.write(chunk)) await new Promise((r) => fi.stdin.once('drain', r));
}
const data = (s) => `data ${Buffer.byteLength(s)}\n${s}\n`;

let mark = 0;
let time = 1_600_000_000;
const who = (t) => `Bench Author <bench@example.org> ${t} +0000`;
let version = [0, 1, 0];
let pending = 'none';
let tip = null;
let sinceRelease = 0;
const pkg = (v) => `{\n  "name": "bench-app",\n  "version": "${v}",\n  "private": true\n}\n`;

async function commit(ref, msg, parent, files, merge = null) {
  mark++;
  time += 60;
  await out(`commit ${ref}\nmark :${mark}\nauthor ${who(time)}\ncommitter ${who(time)}\n${data(msg)}`);
  if (parent) await out(`from :${parent}\n`);
  if (merge) await out(`merge :${merge}\n`);
  for (const [f, content] of files) await out(`M 100644 inline ${f}\n${data(content)}`);
  return mark;
}

tip = await commit('refs/heads/main', 'chore: initial commit\n', null, [['package.json', pkg(version.join('.'))], ['README.md', '# bench app\n']]);
await out(`tag v${version.join('.')}\nfrom :${tip}\ntagger ${who(time)}\n${data(`v${version.join('.')}\n`)}`);
let made = 1;
while (made < N) {
  if (made % 97 === 0 && made + 4 < N) {
    // a short side branch merged back
    let side = tip;
    for (let k = 0; k < 3; k++) {
      const msg = message(made);
      pending = RANK[levelOf(msg)] > RANK[pending] ? levelOf(msg) : pending;
      side = await commit('refs/heads/side', msg, side, [[`src/side/${made % 50}.txt`, `${made}\n`]]);
      made++;
    }
    tip = await commit('refs/heads/main', `Merge branch 'side'\n`, tip, [], side);
    made++;
    sinceRelease += 4;
    continue;
  }
  const msg = message(made);
  const lvl = levelOf(msg);
  if (RANK[lvl] > RANK[pending]) pending = lvl;
  tip = await commit('refs/heads/main', msg, tip, [[`src/${made % 200}.txt`, `${made}\n`]]);
  made++;
  sinceRelease++;
  if (sinceRelease >= 50 && pending !== 'none' && made < N) {
    if (pending === 'major') version = [version[0] + 1, 0, 0];
    else if (pending === 'minor') version = [version[0], version[1] + 1, 0];
    else version = [version[0], version[1], version[2] + 1];
    const v = version.join('.');
    tip = await commit('refs/heads/main', `chore(release): ${v}\n`, tip, [['package.json', pkg(v)]]);
    made++;
    await out(`tag v${v}\nfrom :${tip}\ntagger ${who(time)}\n${data(`v${v}\n`)}`);
    pending = 'none';
    sinceRelease = 0;
  }
}
await out('done\n');
await flush();
fi.stdin.end();
const code = await new Promise((r) => fi.on('close', r));
if (code !== 0) throw new Error(`git fast-import exited ${code}`);
spawnSync('git', ['reset', '-q', '--hard', 'main'], { cwd: dir });
spawnSync('git', ['branch', '-q', '-D', 'side'], { cwd: dir });
const tags = spawnSync('git', ['tag', '-l'], { cwd: dir }).stdout.toString().split('\n').filter(Boolean).length;
console.error(`made ${dir}: ${made} commits, ${tags} tags, version ${version.join('.')}`);
