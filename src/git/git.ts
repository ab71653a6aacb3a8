// The one place that runs git. Every call passes an argument array (no shell), and
// every ref that came from outside (a tag name, a version) is validated before it
// gets here — see isSafeRefName.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ProcessError, run, runAttached, runSync, stream, type RunResult } from '../process/run.js';
import { ShipverError, errnoCode, refusal, usageError, type RefusalCode } from '../errors.js';
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

/** One entry of a tree (git ls-tree): mode, object type ('blob', 'tree', 'commit'), object id, path. */
export interface TreeEntry {
  mode: string;
  type: string;
  oid: string;
  file: string;
}

/** The log format parseLogRecords reads. */
const LOG_RECORDS = '--format=%H%x00%P%x00%B';

/** git itself cannot be started: a user's setup to fix, not a crash. */
function noGit(e: unknown): never {
  if (errnoCode(e) === 'ENOENT') throw usageError('E_NO_GIT', 'git cannot be run: it is not installed, or not on PATH', 'install git (e.g. apt install git) or add it to PATH');
  throw e;
}

/**
 * A git command failed on the repository's state (missing objects, a damaged index, a
 * lock, ...): git's own words and the fix, never a crash of shipver. Exit 1.
 */
export class GitError extends ShipverError<RefusalCode> {
  constructor(
    readonly args: readonly string[],
    readonly result: RunResult,
    code: RefusalCode,
    message: string,
    hint: string,
    details: string[],
  ) {
    super(code, message, { hint, details });
    this.name = 'GitError';
  }
}

/** git's report of objects it cannot find or read (a deleted or damaged file under .git/objects). */
const MISSING_OBJECTS = /bad object|bad tree object|could not read [0-9a-f]{7,}|unable to read( tree)? [0-9a-f]{7,}|missing (blob|tree|commit|tag)\b|failed to traverse parents|object file .* is empty|is corrupt|cannot be accessed|unable to parse commit/i;
/** git's report of an index (.git/index) it cannot read. */
const BROKEN_INDEX = /index file (smaller than expected|corrupt|open failed)|bad index file|bad signature 0x|cache entry has null sha1|index uses .* extension/i;

/** The git command in an argument list (after `-c key=value` options). */
function subcommand(args: readonly string[]): string {
  let i = 0;
  while (args[i] === '-c' || args[i] === '-C') i += 2;
  return args[i] ?? 'git';
}

/** A path as a shell reads it back (single quotes when it holds anything unusual). */
function shellPath(p: string): string {
  return /^[\w@%+=:,./-]+$/.test(p) ? p : `'${p.replace(/'/g, `'\\''`)}'`;
}

/**
 * The one place a failed git command becomes an error a person can act on: git's first
 * error line as the message, the rest of its output as details, and a fix chosen from
 * what git said. `indexPath`: the absolute path of the index, asked only when the index is
 * what broke.
 */
export function gitFailure(args: readonly string[], result: RunResult, indexPath?: string): GitError {
  const lines = (result.stderr.trim() || result.stdout.trim()).split('\n').map((l) => l.trimEnd()).filter(Boolean);
  const first = lines.find((l) => /^(fatal|error):/.test(l)) ?? lines[0] ?? `exit code ${result.exitCode}`;
  const rest = lines.filter((l) => l !== first).slice(0, 8);
  const text = lines.join('\n');
  const message = `git ${subcommand(args)} failed: ${first.length > 200 ? `${first.slice(0, 199)}…` : first}`;
  const details = rest.map((l) => `| ${l}`);
  if (BROKEN_INDEX.test(text)) {
    const index = shellPath(indexPath ?? '.git/index');
    return new GitError(args, result, 'E_GIT_INDEX', message, `the index (git's staging area, ${index}) is damaged: rm ${index} && git reset rebuilds it from HEAD (the files in the work tree stay as they are; stage again what was staged)`, details);
  }
  const config = /bad config line (\d+) in file (.+)$/m.exec(text);
  if (config) {
    return new GitError(args, result, 'E_GIT_CONFIG', message, `git cannot read its configuration: fix line ${config[1]} of ${config[2]} in an editor (every git command fails until then), then run shipver again`, details);
  }
  if (MISSING_OBJECTS.test(text)) {
    return new GitError(
      args,
      result,
      'E_GIT_OBJECTS',
      message,
      'objects of the repository are missing or damaged (git fsck lists them): git fetch --refetch origin downloads them again; if git fsck still complains (they were never pushed), clone the repository again',
      details,
    );
  }
  return new GitError(args, result, 'E_GIT_FAILED', message, "that is git's own error: fix what it says (git status and git fsck show the repository's state), then run shipver again", details);
}

