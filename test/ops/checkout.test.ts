// ops checkout: an app checkout (a clone of the app's bare remote) is put at a version's
// tag; local changes are refused, never thrown away; hostile versions never reach git.
import { afterAll, describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Sandbox } from '../helpers/sandbox.js';
import { checkoutVersion, planCheckout } from '../../src/ops/checkout.js';
import { runCheckout } from '../../src/commands/ops.js';
import { ExitCode } from '../../src/errors.js';
import { expectError, memIo } from './helpers.js';

const sb = new Sandbox();
afterAll(() => sb.cleanup());

/** An app repo with tags v1.0.0 and v1.1.0 pushed to a bare remote, and a clone of it for ops. */
function appWithClone(name: string, files: Record<string, string> = {}) {
  const app = sb.repo(name, { 'app.txt': 'one\n', ...files }, 'feat: one');
  sb.git(app, 'tag', '-a', '-m', 'v1.0.0', 'v1.0.0');
  const v100 = sb.git(app, 'rev-parse', 'HEAD').trim();
  sb.write(app, { 'app.txt': 'two\n' });
  sb.commit(app, 'feat: two', { noVerify: true });
  sb.git(app, 'tag', '-a', '-m', 'v1.1.0', 'v1.1.0');
  const v110 = sb.git(app, 'rev-parse', 'HEAD').trim();
  const bare = sb.remote(app, `${name}.git`);
  sb.git(app, 'push', '-q', '--no-verify', 'origin', 'v1.0.0', 'v1.1.0');
  const clone = sb.path(`ops-${name}`);
  sb.git(sb.dir, 'clone', '-q', bare, clone);
  return { app, bare, clone, v100, v110 };
}

const head = (dir: string) => sb.git(dir, 'rev-parse', 'HEAD').trim();
const branch = (dir: string) => sb.run('git', ['symbolic-ref', '-q', 'HEAD'], { cwd: dir }).stdout.trim();

