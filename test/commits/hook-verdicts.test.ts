// The commit-msg hook's verdict against commitlint's own (`commitlint --edit FILE`, the
// devDependency, with the same config in the same repository) on messages as editors and
// git really write them: CRLF, trailing whitespace, a byte order mark, latin1 and other
// invalid UTF-8, UTF-16, NUL bytes, control characters, comment lines with
// core.commentChar, the scissors line of `git commit -v`, empty and comment-only messages.
// Each case also pins the verdict, so a change in either tool shows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CLI, ROOT, Sandbox } from '../helpers/sandbox.js';
import { commitlintConfigSource } from '../../src/config/commitlint-init.js';

const HOOK = path.join(ROOT, 'dist', 'commit-msg-hook.js');
const COMMITLINT = path.join(ROOT, 'node_modules', '.bin', 'commitlint');
const sb = new Sandbox();
afterAll(() => sb.cleanup());

type Verdict = 'accept' | 'refuse';
interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

function exec(cwd: string, file: string, args: string[]): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd, env: sb.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Runs `jobs` two at a time (the machine has two cores). */
async function pool<T>(jobs: (() => Promise<T>)[]): Promise<T[]> {
  const out: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      out[i] = await jobs[i]!();
    }
  };
  await Promise.all([worker(), worker()]);
  return out;
}

const verdict = (code: number): Verdict | `exit ${number}` => (code === 0 ? 'accept' : code === 1 ? 'refuse' : `exit ${code}`);

/** A repository as `shipver init` leaves it (its commitlint.config.js), where commitlint finds config-conventional. */
function lintRepo(name: string, config = commitlintConfigSource(false)): string {
  const dir = sb.repo(name, { 'package.json': `{ "name": "${name}", "version": "1.0.0" }\n`, 'commitlint.config.js': config });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

interface Row {
  name: string;
  hook: string;
  shipverHook: string;
  commitlint: string;
  stderr: string;
}

/** The three verdicts on each message: dist/commit-msg-hook.js, `shipver hook commit-msg`, commitlint --edit. */
async function verdicts(repo: string, cases: Record<string, Buffer>): Promise<Row[]> {
  const dir = path.join(repo, '.git', 'msgs');
  mkdirSync(dir, { recursive: true });
  const names = Object.keys(cases);
  for (const n of names) writeFileSync(path.join(dir, n), cases[n]!);
  return pool(
    names.map((n) => async () => {
      const file = path.join(dir, n);
      const [hook, viaCli, cl] = [await exec(repo, process.execPath, [HOOK, file]), await exec(repo, process.execPath, [CLI, 'hook', 'commit-msg', file]), await exec(repo, COMMITLINT, ['--edit', file])];
      return { name: n, hook: verdict(hook.code), shipverHook: verdict(viaCli.code), commitlint: verdict(cl.code), stderr: hook.stderr };
    }),
  );
}

const U = (s: string) => Buffer.from(s, 'utf8');
const B = (bytes: number[] | string) => (typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes));
const LONG = 'x'.repeat(120);
const TEMPLATE = '\n# Please enter the commit message for your changes. Lines starting\n# with \'#\' will be ignored, and an empty message aborts the commit.\n#\n# On branch main\n';
const SCISSORS = '# ------------------------ >8 ------------------------\n# Do not modify or remove the line above.\n# Everything below it will be ignored.\n';

