#!/usr/bin/env node
// appctl: the "environment" of this ops demo is an app process on a loopback port, since
// containers cannot run here and there is no cluster (see README.md).
//
//   appctl stop PIDFILE                         stop the process PIDFILE names (SIGTERM, SIGKILL after 5 s)
//   appctl start PIDFILE LOGFILE DIR -- CMD...  start CMD in DIR detached, output to LOGFILE, its PID in PIDFILE
//   appctl wait URL VERSION [PIDFILE LOGFILE]   wait (20 s) until URL answers JSON whose "version" is VERSION
//
// Node only (no curl needed): the ops machine runs shipver, so it has node.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const fail = (msg, code = 1) => {
  process.stderr.write(`appctl: ${msg}\n`);
  process.exit(code);
};

const HAS_PROC = existsSync('/proc/self/stat');

/** Running? A zombie (stopped, not yet reaped by its new parent) counts as gone. */
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

function readPid(pidfile) {
  if (!existsSync(pidfile)) return null;
  const pid = Number(readFileSync(pidfile, 'utf8').trim());
  return Number.isInteger(pid) && pid > 1 ? pid : null;
}

async function stop(pidfile) {
  const pid = readPid(pidfile);
  if (pid === null || !alive(pid)) {
    rmSync(pidfile, { force: true });
    console.log('nothing running');
    return;
  }
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 100 && alive(pid); i++) await sleep(50);
  if (alive(pid)) {
    process.kill(pid, 'SIGKILL');
    for (let i = 0; i < 40 && alive(pid); i++) await sleep(50);
  }
  rmSync(pidfile, { force: true });
  console.log(`stopped pid ${pid}`);
}

function start(pidfile, logfile, dir, argv) {
  if (!argv.length) fail('start: no command given (appctl start PIDFILE LOGFILE DIR -- CMD...)', 2);
  const running = readPid(pidfile);
  if (running !== null && alive(running)) fail(`start: pid ${running} from ${pidfile} is still running; stop it first`);
  mkdirSync(path.dirname(pidfile), { recursive: true });
  mkdirSync(path.dirname(logfile), { recursive: true });
  const out = openSync(logfile, 'a');
  // detached: its own session, so it outlives make and the deploy runner; stdio to the
  // log file, so it does not hold make's output pipes open.
  const child = spawn(argv[0], argv.slice(1), { cwd: dir, detached: true, stdio: ['ignore', out, out] });
  closeSync(out);
  child.on('error', (e) => fail(`start: ${argv[0]}: ${e.message}`));
  if (child.pid === undefined) return;
  writeFileSync(pidfile, `${child.pid}\n`);
  child.unref();
  console.log(`started pid ${child.pid}: ${argv.join(' ')}`);
}

/** 1.2.0-beta.1 and 1.2.0b1 name the same version (a Python app reports PEP 440). */
function sameVersion(a, b) {
  const pep440 = (v) => v.replace(/-(alpha|a|beta|b|rc)\.?(\d+)$/, (_, k, n) => `${{ alpha: 'a', a: 'a', beta: 'b', b: 'b', rc: 'rc' }[k]}${n}`);
  return a === b || pep440(a) === pep440(b);
}

async function wait(url, version, pidfile, logfile) {
  const deadline = Date.now() + 20_000;
  let last = 'no answer';
  while (Date.now() < deadline) {
    const pid = pidfile ? readPid(pidfile) : null;
    if (pidfile && (pid === null || !alive(pid))) {
      const tail = logfile && existsSync(logfile) ? readFileSync(logfile, 'utf8').split('\n').slice(-15).join('\n') : '';
      fail(`the app exited before ${url} answered${tail ? `; the end of ${logfile}:\n${tail}` : ''}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      const body = await res.text();
      let data = null;
      try {
        data = JSON.parse(body);
      } catch {
        /* not JSON yet */
      }
      if (res.ok && data && typeof data.version === 'string' && sameVersion(data.version, version)) {
        console.log(`${url} → ${body.trim()}`);
        return;
      }
      last = `HTTP ${res.status}: ${body.slice(0, 200)}`;
    } catch (e) {
      last = e.cause?.code ?? e.message;
    }
    await sleep(100);
  }
  fail(`${url} did not report version ${version} within 20 s (last: ${last})`);
}

const [cmd, ...args] = process.argv.slice(2);
if (cmd === 'stop' && args.length === 1) await stop(args[0]);
else if (cmd === 'start' && args.length >= 5 && args[3] === '--') start(args[0], args[1], args[2], args.slice(4));
else if (cmd === 'wait' && (args.length === 2 || args.length === 4)) await wait(...args);
else fail('usage: appctl stop PIDFILE | start PIDFILE LOGFILE DIR -- CMD... | wait URL VERSION [PIDFILE LOGFILE]', 2);
