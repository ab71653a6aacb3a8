// A deploy that fails in the background after `git push --follow-tags` is loud everywhere:
// `envs` (text and --json), `doctor`, `deploy --log`, the next commit's (or push's) notice,
// and `deploy --follow`. Real repositories, a real bare remote, the hooks `shipver init`
// installs, and a deploy script in an ops directory that fails, hangs, waits for a gate
// file, or succeeds, as the test tells it.
import { describe, expect, it, afterAll } from 'vitest';
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CLI, Sandbox, expectNoStack, type Result } from '../helpers/sandbox.js';
import { DJANGO_FILES, releaseRepo } from '../helpers/release-repos.js';
import { alive, waitFor } from '../helpers/processes.js';

const sb = new Sandbox();
afterAll(() => sb.cleanup());
const env = { SHIPVER_DATE: '2026-11-26' };

interface Line {
  id?: string;
  state?: string;
  env: string;
  version: string;
  outcome?: string;
  exitCode?: number | null;
  message?: string;
  pid?: number | null;
  log?: string | null;
  logError?: string;
}

function lines(dir: string): Line[] {
  const f = path.join(dir, '.git/shipver/deploys.jsonl');
  if (!existsSync(f)) return [];
  return readFileSync(f, 'utf8')
    .split('\n')
    .filter(Boolean)
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as Line];
      } catch {
        return [];
      }
    });
}

/** The final line of the latest run that deployed `version` to `envName`. */
function final(dir: string, envName: string, version: string): Line | undefined {
  return lines(dir)
    .filter((l) => l.env === envName && l.version === version && l.outcome !== undefined)
    .at(-1);
}

/** The CLI without blocking this process (a status server in this process must answer meanwhile). */
function shipverAsync(cwd: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}): { done: Promise<Result>; out: () => string; pid: number } {
  const p = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...sb.env, ...extraEnv } });
  let stdout = '';
  let stderr = '';
  p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<Result>((resolve) => p.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr })));
  return { done, out: () => stdout, pid: p.pid! };
}

// The ops directory: deploy.sh does what the file `mode` says.
//   ok        succeed
//   fail      print an error and exit 3
//   hang      start a long sleep (its pid in sleep.pid) and wait for it
//   gate      print a line, wait until the file `go` exists, then succeed
//   gate-fail the same, then exit 3
const ops = sb.path('ops');
mkdirSync(ops);
writeFileSync(
  path.join(ops, 'deploy.sh'),
  [
    '#!/bin/sh',
    'echo "deploying $1 ($(cat mode))"',
    'case "$(cat mode)" in',
    '  fail) echo "boom: the registry said no" >&2; exit 3 ;;',
    '  hang) sleep 60 & echo $! > sleep.pid; wait ;;',
    '  gate|gate-fail) echo "waiting at the gate"; while [ ! -f go ]; do sleep 0.05; done; rm -f go; echo "through the gate" ;;',
    'esac',
    '[ "$(cat mode)" = gate-fail ] && { echo "failed after the gate" >&2; exit 3; }',
    'echo "$1" >> deployed.txt',
    'echo "done with $1"',
    '',
  ].join('\n'),
);
const mode = (m: string) => writeFileSync(path.join(ops, 'mode'), m);
mode('ok');

const { dir: app } = releaseRepo(sb, 'hub', {
  ...DJANGO_FILES,
  'shipver.yaml': [
    'environments:',
    '  test:',
    '    deploy: { command: [sh, deploy.sh, "{version}"], cwd: ../ops, on: release, timeout: 6 }',
    '  broken:',
    '    deploy: { command: [no-such-deploy-tool, "{version}"], cwd: ../ops }',
    'deploy: { waitSeconds: 20 }',
    '',
  ].join('\n'),
}, { npmBin: true });
const recordsFile = path.join(app, '.git/shipver/deploys.jsonl');

let n = 0;
/** A fix, a release, and `git push --follow-tags` (the pre-push hook starts the deploy). */
function releaseAndPush(): { version: string; push: Result } {
  appendFileSync(path.join(app, 'manage.py'), `# change ${++n}\n`);
  expect(sb.commit(app, `fix: change ${n}`).code).toBe(0);
  const rel = sb.shipver(app, ['release'], { env });
  expect(rel.code, rel.stderr).toBe(0);
  const version = sb.read(app, 'hub/version.py').match(/'(.+)'/)![1]!;
  const push = sb.run('git', ['push', '--follow-tags'], { cwd: app });
  expect(push.code, push.stderr).toBe(0);
  return { version, push };
}

