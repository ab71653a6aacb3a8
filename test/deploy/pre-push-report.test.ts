// The pre-push hook reports every problem of every pushed version tag in one refusal,
// each tag with one fix; following that fix as printed (running its commands) ends in
// a push that goes through, never in the next refusal. Real repositories, real hooks
// (installed by shipver init), real pushes to a bare remote; the server's pre-receive
// hook shares the rules and reports the same way.
import { describe, expect, it, afterAll } from 'vitest';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Sandbox, type Result } from '../helpers/sandbox.js';
import { DJANGO_FILES, releaseRepo } from '../helpers/release-repos.js';

const sb = new Sandbox();
afterAll(() => sb.cleanup());
const env = { SHIPVER_DATE: '2026-11-26' };
let n = 0;

/** A Django repository at v1.0.0 (hooks installed, pushed), and a bare remote; optionally with the server hook. */
function setup(opts: { server?: boolean } = {}): { dir: string; bare: string } {
  const r = releaseRepo(sb, `app${++n}`, DJANGO_FILES);
  if (opts.server) expect(sb.shipver(sb.dir, ['init', '--server', r.bare]).code).toBe(0);
  return r;
}

function commitFile(dir: string, file: string, message: string): void {
  writeFileSync(path.join(dir, file), `${message}\n`);
  const c = sb.commit(dir, message);
  expect(c.code, c.stderr).toBe(0);
}

/** The version files at 5.0.0, committed by hand (--no-verify: the pre-commit hook refuses this on main only). */
function bumpByHand(dir: string, version: string): void {
  writeFileSync(path.join(dir, 'hub/version.py'), DJANGO_FILES['hub/version.py'].replace('1.0.0', version));
  writeFileSync(path.join(dir, 'setup.cfg'), DJANGO_FILES['setup.cfg'].replace('1.0.0', version));
  expect(sb.commit(dir, `chore(release): ${version}`, { noVerify: true }).code).toBe(0);
}

const remoteTags = (bare: string) => sb.git(bare, 'for-each-ref', '--format=%(refname:short) %(objecttype)', 'refs/tags').trim().split('\n').filter(Boolean);

/** The fix lines of a refusal (`→ ...`), the tag-wide "fix each" line left out. */
function fixes(stderr: string): string[] {
  return stderr
    .split('\n')
    .map((l) => l.replace(/^(remote: )?\s*/, '').trimEnd())
    .filter((l) => l.startsWith('→ ') && !l.startsWith('→ fix each tag'))
    .map((l) => l.slice(2));
}

/**
 * The commands of a fix, as printed: its first way ("...; or, ..." is the other), after
 * its last ": ", up to a closing remark; each command split at spaces (the fixes print
 * nothing that needs quoting).
 */
