// The one place that runs git: the Git class, one named method per question or change,
// each with its argument list, grouped as the repository, history, shallow clones, tags,
// remotes, the index and work tree, writes, fetch and push. Every call passes an argument
// array (no shell), and every ref that came from outside (a tag name, a version) is
// validated before it gets here. Around it: runner.ts (how git is run), errors.ts (git's
// failures as errors with a fix), parse.ts (git's output read into data), refs.ts (ref-name
// rules), comment-char.ts (the commit-msg hook's one git read), reads.ts (reads asked ahead).
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { ProcessError, type RunResult } from '../process/status.js';
import { shallowError, sparseCheckoutError } from './errors.js';
import { LOG_RECORDS, TAG_MESSAGES, TAG_RECORDS, namesUnder, parseLogRecords, parseLsRemote, parseTagMessages, parseTagRecords, parseTreeEntries, type CommitRecord, type TagRecord, type TreeEntry } from './parse.js';
import { isSafeRefName } from './refs.js';
import { READS } from './reads.js';
import { GitRunner } from './runner.js';

// What callers of the Git class use with it, importable from here as well.
export { GitError } from './errors.js';
export { OBJECT_ID, ZERO_SHA, hookInputLines, type CommitRecord, type TagRecord, type TreeEntry } from './parse.js';
export { assertSafeRef, isSafeRefName } from './refs.js';
export { commentCharSync } from './comment-char.js';

/** Where a command stands (Git.locate). */
export interface Located {
  root: string;
  gitDir: string;
  head: string | null;
  branch: string | null;
}

/** The named git calls; how git runs (raw, ok, stream, and git's failures as GitError) is GitRunner. */
export class Git extends GitRunner {
  private boundary?: Promise<Set<string>>;

  // ── The repository: where it is, HEAD, the branch, config ──