/** name → [bytes, the verdict both give] */
const CASES: Record<string, [Buffer, Verdict]> = {
  'plain': [U('feat: add the thing\n'), 'accept'],
  'no final newline': [U('feat: add the thing'), 'accept'],
  'CRLF throughout': [U('feat: add the thing\r\n\r\nA body line.\r\n'), 'accept'],
  'CR at the end only': [U('feat: add the thing\r'), 'accept'],
  'a CR inside the header': [U('feat: add\rthe thing\n'), 'refuse'],
  'trailing spaces on the header': [U('feat: add the thing   \n'), 'refuse'],
  'a trailing tab on the header': [U('feat: add the thing\t\n'), 'refuse'],
  'a trailing no-break space': [U('feat: add the thing\u00a0\n'), 'refuse'],
  'a trailing vertical tab': [U('feat: add the thing\x0b\n'), 'refuse'],
  'a trailing zero-width space': [U('feat: add the thing\u200b\n'), 'accept'],
  'leading blank lines': [U('\n\nfeat: add the thing\n'), 'accept'],
  'a leading space': [U('  feat: add the thing\n'), 'refuse'],
  'blank lines of spaces before the body': [U('feat: add the thing\n   \n\t\nA body.\n'), 'accept'],
  'a body line of 100 characters and trailing spaces': [U(`feat: add the thing\n\n${'y'.repeat(99)}   \n`), 'refuse'],
  'a header of 98 characters and two trailing spaces': [U(`feat: ${'a'.repeat(92)}  \n`), 'refuse'],
  'a header of 101 characters': [U(`feat: ${'a'.repeat(95)}\n`), 'refuse'],
  'a body line over 100 characters': [U(`feat: add the thing\n\n${LONG}\n`), 'refuse'],
  'git\'s template comments': [U(`feat: add the thing\n${TEMPLATE}`), 'accept'],
  'a long comment line': [U(`feat: add the thing\n# ${LONG}\n`), 'accept'],
  'a comment before the header': [U('# written by a tool\nfeat: add the thing\n'), 'accept'],
  'a comment before a bad header': [U('# written by a tool\nadded the thing\n'), 'refuse'],
  'only comments': [U('# nothing\n# here\n'), 'accept'],
  'empty': [U(''), 'accept'],
  'only blank lines': [U('   \n\n\t\n'), 'accept'],
  'git commit -v: a long diff under the scissors': [U(`feat: add the thing\n${TEMPLATE}${SCISSORS}diff --git a/x b/x\n+${LONG}\n`), 'accept'],
  'a bad header above the scissors': [U(`added the thing\n${SCISSORS}diff --git a/x b/x\n`), 'refuse'],
  'a UTF-8 byte order mark': [B([0xef, 0xbb, 0xbf, ...U('feat: add the thing\n')]), 'refuse'],
  'latin1 in the body (é)': [B('feat: add the thing\n\ncaf\xe9 au lait\n'), 'accept'],
  'latin1 in the subject': [B('feat: caf\xe9\n'), 'accept'],
  'latin1 in a bad header': [B('caf\xe9: oops\n'), 'refuse'],
  'invalid UTF-8 (0xff 0xfe) in the subject': [B([...U('fix: add '), 0xff, 0xfe, ...U(' thing\n')]), 'accept'],
  'a truncated UTF-8 sequence at the end': [B([...U('fix: add the thing '), 0xe2, 0x82]), 'accept'],
  'UTF-16LE with a BOM': [Buffer.concat([B([0xff, 0xfe]), Buffer.from('feat: add the thing\n', 'utf16le')]), 'refuse'],
  'UTF-16BE with a BOM': [Buffer.concat([B([0xfe, 0xff]), Buffer.from('feat: add the thing\n', 'utf16le').swap16()]), 'refuse'],
  'a NUL byte in the body (git refuses the commit itself)': [U('feat: add the thing\n\nbody\0here\n'), 'accept'],
  'a NUL byte in the header': [U('feat: add\0 the thing\n'), 'accept'],
  'a control character in the subject': [U('feat: add\x01 the thing\n'), 'accept'],
  'a form feed line': [U('feat: add the thing\n\x0c\nA body.\n'), 'accept'],
  'an emoji': [U('feat: add 🚀 launch\n'), 'accept'],
  'an upper-case subject': [U('feat: Add the thing\n'), 'refuse'],
  'a breaking change with footer': [U('feat!: drop node 18\n\nBREAKING CHANGE: node 20 is needed\n'), 'accept'],
  'a merge message': [U("Merge branch 'topic' into main\n"), 'accept'],
  'a fixup': [U('fixup! whatever this was\n'), 'accept'],
  // is-ignored ignores a header that is a version (semver.valid), after chore: and [skip ci]
  'a bare version': [U('1.2.3\n'), 'accept'],
  'a version with a v': [U('v1.2.3\n'), 'accept'],
  'a version with spaces around': [U('  1.2.3  \n'), 'accept'],
  'a release commit': [U('chore(release): v2.0.0-rc.1 [skip ci]\n'), 'accept'],
  'a version with a capital V': [U('V1.2.3\n'), 'refuse'],
  'a version with =': [U('=1.2.3\n'), 'refuse'],
  'two numbers': [U('1.2\n'), 'refuse'],
  'four numbers': [U('v1.2.3.4\n'), 'refuse'],
  'a version with a leading zero': [U('01.2.3\n'), 'refuse'],
  'a version and build metadata': [U('1.2.3-beta.1+build.7\n'), 'accept'],
  'no blank line before the body': [U('feat: add the thing\nA body right away.\n'), 'accept'],
};