/** A shallow clone whose history stops inside the range a command reads. */
function shallowError(range: readonly string[], cut: string, whole: boolean): ShipverError {
  const short = (rev: string) => (OBJECT_ID.test(rev) ? rev.slice(0, 7) : rev);
  const [from, to] = range.length === 1 && range[0]!.includes('..') ? range[0]!.split('..') : [null, range.join(' ')];
  const what = from ? `between ${short(from)} and ${short(to || 'HEAD')}` : `of ${short(to!)}`;
  return refusal(
    'E_SHALLOW_CLONE',
    `this is a shallow clone (git clone --depth): the history ${what} is cut off at ${cut.slice(0, 7)}${whole ? ', and this needs all of it' : from ? ', so some of its commits are not here' : ' before any release tag, so the commits since the last release are not all here'}`,
    'fetch the whole history and its tags: git fetch --unshallow --tags (in CI: actions/checkout with fetch-depth: 0, or GIT_DEPTH: 0 on GitLab)',
  );
}

export class Git {
  constructor(readonly cwd: string, private readonly env?: NodeJS.ProcessEnv) {}

  private boundary?: Promise<Set<string>>;

  /** git failed: the error for it (with the index's own path when the index is what broke). */
  private async failure(args: readonly string[], r: RunResult): Promise<GitError> {
    const e = gitFailure(args, r);
    if (e.code !== 'E_GIT_INDEX') return e;
    const p = await this.raw(['rev-parse', '--path-format=absolute', '--git-path', 'index']);
    return p.exitCode === 0 ? gitFailure(args, r, p.stdout.trim()) : e;
  }

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
    const fail = (r: RunResult) => this.failure(args, r);
    const chunks = stream('git', [...STABLE, ...args], { cwd: this.cwd, env: this.env });
    return {
      async *[Symbol.asyncIterator]() {
        try {
          yield* chunks;
        } catch (e) {
          if (e instanceof ProcessError) throw await fail(e.result);
          noGit(e);
        }
      },
    };
  }

  /** Runs git and returns stdout; a failure is a GitError (git's words and the fix). */
  async ok(args: readonly string[], input?: string): Promise<string> {
    const r = await this.raw(args, input);
    if (r.exitCode !== 0) throw await this.failure(args, r);
    return r.stdout;
  }

  /** The top of the work tree, or null outside a repository; any other failure (a repository git refuses to use) is a GitError. */
  async topLevel(): Promise<string | null> {
    const args = ['rev-parse', '--show-toplevel'];
    const r = await this.raw(args);
    if (r.exitCode === 0) return r.stdout.trim();
    if (/not a git repository|must be run in a work tree/i.test(r.stderr) || !r.stderr.trim()) return null;
    throw await this.failure(args, r);
  }

  /**
   * The commits where this shallow clone's history is cut off (git's shallow file); empty
   * for a full clone. Asked once per Git.
   */
  shallowBoundary(): Promise<Set<string>> {
    this.boundary ??= this.ok(['rev-parse', '--is-shallow-repository', '--path-format=absolute', '--git-path', 'shallow']).then((out) => {
      const [flag, file] = out.trim().split('\n');
      if (flag !== 'true' || !file) return new Set<string>();
      try {
        return new Set(readFileSync(file, 'utf8').split('\n').filter(Boolean));
      } catch {
        return new Set<string>();
      }
    });
    return this.boundary;
  }

  /** Refuses (E_SHALLOW_CLONE) when one of `shas` is where this shallow clone's history is cut off; `whole`: the whole history was asked for. */
  async assertNotCut(range: readonly string[], shas: Iterable<string>, whole = false): Promise<void> {
    const boundary = await this.shallowBoundary();
    if (!boundary.size) return;
    for (const sha of shas) if (boundary.has(sha)) throw shallowError(range, sha, whole);
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

  /** Every tag with its creation time (seconds); with `merged`, whether it is reachable from that commit. */
  async tagsWithDates(merged: string | null): Promise<Array<{ name: string; date: number; merged: boolean }>> {
    const all = await this.ok(['for-each-ref', '--format=%(refname:strip=2)%00%(creatordate:unix)', 'refs/tags/']);
    const reachable = merged ? new Set((await this.ok(['for-each-ref', '--format=%(refname:strip=2)', `--merged=${merged}`, 'refs/tags/'])).split('\n')) : new Set<string>();
    return all
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [name, date] = line.split('\0') as [string, string];
        return { name, date: Number(date) || 0, merged: reachable.has(name) };
      });
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
    const args = READS.describe(match, exclude, rev, how !== 'full');
    const r = await this.raw(args);
    if (r.exitCode !== 0) {
      // "No names found", "No tags can describe ...": no such tag. With an error before it
      // (a commit it could not read), the walk broke off: that is no answer.
      if (/^fatal: No (names found|tags can describe|annotated tags can describe)/m.test(r.stderr) && !/^error:/m.test(r.stderr)) return null;
      throw await this.failure(args, r);
    }
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

  /** A file's content at a commit (`rev` '': in the index), or null when it or the commit does not exist; an object git cannot read is a GitError. */
  async show(rev: string, file: string): Promise<string | null> {
    const args = ['show', `${rev}:${file}`];
    const r = await this.raw(args);
    if (r.exitCode === 0) return r.stdout;
    if (/^fatal: (path '.*' (does not exist|exists on disk, but not in|is in the index, but not at stage)|invalid object name|Not a valid object name)/m.test(r.stderr) && !/^error:/m.test(r.stderr)) return null;
    throw await this.failure(args, r);
  }

  async countCommits(range: string, paths: readonly string[] = []): Promise<number> {
    const args = ['rev-list', '--count', '--end-of-options', range];
    if (paths.length) args.push('--', ...paths);
    return Number((await this.ok(args)).trim());
  }

  /**
   * An annotated (or signed) tag on HEAD. The message (the release notes) goes through
   * stdin: as an argument, long notes would pass the system's argument size limit (E2BIG).
   */
  async createAnnotatedTag(tag: { name: string; message: string; sign: boolean }): Promise<void> {
    await this.ok(['tag', tag.sign ? '-s' : '-a', '--cleanup=whitespace', '-F', '-', '--', tag.name], tag.message);
  }

  /** Whether HEAD's commit holds this path (a file or a directory; relative to the top of the work tree). */
  async committed(file: string): Promise<boolean> {
    const r = await this.raw(['cat-file', '-e', '--end-of-options', `HEAD:${file}`]);
    return r.exitCode === 0;
  }

  /** Whether .gitignore (or .git/info/exclude, core.excludesFile) ignores this path, so `git add` refuses it without -f. */
  async ignored(file: string): Promise<boolean> {
    const r = await this.raw(['check-ignore', '-q', '--', file]);
    return r.exitCode === 0;
  }

  /** Whether a tracked file is left out of the work tree by a sparse checkout (git's skip-worktree bit). */
  async outsideSparseCheckout(file: string): Promise<boolean> {
    const out = await this.ok(['ls-files', '-t', '-z', '--', `:(literal)${file}`]);
    return out.split('\0').some((l) => l.startsWith('S '));
  }

  async isAncestor(a: string, b: string): Promise<boolean> {
    const r = await this.raw(['merge-base', '--is-ancestor', a, b]);
    return r.exitCode === 0;
  }

  /** True when the index holds changes for the next commit (also on an unborn branch). */
  async hasStagedChanges(): Promise<boolean> {
    const r = await this.raw(['diff', '--cached', '--quiet', '--exit-code']);
    if (r.exitCode > 1) throw new ProcessError('git', ['diff', '--cached', '--quiet'], r);
    return r.exitCode === 1;
  }

  /** The subject lines of the last `limit` non-merge commits, newest first; none on an unborn branch. */
  async recentSubjects(limit: number): Promise<string[]> {
    const r = await this.raw(['log', '-z', `--max-count=${limit}`, '--no-merges', '--format=%s']);
    return r.exitCode === 0 ? r.stdout.split('\0').filter(Boolean) : [];
  }

  /** The full message of a commit, or null when the revision does not resolve. */
  async commitMessage(rev: string): Promise<string | null> {
    const r = await this.raw(['log', '-1', '--format=%B', '--end-of-options', rev]);
    return r.exitCode === 0 ? r.stdout : null;
  }

  /** Where git keeps one of its files (`git rev-parse --git-path`), as an absolute path. */
  async gitPath(name: string): Promise<string> {
    const p = (await this.ok(['rev-parse', '--git-path', name])).trim();
    return path.resolve(this.cwd, p);
  }

  /**
   * `git commit -F FILE ARGS...` attached to the terminal: git's own hooks run and print as
   * usual, an editor (`-e`) can open. Resolves to git's exit code.
   */
  commitWithMessageFile(file: string, args: readonly string[], opts: { stdoutToStderr?: boolean } = {}): Promise<number> {
    const all = ['commit', '-F', file, ...args];
    beforeGitCall(all);
    return runAttached('git', all, { cwd: this.cwd, env: this.env, stdoutToStderr: opts.stdoutToStderr }).catch(noGit);
  }

  /**
   * Commits in a range with their full messages, newest first, in one git call.
   * `range` is e.g. ['A..B'] or ['B'] (all history); `paths` limits to commits touching them.
   */
  async commits(range: readonly string[], opts: { paths?: readonly string[]; noMerges?: boolean; limit?: number } = {}): Promise<CommitRecord[]> {
    const args = ['log', '-z', '--format=%H%x00%P%x00%B', ...(opts.noMerges ? ['--no-merges'] : []), ...(opts.limit ? [`--max-count=${opts.limit}`] : []), '--end-of-options', ...range];
    if (opts.paths?.length) args.push('--', ...opts.paths);
    const records = parseLogRecords(await this.ok(args));
    await this.assertWhole(range, records, opts.paths?.length ? opts.paths : null);
    return records;
  }

  /**
   * Refuses a range that a shallow clone has cut off (E_SHALLOW_CLONE): its commits would
   * be a part of the history, silently. A cut shows as a commit without parents, which a
   * full clone has only at its root: that alone is asked about. A log limited to paths may
   * not list the cut commit, so in a shallow clone the range is walked without them.
   */
  private async assertWhole(range: readonly string[], records: CommitRecord[], paths: readonly string[] | null): Promise<void> {
    if (!paths) {
      const roots = records.filter((r) => r.parents.length === 0).map((r) => r.sha);
      if (roots.length) await this.assertNotCut(range, roots);
      return;
    }
    if (!(await this.shallowBoundary()).size) return;
    const all = (await this.ok(['rev-list', '--end-of-options', ...range])).split('\n').filter(Boolean);
    await this.assertNotCut(range, all);
  }

  // ---- the release pipeline and the changelog (src/release/, src/changelog/) ----

  /** Stages exactly these files (`git add`). */
  async stagePaths(files: readonly string[]): Promise<void> {
    await this.ok(['add', '--', ...files]);
  }

  /**
   * The release commit of what is staged, its message through stdin, exactly as given.
   * `env` tells shipver's own hooks it is a release commit. The result is returned as is:
   * a hook may refuse it.
   */
  commitStagedVerbatim(message: string, env: NodeJS.ProcessEnv): Promise<RunResult> {
    return this.raw(['commit', '--quiet', '--cleanup=verbatim', '-F', '-'], message, env);
  }

  /** Commits exactly these files with this message (whatever else is staged), as given. */
  commitOnlyPaths(message: string, files: readonly string[], env: NodeJS.ProcessEnv): Promise<RunResult> {
    return this.raw(['commit', '--quiet', '--cleanup=verbatim', '-m', message, '--only', '--', ...files], undefined, env);
  }

  /** `git status --porcelain=v1` of these files: one line per changed one. */
  async statusOfPaths(files: readonly string[]): Promise<string> {
    return this.ok(['status', '--porcelain=v1', '--', ...files]);
  }

  /** Resets the index entries of these files to HEAD's; the result is returned as is (best effort). */
  unstagePaths(files: readonly string[]): Promise<RunResult> {
    return this.raw(['reset', '--quiet', '--', ...files]);
  }

  /** Resets the index entries of these files to `rev`; a failure is a GitError. */
  async resetPathsTo(rev: string, files: readonly string[]): Promise<void> {
    await this.ok(['reset', '--quiet', rev, '--', ...files]);
  }

  /** Moves the branch back to `rev`, keeping the index and the work tree (`reset --soft`). */
  async resetSoftTo(rev: string): Promise<void> {
    await this.ok(['reset', '--quiet', '--soft', rev]);
  }

  async deleteTag(name: string): Promise<void> {
    await this.ok(['tag', '-d', '--', name]);
  }

  /** One atomic push of these refs; the result is returned as is (the caller tells why it failed). */
  pushAtomic(remote: string, refs: readonly string[], env?: NodeJS.ProcessEnv): Promise<RunResult> {
    return this.raw(['push', '--atomic', '--porcelain', '--end-of-options', remote, ...refs], undefined, env);
  }

  /** The names of a remote's tags matching a glob (refs/tags/<glob>); throws when the remote cannot be reached. */
  async remoteTagNames(remote: string, glob: string): Promise<string[]> {
    const out = await this.ok(['ls-remote', '--tags', '--end-of-options', remote, `refs/tags/${glob}`]);
    const names: string[] = [];
    for (const line of out.split('\n')) {
      const ref = line.split('\t')[1];
      if (ref?.startsWith('refs/tags/') && !ref.endsWith('^{}')) names.push(ref.slice('refs/tags/'.length));
    }
    return names;
  }

  /** Whether a tag's signature verifies (`git verify-tag`), with git's words. */
  async verifyTagSignature(object: string): Promise<RunResult> {
    return this.raw(['verify-tag', '--', object]);
  }

  /**
   * The tags matching refs/tags/<glob> (with `merged`: only those reachable from it), each
   * with its object type and id, what an annotated tag points at, and its date
   * (YYYY-MM-DD: the tagger date, the commit date for a lightweight tag). One call.
   */
  async tagRecords(glob: string, merged?: string): Promise<Array<{ name: string; type: string; sha: string; peeledType: string; peeledSha: string; date: string }>> {
    const format = '--format=%(refname)%00%(objecttype)%00%(objectname)%00%(*objecttype)%00%(*objectname)%00%(creatordate:short)';
    const out = await this.ok(['for-each-ref', format, ...(merged ? [`--merged=${merged}`] : []), `refs/tags/${glob}`]);
    const records = [];
    for (const line of out.split('\n')) {
      const [ref, type, sha, peeledType, peeledSha, date] = line.split('\0');
      if (!ref?.startsWith('refs/tags/')) continue;
      records.push({ name: ref.slice('refs/tags/'.length), type: type ?? '', sha: sha ?? '', peeledType: peeledType ?? '', peeledSha: peeledSha ?? '', date: date ?? '' });
    }
    return records;
  }

  /**
   * The history up to `to` as it streams from git, NUL-separated: sha, parents, message for
   * each commit; with `paths`, only the non-merge commits touching them, as sha, message.
   */
  streamHistory(to: string, paths: readonly string[] | null): AsyncIterable<Buffer> {
    return paths
      ? this.stream(['log', '--no-merges', '-z', '--format=%H%x00%B', '--end-of-options', to, '--', ...paths])
      : this.stream(['log', '-z', '--format=%H%x00%P%x00%B', '--end-of-options', to]);
  }

  /** Every commit up to `to` with its parents (`rev-list --parents`: one line each), as it streams. */
  streamParents(to: string): AsyncIterable<Buffer> {
    return this.stream(['rev-list', '--parents', '--end-of-options', to]);
  }

  // ── Reads and fetches of the server hook, CI, the client hooks, the dashboard and recover ──

  /** The names of the remotes (`git remote`). */
  async remoteNames(): Promise<string[]> {
    return (await this.ok(['remote'])).split('\n').filter(Boolean);
  }

  /** A remote's URL after url.<base>.insteadOf rewrites (where git pushes), or null when there is no such remote. */
  async remoteUrl(name: string): Promise<string | null> {
    const r = await this.raw(['remote', 'get-url', '--end-of-options', name]);
    return r.exitCode === 0 ? r.stdout.trim() : null;
  }

  /** Whether this is a shallow clone (git clone --depth). */
  async isShallow(): Promise<boolean> {
    return (await this.ok(['rev-parse', '--is-shallow-repository'])).trim() === 'true';
  }

  /** Whether this is a bare repository; null when it is no repository at all. */
  async isBareRepository(): Promise<boolean | null> {
    const r = await this.raw(['rev-parse', '--is-bare-repository']);
    return r.exitCode === 0 ? r.stdout.trim() === 'true' : null;
  }

  /** The commits where this shallow clone's history is cut off, read now (shallowBoundary: once per Git); empty for a full clone. */
  async shallowCommits(): Promise<Set<string>> {
    const file = path.resolve(this.cwd, (await this.ok(['rev-parse', '--git-path', 'shallow'])).trim());
    try {
      return new Set(readFileSync(file, 'utf8').split('\n').filter(Boolean));
    } catch {
      return new Set();
    }
  }

  /** Whether the object database has this commit (a shallow clone may not have it yet). */
  async hasCommit(sha: string): Promise<boolean> {
    return (await this.raw(['cat-file', '-e', `${sha}^{commit}`])).exitCode === 0;
  }

  /**
   * The commits `git log REVS` lists (e.g. ['A..B'], [B, '--not', '--all']), with parents and
   * messages, newest first; `limit`: at most that many. No shallow-clone check (see commits).
   */
  async logCommits(revs: readonly string[], limit?: number): Promise<CommitRecord[]> {
    return parseLogRecords(await this.ok(['log', '-z', ...(limit ? [`--max-count=${limit}`] : []), LOG_RECORDS, ...revs]));
  }

  /** logCommits, or null when git cannot list them (a commit or a parent missing from a shallow clone). */
  async logCommitsIfReadable(revs: readonly string[]): Promise<CommitRecord[] | null> {
    const r = await this.raw(['log', '-z', LOG_RECORDS, ...revs]);
    return r.exitCode === 0 ? parseLogRecords(r.stdout) : null;
  }

  /** The local branches' names. */
  async branchNames(): Promise<string[]> {
    return (await this.ok(['for-each-ref', '--format=%(refname:strip=2)', 'refs/heads/'])).split('\n').filter(Boolean);
  }

  /** The local branches with the commit each points at (branch name → object id). */
  async branchTips(): Promise<Map<string, string>> {
    const tips = new Map<string, string>();
    for (const line of (await this.ok(['for-each-ref', '--format=%(objectname) %(refname)', 'refs/heads/'])).split('\n').filter(Boolean)) {
      const [sha, ref] = line.split(' ') as [string, string];
      tips.set(ref.slice('refs/heads/'.length), sha);
    }
    return tips;
  }

  /** The object a tag points at (the tag object of an annotated tag), or null when there is no such tag. */
  async tagObject(name: string): Promise<string | null> {
    return (await this.raw(['rev-parse', '--verify', '--quiet', `refs/tags/${name}`])).stdout.trim() || null;
  }

  /** The annotated tags matching a glob (refs/tags/<glob>) with their messages' subject and body, in one git call. */
  async annotatedTagMessages(glob: string): Promise<Array<{ tag: string; subject: string; body: string }>> {
    const out = await this.ok(['for-each-ref', '--format=%00%00%(refname)%00%(objecttype)%00%(contents:subject)%00%(contents:body)', `refs/tags/${glob}`]);
    const tags: Array<{ tag: string; subject: string; body: string }> = [];
    for (const rec of out.split('\0\0')) {
      const [ref, type, subject, body] = rec.split('\0');
      if (!ref?.startsWith('refs/tags/') || type !== 'tag') continue;
      tags.push({ tag: ref.slice('refs/tags/'.length), subject: subject ?? '', body: body ?? '' });
    }
    return tags;
  }

  /** The paths in the index that differ from HEAD (what the next commit changes). */
  async stagedFiles(): Promise<string[]> {
    return (await this.ok(['diff', '--cached', '--name-only', '-z'])).split('\0').filter(Boolean);
  }

  /** The entries of a commit's tree (`recursive`: the files of every directory, not the top level only). */
  async treeEntries(commit: string, recursive: boolean): Promise<TreeEntry[]> {
    const out = await this.ok(['ls-tree', '-z', ...(recursive ? ['-r'] : []), '--end-of-options', commit]);
    return out
      .split('\0')
      .filter(Boolean)
      .map((line) => {
        const tab = line.indexOf('\t');
        const [mode, type, oid] = line.slice(0, tab).split(' ') as [string, string, string];
        return { mode, type, oid, file: line.slice(tab + 1) };
      });
  }

  /** A blob's content, as text. */
  async blobText(oid: string): Promise<string> {
    return this.ok(['cat-file', 'blob', oid]);
  }

  /** The refs a remote has among `refs` (full names → object id); null when the remote cannot be asked. */
  async remoteRefs(remote: string, refs: readonly string[]): Promise<Map<string, string> | null> {
    const r = await this.raw(['ls-remote', '--end-of-options', remote, ...refs]);
    if (r.exitCode !== 0) return null;
    const found = new Map<string, string>();
    for (const line of r.stdout.split('\n')) {
      const tab = line.indexOf('\t');
      if (tab > 0) found.set(line.slice(tab + 1), line.slice(0, tab));
    }
    return found;
  }

  /** The names of a remote's branches, asked over the network; a remote that cannot be reached is a GitError. */
  async remoteBranchNames(remote: string): Promise<string[]> {
    return (await this.ok(['ls-remote', '--heads', remote]))
      .split('\n')
      .map((l) => l.split('\t')[1]?.replace(/^refs\/heads\//, ''))
      .filter((b): b is string => Boolean(b));
  }

  /**
   * The remote's default branch: what its HEAD points at, asked over the network, else what
   * the clone recorded (refs/remotes/<remote>/HEAD); null when neither says.
   */
  async remoteDefaultBranch(remote: string): Promise<string | null> {
    const r = await this.raw(['ls-remote', '--symref', remote, 'HEAD']);
    const m = /^ref: refs\/heads\/(\S+)\tHEAD$/m.exec(r.stdout);
    if (m) return m[1]!;
    const local = await this.raw(['symbolic-ref', '--quiet', `refs/remotes/${remote}/HEAD`]);
    return local.exitCode === 0 ? local.stdout.trim().replace(`refs/remotes/${remote}/`, '') : null;
  }

  /** Fetches a branch of the remote into its remote-tracking ref and returns that ref; null when it cannot (or the name is unsafe). */
  async fetchRemoteBranch(remote: string, branch: string): Promise<string | null> {
    if (!isSafeRefName(branch)) return null;
    const ref = `refs/remotes/${remote}/${branch}`;
    const r = await this.raw(['fetch', '--quiet', '--no-tags', remote, `+refs/heads/${branch}:${ref}`]);
    return r.exitCode === 0 ? ref : null;
  }

  /** Fetches a tag from the remote into refs/tags/ (`force`: replacing the local one); whether that worked. */
  async fetchTag(remote: string, tag: string, force = false): Promise<boolean> {
    const r = await this.raw(['fetch', '--quiet', '--no-tags', ...(force ? ['--force'] : []), remote, `+refs/tags/${tag}:refs/tags/${tag}`]);
    return r.exitCode === 0;
  }

  /** Fetches one commit from the remote (in a shallow clone, that commit only: --depth=1); whether that worked. */
  async fetchCommit(remote: string, sha: string): Promise<boolean> {
    const depth = (await this.isShallow()) ? ['--depth=1'] : [];
    return (await this.raw(['fetch', '--quiet', '--no-tags', ...depth, remote, sha])).exitCode === 0;
  }

  /** Fetches `commits` more commits of history behind `tip` into a shallow clone (behind the remote's branches when it will not serve `tip`). */
  async deepen(remote: string, commits: number, tip: string): Promise<void> {
    const r = await this.raw(['fetch', '--quiet', '--no-tags', `--deepen=${commits}`, remote, tip]);
    if (r.exitCode !== 0) await this.ok(['fetch', '--quiet', '--no-tags', `--deepen=${commits}`, remote]);
  }

  /** Fetches the whole history into a shallow clone. */
  async unshallow(remote: string): Promise<void> {
    await this.ok(['fetch', '--quiet', '--no-tags', '--unshallow', remote]);
  }

  // --- the deploy runner and the ops helpers (deploy/, ops/) ---

  /** Whether the remote has the tag; a remote that cannot be asked has not (the caller polls). */
  async remoteHasTag(remote: string, tag: string): Promise<boolean> {
    const r = await this.raw(['ls-remote', '--tags', '--end-of-options', remote, `refs/tags/${tag}`]);
    return r.exitCode === 0 && r.stdout.includes(`refs/tags/${tag}`);
  }

  /** Fetches the remote's tags without asking for a password (git's result, for the caller's message). */
  fetchTagsNoPrompt(remote: string): Promise<RunResult> {
    return this.raw(['fetch', '--quiet', '--tags', '--end-of-options', remote], undefined, { GIT_TERMINAL_PROMPT: '0' });
  }

  /** Checks out a commit on a detached HEAD (git's result, for the caller's message). */
  checkoutDetached(commit: string): Promise<RunResult> {
    return this.raw(['checkout', '--quiet', '--detach', commit]);
  }

  /** Clones `url` into `dir` (run from any directory; `dir` must not exist or be empty). */
  async cloneInto(url: string, dir: string): Promise<void> {
    await this.ok(['clone', '--quiet', '--end-of-options', url, dir]);
  }

  async setRemoteUrl(remote: string, url: string): Promise<void> {
    await this.ok(['remote', 'set-url', remote, url]);
  }

  /** Fetches the remote's branches (and the tags on them); `prune` drops branches it no longer has. */
  async fetchRemote(remote: string, opts: { prune?: boolean } = {}): Promise<void> {
    await this.ok(['fetch', '--quiet', ...(opts.prune ? ['--prune'] : []), remote]);
  }

  /** The branch the remote's HEAD points at, asked over the network only; null when it does not say (or cannot be asked). */
  async remoteHeadBranch(remote: string): Promise<string | null> {
    const r = await this.raw(['ls-remote', '--symref', remote, 'HEAD']);
    return /ref: refs\/heads\/(\S+)\s+HEAD/.exec(r.stdout)?.[1] ?? null;
  }

  /** Checks out `branch`, created or moved to `start`, and resets index and work tree to it. */
  async resetBranchTo(branch: string, start: string): Promise<void> {
    await this.ok(['checkout', '--quiet', '--force', '-B', branch, start]);
    await this.ok(['reset', '--quiet', '--hard', start]);
  }

  /**
   * Commits these files with this message, hooks skipped; `identity` is the author and
   * committer for a machine without a git identity of its own.
   */
  async commitFiles(message: string, files: readonly string[], identity?: { name: string; email: string }): Promise<void> {
    const id = identity ? ['-c', `user.name=${identity.name}`, '-c', `user.email=${identity.email}`] : [];
    await this.ok([...id, 'commit', '--quiet', '--no-verify', '-m', message, '--', ...files]);
  }

  /**
   * Pushes HEAD to a branch of the remote, hooks skipped: 'rejected' when the branch moved
   * on meanwhile (fetch, rebase and try again); any other failure is a ProcessError.
   */
  async pushHeadTo(remote: string, branch: string): Promise<'pushed' | 'rejected'> {
    const r = await this.raw(['push', '--porcelain', '--no-verify', remote, `HEAD:refs/heads/${branch}`]);
    if (r.exitCode === 0) return 'pushed';
    if (/\[rejected\]|non-fast-forward|fetch first|cannot lock ref/.test(r.stdout + r.stderr)) return 'rejected';
    throw new ProcessError('git', ['push'], r);
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

/**
 * core.commentChar for the commit-msg hook, synchronously (the hook avoids promise-heavy
 * paths): its whole value, as commitlint --edit takes it (git 2.45 allows a string), '#'
 * when unset, null for "auto".
 */
export function commentCharSync(cwd: string): string | null {
  let r: RunResult;
  try {
    r = runSync('git', ['config', '--get', 'core.commentChar'], { cwd });
  } catch (e) {
    noGit(e);
  }
  const v = r.exitCode === 0 ? r.stdout.trim() : '';
  if (v === 'auto') return null;
  return v || '#';
}

/** Refuses a ref name that is not safe to hand to git (see isSafeRefName). */
export function assertSafeRef(name: string, what = 'ref'): string {
  if (!isSafeRefName(name)) {
    throw usageError('E_UNSAFE_REF', `${what} "${name}" is not a valid name`, 'use plain names without spaces, shell characters or a leading "-"');
  }
  return name;
}

/**
 * For a version file that is not in the work tree: refuses (E_SPARSE_CHECKOUT) when git
 * has it but a sparse checkout leaves it out, so the fix is to check it out, not to create it.
 */
export async function assertNotSparse(root: string, file: string): Promise<void> {
  if (!(await new Git(root).outsideSparseCheckout(file))) return;
  const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : null;
  throw refusal(
    'E_SPARSE_CHECKOUT',
    `version file ${file} is outside this sparse checkout: git has it, but it is not in the work tree`,
    `${dir ? `check it out: git sparse-checkout add ${dir}` : 'check it out'} (or git sparse-checkout disable for every file), then run shipver again`,
  );
}
