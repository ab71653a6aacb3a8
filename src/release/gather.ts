// Step 1 of the release pipeline (gather → plan → apply): every read a release decision
// needs, done up front into plain data: the release context (config, projects, version
// files, version tags, commits: context.ts), the repository's state for the guards (work
// tree, upstream, a fetch, ahead/behind), the tags the remote has, the commits a
// prerelease's notes list, the remote's URL for links, and CHANGELOG.md. Nothing here
// decides: a read that fails in a way the plan reports (a failed fetch, an unreachable
// remote, an unreadable changelog) is recorded as data for plan-release.ts.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { errnoCode } from '../errors.js';
import { Git, GitError, type CommitRecord } from '../git/git.js';
import { readRemote, type RemoteInfo } from '../changelog/remote.js';
import { changelogFileFor } from '../changelog/file.js';
import { loadReleaseContext, locateRepo, type ReleaseContext } from './context.js';
import { assertNoJournal } from './journal.js';
import type { VersionFileState } from './version-files.js';
import { tagGlobs } from './version-tags.js';
import type { RepoState } from './guards.js';

export type { RepoState } from './guards.js';

/** next: the decision only; bump: version files, changelog and commit; tag: the tag for HEAD's version; release: bump + tag. */
export type ReleaseMode = 'next' | 'bump' | 'tag' | 'release';

export interface GatherOptions {
  mode: ReleaseMode;
  project?: string;
  /** fetch the upstream and ask the remote about tags (false with --no-fetch and in a dry run) */
  fetch: boolean;
}

export interface Gathered extends Omit<ReleaseContext, 'git'> {
  mode: ReleaseMode;
  /** bump, release: the guards' reads */
  state: RepoState | null;
  /** tag: the version files as committed at HEAD (the tag is for what is committed; then `files` are these too) */
  headFiles: VersionFileState[] | null;
  /** the remote the release pushes to and checks tags on (the upstream's; null without one) */
  remote: string | null;
  /** the remote's tags matching tag.format; null = not asked (no upstream, or no fetch); 'unreachable' = asking failed */
  remoteTags: string[] | 'unreachable' | null;
  /** the commits since the last tag of any kind, when that is not the last stable one (a prerelease's notes) */
  sinceLastTag: CommitRecord[] | null;
  /** the remote's URL as links in the notes (upstream's remote, else origin) */
  remoteInfo: RemoteInfo | null;
  /** bump, release: CHANGELOG.md (path relative to the root); text null = no such file, error = cannot be read */
  changelog: { file: string; text: string | null; error: string | null } | null;
}

export async function gatherRelease(cwd: string, opts: GatherOptions): Promise<Gathered> {
  const { mode } = opts;
  // An unfinished release comes first: its half-written files would fail every other check.
  const here = await locateRepo(cwd);
  if (mode !== 'next') assertNoJournal(here.gitDir);
  const { git, ...ctx } = await loadReleaseContext(here, { project: opts.project, committed: mode === 'tag' });
  const base: Gathered = { ...ctx, mode, state: null, headFiles: null, remote: null, remoteTags: null, sinceLastTag: null, remoteInfo: null, changelog: null };
  if (mode === 'next') return base;
  if (mode === 'tag' && !ctx.head) return base; // the plan refuses: nothing to tag
  const state = mode === 'tag' ? null : await readRepoState(git, ctx.branch, opts.fetch);
  const upstream = mode === 'tag' ? await git.upstream() : state!.upstream;
  const remote = upstream?.remote ?? null;
  const headFiles = mode === 'tag' ? ctx.files : null;
  const [remoteTags, sinceLastTag, remoteInfo] = await Promise.all([
    remote && opts.fetch ? remoteTagNames(git, remote, tagGlobs(ctx.config.tag.format, ctx.projectName).all) : null,
    ctx.lastTag && ctx.lastTag.name !== ctx.lastStableTag?.name ? git.commits([`refs/tags/${ctx.lastTag.name}..HEAD`], { paths: ctx.paths, noMerges: true }) : null,
    readRemote(git, remote ?? 'origin'),
  ]);
  const changelog = mode === 'tag' ? null : readChangelog(ctx.root, changelogFileFor(ctx.config, ctx.projects.length === 1 ? ctx.projects[0]! : null));
  return { ...base, state, headFiles, remote, remoteTags, sinceLastTag, remoteInfo, changelog };
}

/** The guards' reads: work tree, upstream, a fetch of it (unless told not to), ahead/behind. */
async function readRepoState(git: Git, branch: string | null, fetch: boolean): Promise<RepoState> {
  const changes = await git.trackedChanges();
  const upstream = branch ? await git.upstream() : null;
  if (!upstream) return { changes, upstream: null, fetch: { done: false, error: null }, aheadBehind: null };
  let fetched: RepoState['fetch'] = { done: false, error: null };
  if (fetch) {
    try {
      await git.fetch(upstream.remote, [upstream.ref]);
      fetched = { done: true };
    } catch (e) {
      fetched = { done: false, error: (e instanceof GitError ? e.result.stderr.trim().split('\n').pop() : (e as Error).message) ?? '' };
    }
  }
  return { changes, upstream, fetch: fetched, aheadBehind: await git.aheadBehind(upstream.name) };
}

async function remoteTagNames(git: Git, remote: string, glob: string): Promise<string[] | 'unreachable'> {
  try {
    return await git.remoteTagNames(remote, glob);
  } catch {
    return 'unreachable';
  }
}

/** CHANGELOG.md's text, or null when it does not exist; any other problem is recorded (the plan refuses). */
function readChangelog(root: string, abs: string): NonNullable<Gathered['changelog']> {
  const file = path.relative(root, abs);
  try {
    return { file, text: readFileSync(abs, 'utf8'), error: null };
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') return { file, text: null, error: null };
    return { file, text: null, error: errnoCode(e) ?? (e as Error).message };
  }
}