  /** The top of the work tree, or null outside a repository; any other failure (a repository git refuses to use) is a GitError. */
  async topLevel(): Promise<string | null> {
    const args = ['rev-parse', '--show-toplevel'];
    const r = await this.raw(args);
    if (r.exitCode === 0) return r.stdout.trim();
    if (/not a git repository|must be run in a work tree/i.test(r.stderr) || !r.stderr.trim()) return null;
    throw await this.failure(args, r);
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

  /** Where git keeps one of its files (`git rev-parse --git-path`), as an absolute path. */
  async gitPath(name: string): Promise<string> {
    const p = (await this.ok(['rev-parse', '--git-path', name])).trim();
    return path.resolve(this.cwd, p);
  }

  /** Whether this is a bare repository; null when it is no repository at all. */
  async isBareRepository(): Promise<boolean | null> {
    const r = await this.raw(['rev-parse', '--is-bare-repository']);
    return r.exitCode === 0 ? r.stdout.trim() === 'true' : null;
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

  async head(): Promise<string | null> {
    return this.revParse('HEAD');
  }

  /** The checked-out branch, or null on a detached HEAD. */
  async currentBranch(): Promise<string | null> {
    const r = await this.raw(['symbolic-ref', '--quiet', '--short', 'HEAD']);
    return r.exitCode === 0 ? r.stdout.trim() : null;
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

  /** The local branches with the commit each points at (branch name → object id), sorted by name. */
  async branchTips(): Promise<Map<string, string>> {
    const tips = new Map<string, string>();
    for (const line of (await this.ok(['for-each-ref', '--format=%(objectname) %(refname)', 'refs/heads/'])).split('\n').filter(Boolean)) {
      const [sha, ref] = line.split(' ') as [string, string];
      tips.set(ref.slice('refs/heads/'.length), sha);
    }
    return tips;
  }

  // ── History: commits, their messages and files ──

  /**
   * Commits in a range with their full messages, newest first, in one git call.
   * `range` is e.g. ['A..B'] or ['B'] (all history); `paths` limits to commits touching them.
   * Refuses (E_SHALLOW_CLONE) a range a shallow clone has cut off.
   */
  async commits(range: readonly string[], opts: { paths?: readonly string[]; noMerges?: boolean; limit?: number } = {}): Promise<CommitRecord[]> {
    const args = logArgs(['--end-of-options', ...range], opts.limit, opts.noMerges);
    if (opts.paths?.length) args.push('--', ...opts.paths);
    const records = parseLogRecords(await this.ok(args));
    await this.assertWhole(range, records, opts.paths?.length ? opts.paths : null);
    return records;
  }

  /**
   * The commits `git log REVS` lists (e.g. ['A..B'], [B, '--not', '--all']), with parents and
   * messages, newest first; `limit`: at most that many. No shallow-clone check (see commits).
   */
  async logCommits(revs: readonly string[], limit?: number): Promise<CommitRecord[]> {
    return parseLogRecords(await this.ok(logArgs(revs, limit)));
  }

  /** logCommits, or null when git cannot list them (a commit or a parent missing from a shallow clone). */
  async logCommitsIfReadable(revs: readonly string[]): Promise<CommitRecord[] | null> {
    const r = await this.raw(logArgs(revs));
    return r.exitCode === 0 ? parseLogRecords(r.stdout) : null;
  }

  /**
   * The history up to `to` as it streams from git, NUL-separated: sha, parents, message for
   * each commit; with `paths`, only the non-merge commits touching them, as sha, message.
   */
  streamHistory(to: string, paths: readonly string[] | null): AsyncIterable<Buffer> {
    return paths
      ? this.stream(['log', '--no-merges', '-z', '--format=%H%x00%B', '--end-of-options', to, '--', ...paths])
      : this.stream(['log', '-z', LOG_RECORDS, '--end-of-options', to]);
  }

  /** Every commit up to `to` with its parents (`rev-list --parents`: one line each), as it streams. */
  streamParents(to: string): AsyncIterable<Buffer> {
    return this.stream(['rev-list', '--parents', '--end-of-options', to]);
  }

  /** The full message of a commit, or null when the revision does not resolve. */
  async commitMessage(rev: string): Promise<string | null> {
    const r = await this.raw(['log', '-1', '--format=%B', '--end-of-options', rev]);
    return r.exitCode === 0 ? r.stdout : null;
  }

  /** The subject lines of the last `limit` non-merge commits, newest first; none on an unborn branch. */
  async recentSubjects(limit: number): Promise<string[]> {
    const r = await this.raw(['log', '-z', `--max-count=${limit}`, '--no-merges', '--format=%s']);
    return r.exitCode === 0 ? r.stdout.split('\0').filter(Boolean) : [];
  }

  async countCommits(range: string, paths: readonly string[] = []): Promise<number> {
    const args = ['rev-list', '--count', '--end-of-options', range];
    if (paths.length) args.push('--', ...paths);
    return Number((await this.ok(args)).trim());
  }

  /** Commits only in HEAD / only in the other ref. */
  async aheadBehind(other: string): Promise<{ ahead: number; behind: number }> {
    const out = await this.ok(['rev-list', '--left-right', '--count', `HEAD...${other}`]);
    const [ahead, behind] = out.trim().split(/\s+/).map(Number);
    return { ahead: ahead ?? 0, behind: behind ?? 0 };
  }

  async isAncestor(a: string, b: string): Promise<boolean> {
    const r = await this.raw(['merge-base', '--is-ancestor', a, b]);
    return r.exitCode === 0;
  }

  /** Whether the object database has this commit (a shallow clone may not have it yet). */
  async hasCommit(sha: string): Promise<boolean> {
    return (await this.raw(['cat-file', '-e', `${sha}^{commit}`])).exitCode === 0;
  }

  /** A file's content at a commit (`rev` '': in the index), or null when it or the commit does not exist; an object git cannot read is a GitError. */
  async show(rev: string, file: string): Promise<string | null> {
    const args = ['show', `${rev}:${file}`];
    const r = await this.raw(args);
    if (r.exitCode === 0) return r.stdout;
    if (/^fatal: (path '.*' (does not exist|exists on disk, but not in|is in the index, but not at stage)|invalid object name|Not a valid object name)/m.test(r.stderr) && !/^error:/m.test(r.stderr)) return null;
    throw await this.failure(args, r);
  }

  /** The entries of a commit's tree (`recursive`: the files of every directory, not the top level only). */
  async treeEntries(commit: string, recursive: boolean): Promise<TreeEntry[]> {
    return parseTreeEntries(await this.ok(['ls-tree', '-z', ...(recursive ? ['-r'] : []), '--end-of-options', commit]));
  }

  /** A blob's content, as text. */
  async blobText(oid: string): Promise<string> {
    return this.ok(['cat-file', 'blob', oid]);
  }

  // ── Shallow clones: where the history is cut off ──

  /** Whether this is a shallow clone (git clone --depth). */
  async isShallow(): Promise<boolean> {
    return (await this.ok(['rev-parse', '--is-shallow-repository'])).trim() === 'true';
  }

  /** The commits where this shallow clone's history is cut off (git's shallow file), read now; empty for a full clone. */
  async shallowCommits(): Promise<Set<string>> {
    const file = await this.gitPath('shallow');
    try {
      return new Set(readFileSync(file, 'utf8').split('\n').filter(Boolean));
    } catch {
      return new Set();
    }
  }

  /** shallowCommits, asked once per Git (a fetch that deepens the clone needs shallowCommits). */
  shallowBoundary(): Promise<Set<string>> {
    this.boundary ??= this.shallowCommits();
    return this.boundary;
  }

  /** Refuses (E_SHALLOW_CLONE) when one of `shas` is where this shallow clone's history is cut off; `whole`: the whole history was asked for. */
  async assertNotCut(range: readonly string[], shas: Iterable<string>, whole = false): Promise<void> {
    const boundary = await this.shallowBoundary();
    if (!boundary.size) return;
    for (const sha of shas) if (boundary.has(sha)) throw shallowError(range, sha, whole);
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

  // ── Tags ──

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
  private async mergeSince(tag: string, rev = 'HEAD'): Promise<boolean> {
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

  /**
   * The tags matching refs/tags/<glob> (with `merged`: only those reachable from it), each
   * with its object type and id, what an annotated tag points at, and its date. One call.
   */
  async tagRecords(glob: string, merged?: string): Promise<TagRecord[]> {
    return parseTagRecords(await this.ok(['for-each-ref', TAG_RECORDS, ...(merged ? [`--merged=${merged}`] : []), `refs/tags/${glob}`]));
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

  /** The annotated tags matching a glob (refs/tags/<glob>) with their messages' subject and body, in one git call. */
  async annotatedTagMessages(glob: string): Promise<Array<{ tag: string; subject: string; body: string }>> {
    return parseTagMessages(await this.ok(['for-each-ref', TAG_MESSAGES, `refs/tags/${glob}`]));
  }

  /** The object a tag points at (the tag object of an annotated tag), or null when there is no such tag. */
  async tagObject(name: string): Promise<string | null> {
    return (await this.raw(['rev-parse', '--verify', '--quiet', `refs/tags/${name}`])).stdout.trim() || null;
  }

  /** Object type of a ref: 'tag' for an annotated tag, 'commit' for a lightweight one. */
  async objectType(ref: string): Promise<string | null> {
    const r = await this.raw(['cat-file', '-t', '--end-of-options', ref]);
    return r.exitCode === 0 ? r.stdout.trim() : null;
  }

  /** Whether a tag's signature verifies (`git verify-tag`), with git's words. */
  async verifyTagSignature(object: string): Promise<RunResult> {
    return this.raw(['verify-tag', '--', object]);
  }

  // ── Remotes (read over the network: ls-remote) ──

  /** The names of the remotes (`git remote`). */
  async remoteNames(): Promise<string[]> {
    return (await this.ok(['remote'])).split('\n').filter(Boolean);
  }

  /** A remote's URL after url.<base>.insteadOf rewrites (where git pushes), or null when there is no such remote. */
  async remoteUrl(name: string): Promise<string | null> {
    const r = await this.raw(['remote', 'get-url', '--end-of-options', name]);
    return r.exitCode === 0 ? r.stdout.trim() : null;
  }

  /** The refs a remote has among `refs` (full names → object id); null when the remote cannot be asked. */
  async remoteRefs(remote: string, refs: readonly string[]): Promise<Map<string, string> | null> {
    const r = await this.raw(['ls-remote', '--end-of-options', remote, ...refs]);
    return r.exitCode === 0 ? parseLsRemote(r.stdout) : null;
  }

  /** The names of a remote's tags matching a glob (refs/tags/<glob>); throws when the remote cannot be reached. */
  async remoteTagNames(remote: string, glob: string): Promise<string[]> {
    const out = await this.ok(['ls-remote', '--tags', '--end-of-options', remote, `refs/tags/${glob}`]);
    return namesUnder('refs/tags/', parseLsRemote(out).keys());
  }

  /** The names of a remote's branches; a remote that cannot be reached is a GitError. */
  async remoteBranchNames(remote: string): Promise<string[]> {
    return namesUnder('refs/heads/', parseLsRemote(await this.ok(['ls-remote', '--heads', '--end-of-options', remote])).keys());
  }

  /** The branch the remote's HEAD points at, asked over the network only; null when it does not say (or cannot be asked). */
  async remoteHeadBranch(remote: string): Promise<string | null> {
    const r = await this.raw(['ls-remote', '--symref', '--end-of-options', remote, 'HEAD']);
    return /^ref: refs\/heads\/(\S+)\tHEAD$/m.exec(r.stdout)?.[1] ?? null;
  }

  /** The remote's default branch: remoteHeadBranch, else what the clone recorded (refs/remotes/<remote>/HEAD); null when neither says. */
  async remoteDefaultBranch(remote: string): Promise<string | null> {
    const asked = await this.remoteHeadBranch(remote);
    if (asked) return asked;
    const local = await this.raw(['symbolic-ref', '--quiet', `refs/remotes/${remote}/HEAD`]);
    return local.exitCode === 0 ? local.stdout.trim().replace(`refs/remotes/${remote}/`, '') : null;
  }

  // ── The index and the work tree ──

  /** Tracked changes (staged or not) as porcelain lines; untracked files are not counted. */
  async trackedChanges(): Promise<string[]> {
    const out = await this.ok(['status', '--porcelain=v1', '--untracked-files=no']);
    return out.split('\n').filter(Boolean);
  }

  /** `git status --porcelain=v1` of these files: one line per changed one. */
  async statusOfPaths(files: readonly string[]): Promise<string> {
    return this.ok(['status', '--porcelain=v1', '--', ...files]);
  }

  /** The paths in the index that differ from HEAD (what the next commit changes). */
  async stagedFiles(): Promise<string[]> {
    return (await this.ok(['diff', '--cached', '--name-only', '-z'])).split('\0').filter(Boolean);
  }

  /** True when the index holds changes for the next commit (also on an unborn branch). */
  async hasStagedChanges(): Promise<boolean> {
    const r = await this.raw(['diff', '--cached', '--quiet', '--exit-code']);
    if (r.exitCode > 1) throw new ProcessError('git', ['diff', '--cached', '--quiet'], r);
    return r.exitCode === 1;
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

  /**
   * For a version file that is not in the work tree: refuses (E_SPARSE_CHECKOUT) when git
   * has it but a sparse checkout leaves it out (git's skip-worktree bit).
   */
  async assertNotSparse(file: string): Promise<void> {
    const out = await this.ok(['ls-files', '-t', '-z', '--', `:(literal)${file}`]);
    if (out.split('\0').some((l) => l.startsWith('S '))) throw sparseCheckoutError(file);
  }

  // ── Writes: the index, commits, tags, checkouts ──

  /** Stages exactly these files (`git add`). */
  async stagePaths(files: readonly string[]): Promise<void> {
    await this.ok(['add', '--', ...files]);
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

  /**
   * The release commit of what is staged, its message through stdin, exactly as given.
   * `env` tells shipver's own hooks it is a release commit. The result is returned as is:
   * a hook may refuse it.
   */
  commitStagedVerbatim(message: string, env: NodeJS.ProcessEnv): Promise<RunResult> {
    return this.raw(['commit', '--quiet', '--cleanup=verbatim', '-F', '-'], message, env);
  }

  /** Commits exactly these files with this message (whatever else is staged), as given; hooks run. */
  commitOnlyPaths(message: string, files: readonly string[], env: NodeJS.ProcessEnv): Promise<RunResult> {
    return this.raw(['commit', '--quiet', '--cleanup=verbatim', '-m', message, '--only', '--', ...files], undefined, env);
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
   * `git commit -F FILE ARGS...` attached to the terminal: git's own hooks run and print as
   * usual, an editor (`-e`) can open. Resolves to git's exit code.
   */
  commitWithMessageFile(file: string, args: readonly string[], opts: { stdoutToStderr?: boolean } = {}): Promise<number> {
    return this.attached(['commit', '-F', file, ...args], opts);
  }

  /**
   * An annotated (or signed) tag on HEAD. The message (the release notes) goes through
   * stdin: as an argument, long notes would pass the system's argument size limit (E2BIG).
   */
  async createAnnotatedTag(tag: { name: string; message: string; sign: boolean }): Promise<void> {
    await this.ok(['tag', tag.sign ? '-s' : '-a', '--cleanup=whitespace', '-F', '-', '--', tag.name], tag.message);
  }

  async deleteTag(name: string): Promise<void> {
    await this.ok(['tag', '-d', '--', name]);
  }

  /** Checks out a commit on a detached HEAD (git's result, for the caller's message). */
  checkoutDetached(commit: string): Promise<RunResult> {
    return this.raw(['checkout', '--quiet', '--detach', commit]);
  }

  /** Checks out `branch`, created or moved to `start`, and resets index and work tree to it. */
  async resetBranchTo(branch: string, start: string): Promise<void> {
    await this.ok(['checkout', '--quiet', '--force', '-B', branch, start]);
    await this.ok(['reset', '--quiet', '--hard', start]);
  }

  /** Clones `url` into `dir` (run from any directory; `dir` must not exist or be empty). */
  async cloneInto(url: string, dir: string): Promise<void> {
    await this.ok(['clone', '--quiet', '--end-of-options', url, dir]);
  }

  async setRemoteUrl(remote: string, url: string): Promise<void> {
    await this.ok(['remote', 'set-url', remote, url]);
  }

  // ── Fetch and push ──

  /** Fetches these refspecs (no tags); a failure is a GitError. */
  async fetch(remote: string, refspecs: string[] = []): Promise<void> {
    await this.ok(['fetch', '--quiet', '--no-tags', '--end-of-options', remote, ...refspecs]);
  }

  /** Fetches the remote's branches (and the tags on them); `prune` drops branches it no longer has. */
  async fetchRemote(remote: string, opts: { prune?: boolean } = {}): Promise<void> {
    await this.ok(['fetch', '--quiet', ...(opts.prune ? ['--prune'] : []), '--end-of-options', remote]);
  }

  /** Fetches the remote's tags without asking for a password (git's result, for the caller's message). */
  fetchTagsNoPrompt(remote: string): Promise<RunResult> {
    return this.raw(['fetch', '--quiet', '--tags', '--end-of-options', remote], undefined, { GIT_TERMINAL_PROMPT: '0' });
  }

  /** Fetches a branch of the remote into its remote-tracking ref and returns that ref; null when it cannot (or the name is unsafe). */
  async fetchRemoteBranch(remote: string, branch: string): Promise<string | null> {
    if (!isSafeRefName(branch)) return null;
    const ref = `refs/remotes/${remote}/${branch}`;
    const r = await this.raw(['fetch', '--quiet', '--no-tags', '--end-of-options', remote, `+refs/heads/${branch}:${ref}`]);
    return r.exitCode === 0 ? ref : null;
  }

  /** Fetches a tag from the remote into refs/tags/, replacing the local one (a forced refspec); whether that worked. */
  async fetchTag(remote: string, tag: string): Promise<boolean> {
    const r = await this.raw(['fetch', '--quiet', '--no-tags', '--end-of-options', remote, `+refs/tags/${tag}:refs/tags/${tag}`]);
    return r.exitCode === 0;
  }

  /** Fetches one commit from the remote (in a shallow clone, that commit only: --depth=1); whether that worked. */
  async fetchCommit(remote: string, sha: string): Promise<boolean> {
    const depth = (await this.isShallow()) ? ['--depth=1'] : [];
    return (await this.raw(['fetch', '--quiet', '--no-tags', ...depth, '--end-of-options', remote, sha])).exitCode === 0;
  }

  /** Fetches `commits` more commits of history behind `tip` into a shallow clone (behind the remote's branches when it will not serve `tip`). */
  async deepen(remote: string, commits: number, tip: string): Promise<void> {
    const r = await this.raw(['fetch', '--quiet', '--no-tags', `--deepen=${commits}`, '--end-of-options', remote, tip]);
    if (r.exitCode !== 0) await this.ok(['fetch', '--quiet', '--no-tags', `--deepen=${commits}`, '--end-of-options', remote]);
  }

  /** Fetches the whole history into a shallow clone. */
  async unshallow(remote: string): Promise<void> {
    await this.ok(['fetch', '--quiet', '--no-tags', '--unshallow', '--end-of-options', remote]);
  }

  /** One atomic push of these refs; the result is returned as is (the caller tells why it failed). */
  pushAtomic(remote: string, refs: readonly string[], env?: NodeJS.ProcessEnv): Promise<RunResult> {
    return this.raw(['push', '--atomic', '--porcelain', '--end-of-options', remote, ...refs], undefined, env);
  }

  /**
   * Pushes HEAD to a branch of the remote, hooks skipped: 'rejected' when the branch moved
   * on meanwhile (fetch, rebase and try again); any other failure is a ProcessError.
   */
  async pushHeadTo(remote: string, branch: string): Promise<'pushed' | 'rejected'> {
    const r = await this.raw(['push', '--porcelain', '--no-verify', '--end-of-options', remote, `HEAD:refs/heads/${branch}`]);
    if (r.exitCode === 0) return 'pushed';
    if (/\[rejected\]|non-fast-forward|fetch first|cannot lock ref/.test(r.stdout + r.stderr)) return 'rejected';
    throw new ProcessError('git', ['push'], r);
  }
}

/** `git log -z` of `revs` as parseLogRecords reads it; `limit`: at most that many. */
function logArgs(revs: readonly string[], limit?: number, noMerges = false): string[] {
  return ['log', '-z', LOG_RECORDS, ...(noMerges ? ['--no-merges'] : []), ...(limit ? [`--max-count=${limit}`] : []), ...revs];
}
