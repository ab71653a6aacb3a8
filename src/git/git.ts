// The one place that runs git. Every call passes an argument array (no shell), and
// every ref that came from outside (a tag name, a version) is validated before it
// gets here — see isSafeRefName.
import { ProcessError, run, runSync, stream, type RunResult } from '../process/run.js';
import { errnoCode, usageError } from '../errors.js';
import { READS, STABLE, beforeGitCall, takePrefetched } from './reads.js';



/** SHIPVER_TRACE=1 prints each git call with its duration (for bench/ and debugging). */
const TRACE = process.env.SHIPVER_TRACE === '1';

export const ZERO_SHA = /^0{40}$|^0{64}$/;
/** A full object id, SHA-1 or SHA-256. */
export const OBJECT_ID = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

/**
 * The lines git hands a hook on stdin (pre-push, pre-receive), split at spaces, with their
 * 1-based line numbers; a CR before the LF is tolerated and blank lines are skipped.
 */
export function hookInputLines(text: string): Array<{ n: number; parts: string[] }> {
  const out: Array<{ n: number; parts: string[] }> = [];
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.replace(/\r$/, '');
    if (line !== '') out.push({ n: i + 1, parts: line.split(' ') });
  }
  return out;
}

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

/** Where a command stands (Git.locate). */
export interface Located {
  root: string;
  gitDir: string;
  head: string | null;
  branch: string | null;
}

export interface CommitRecord {
  sha: string;
  parents: string[];
  message: string;
}

/** git itself cannot be started: a user's setup to fix, not a crash. */
function noGit(e: unknown): never {
  if (errnoCode(e) === 'ENOENT') throw usageError('E_NO_GIT', 'git cannot be run: it is not installed, or not on PATH', 'install git (e.g. apt install git) or add it to PATH');
  throw e;
}

export class Git {
  constructor(readonly cwd: string, private readonly env?: NodeJS.ProcessEnv) {}

  raw(args: readonly string[], input?: string, extraEnv?: NodeJS.ProcessEnv): Promise<RunResult> {
    const env = extraEnv ? { ...(this.env ?? process.env), ...extraEnv } : this.env;
    beforeGitCall(args);
    const early = env === undefined && input === undefined ? takePrefetched(this.cwd, args) : null;
    const t0 = performance.now();
    const r = (early ?? run('git', [...STABLE, ...args], { cwd: this.cwd, env, input })).catch(noGit);
    if (!TRACE || early) return r;
    return r.then((done) => {
      process.stderr.write(`[git ${(performance.now() - t0).toFixed(1)} ms @${(performance.now()).toFixed(0)}] ${args.join(' ').slice(0, 80)}\n`);
      return done;
    });
  }

  /** Runs git and hands its stdout over in chunks (bytes) as git writes it (see process/run.ts stream). */
  stream(args: readonly string[]): AsyncIterable<Buffer> {
    const chunks = stream('git', [...STABLE, ...args], { cwd: this.cwd, env: this.env });
    return {
      async *[Symbol.asyncIterator]() {
        try {
          yield* chunks;
        } catch (e) {
          noGit(e);
        }
      },
    };
  }

  /** Runs git and returns stdout; throws ProcessError on failure. */
  async ok(args: readonly string[], input?: string): Promise<string> {
    const r = await this.raw(args, input);
    if (r.exitCode !== 0) throw new ProcessError('git', args, r);
    return r.stdout;
  }

  /** The top of the work tree, or null outside a repository. */
  async topLevel(): Promise<string | null> {
    const r = await this.raw(['rev-parse', '--show-toplevel']);
    return r.exitCode === 0 ? r.stdout.trim() : null;
  }

