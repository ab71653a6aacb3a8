// `shipver commit` without a terminal: flags answer the questions. Real repositories with
// shipver's hooks installed by `shipver init`, the built CLI, the commits read back byte for byte.
import { afterAll, describe, expect, it } from 'vitest';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { COMMANDS } from '../../src/commands/table.js';
import { fastParse } from '../../src/commands/fast-args.js';
import { buildProgram } from '../../src/cli.js';
import type { Io } from '../../src/io.js';
import { Sandbox, expectNoStack, type Result } from '../helpers/sandbox.js';
import { app as commitApp, messageOf as storedMessage } from './helpers.js';

const sb = new Sandbox();
afterAll(() => sb.cleanup());

/** An app at 1.3.0 (tag v1.3.0) with shipver's hooks, a fix since the tag, and status.js staged. */
const app = (name: string): string => commitApp(sb, name);
const messageOf = (dir: string, rev?: string): string => storedMessage(sb, dir, rev);

/** Replaces the app's pre-commit hook with `script`; the hook's path. */
function preCommit(dir: string, script: string): string {
  const hook = path.join(dir, '.husky/pre-commit');
  writeFileSync(hook, script);
  chmodSync(hook, 0o755);
  return hook;
}

/** The CLI with stdin not a terminal (a pipe, with nothing in it). */
function commit(dir: string, args: string[], env: NodeJS.ProcessEnv = {}): Result {
  const r = sb.shipver(dir, ['commit', ...args], { input: '', env });
  expectNoStack(r.stdout + r.stderr);
  return r;
}

