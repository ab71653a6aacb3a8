// The one place that runs git. Every call passes an argument array (no shell), and
// every ref that came from outside (a tag name, a version) is validated before it
// gets here — see isSafeRefName.
import { run, runOk, runSync, type RunResult } from '../process/run.js';
import { usageError } from '../errors.js';

/** Options that make git's output independent of the user's config. */
const STABLE = ['-c', 'core.quotepath=off', '-c', 'log.showSignature=false', '-c', 'color.ui=never'];

export const ZERO_SHA = /^0{40}$|^0{64}$/;

/**
 * A ref name shipver is willing to pass to git: no option-like prefix, no shell or
 * revision syntax, nothing git check-ref-format would refuse.
 */
export function isSafeRefName(name: string): boolean {
  return (
    name.length > 0 &&
    name.length <= 255 &&
    !name.startsWith('-') &&
    !/[\s~^:?*[\\\x00-\x1f\x7f$`'"();&|<>!{}]|\.\.|@\{|\/\/|^[/.]|[/.]$|\.lock$|\/\./.test(name)
  );
}

export interface CommitRecord {
  sha: string;
  parents: string[];
  message: string;
}

export class Git {
  constructor(readonly cwd: string, private readonly env?: NodeJS.ProcessEnv) {}

  raw(args: readonly string[], input?: string): Promise<RunResult> {
    return run('git', [...STABLE, ...args], { cwd: this.cwd, env: this.env, input });
  }

  /** Runs git and returns stdout; throws ProcessError on failure. */
  ok(args: readonly string[], input?: string): Promise<string> {
    return runOk('git', [...STABLE, ...args], { cwd: this.cwd, env: this.env, input });
  }

  /** The top of the work tree, or null outside a repository. */
  async topLevel(): Promise<string | null> {
    const r = await this.raw(['rev-parse', '--show-toplevel']);
    return r.exitCode === 0 ? r.stdout.trim() : null;
  }

  async gitDir(): Promise<string> {
    return (await this.ok(['rev-parse', '--absolute-git-dir'])).trim();
  }

  async configGet(key: string): Promise<string | null> {
    const r = await this.raw(['config', '--get', key]);
    return r.exitCode === 0 ? r.stdout.replace(/\n$/, '') : null;
  }

  /** A commit id for a revision, or null when it does not resolve. */
  async revParse(rev: string): Promise<string | null> {
    const r = await this.raw(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]);
    return r.exitCode === 0 ? r.stdout.trim() : null;
  }

  /**
   * Commits in a range with their full messages, newest first, in one git call.
   * `range` is e.g. ['A..B'] or ['B'] (all history); `paths` limits to commits touching them.
   */
  async commits(range: readonly string[], opts: { paths?: readonly string[]; noMerges?: boolean } = {}): Promise<CommitRecord[]> {
    const args = ['log', '-z', '--format=%H%x00%P%x00%B', ...(opts.noMerges ? ['--no-merges'] : []), '--end-of-options', ...range];
    if (opts.paths?.length) args.push('--', ...opts.paths);
    const out = await this.ok(args);
    return parseLogRecords(out);
  }
}

/** Parses `git log -z --format=%H%x00%P%x00%B`: records are separated by NUL, fields too. */
export function parseLogRecords(out: string): CommitRecord[] {
  const parts = out.split('\0');
  const records: CommitRecord[] = [];
  for (let i = 0; i + 2 < parts.length; i += 3) {
    // with -z, git separates records by a NUL, which lands at the start of the next sha field
    const sha = parts[i]!.replace(/^\n/, '');
    if (!sha) break;
    records.push({ sha, parents: parts[i + 1]!.split(' ').filter(Boolean), message: parts[i + 2]! });
  }
  return records;
}

/** core.commentChar for the commit-msg hook, synchronously (the hook avoids promise-heavy paths). */
export function commentCharSync(cwd: string): string | null {
  const r = runSync('git', ['config', '--get', 'core.commentChar'], { cwd });
  const v = r.exitCode === 0 ? r.stdout.trim() : '';
  if (v === 'auto') return null;
  return v ? v[0]! : '#';
}

/** Refuses a ref name that is not safe to hand to git (see isSafeRefName). */
export function assertSafeRef(name: string, what = 'ref'): string {
  if (!isSafeRefName(name)) {
    throw usageError('E_UNSAFE_REF', `${what} "${name}" is not a valid name`, 'use plain names without spaces, shell characters or a leading "-"');
  }
  return name;
}