describe('checkoutVersion', () => {
  it('checks out a tag, detached', async () => {
    const { clone, v100, v110 } = appWithClone('basic');
    expect(await checkoutVersion(clone, '1.0.0', { env: sb.env })).toEqual({ tag: 'v1.0.0', commit: v100 });
    expect(head(clone)).toBe(v100);
    expect(branch(clone)).toBe('');
    expect(sb.read(clone, 'app.txt')).toBe('one\n');
    expect(await checkoutVersion(clone, 'v1.1.0', { env: sb.env })).toEqual({ tag: 'v1.1.0', commit: v110 });
    expect(sb.read(clone, 'app.txt')).toBe('two\n');
  });

  it('fetches a tag pushed after the clone was made', async () => {
    const { app, clone } = appWithClone('fetch');
    sb.write(app, { 'app.txt': 'three\n' });
    sb.commit(app, 'feat: three', { noVerify: true });
    sb.git(app, 'tag', '-a', '-m', 'v1.2.0-beta.0', 'v1.2.0-beta.0');
    sb.git(app, 'push', '-q', '--no-verify', 'origin', 'main', 'v1.2.0-beta.0');
    expect(sb.run('git', ['rev-parse', '-q', '--verify', 'refs/tags/v1.2.0-beta.0'], { cwd: clone }).code).not.toBe(0);
    const r = await checkoutVersion(clone, '1.2.0-beta.0', { env: sb.env });
    expect(r).toEqual({ tag: 'v1.2.0-beta.0', commit: head(app) });
    expect(sb.read(clone, 'app.txt')).toBe('three\n');
  });

  it('refuses (exit 1) a checkout with local changes, listing them, and keeps them', async () => {
    const { clone, v110 } = appWithClone('dirty');
    writeFileSync(path.join(clone, 'app.txt'), 'hot fix on the server\n');
    const e = await expectError(checkoutVersion(clone, '1.0.0', { env: sb.env }), 'E_CHECKOUT_DIRTY', 1);
    expect(e.details.join('\n')).toContain('app.txt');
    expect(e.hint).toContain('stash');
    expect(head(clone)).toBe(v110);
    expect(sb.read(clone, 'app.txt')).toBe('hot fix on the server\n');
    // staged changes count too
    sb.git(clone, 'add', 'app.txt');
    await expectError(checkoutVersion(clone, '1.0.0', { env: sb.env }), 'E_CHECKOUT_DIRTY', 1);
    expect(sb.read(clone, 'app.txt')).toBe('hot fix on the server\n');
  });

  it('untracked files are not local changes', async () => {
    const { clone, v100 } = appWithClone('untracked');
    writeFileSync(path.join(clone, 'build.log'), 'x\n');
    expect((await checkoutVersion(clone, '1.0.0', { env: sb.env })).commit).toBe(v100);
    expect(existsSync(path.join(clone, 'build.log'))).toBe(true);
  });

  it('a missing tag is refused (exit 1), naming the tag, with a hint to push it', async () => {
    const { clone, v110 } = appWithClone('missing');
    const e = await expectError(checkoutVersion(clone, '9.9.9', { env: sb.env }), 'E_TAG_MISSING', 1);
    expect(e.message).toContain('v9.9.9');
    expect(e.hint).toContain('git push origin v9.9.9');
    expect(head(clone)).toBe(v110);
  });

  it('uses tag.format from the checkout\'s shipver.yaml, or --tag-format', async () => {
    const app = sb.repo('fmt', { 'shipver.yaml': 'tag:\n  format: "release-{version}"\n', 'app.txt': 'a\n' }, 'feat: a');
    sb.git(app, 'tag', '-a', '-m', 'r', 'release-2.0.0');
    const c = sb.git(app, 'rev-parse', 'HEAD').trim();
    sb.git(app, 'commit', '-q', '--allow-empty', '--no-verify', '-m', 'chore: later');
    expect(await checkoutVersion(app, '2.0.0', { env: sb.env })).toEqual({ tag: 'release-2.0.0', commit: c });
    // no origin: nothing fetched, the local tag is used
    await expectError(checkoutVersion(app, '2.0.0', { env: sb.env, tagFormat: 'v{version}' }), 'E_TAG_MISSING', 1);
    // a {project} format takes the project from shipver.yaml, or --project
    const mono = sb.repo('mono', { 'shipver.yaml': 'tag:\n  format: "{project}-v{version}"\nprojects:\n  - name: hub\n  - name: cloud\n', 'x.txt': 'x\n' }, 'feat: x');
    sb.git(mono, 'tag', '-a', '-m', 'h', 'hub-v1.0.0');
    await expectError(checkoutVersion(mono, '1.0.0', { env: sb.env }), 'E_PROJECT_REQUIRED', 2);
    expect((await checkoutVersion(mono, '1.0.0', { env: sb.env, project: 'hub' })).tag).toBe('hub-v1.0.0');
  });

  it('refuses a DIR that is not a git checkout (exit 2)', async () => {
    const plain = sb.path('plain-dir');
    mkdirSync(plain, { recursive: true });
    await expectError(checkoutVersion(plain, '1.0.0', { env: { ...sb.env, GIT_CEILING_DIRECTORIES: sb.dir } }), 'E_CHECKOUT_DIR', 2);
    await expectError(checkoutVersion(sb.path('does-not-exist'), '1.0.0', { env: sb.env }), 'E_CHECKOUT_DIR', 2);
  });
});