describe('shipver commit with flags (no terminal)', () => {
  it('every answer from a flag: the message git stores, the release it makes, the hooks ran', () => {
    const dir = app('all-flags');
    const r = commit(dir, [
      '--type', 'feat',
      '--scope', 'api',
      '--subject', 'add the version to the status endpoint',
      '--body', 'The endpoint says which release runs.\nOps asked for it.',
      '--breaking', 'the status endpoint answers JSON, not text',
      '--closes', '12', '--closes', '#34',
      '--refs', '7',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(messageOf(dir)).toBe(
      'feat(api)!: add the version to the status endpoint\n\nThe endpoint says which release runs.\nOps asked for it.\n\nBREAKING CHANGE: the status endpoint answers JSON, not text\nCloses #12\nCloses #34\nRefs #7\n',
    );
    expect(r.stderr).toContain('this commit makes the next release 2.0.0 (breaking change → major, from 1.3.0)');
    expect(r.stdout).toMatch(/\[main [0-9a-f]+\] feat\(api\)!: add the version/); // git's own summary
    // git kept the message it committed, as after any commit
    expect(readFileSync(path.join(dir, '.git/COMMIT_EDITMSG'), 'utf8')).toBe(messageOf(dir));
  });

  it("git's hooks run as usual; a hook's refusal is git's, nothing is committed, and --retry starts from that message", () => {
    const dir = app('hook-refuses');
    const head = sb.git(dir, 'rev-parse', 'HEAD');
    const hook = preCommit(dir, 'echo "pre-commit: tests failed" >&2\nexit 1\n');
    const r = commit(dir, ['--type', 'fix', '--subject', 'report the version', '--body', 'Details here.']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('pre-commit: tests failed');
    expect(r.stderr).toContain('git commit stopped (exit 1): nothing was committed');
    expect(r.stderr).toContain('shipver commit --retry');
    expect(sb.git(dir, 'rev-parse', 'HEAD')).toBe(head);
    // the hook fixed, the same message again with only the type changed
    writeFileSync(hook, 'exit 0\n');
    const again = commit(dir, ['--retry', '--type', 'perf']);
    expect(again.code, again.stderr).toBe(0);
    expect(messageOf(dir)).toBe('perf: report the version\n\nDetails here.\n');
  });

  it('-- --no-verify goes to git: its hooks are skipped, the message is still linted first', () => {
    const dir = app('no-verify');
    preCommit(dir, 'exit 1\n');
    const refused = commit(dir, ['--type', 'fix', '--subject', 'Report the version.', '--', '--no-verify']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('[subject-case]');
    const r = commit(dir, ['--type', 'fix', '--subject', 'report the version', '--', '--no-verify']);
    expect(r.code, r.stderr).toBe(0);
    expect(messageOf(dir)).toBe('fix: report the version\n');
  });

  it('--closes and --refs take several numbers after one flag too', () => {
    const dir = app('variadic');
    const r = commit(dir, ['--type', 'fix', '--subject', 'close them', '--closes', '1', '2', '--refs', '3', '4', '--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('fix: close them\n\nCloses #1\nCloses #2\nRefs #3\nRefs #4\n');
  });

  it('--dry-run prints the message and the release, commits nothing', () => {
    const dir = app('dry-run');
    const head = sb.git(dir, 'rev-parse', 'HEAD');
    const r = commit(dir, ['--type', 'feat', '--scope', 'status', '--subject', 'add the endpoint', '--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('feat(status): add the endpoint\n');
    expect(r.stderr).toContain('this commit makes the next release 1.4.0');
    expect(sb.git(dir, 'rev-parse', 'HEAD')).toBe(head);
    expect(sb.git(dir, 'diff', '--cached', '--name-only').trim()).toBe('status.js');
  });

  it('--dry-run --json: the message, its parts, the lint result and the release as data', () => {
    const dir = app('dry-run-json');
    const r = commit(dir, ['--type', 'docs', '--subject', 'explain the deploy', '--closes', '9', '--dry-run', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.ok).toBe(true);
    expect(out.message).toBe('docs: explain the deploy\n\nCloses #9\n');
    expect(out.parts).toMatchObject({ type: 'docs', scope: '', subject: 'explain the deploy', closes: ['9'] });
    expect(out.lint).toMatchObject({ valid: true, errors: [] });
    expect(out.release).toMatchObject({ level: 'none', current: '1.3.0', next: '1.3.1' });
  });

  it('--json after a real commit: the commit made, git\'s summary kept off stdout', () => {
    const dir = app('json-commit');
    const r = commit(dir, ['--type', 'fix', '--subject', 'report the version', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ ok: true, commit: sb.git(dir, 'rev-parse', 'HEAD').trim(), message: 'fix: report the version\n' });
    expect(r.stderr).toMatch(/\[main [0-9a-f]+\] fix: report the version/);
  });

  it('--retry after a real git commit refused by the hook: `added the thing` becomes `feat: added the thing` with one flag', () => {
    const dir = app('retry');
    const refused = sb.run('git', ['commit', '-m', 'added the thing'], { cwd: dir });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('[type-empty]');
    expect(refused.stderr).toContain('→ shipver commit --retry');
    const head = sb.git(dir, 'rev-parse', 'HEAD');
    const r = commit(dir, ['--retry', '--type', 'feat']);
    expect(r.code, r.stderr).toBe(0);
    expect(messageOf(dir)).toBe('feat: added the thing\n');
    expect(sb.git(dir, 'rev-parse', 'HEAD^')).toBe(head);
  });

  it('--retry keeps the body and trailers of the refused message; flags change the parts they name', () => {
    const dir = app('retry-parts');
    const refused = sb.run('git', ['commit', '-m', 'Added a thing.', '-m', 'It was missing.', '-m', 'Closes #5\nSigned-off-by: Test Author <author@example.org>'], { cwd: dir });
    expect(refused.code).not.toBe(0);
    const r = commit(dir, ['--retry', '--type', 'fix', '--subject', 'add a thing']);
    expect(r.code, r.stderr).toBe(0);
    expect(messageOf(dir)).toBe('fix: add a thing\n\nIt was missing.\n\nCloses #5\nSigned-off-by: Test Author <author@example.org>\n');
  });

  it('--retry without a refused message: nothing to retry (none kept, or the kept one was committed)', () => {
    const dir = sb.repo('retry-none', { 'a.txt': 'a\n' }, null);
    sb.git(dir, 'add', 'a.txt');
    const none = commit(dir, ['--retry', '--type', 'feat']);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('there is no refused message to retry');
    expect(none.stderr).toContain('[E_RETRY_NOTHING]');
    const done = app('retry-committed');
    expect(commit(done, ['--type', 'fix', '--subject', 'report the version']).code).toBe(0);
    sb.write(done, { 'b.txt': 'b\n' });
    sb.git(done, 'add', 'b.txt');
    const r = commit(done, ['--retry']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the last message git kept was committed \(HEAD [0-9a-f]{7}\)/);
  });

  it('a first commit on an unborn branch', () => {
    const dir = sb.repo('unborn', { 'README.md': '# app\n' }, null);
    sb.git(dir, 'add', 'README.md');
    const r = commit(dir, ['--type', 'docs', '--subject', 'start the readme']);
    expect(r.code, r.stderr).toBe(0);
    expect(messageOf(dir)).toBe('docs: start the readme\n');
    expect(r.stderr).toContain('this commit releases nothing (docs: not released)');
  });
});

describe('shipver commit: refusals and usage errors, nothing committed', () => {
  const dir = app('refusals');
  const head = sb.git(dir, 'rev-parse', 'HEAD');
  const expectNothingCommitted = () => {
    expect(sb.git(dir, 'rev-parse', 'HEAD')).toBe(head);
    expect(sb.git(dir, 'diff', '--cached', '--name-only').trim()).toBe('status.js');
  };

  it.each([
    ['a type the rules do not know', ['--type', 'feature', '--subject', 'add it'], 'type must be one of [build, chore, ci, docs, feat, fix, perf, refactor, revert, style, test] [type-enum]', '--type'],
    ['a subject over the header length', ['--type', 'feat', '--subject', `add ${'a very long subject '.repeat(5)}`], 'header must not be longer than 100 characters', '--subject'],
    ['a body line over the limit', ['--type', 'feat', '--subject', 'add it', '--body', `short line\n${'x'.repeat(120)}`], 'body\'s lines must not be longer than 100 characters [body-max-line-length]', '--body'],
    ['a subject in the wrong case', ['--type', 'fix', '--subject', 'Fixed it.'], '[subject-case]', '--subject'],
  ])('%s: exit 1, the rule named, the flag to change', (_what, args, rule, flag) => {
    const r = commit(dir, args);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('the message breaks the commit rules');
    expect(r.stderr).toContain(rule);
    expect(r.stderr).toContain(`→ change ${flag} and run it again`);
    expect(r.stderr).toContain('[E_COMMIT_RULES]');
    expectNothingCommitted();
  });

  it.each([
    ['a scope with a newline', ['--type', 'feat', '--scope', 'api\nweb', '--subject', 'add it'], '--scope: the scope must be on one line [scope-single-line]'],
    ['a subject with a newline', ['--type', 'feat', '--subject', 'add it\nand more'], '--subject: the subject must be on one line: put the rest in the body [subject-single-line]'],
    ['a type that is not a word', ['--type', 'feat!', '--subject', 'add it'], '--type: the type must be one word'],
    ['an issue reference that is not a number', ['--type', 'fix', '--subject', 'fix it', '--closes', 'JIRA-12'], '--closes: "JIRA-12" is not an issue number [issue-number]'],
    ['a --refs that is not a number', ['--type', 'fix', '--subject', 'fix it', '--refs', '12', '--refs', 'abc'], '--refs: "abc" is not an issue number [issue-number]'],
    ['no --type and no --subject', [], 'shipver commit needs --type and --subject: stdin is not a terminal, so it cannot ask'],
    ['no --subject', ['--type', 'feat'], 'shipver commit needs --subject'],
    ["git's own message option", ['--type', 'feat', '--subject', 'add it', '--', '-m', 'other'], "shipver commit writes the message itself, so git's -m cannot be passed on"],
    ['an unknown option', ['--typ', 'feat'], "unknown option '--typ'"],
  ])('%s: usage error, exit 2', (_what, args, text) => {
    const r = commit(dir, args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(text);
    expectNothingCommitted();
  });

  it('a scope the rules require: named among the missing flags', () => {
    const strict = app('scope-required');
    writeFileSync(path.join(strict, 'commitlint.config.js'), "module.exports = { extends: ['@commitlint/config-conventional'], rules: { 'scope-empty': [2, 'never'] } };\n");
    const r = commit(strict, ['--subject', 'add it']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('shipver commit needs --type and --scope');
    expect(r.stderr).toContain('your rules require a scope');
  });

  it('rules commitlint cannot run: a config error (exit 2) naming the file, before anything else', () => {
    const broken = app('broken-rules');
    writeFileSync(path.join(broken, 'commitlint.config.js'), "module.exports = { rules: { 'no-such-rule': [2, 'always'] } };\n");
    const r = commit(broken, ['--type', 'fix', '--subject', 'fix it']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the commitlint rules are invalid: Found rules without implementation: no-such-rule');
    expect(r.stderr).toContain(`→ fix ${path.join(broken, 'commitlint.config.js')}`);
  });

  it('nothing staged: "nothing added to commit", exit 1, before any answer is needed', () => {
    const empty = app('nothing-staged');
    sb.git(empty, 'reset', '-q');
    const before = sb.git(empty, 'rev-parse', 'HEAD');
    const r = commit(empty, []);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('nothing added to commit: no changes are staged');
    expect(r.stderr).toContain('shipver commit -- -a');
    expect(sb.git(empty, 'rev-parse', 'HEAD')).toBe(before);
  });

  it('nothing staged, but -- -a, -- --allow-empty or -- --amend tell git what to commit', () => {
    const repo = app('nothing-staged-ok');
    sb.git(repo, 'reset', '-q');
    sb.write(repo, { 'auth.js': 'module.exports = (t) => typeof t === "string" && t !== "";\n' });
    const all = commit(repo, ['--type', 'fix', '--scope', 'auth', '--subject', 'refuse a non-string token', '--', '-a']);
    expect(all.code, all.stderr).toBe(0);
    expect(sb.git(repo, 'show', '--name-only', '--format=', 'HEAD').trim()).toBe('auth.js');
    const empty = commit(repo, ['--type', 'ci', '--subject', 'run the pipeline again', '--', '--allow-empty']);
    expect(empty.code, empty.stderr).toBe(0);
    expect(messageOf(repo)).toBe('ci: run the pipeline again\n');
    const parent = sb.git(repo, 'rev-parse', 'HEAD^');
    const amend = commit(repo, ['--type', 'ci', '--subject', 'rerun the pipeline', '--', '--amend', '--allow-empty']);
    expect(amend.code, amend.stderr).toBe(0);
    expect(messageOf(repo)).toBe('ci: rerun the pipeline\n');
    expect(sb.git(repo, 'rev-parse', 'HEAD^')).toBe(parent);
  });

  it('outside a repository: refused, with the fix', () => {
    const r = sb.shipver(sb.home, ['commit', '--type', 'feat', '--subject', 'x'], { input: '' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('this is not inside a git repository');
  });
});

describe('shipver commit arguments', () => {
  const io: Io = { cwd: process.cwd(), env: {}, stdout: () => {}, stderr: () => {}, readStdin: async () => Buffer.alloc(0), stdinIsTTY: false, color: false };

  it('repeatable --closes: the fast argument path leaves it to commander, which collects every value', async () => {
    const argv = ['commit', '--type', 'fix', '--closes', '12', '--closes', '34', '--refs', '5', '6', '--', '-a', '--no-verify'];
    expect(fastParse(argv, COMMANDS)).toBeNull();
    let got: { opts: Record<string, unknown>; args: string[] } | null = null;
    const program = await buildProgram(io, async (_def, opts, args) => {
      got = { opts, args };
    });
    await program.parseAsync(argv, { from: 'user' });
    expect(got).toEqual({ opts: { type: 'fix', closes: ['12', '34'], refs: ['5', '6'] }, args: ['-a', '--no-verify'] });
  });
});
