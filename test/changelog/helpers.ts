// Helpers for the changelog tests: commits and tags with fixed dates in Sandbox repos,
// and an in-memory Io for running the command in-process.
import type { Io } from '../../src/io.js';
import type { Sandbox } from '../helpers/sandbox.js';

/** An empty commit with a fixed date; returns its full sha. */
export function commit(sb: Sandbox, dir: string, message: string, date = '2024-01-01T12:00:00Z'): string {
  const r = sb.run('git', ['commit', '-q', '--no-verify', '--allow-empty', '--cleanup=verbatim', '-m', message], {
    cwd: dir,
    env: { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
  });
  if (r.code !== 0) throw new Error(`commit failed: ${r.stderr}`);
  return head(sb, dir);
}

/** Writes files and commits them with a fixed date; returns the sha. */
export function commitFiles(sb: Sandbox, dir: string, files: Record<string, string>, message: string, date = '2024-01-01T12:00:00Z'): string {
  sb.write(dir, files);
  sb.git(dir, 'add', '-A');
  return commit(sb, dir, message, date);
}

export function head(sb: Sandbox, dir: string): string {
  return sb.git(dir, 'rev-parse', 'HEAD').trim();
}

/** An annotated tag (or a lightweight one) with a fixed tagger date. */
export function tag(sb: Sandbox, dir: string, name: string, date: string, opts: { lightweight?: boolean; at?: string } = {}): void {
  const args = opts.lightweight ? ['tag', name] : ['tag', '-a', name, '-m', `release ${name}`];
  if (opts.at) args.push(opts.at);
  const r = sb.run('git', args, { cwd: dir, env: { GIT_COMMITTER_DATE: `${date}T12:00:00Z` } });
  if (r.code !== 0) throw new Error(`tag failed: ${r.stderr}`);
}

export interface MemIo extends Io {
  out: () => string;
  err: () => string;
}

/** An Io that collects stdout and stderr; env is the sandbox's plus `env`. */
export function memIo(sb: Sandbox, cwd: string, env: NodeJS.ProcessEnv = {}): MemIo {
  let out = '';
  let err = '';
  return {
    cwd,
    env: { ...sb.env, ...env },
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
    readStdin: async () => Buffer.alloc(0),
    stdinIsTTY: false,
    color: false,
    out: () => out,
    err: () => err,
  };
}

export const short = (sha: string): string => sha.slice(0, 7);