describe('hostile versions never reach git', () => {
  // A fake `git` first on PATH records every call: none may happen.
  const fakeBin = sb.path('fake-bin');
  const marker = sb.path('git-was-called');
  mkdirSync(fakeBin, { recursive: true });
  writeFileSync(path.join(fakeBin, 'git'), `#!/bin/sh\necho "$@" >> "${marker}"\nexit 1\n`);
  chmodSync(path.join(fakeBin, 'git'), 0o755);
  const env = { ...sb.env, PATH: `${fakeBin}${path.delimiter}${sb.env.PATH ?? ''}` };

  it.each([['1.0.0;touch pwned'], ['$(id)'], ['--upload-pack=x'], ['`touch pwned`'], ['1.0.0 && touch pwned'], ['v1.0.0|id'], ['1.0.0\n'], ['-1.0.0'], ['1.0'], ['latest'], ['']])(
    'refuses %j (exit 2) before any git call',
    async (version) => {
      const { clone, v110 } = appWithClone(`hostile-${Math.abs(hash(version))}`);
      await expectError(checkoutVersion(clone, version, { env }), 'E_VERSION_INVALID', 2);
      const io = memIo(clone, env);
      await expectError(runCheckout({}, [clone, version], io), 'E_VERSION_INVALID', 2);
      await expectError(runCheckout({ dryRun: true }, ['.', version], io), 'E_VERSION_INVALID', 2);
      expect(existsSync(marker)).toBe(false);
      expect(existsSync(path.join(clone, 'pwned'))).toBe(false);
      expect(existsSync(sb.path('pwned'))).toBe(false);
      expect(existsSync(path.join(process.cwd(), 'pwned'))).toBe(false);
      expect(head(clone)).toBe(v110);
    },
  );

  it('(the fake git does record a valid call)', async () => {
    const { clone } = appWithClone('hostile-control');
    await expect(checkoutVersion(clone, '1.0.0', { env })).rejects.toThrow();
    expect(readFileSync(marker, 'utf8')).toContain('rev-parse');
  });
});

function hash(s: string): number {
  let h = 0;
  for (const ch of s) h = (h * 31 + ch.charCodeAt(0)) | 0;
  return h;
}

describe('shipver ops checkout (run in-process)', () => {
  it('checks out and prints one line, or --json', async () => {
    const { clone, v100, v110 } = appWithClone('cmd');
    let io = memIo(sb.dir, sb.env);
    expect(await runCheckout({}, [path.basename(clone), '1.0.0'], io)).toBe(ExitCode.Ok);
    expect(io.out()).toBe(`✔ ${path.basename(clone)} is at v1.0.0 (${v100.slice(0, 12)})\n`);
    io = memIo(sb.dir, sb.env);
    expect(await runCheckout({ json: true }, [clone, '1.1.0'], io)).toBe(0);
    expect(JSON.parse(io.out())).toEqual({ dir: clone, version: '1.1.0', tag: 'v1.1.0', commit: v110 });
    expect(head(clone)).toBe(v110);
  });

  it('--dry-run changes nothing and predicts a refusal', async () => {
    const { clone, v100, v110 } = appWithClone('cmd-dry');
    const io = memIo(clone, sb.env);
    expect(await runCheckout({ dryRun: true }, ['.', '1.0.0'], io)).toBe(0);
    expect(io.out()).toContain(`would fetch tags from origin and check out v1.0.0 (${v100.slice(0, 12)})`);
    expect(head(clone)).toBe(v110);
    writeFileSync(path.join(clone, 'app.txt'), 'changed\n');
    await expectError(runCheckout({ dryRun: true }, ['.', '1.0.0'], memIo(clone, sb.env)), 'E_CHECKOUT_DIRTY', 1);
    expect(head(clone)).toBe(v110);
  });

  it('needs DIR and VERSION', async () => {
    await expectError(runCheckout({}, ['.'], memIo(sb.dir, sb.env)), 'E_USAGE', 2);
    await expectError(runCheckout({}, ['.', '1.0.0', 'extra'], memIo(sb.dir, sb.env)), 'E_USAGE', 2);
  });

  it('planCheckout resolves without fetching', async () => {
    const { clone, v110 } = appWithClone('plan');
    const p = await planCheckout(clone, '1.1.0', { env: sb.env });
    expect(p).toMatchObject({ tag: 'v1.1.0', commit: v110, hasOrigin: true });
  });
});