interface Row {
  env: string;
  running: string | null;
  source: string | null;
  deploy: null | { state: string; active: boolean; version: string; exitCode: number | null; message: string | null; log: string | null; logError: string | null; summary: string; retry: string | null; follow: string | null };
  lastDeploy: null | { state: string; version: string };
}
function envsJson(): Row[] {
  const r = sb.shipver(app, ['envs', '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Row[];
}
const row = (rows: Row[], name: string) => rows.find((r) => r.env === name)!;

interface Check {
  name: string;
  status: string;
  message: string;
  fix?: string;
  deploy?: { env: string; state: string; version: string; exitCode: number | null };
}
function doctor(): { code: number; checks: Check[] } {
  const r = sb.shipver(app, ['doctor', '--json']);
  expectNoStack(r.stderr);
  return { code: r.code, checks: (JSON.parse(r.stdout) as { checks: Check[] }).checks };
}
const deployChecks = (checks: Check[]) => checks.filter((c) => c.name === 'deploys');

/** An empty commit through the hooks; its stderr. */
function commit(message: string): string {
  const r = sb.commit(app, message, { allowEmpty: true });
  expect(r.code, r.stderr).toBe(0);
  return r.stderr;
}

describe('a deploy that fails in the background is loud everywhere', () => {
  let good = '';
  let failed = '';
  let failedLog = '';

  it('a successful deploy: envs shows the running version from the deploy log, doctor is green', async () => {
    const { version, push } = releaseAndPush();
    good = version;
    expect(push.stderr).toContain(`deploying ${version} to test once v${version} reaches origin`);
    expect(push.stderr).toContain('shipver deploy --follow test');
    await waitFor('the deploy', () => final(app, 'test', version));
    expect(final(app, 'test', version)).toMatchObject({ state: 'deployed', outcome: 'deployed', exitCode: 0 });
    // every step is on record, in order, under one id
    const steps = lines(app).filter((l) => l.version === version);
    expect(new Set(steps.map((l) => l.id)).size).toBe(1);
    expect(steps.map((l) => l.state)).toEqual(['started', 'started', 'waiting-tag', 'running', 'deployed']);
    const t = row(envsJson(), 'test');
    expect(t).toMatchObject({ running: version, source: 'deploy-log', deploy: null, lastDeploy: { state: 'deployed', version } });
    const d = doctor();
    expect(deployChecks(d.checks)).toEqual([{ name: 'deploys', status: 'ok', message: 'the latest deploy to each environment succeeded' }]);
    expect(d.code, JSON.stringify(d.checks)).toBe(0);
  });

  it('a deploy that exits 3: envs (text and --json), doctor, deploy --log', async () => {
    mode('fail');
    const { version, push } = releaseAndPush();
    expect(push.code).toBe(0); // the push itself succeeds: the deploy runs after it
    await waitFor('the failed deploy', () => final(app, 'test', version));
    const rec = final(app, 'test', version)!;
    failed = version;
    expect(rec).toMatchObject({ state: 'failed', outcome: 'failed', exitCode: 3 });
    failedLog = rec.log!;
    expect(readFileSync(failedLog, 'utf8')).toContain('boom: the registry said no');

    const text = sb.shipver(app, ['envs']);
    expect(text.code, text.stderr).toBe(0);
    const out = text.stdout.split('\n');
    const head = out.findIndex((l) => /^test\s+hub\s/.test(l));
    expect(out[head]).toMatch(new RegExp(`^test\\s+hub\\s+${good.replace(/\./g, '\\.')}\\s+1 release, \\d+ commits behind ${version.replace(/\./g, '\\.')} \\(from the deploy log\\)$`));
    // on its own line, right under the environment
    expect(out[head + 1]).toMatch(new RegExp(`^\\s+✖ deploy of ${version.replace(/\./g, '\\.')} failed \\(exit 3\\) \\d+ s ago — log: ${failedLog.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} — retry: shipver deploy test ${version.replace(/\./g, '\\.')}$`));

    const t = row(envsJson(), 'test');
    expect(t.running).toBe(good);
    expect(t.deploy).toMatchObject({ state: 'failed', active: false, version, exitCode: 3, log: failedLog, retry: `shipver deploy test ${version}`, follow: null });
    expect(t.deploy!.summary).toMatch(/^failed \(exit 3\) \d+ s ago$/);

    const d = doctor();
    expect(d.code).toBe(1);
    const [check] = deployChecks(d.checks);
    expect(check).toMatchObject({ status: 'fail', deploy: { state: 'failed', version, exitCode: 3 } });
    expect(check!.message).toMatch(new RegExp(`^the deploy of ${version.replace(/\./g, '\\.')} to test failed \\(exit 3\\) \\d+ s ago, and no deploy to test succeeded since \\(log: ${failedLog.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\)$`));
    // doctor's fix is the command alone, run as printed
    expect(check!.fix).toBe(`shipver deploy test ${version}`);
    const human = sb.shipver(app, ['doctor']);
    expect(human.code).toBe(1);
    expect(human.stderr).toContain(`✖ deploys: the deploy of ${version} to test failed (exit 3)`);

    const log = sb.shipver(app, ['deploy', '--log', 'test']);
    expect(log.code).toBe(0);
    expect(log.stdout).toMatch(new RegExp(`✖ .*test\\s+hub\\s+${version.replace(/\./g, '\\.')}\\s+[\\d.]+ s\\s+exit 3\\s+${failedLog.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`));
  });

  it('the next commit says so once; the one after says nothing', () => {
    const version = failed;
    const first = commit('chore: the next commit');
    expect(first).toMatch(new RegExp(`^shipver: the deploy of ${version.replace(/\./g, '\\.')} to test failed \\(exit 3\\) \\d+ s ago: shipver deploy --log test$`, 'm'));
    expect(first.match(/shipver: the deploy of/g)).toHaveLength(1);
    expect(commit('chore: and another')).not.toContain('shipver: the deploy of');
    // nor does a push
    const push = sb.run('git', ['push'], { cwd: app });
    expect(push.code, push.stderr).toBe(0);
    expect(push.stderr).not.toContain('shipver: the deploy of');
  });

  it('the retry printed by envs works as printed, and then all is quiet', async () => {
    mode('ok');
    const printed = sb.shipver(app, ['envs']).stdout.match(/retry: (shipver deploy \S+ \S+)$/m)![1]!;
    const args = printed.split(' ').slice(1);
    const r = sb.shipver(app, args);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/✔ v\S+ deployed to test/);
    const t = row(envsJson(), 'test');
    expect(t.deploy).toBeNull();
    expect(t.running).toBe(args[2]);
    expect(sb.shipver(app, ['envs']).stdout).not.toContain('✖');
    expect(doctor().code).toBe(0);
  });

  it('a deploy that hangs past deploy.timeout is stopped (its whole process group) and recorded as timed out', async () => {
    mode('hang');
    const { version } = releaseAndPush();
    const rec = await waitFor('the timed-out deploy', () => final(app, 'test', version));
    expect(rec).toMatchObject({ state: 'timeout', outcome: 'timeout', exitCode: 143, message: 'no result within deploy.timeout (6 s); the command was stopped' });
    // the script's own child (sleep 60) was stopped with it
    const sleeper = Number(readFileSync(path.join(ops, 'sleep.pid'), 'utf8'));
    await waitFor('the sleep to end', () => !alive(sleeper), 10_000);
    const t = row(envsJson(), 'test');
    expect(t.deploy).toMatchObject({ state: 'timeout', version, retry: `shipver deploy test ${version}` });
    expect(sb.shipver(app, ['envs']).stdout).toContain(`✖ deploy of ${version} timed out: no result within deploy.timeout (6 s); the command was stopped`);
    expect(deployChecks(doctor().checks).find((c) => c.deploy?.env === 'test')).toMatchObject({ status: 'fail', deploy: { state: 'timeout' } });
    // this time the notice comes with the push (there was no commit in between)
    mode('ok');
    const push = sb.run('git', ['push'], { cwd: app });
    expect(push.stderr).toContain(`shipver: the deploy of ${version} to test timed out: no result within deploy.timeout (6 s); the command was stopped`);
    expect(commit('chore: after the timeout')).not.toContain('shipver: the deploy of');
  });

  it('a command that is not found is a recorded failure with its reason (a manual deploy: no notice)', () => {
    const r = sb.shipver(app, ['deploy', 'broken', good]);
    expect(r.code).toBe(1);
    expectNoStack(r.stderr);
    expect(r.stderr).toContain(`✖ deploy of v${good} to broken: failed — no-such-deploy-tool not found`);
    expect(r.stderr).toContain(`retry: shipver deploy broken ${good}`);
    expect(final(app, 'broken', good)).toMatchObject({ state: 'failed', exitCode: null, message: expect.stringContaining('no-such-deploy-tool not found') });
    const b = row(envsJson(), 'broken');
    expect(b.running).toBeNull();
    expect(b.deploy).toMatchObject({ state: 'failed', exitCode: null, retry: `shipver deploy broken ${good}` });
    const text = sb.shipver(app, ['envs']).stdout;
    expect(text).toMatch(/^broken\s+hub\s+unknown \(no status URL, no successful deploy recorded\)$/m);
    expect(text).toContain(`✖ deploy of ${good} failed: no-such-deploy-tool not found`);
    expect(sb.shipver(app, ['deploy', '--log', 'broken']).stdout).toContain('no-such-deploy-tool not found');
    expect(deployChecks(doctor().checks).find((c) => c.deploy?.env === 'broken')).toMatchObject({ status: 'fail', message: expect.stringContaining('no-such-deploy-tool not found') });
    // a deploy run by hand was watched as it failed: the next commit does not repeat it
    expect(commit('chore: after the manual deploy')).not.toContain('shipver: the deploy of');
  });

  it('a log that cannot be written: the deploy still runs, and the record says why', async () => {
    mode('fail');
    // the next version's log path is taken by a directory
    const next = `1.0.${n + 1}`;
    mkdirSync(path.join(app, '.git/shipver/deploys', `test-${next}.log`), { recursive: true });
    const { version } = releaseAndPush();
    expect(version).toBe(next);
    const rec = await waitFor('the deploy without a log', () => final(app, 'test', version));
    expect(rec).toMatchObject({ state: 'failed', exitCode: 3, log: null, logError: expect.stringMatching(/^cannot write the log .*test-1\.0\.\d+\.log \(EISDIR\)$/) });
    const t = row(envsJson(), 'test');
    expect(t.deploy).toMatchObject({ log: null, logError: rec.logError });
    expect(sb.shipver(app, ['envs']).stdout).toContain(`✖ deploy of ${version} failed (exit 3)`);
    expect(sb.shipver(app, ['envs']).stdout).toContain(`no log: ${rec.logError}`);
    expect(sb.shipver(app, ['deploy', '--log', 'test']).stdout).toContain(`no log (${rec.logError})`);
    expect(commit('chore: after the deploy without a log')).toContain(`shipver: the deploy of ${version} to test failed (exit 3)`);
    rmSync(path.join(app, '.git/shipver/deploys', `test-${next}.log`), { recursive: true });
  });

  it('deploy --follow attaches to a running background deploy, streams its log, and exits 0 on success', async () => {
    mode('gate');
    const { version } = releaseAndPush();
    // right after the push, the run is on record as started
    expect(lines(app).some((l) => l.version === version && l.state === 'started')).toBe(true);
    const f = shipverAsync(app, ['deploy', '--follow', 'test']);
    await waitFor('the streamed log', () => f.out().includes('waiting at the gate'));
    // meanwhile envs shows it running, with the command that follows it
    const t = row(envsJson(), 'test');
    expect(t.deploy).toMatchObject({ state: 'running', active: true, version, retry: null, follow: 'shipver deploy --follow test' });
    expect(sb.shipver(app, ['envs']).stdout).toMatch(new RegExp(`▶ deploy of ${version.replace(/\./g, '\\.')} is running for \\d+ s — log: .* — follow: shipver deploy --follow test`));
    writeFileSync(path.join(ops, 'go'), '');
    const r = await f.done;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`following the deploy of ${version} to test`);
    expect(r.stdout).toContain(`deploying ${version} (gate)`);
    expect(r.stdout).toContain('through the gate');
    expect(r.stdout).toContain(`done with ${version}`);
    expect(r.stdout).toContain('# deployed (exit 0)');
    expect(r.stderr).toContain(`✔ v${version} deployed to test`);
  });

  it('deploy --wait on a deploy that fails exits 1 with the outcome; with nothing running it reports the last one', async () => {
    mode('gate-fail');
    const { version } = releaseAndPush();
    await waitFor('the deploy to run', () => lines(app).some((l) => l.version === version && l.state === 'running'));
    const f = shipverAsync(app, ['deploy', '--wait']);
    await waitFor('the streamed log', () => f.out().includes('waiting at the gate'));
    writeFileSync(path.join(ops, 'go'), '');
    const r = await f.done;
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('failed after the gate');
    expect(r.stderr).toContain(`✖ the deploy of ${version} to test failed (exit 3)`);
    expect(r.stderr).toContain(`retry: shipver deploy test ${version}`);
    // nothing running now: the last deploy's result
    const again = sb.shipver(app, ['deploy', '--follow', 'test']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('no deploy to test is running; the last one:');
    expect(again.stderr).toContain(`✖ the deploy of ${version} to test failed (exit 3)`);
    const none = sb.shipver(app, ['deploy', '--follow', 'staging']);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('no deploy to staging is running or recorded here');
    commit('chore: take the notice');
  });

  it('a runner killed with SIGTERM records the deploy as cancelled and stops its command', async () => {
    mode('gate');
    const { version } = releaseAndPush();
    const running = await waitFor('the deploy to run', () => lines(app).find((l) => l.version === version && l.state === 'running'));
    process.kill(running.pid!, 'SIGTERM');
    const rec = await waitFor('the cancelled record', () => final(app, 'test', version));
    expect(rec).toMatchObject({ state: 'cancelled', message: 'cancelled by SIGTERM; the command was stopped' });
    expect(row(envsJson(), 'test').deploy).toMatchObject({ state: 'cancelled', version });
    expect(commit('chore: after the cancel')).toContain(`shipver: the deploy of ${version} to test was cancelled: cancelled by SIGTERM; the command was stopped`);
  });

  it('Ctrl-C (SIGINT) on a deploy in the foreground stops its command and records it as cancelled, with no notice', async () => {
    mode('gate');
    const f = shipverAsync(app, ['deploy', 'test', good]);
    await waitFor('the command to run', () => lines(app).some((l) => l.version === good && l.state === 'running' && l.pid === f.pid));
    process.kill(f.pid, 'SIGINT');
    const r = await f.done;
    expect(r.code).toBe(1);
    expectNoStack(r.stderr);
    expect(r.stderr).toContain(`✖ deploy of v${good} to test: cancelled (exit 143) — cancelled by SIGINT; the command was stopped`);
    expect(final(app, 'test', good)).toMatchObject({ state: 'cancelled', trigger: 'manual', message: 'cancelled by SIGINT; the command was stopped' });
    expect(row(envsJson(), 'test').deploy).toMatchObject({ state: 'cancelled', version: good });
    expect(commit('chore: after ctrl-c')).not.toContain('shipver: the deploy of');
  });

  it('a runner killed with SIGKILL leaves no final line: it is found dead, shown as died, recorded once, told once', async () => {
    mode('gate');
    const { version } = releaseAndPush();
    const running = await waitFor('the deploy to run', () => lines(app).find((l) => l.version === version && l.state === 'running'));
    process.kill(running.pid!, 'SIGKILL');
    await waitFor('the runner to die', () => !alive(running.pid!), 10_000);
    writeFileSync(path.join(ops, 'go'), ''); // let the orphaned script end
    const t = row(envsJson(), 'test');
    expect(t.deploy).toMatchObject({ state: 'died', version, message: `its runner (pid ${running.pid}) ended without recording an outcome (killed?)` });
    expect(sb.shipver(app, ['envs']).stdout).toContain(`✖ deploy of ${version} died: its runner (pid ${running.pid}) ended without recording an outcome (killed?)`);
    // the first reader wrote the final line, once
    expect(lines(app).filter((l) => l.id === running.id && l.state === 'died')).toHaveLength(1);
    expect(deployChecks(doctor().checks).find((c) => c.deploy?.env === 'test')).toMatchObject({ status: 'fail', deploy: { state: 'died' } });
    expect(lines(app).filter((l) => l.id === running.id && l.state === 'died')).toHaveLength(1);
    const first = commit('chore: after the kill');
    expect(first).toContain(`shipver: the deploy of ${version} to test died: its runner (pid ${running.pid}) ended without recording an outcome (killed?)`);
    expect(commit('chore: once more')).not.toContain('shipver: the deploy of');
  });

  it('a corrupt line in the record is skipped with a warning naming the file and line; nothing else is lost', () => {
    const before = envsJson();
    const count = readFileSync(recordsFile, 'utf8').split('\n').filter(Boolean).length;
    appendFileSync(recordsFile, '{"id": "torn", "state": "runn\n["not", "a", "record"]\n');
    const r = sb.shipver(app, ['envs', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`${recordsFile}:${count + 1}: not a deploy record (skipped)\n`);
    expect(r.stderr).toContain(`${recordsFile}:${count + 2}: not a deploy record (skipped)\n`);
    expect(JSON.parse(r.stdout)).toEqual(before.map((x) => ({ ...x, deploy: x.deploy && { ...x.deploy, summary: expect.any(String) } })));
    const log = sb.shipver(app, ['deploy', '--log', '--json']);
    expect(log.stderr).toContain(`${recordsFile}:${count + 1}: not a deploy record (skipped)`);
    expect((JSON.parse(log.stdout) as unknown[]).length).toBeGreaterThan(5);
    expect(deployChecks(doctor().checks).filter((c) => c.status === 'warn').map((c) => c.message)).toEqual([
      `${recordsFile}:${count + 1}: not a deploy record (skipped)`,
      `${recordsFile}:${count + 2}: not a deploy record (skipped)`,
    ]);
  });
});