function commandsOf(fix: string): string[][] {
  const first = fix.split('; or, ')[0]!;
  const cmds = first.slice(first.lastIndexOf(': ') + 2).split(/, then push| \(/)[0]!;
  return cmds.split(' && ').map((c) => c.trim().split(' '));
}

/** Runs a fix's commands in order, each as printed; every one must succeed. */
function follow(dir: string, fix: string, hookEnv: NodeJS.ProcessEnv = {}): Result[] {
  const out: Result[] = [];
  for (const [cmd, ...args] of commandsOf(fix)) {
    expect(['git', 'shipver']).toContain(cmd);
    const r = cmd === 'git' ? sb.run('git', args, { cwd: dir, env: hookEnv }) : sb.shipver(dir, args, { env: { ...env, ...hookEnv } });
    expect(r.code, `${cmd} ${args.join(' ')}\n${r.stderr}`).toBe(0);
    expect(r.stderr).not.toMatch(/✖|refused/);
    out.push(r);
  }
  return out;
}

function refusedPush(dir: string, bare: string, args: string[]): Result {
  const before = remoteTags(bare);
  const r = sb.run('git', ['push', ...args], { cwd: dir });
  expect(r.code, r.stderr).not.toBe(0);
  expect(remoteTags(bare)).toEqual(before);
  return r;
}

describe('pre-push: every problem of a tag in one refusal, one fix that works as printed', () => {
  it('lightweight + not the version files + on an unmerged branch (git push origin TAG): three problems, then the fix releases from main', () => {
    const { dir, bare } = setup();
    sb.git(dir, 'switch', '-q', '-c', 'feature/x');
    commitFile(dir, 'x.txt', 'feat: x');
    sb.git(dir, 'tag', 'v9.0.0');
    const r = refusedPush(dir, bare, ['origin', 'v9.0.0']);
    expect(r.stderr).toContain('tag v9.0.0 breaks three rules for version tags');
    expect(r.stderr).toContain('tag v9.0.0 is lightweight; release tags must be annotated [E_TAG_LIGHTWEIGHT]');
    expect(r.stderr).toContain('tag v9.0.0 says 9.0.0, but the version files at its commit say 1.0.0 [E_TAG_MISMATCH]');
    expect(r.stderr).toContain('tag v9.0.0 is on a commit that no release branch contains (main) [E_TAG_UNMERGED]');
    expect(r.stderr).toContain('[E_TAG_REFUSED]');
    expect(r.stderr.match(/✖/g)).toHaveLength(1); // one refusal
    const [fix] = fixes(r.stderr);
    expect(fix).toContain('one fix for all three');
    expect(commandsOf(fix!).map((c) => c.join(' '))).toEqual(['git tag -d v9.0.0', 'git switch main', 'git merge feature/x', 'shipver release', 'git push --follow-tags origin main']);
    const done = follow(dir, fix!);
    expect(done.at(-1)!.stderr).toContain('✔ v1.1.0: annotated, matches the version files, on a release branch');
    expect(remoteTags(bare)).toEqual(['v1.0.0 tag', 'v1.1.0 tag']);
    expect(sb.git(bare, 'rev-parse', 'main').trim()).toBe(sb.git(dir, 'rev-parse', 'HEAD').trim());
  });

  it('the same with git push --tags, next to a good tag: the good one is not blamed, the push is refused once', () => {
    const { dir, bare } = setup();
    commitFile(dir, 'a.txt', 'fix: a');
    expect(sb.shipver(dir, ['release'], { env }).code).toBe(0); // v1.0.1, good, not pushed yet
    sb.git(dir, 'switch', '-q', '-c', 'feature/y');
    commitFile(dir, 'y.txt', 'feat: y');
    sb.git(dir, 'tag', 'v9.0.0');
    const r = refusedPush(dir, bare, ['--tags', 'origin']);
    expect(r.stderr).toContain('tag v9.0.0 breaks three rules');
    expect(r.stderr).not.toContain('tag v1.0.1');
    const fix = fixes(r.stderr)[0]!;
    expect(commandsOf(fix).map((c) => c.join(' '))).toEqual(['git tag -d v9.0.0', 'git switch main', 'git merge feature/y', 'shipver release', 'git push --follow-tags origin main']);
    follow(dir, fix);
    expect(remoteTags(bare)).toEqual(['v1.0.0 tag', 'v1.0.1 tag', 'v1.1.0 tag']);
  });

  it('annotated, not the version files, unmerged (git push --follow-tags of the branch): two problems, one fix', () => {
    const { dir, bare } = setup();
    sb.git(dir, 'switch', '-q', '-c', 'feature/z');
    commitFile(dir, 'z.txt', 'fix: z');
    sb.git(dir, 'tag', '-a', '-m', 'v2.0.0', 'v2.0.0');
    const r = refusedPush(dir, bare, ['--follow-tags', 'origin', 'feature/z']);
    expect(sb.run('git', ['rev-parse', '--verify', '--quiet', 'refs/heads/feature/z'], { cwd: bare }).code).not.toBe(0); // the whole push was refused
    expect(r.stderr).toContain('tag v2.0.0 breaks two rules');
    expect(r.stderr).toContain('[E_TAG_MISMATCH]');
    expect(r.stderr).toContain('[E_TAG_UNMERGED]');
    expect(r.stderr).not.toContain('lightweight');
    const fix = fixes(r.stderr)[0]!;
    expect(fix).toContain('one fix for both');
    follow(dir, fix);
    expect(remoteTags(bare)).toEqual(['v1.0.0 tag', 'v1.0.1 tag']);
  });

  it('lightweight on an unmerged branch whose files say its version: merge, recreate annotated, push; the version is kept', () => {
    const { dir, bare } = setup();
    sb.git(dir, 'switch', '-q', '-c', 'feature/w');
    commitFile(dir, 'w.txt', 'feat: w');
    bumpByHand(dir, '5.0.0');
    sb.git(dir, 'tag', 'v5.0.0');
    const r = refusedPush(dir, bare, ['origin', 'v5.0.0']);
    expect(r.stderr).toContain('tag v5.0.0 breaks two rules');
    expect(r.stderr).toContain('[E_TAG_LIGHTWEIGHT]');
    expect(r.stderr).toContain('[E_TAG_UNMERGED]');
    const fix = fixes(r.stderr)[0]!;
    const sha = sb.git(dir, 'rev-parse', 'HEAD').trim().slice(0, 12);
    expect(commandsOf(fix).map((c) => c.join(' '))).toEqual(['git switch main', 'git merge feature/w', `git tag -a -f -m v5.0.0 v5.0.0 ${sha}`, 'git push --follow-tags origin main']);
    expect(fix).toContain('or, if it is not to be released, delete it: git tag -d v5.0.0');
    follow(dir, fix);
    expect(remoteTags(bare)).toEqual(['v1.0.0 tag', 'v5.0.0 tag']);
    expect(sb.git(bare, 'rev-parse', 'v5.0.0^{commit}').trim().slice(0, 12)).toBe(sha);
  });

  it('a lightweight tag alone: recreate it annotated on the same commit, and the same push goes through', () => {
    const { dir, bare } = setup();
    commitFile(dir, 'b.txt', 'fix: b');
    bumpByHand(dir, '1.0.1');
    sb.git(dir, 'tag', 'v1.0.1');
    const r = refusedPush(dir, bare, ['origin', 'main', 'v1.0.1']);
    expect(r.stderr).toContain('tag v1.0.1 is lightweight; release tags must be annotated');
    expect(r.stderr).toContain('[E_TAG_LIGHTWEIGHT]');
    const fix = fixes(r.stderr)[0]!;
    expect(fix).toMatch(/^recreate it annotated on the same commit, then push again: git tag -a -f -m v1\.0\.1 v1\.0\.1 [0-9a-f]{12}$/);
    follow(dir, fix);
    const again = sb.run('git', ['push', 'origin', 'main', 'v1.0.1'], { cwd: dir });
    expect(again.code, again.stderr).toBe(0);
    expect(remoteTags(bare)).toEqual(['v1.0.0 tag', 'v1.0.1 tag']);
  });

  it('a tag for a version the files do not have yet, on main: the fix releases exactly that version', () => {
    const { dir, bare } = setup();
    commitFile(dir, 'c.txt', 'chore: tidy'); // nothing the commits would release
    sb.git(dir, 'tag', '-a', '-m', 'v1.1.0', 'v1.1.0');
    const r = refusedPush(dir, bare, ['--follow-tags', 'origin', 'main']);
    expect(r.stderr).toContain('tag v1.1.0 says 1.1.0, but the version files at its commit say 1.0.0');
    const fix = fixes(r.stderr)[0]!;
    expect(commandsOf(fix).map((c) => c.join(' '))).toEqual(['git tag -d v1.1.0', 'shipver release minor', 'git push --follow-tags origin main']);
    follow(dir, fix);
    expect(remoteTags(bare)).toEqual(['v1.0.0 tag', 'v1.1.0 tag']);
    expect(sb.git(dir, 'show', 'v1.1.0:setup.cfg')).toContain('current_version = 1.1.0');
    // a prerelease: the level and --pre that make exactly it
    commitFile(dir, 'c.txt', 'chore: tidy again');
    sb.git(dir, 'tag', '-a', '-m', 'v1.2.0-beta.0', 'v1.2.0-beta.0');
    const pre = refusedPush(dir, bare, ['--follow-tags', 'origin', 'main']);
    const preFix = fixes(pre.stderr)[0]!;
    expect(commandsOf(preFix).map((c) => c.join(' '))).toEqual(['git tag -d v1.2.0-beta.0', 'shipver release minor --pre beta', 'git push --follow-tags origin main']);
    follow(dir, preFix);
    expect(remoteTags(bare)).toEqual(['v1.0.0 tag', 'v1.1.0 tag', 'v1.2.0-beta.0 tag']);
    expect(sb.git(dir, 'show', 'v1.2.0-beta.0:hub/version.py')).toContain("__version__ = '1.2.0b0'");
  });

  it('a tag for a version older than the files: delete it, and the push goes through without it', () => {
    const { dir, bare } = setup();
    commitFile(dir, 'd.txt', 'fix: d');
    expect(sb.shipver(dir, ['release'], { env }).code).toBe(0);
    sb.git(dir, 'tag', '-a', '-m', 'v0.9.0', 'v0.9.0');
    const r = refusedPush(dir, bare, ['--follow-tags', 'origin', 'main']);
    const fix = fixes(r.stderr)[0]!;
    expect(commandsOf(fix).map((c) => c.join(' '))).toEqual(['git tag -d v0.9.0']);
    follow(dir, fix);
    const again = sb.run('git', ['push', '--follow-tags', 'origin', 'main'], { cwd: dir });
    expect(again.code, again.stderr).toBe(0);
    expect(remoteTags(bare)).toEqual(['v1.0.0 tag', 'v1.0.1 tag']);
  });

  it('two bad tags in one push: both listed, each with its own fix, one refusal', () => {
    const { dir, bare } = setup();
    commitFile(dir, 'e.txt', 'feat: e');
    sb.git(dir, 'tag', 'v3.0.0');
    sb.git(dir, 'tag', '-a', '-m', 'v0.5.0', 'v0.5.0');
    const r = refusedPush(dir, bare, ['origin', 'v3.0.0', 'v0.5.0']);
    expect(r.stderr).toContain('2 tags cannot be pushed');
    expect(r.stderr).toContain('tag v3.0.0 breaks two rules');
    expect(r.stderr).toContain('tag v0.5.0 says 0.5.0, but the version files at its commit say 1.0.0');
    expect(r.stderr).toContain('[E_TAGS_REFUSED]');
    expect(fixes(r.stderr)).toHaveLength(2);
  });
});

describe('a tag name with shell syntax', () => {
  it('the fix quotes it so that pasting it into a shell deletes the tag and runs nothing', () => {
    const { dir, bare } = setup();
    const name = 'v1.0.1;touch${IFS}pwned$(touch${IFS}pwned2)';
    sb.git(dir, 'tag', '-a', '-m', 'x', name);
    const r = refusedPush(dir, bare, ['origin', `refs/tags/${name}`]);
    expect(r.stderr).toContain('[E_TAG_UNSAFE]');
    const fix = fixes(r.stderr)[0]!;
    expect(fix.startsWith('delete it: ')).toBe(true);
    const pasted = sb.run('bash', ['-c', fix.slice('delete it: '.length)], { cwd: dir });
    expect(pasted.code, pasted.stderr).toBe(0);
    expect(sb.git(dir, 'tag', '-l')).toBe('v1.0.0\n');
    expect(readdirSync(dir).filter((f) => f.startsWith('pwned'))).toEqual([]);
  });
});

describe('the server (pre-receive) reports the same way', () => {
  it('three problems of one tag in one refusal, and the fix, followed, is accepted', () => {
    const { dir, bare } = setup({ server: true });
    sb.git(dir, 'switch', '-q', '-c', 'feature/s');
    commitFile(dir, 's.txt', 'feat: s');
    sb.git(dir, 'tag', 'v9.0.0');
    const r = refusedPush(dir, bare, ['--no-verify', 'origin', 'v9.0.0']);
    expect(r.stderr).toContain('remote: shipver: push refused (1 problem; nothing was updated)');
    for (const code of ['E_TAG_LIGHTWEIGHT', 'E_TAG_MISMATCH', 'E_TAG_UNMERGED']) expect(r.stderr).toContain(`[${code}]`);
    const fix = fixes(r.stderr)[0]!;
    expect(fix).toContain('one fix for all three');
    // the server cannot know the pusher's remote: the fix ends by saying how to push
    expect(fix).toMatch(/, then push main with the tag \(git push --follow-tags\)$/);
    follow(dir, fix);
    const push = sb.run('git', ['push', '--no-verify', '--follow-tags', 'origin', 'main'], { cwd: dir });
    expect(push.code, push.stderr).toBe(0);
    expect(remoteTags(bare)).toEqual(['v1.0.0 tag', 'v1.1.0 tag']);
  });
});
