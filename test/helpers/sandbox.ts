// Real git repositories in temp dirs, with their own git config and identity (a CI
// machine has none), and the built CLI on PATH as `shipver`.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, chmodSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = path.join(ROOT, 'dist', 'shipver.js');

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function result(r: SpawnSyncReturns<string>): Result {
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

export class Sandbox {
  readonly dir: string;
  readonly home: string;
  readonly bin: string;
  readonly env: NodeJS.ProcessEnv;

  constructor() {
    this.dir = mkdtempSync(path.join(os.tmpdir(), 'shipver-test-'));
    this.home = path.join(this.dir, 'home');
    this.bin = path.join(this.dir, 'bin');
    mkdirSync(this.home);
    mkdirSync(this.bin);
    const gitconfig = path.join(this.home, '.gitconfig');
    writeFileSync(
      gitconfig,
      ['[init]', '\tdefaultBranch = main', '[commit]', '\tgpgsign = false', '[tag]', '\tgpgsign = false', '[gc]', '\tauto = 0', '[advice]', '\tdetachedHead = false', ''].join('\n'),
    );
    writeFileSync(path.join(this.bin, 'shipver'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
    chmodSync(path.join(this.bin, 'shipver'), 0o755);
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) {
      if (!k.startsWith('GIT_') && !k.startsWith('SHIPVER_') && k !== 'HUSKY' && !k.startsWith('npm_')) env[k] = v;
    }
    Object.assign(env, {
      HOME: this.home,
      XDG_CONFIG_HOME: path.join(this.home, '.config'),
      GIT_CONFIG_GLOBAL: gitconfig,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_AUTHOR_NAME: 'Test Author',
      GIT_AUTHOR_EMAIL: 'author@example.org',
      GIT_COMMITTER_NAME: 'Test Committer',
      GIT_COMMITTER_EMAIL: 'committer@example.org',
      NO_COLOR: '1',
      PATH: `${this.bin}${path.delimiter}${process.env.PATH ?? ''}`,
    });
    this.env = env;
  }

  path(...p: string[]): string {
    return path.join(this.dir, ...p);
  }

  /**
   * Lets this test process's own git calls (a Git made without an env, as the CLI makes
   * them, and the answers prefetch.ts asks ahead) use the sandbox's git config.
   */
  shareGitConfigWithProcess(): this {
    Object.assign(process.env, { GIT_CONFIG_GLOBAL: this.env.GIT_CONFIG_GLOBAL, GIT_CONFIG_NOSYSTEM: '1' });
    return this;
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  run(file: string, args: string[], opts: { cwd?: string; input?: string | Buffer; env?: NodeJS.ProcessEnv } = {}): Result {
    return result(
      spawnSync(file, args, {
        cwd: opts.cwd ?? this.dir,
        env: { ...this.env, ...(opts.env ?? {}) },
        input: opts.input,
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      }),
    );
  }

  git(cwd: string, ...args: string[]): string {
    const r = this.run('git', args, { cwd });
    if (r.code !== 0) throw new Error(`git ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
    return r.stdout;
  }

  shipver(cwd: string, args: string[], opts: { input?: string | Buffer; env?: NodeJS.ProcessEnv } = {}): Result {
    return this.run(process.execPath, [CLI, ...args], { cwd, ...opts });
  }

  /** A new repository with the given files committed (when `message` is given). */
  repo(name: string, files: Record<string, string> = {}, message: string | null = 'chore: initial commit'): string {
    const dir = this.path(name);
    mkdirSync(dir, { recursive: true });
    this.git(dir, 'init', '-q', '-b', 'main');
    this.write(dir, files);
    if (message !== null) {
      this.git(dir, 'add', '-A');
      this.git(dir, 'commit', '-q', '--no-verify', '-m', message);
    }
    return dir;
  }

  write(dir: string, files: Record<string, string>): void {
    for (const [f, content] of Object.entries(files)) {
      const p = path.join(dir, f);
      mkdirSync(path.dirname(p), { recursive: true });
      writeFileSync(p, content);
    }
  }

  read(dir: string, file: string): string {
    return readFileSync(path.join(dir, file), 'utf8');
  }

  /** Commits everything with a message (hooks run unless noVerify). */
  commit(dir: string, message: string, opts: { noVerify?: boolean; allowEmpty?: boolean } = {}): Result {
    this.git(dir, 'add', '-A');
    return this.run('git', ['commit', '-q', ...(opts.noVerify ? ['--no-verify'] : []), ...(opts.allowEmpty ? ['--allow-empty'] : []), '-m', message], { cwd: dir });
  }

  /** A bare repository to push to, set as `origin` of `dir` with `main` tracking it. */
  remote(dir: string, name = 'origin.git'): string {
    const bare = this.path(name);
    this.git(this.dir, 'init', '-q', '--bare', '-b', 'main', bare);
    this.git(dir, 'remote', 'add', 'origin', bare);
    this.git(dir, 'push', '-q', '--no-verify', '-u', 'origin', 'HEAD:main');
    return bare;
  }
}

/**
 * The shared acceptance corpus: ../shared/corpus when this checkout sits next to it,
 * else the copy vendored in test/fixtures/corpus (a clean CI clone has only the repo).
 */
export function corpusFile(name: 'messages.jsonl' | 'bumps.jsonl'): string {
  const shared = path.resolve(ROOT, '../shared/corpus', name);
  return existsSync(shared) ? shared : path.join(ROOT, 'test/fixtures/corpus', name);
}

/** The commit messages of the corpus (messages.jsonl), with their shas. */
export function corpusMessages(): Array<{ sha: string; message: string }> {
  return readFileSync(corpusFile('messages.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { sha: string; message: string });
}

/** What a user sees has no node stack trace in it, and is no "internal error" (a bug). */
export function expectNoStack(output: string): void {
  expect(output).not.toMatch(/\n\s+at .+:\d+:\d+/);
  expect(output).not.toContain('internal error');
}