  /**
   * The work tree's top, the git directory, HEAD's commit and the checked-out branch, in
   * one git call; null outside a repository. On an unborn branch (no HEAD commit yet) git
   * refuses the combined call, and they are asked one by one.
   */
  async locate(): Promise<Located | null> {
    const r = await this.raw(READS.locate);
    const [root, gitDir, head, ref] = r.stdout.split('\n');
    if (r.exitCode === 0 && root && gitDir && head && ref) return { root, gitDir, head, branch: ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : null };
    const top = await this.topLevel();
    if (!top) return null;
    const at = new Git(top, this.env);
    const [dir, h, branch] = await Promise.all([at.gitDir(), at.head(), at.currentBranch()]);
    return { root: top, gitDir: dir, head: h, branch };
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

  /** The checked-out branch, or null on a detached HEAD. */
  async currentBranch(): Promise<string | null> {
    const r = await this.raw(['symbolic-ref', '--quiet', '--short', 'HEAD']);
    return r.exitCode === 0 ? r.stdout.trim() : null;
  }

  async head(): Promise<string | null> {
    return this.revParse('HEAD');
  }

  /** Tracked changes (staged or not) as porcelain lines; untracked files are not counted. */
  async trackedChanges(): Promise<string[]> {
    const out = await this.ok(['status', '--porcelain=v1', '--untracked-files=no']);
    return out.split('\n').filter(Boolean);
  }

  /** The upstream of the current branch as remote + branch, or null. */
  async upstream(): Promise<{ remote: string; ref: string; name: string } | null> {
    const r = await this.raw(['rev-parse', '--abbrev-ref', '--symbolic-full-name', '@{upstream}']);
    if (r.exitCode !== 0) return null;
    const name = r.stdout.trim();
    const branch = await this.currentBranch();
    const remote = branch ? await this.configGet(`branch.${branch}.remote`) : null;
    const merge = branch ? await this.configGet(`branch.${branch}.merge`) : null;
    if (!remote || !merge) return null;
    return { remote, ref: merge, name };
  }

  async fetch(remote: string, refspecs: string[] = []): Promise<void> {
    await this.ok(['fetch', '--quiet', '--no-tags', '--end-of-options', remote, ...refspecs]);
  }

  /** Commits only in HEAD / only in the other ref. */
  async aheadBehind(other: string): Promise<{ ahead: number; behind: number }> {
    const out = await this.ok(['rev-list', '--left-right', '--count', `HEAD...${other}`]);
    const [ahead, behind] = out.trim().split(/\s+/).map(Number);
    return { ahead: ahead ?? 0, behind: behind ?? 0 };
  }

  async tagExists(name: string): Promise<boolean> {
    const r = await this.raw(['rev-parse', '--verify', '--quiet', `refs/tags/${name}`]);
    return r.exitCode === 0;
  }

  /** The object a tag has on a remote, or null; throws when the remote cannot be reached. */
  async remoteTag(remote: string, name: string): Promise<string | null> {
    const out = await this.ok(['ls-remote', '--tags', '--end-of-options', remote, `refs/tags/${name}`]);
    const line = out.split('\n').find((l) => l.endsWith(`\trefs/tags/${name}`));
    return line ? line.split('\t')[0]! : null;
  }

  /**
   * The nearest tag reachable from `rev` matching `match` and not `exclude`, or null: the
   * answer of `git describe --tags --abbrev=0`. git describe weighs ten candidate tags, and
   * on a long history with many tags finding ten means walking far past the nearest one
   * (~20 ms of 25 at 2,000 tags). So the first question stops at the first tag the walk
   * meets (--candidates=1). That is describe's answer whenever no merge commit lies between
   * that tag and `rev` (mergeSince): the walk was then a single chain into the tag, every
   * other tag is an ancestor of it and so farther away, and a tie on one commit is settled
   * before the walk. With a merge in between, the full search decides. `how`: 'first' and
   * 'full' ask only that one question (a caller that checks for merges itself).
   */
  async describe(match: string, exclude: string[] = [], rev = 'HEAD', how: 'exact' | 'first' | 'full' = 'exact'): Promise<string | null> {
    const r = await this.raw(READS.describe(match, exclude, rev, how !== 'full'));
    if (r.exitCode !== 0) return null;
    const found = r.stdout.trim();
    if (how !== 'exact' || !(await this.mergeSince(found, rev))) return found;
    return this.describe(match, exclude, rev, 'full');
  }

  /** Whether a merge commit lies between the tag and `rev` (in rev's history, not the tag's; the whole history, whatever paths a project has). */
  async mergeSince(tag: string, rev = 'HEAD'): Promise<boolean> {
    return (await this.ok(['rev-list', '--min-parents=2', '--max-count=1', '--end-of-options', rev, `^refs/tags/${tag}`])).trim() !== '';
  }

  /**
   * The names of the tags matching a glob (refs/tags/<glob>), one cheap read of the refs;
   * with `mergedInto`, only those reachable from that revision (a walk of its history).
   */
  async tagNames(glob: string, mergedInto?: string): Promise<string[]> {
    const out = await this.ok(READS.tagNames(glob, mergedInto));
    return out.split('\n').filter(Boolean);
  }

  /** Object type of a ref: 'tag' for an annotated tag, 'commit' for a lightweight one. */
  async objectType(ref: string): Promise<string | null> {
    const r = await this.raw(['cat-file', '-t', '--end-of-options', ref]);
    return r.exitCode === 0 ? r.stdout.trim() : null;
  }

  /** A file's content at a commit, or null when it does not exist there. */
  async show(rev: string, file: string): Promise<string | null> {
    const r = await this.raw(['show', `${rev}:${file}`]);
    return r.exitCode === 0 ? r.stdout : null;
  }

  async countCommits(range: string, paths: readonly string[] = []): Promise<number> {
    const args = ['rev-list', '--count', '--end-of-options', range];
    if (paths.length) args.push('--', ...paths);
    return Number((await this.ok(args)).trim());
  }

  async isAncestor(a: string, b: string): Promise<boolean> {
    const r = await this.raw(['merge-base', '--is-ancestor', a, b]);
    return r.exitCode === 0;
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
  let r: RunResult;
  try {
    r = runSync('git', ['config', '--get', 'core.commentChar'], { cwd });
  } catch (e) {
    noGit(e);
  }
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