describe('the hook and commitlint --edit agree on messages as editors write them', () => {
  let repo: string;
  let rows: Row[];
  beforeAll(async () => {
    repo = lintRepo('verdicts');
    rows = await verdicts(repo, Object.fromEntries(Object.entries(CASES).map(([n, [b]]) => [n, b])));
  }, 300_000);

  it('the same verdict on every message, and the one expected', () => {
    const got = Object.fromEntries(rows.map((r) => [r.name, [r.hook, r.shipverHook, r.commitlint]]));
    const want = Object.fromEntries(Object.entries(CASES).map(([n, [, v]]) => [n, [v, v, v]]));
    expect(got).toEqual(want);
  });

  it('a refusal of bytes commitlint cannot explain says what is wrong with them', () => {
    const say = (name: string) => rows.find((r) => r.name === name)!.stderr;
    expect(say('a UTF-8 byte order mark')).toContain('byte order mark');
    expect(say('UTF-16LE with a BOM')).toContain('NUL bytes');
    expect(say('latin1 in a bad header')).toContain('not valid UTF-8');
    expect(say('trailing spaces on the header')).toContain('[header-trim]');
    // no note where the bytes are fine
    expect(say('trailing spaces on the header')).not.toContain('UTF-8');
  });
});

describe('with core.commentChar', () => {
  const semi = (b: Buffer) => Buffer.from(b.toString('latin1').replace(/^#/gm, ';'), 'latin1');
  const COMMENTED = ['git\'s template comments', 'a long comment line', 'a comment before the header', 'a comment before a bad header', 'only comments', 'git commit -v: a long diff under the scissors', 'a bad header above the scissors'];

  it('";": comment lines and the scissors use it, and # lines are message lines', async () => {
    const repo = lintRepo('semicolon');
    sb.git(repo, 'config', 'core.commentChar', ';');
    const cases: Record<string, Buffer> = Object.fromEntries(COMMENTED.map((n) => [n, semi(CASES[n]![0])]));
    // a # line is body text now: too long for body-max-line-length
    cases['a long # line'] = U(`feat: add the thing\n\n# ${LONG}\n`);
    const rows = await verdicts(repo, cases);
    const got = Object.fromEntries(rows.map((r) => [r.name, [r.hook, r.shipverHook, r.commitlint]]));
    const want: Record<string, Verdict[]> = Object.fromEntries(COMMENTED.map((n) => [n, Array(3).fill(CASES[n]![1])]));
    want['a long # line'] = ['refuse', 'refuse', 'refuse'];
    expect(got).toEqual(want);
  }, 120_000);

  it('"auto": git\'s own choice of character (commitlint takes "auto" literally and lints the comments: a documented difference)', async () => {
    const repo = lintRepo('auto');
    sb.git(repo, 'config', 'core.commentChar', 'auto');
    const rows = await verdicts(repo, Object.fromEntries(COMMENTED.map((n) => [n, CASES[n]![0]])));
    // the hook: as with "#", the character git chose for these messages
    expect(Object.fromEntries(rows.map((r) => [r.name, [r.hook, r.shipverHook]]))).toEqual(Object.fromEntries(COMMENTED.map((n) => [n, [CASES[n]![1], CASES[n]![1]]])));
    // commitlint refuses a `git commit -v` whose diff has a long line (docs/performance.md notes the difference)
    expect(rows.find((r) => r.name === 'git commit -v: a long diff under the scissors')!.commitlint).toBe('refuse');
  }, 120_000);
});

describe('messages as git itself hands them to the hook', () => {
  // A repository whose commit-msg hook keeps a copy of the file git passes and refuses, so
  // nothing is committed; the copies are then given to both tools in a shipver repository.
  let capture: string;
  let repo: string;
  const captured = (name: string) => path.join(capture, '.git', `captured-${name}`);
  beforeAll(() => {
    capture = sb.repo('capture', { 'a.txt': 'a\n' });
    mkdirSync(path.join(capture, '.hooks'));
    writeFileSync(path.join(capture, '.hooks', 'commit-msg'), `#!/bin/sh\ncp "$1" "${path.join(capture, '.git')}/captured-$CAPTURE"\nexit 1\n`);
    chmodSync(path.join(capture, '.hooks', 'commit-msg'), 0o755);
    sb.git(capture, 'config', 'core.hooksPath', '.hooks');
    writeFileSync(path.join(capture, 'a.txt'), `${'long line '.repeat(20)}\n`);
    sb.git(capture, 'add', 'a.txt');
    repo = lintRepo('from-git');
  });

  /** `git [CONFIG] commit ARGS` with an editor that puts `header` first; returns the bytes git gave the hook. */
  function commitWith(name: string, args: string[], header = '', config: string[] = []): Buffer {
    const editor = sb.path(`editor-${name.replace(/\W+/g, '-')}.sh`);
    writeFileSync(editor, `#!/bin/sh\n{ printf '%s' '${header}'; cat "$1"; } > "$1.new" && mv "$1.new" "$1"\n`);
    chmodSync(editor, 0o755);
    const r = sb.run('git', [...config, 'commit', ...args], { cwd: capture, env: { GIT_EDITOR: editor, CAPTURE: name } });
    expect(r.code).not.toBe(0); // the capturing hook refused
    return readFileSync(captured(name));
  }

  it('an editor commit, -v, -m with trailing spaces, --cleanup=verbatim, a CRLF file, core.commentChar', async () => {
    const crlf = sb.path('crlf-msg');
    writeFileSync(crlf, 'fix: from a Windows editor\r\n\r\nBody.\r\n');
    const cases: Record<string, [Buffer, Verdict]> = {
      'editor': [commitWith('editor', [], 'feat: written in the editor\n'), 'accept'],
      'editor, bad header': [commitWith('editor-bad', [], 'Added the thing\n'), 'refuse'],
      'commit -v': [commitWith('verbose', ['-v'], 'feat: written with the diff below\n'), 'accept'],
      // git strips the trailing spaces of -m before the hook sees them
      '-m with trailing spaces': [commitWith('m-spaces', ['-m', 'feat: from the command line   ']), 'accept'],
      '--cleanup=verbatim -m with trailing spaces': [commitWith('verbatim', ['--cleanup=verbatim', '-m', 'feat: kept as typed   ']), 'refuse'],
      '-F a CRLF file': [commitWith('crlf', ['-F', crlf]), 'accept'],
      '-c core.commentChar=; -v': [commitWith('semicolon', ['-v'], 'feat: with another comment character\n', ['-c', 'core.commentChar=;']), 'accept'],
    };
    // `git -c` in the last case: its comment lines start with ";" in the captured file
    expect(cases['-c core.commentChar=; -v']![0].toString()).toContain('; Please enter');
    const semicolonRepo = lintRepo('from-git-semicolon');
    sb.git(semicolonRepo, 'config', 'core.commentChar', ';');
    const { '-c core.commentChar=; -v': semicolonCase, ...rest } = cases;
    const rows = [...(await verdicts(repo, Object.fromEntries(Object.entries(rest).map(([n, [b]]) => [n, b])))), ...(await verdicts(semicolonRepo, { '-c core.commentChar=; -v': semicolonCase![0] }))];
    expect(Object.fromEntries(rows.map((r) => [r.name, [r.hook, r.shipverHook, r.commitlint]]))).toEqual(Object.fromEntries(Object.entries(cases).map(([n, [, v]]) => [n, [v, v, v]])));
  }, 180_000);
});

describe('with a commitlint config of its own (loaded, not the one shipver init writes)', () => {
  it('agrees on the same messages', async () => {
    const repo = lintRepo('own-config', "module.exports = {\n  extends: ['@commitlint/config-conventional'],\n  rules: { 'header-max-length': [2, 'always', 40] },\n};\n");
    const names = ['plain', 'CRLF throughout', 'trailing spaces on the header', 'git commit -v: a long diff under the scissors', 'a UTF-8 byte order mark', 'latin1 in the subject', 'only comments'];
    const cases: Record<string, Buffer> = Object.fromEntries(names.map((n) => [n, CASES[n]![0]]));
    cases['a header of 41 characters'] = U(`feat: ${'a'.repeat(35)}\n`);
    const rows = await verdicts(repo, cases);
    const want: Record<string, Verdict[]> = Object.fromEntries(names.map((n) => [n, Array(3).fill(CASES[n]![1])]));
    want['a header of 41 characters'] = ['refuse', 'refuse', 'refuse'];
    expect(Object.fromEntries(rows.map((r) => [r.name, [r.hook, r.shipverHook, r.commitlint]]))).toEqual(want);
  }, 120_000);
});
