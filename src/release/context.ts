// Gathers everything a release decision needs, at the edge: config, branch, version
// files, the last version tags, and the commits since them. After this, the decision
// (next-version.ts, plan.ts) is pure.
import type { Config, ProjectConfig } from '../config/types.js';
import { loadConfig } from '../config/load.js';
import { Git, type CommitRecord, type Located } from '../git/git.js';
import { refusal, usageError } from '../errors.js';
import { parseCommit, type ParsedCommit } from '../commits/conventional.js';
import { agreedVersion, readVersionFiles, workTreeReader, type VersionFileState } from './version-files.js';
import { branchPolicy, type BranchPolicy } from './next-version.js';
import { tagGlobs, versionOfTag } from './tag-format.js';

export interface TagRef {
  name: string;
  version: string;
}

export interface ReleaseCommit extends CommitRecord {
  parsed: ParsedCommit;
}

export interface ReleaseContext {
  root: string;
  /** the repository's git directory (where the release journal lives) */
  gitDir: string;
  git: Git;
  config: Config;
  /** the projects released together (one with {project} in tag.format; all otherwise) */
  projects: ProjectConfig[];
  /** the value of {project} */
  projectName: string;
  /** commit paths that count (empty: the whole repository) */
  paths: string[];
  branch: string | null;
  policy: BranchPolicy | null;
  files: VersionFileState[];
  current: string;
  lastTag: TagRef | null;
  lastStableTag: TagRef | null;
  /** non-merge commits since the last stable tag (the range that decides the level), newest first */
  commits: ReleaseCommit[];
  /** commits since the last tag of any kind */
  newSinceLastTag: number;
}

const notARepo = () => refusal('E_NOT_A_REPO', 'this is not inside a git repository', 'cd into your repository (or git init one)');

export async function findRepoRoot(cwd: string): Promise<string> {
  const root = await new Git(cwd).topLevel();
  if (!root) throw notARepo();
  return root;
}

/** Picks the projects a command acts on, from --project and the tag format. */
export function selectProjects(config: Config, name: string | undefined): { projects: ProjectConfig[]; projectName: string; paths: string[] } {
  const independent = config.tag.format.includes('{project}');
  if (name) {
    const p = config.projects.find((x) => x.name === name);
    if (!p) throw usageError('E_UNKNOWN_PROJECT', `there is no project "${name}"`, `projects: ${config.projects.map((x) => x.name).join(', ')}`);
    if (!independent && config.projects.length > 1) {
      throw usageError('E_PROJECT_LOCKSTEP', `the projects share one version (tag.format has no {project}), so they release together`, 'drop --project, or put {project} in tag.format to version them separately');
    }
    return { projects: [p], projectName: p.name, paths: independent ? p.paths : [] };
  }
  if (independent && config.projects.length > 1) {
    throw usageError('E_PROJECT_REQUIRED', `shipver.yaml lists ${config.projects.length} projects with their own versions; say which one`, `add --project ${config.projects.map((p) => p.name).join('|')}`);
  }
  const only = config.projects[0]!;
  return { projects: config.projects, projectName: only.name, paths: independent ? only.paths.filter((p) => p !== '.') : [] };
}

/** The nearest reachable tag of this project whose name holds a valid version, skipping others. */
async function nearestVersionTag(git: Git, config: Config, project: string, stableOnly: boolean, how: 'exact' | 'first' | 'full' = 'exact'): Promise<TagRef | null> {
  const globs = tagGlobs(config.tag.format, project);
  const exclude = stableOnly ? [globs.prerelease] : [];
  for (let i = 0; i < 50; i++) {
    const name = await git.describe(globs.all, exclude, 'HEAD', how);
    if (!name) return null;
    const version = versionOfTag(config.tag.format, name, project);
    if (version) return { name, version };
    exclude.push(name.replace(/[*?[\]\\]/g, '\\$&')); // a tag like v-old: look past it
  }
  return null;
}

/** The repository around cwd: its top, git directory, HEAD and branch (one git call). */
export async function locateRepo(cwd: string): Promise<Located> {
  const here = await new Git(cwd).locate();
  if (!here) throw notARepo();
  return here;
}

/** `where`: a directory inside the repository, or the repository as locateRepo found it. */
export async function loadReleaseContext(where: string | Located, opts: { project?: string } = {}): Promise<ReleaseContext> {
  const here = typeof where === 'string' ? await locateRepo(where) : where;
  const { root, gitDir, head, branch } = here;
  const git = new Git(root);
  const config = await loadConfig(root);
  const { projects, projectName, paths } = selectProjects(config, opts.project);
  // The tag search and the version files do not depend on each other: both at once.
  const tagged = head ? tagAndRange(git, config, projectName, paths) : null;
  const files = await readVersionFiles(projects, workTreeReader(root));
  const current = agreedVersion(files);
  const policy = branch ? branchPolicy(branch, config.branches) : null;
  const { lastTag, lastStableTag, records, sinceLastTag } = tagged ? await tagged : { lastTag: null, lastStableTag: null, records: [], sinceLastTag: 0 };
  const commits = records.map((r) => ({ ...r, parsed: parseCommit(r.message) }));
  // Commits since the last tag of any kind; when that tag is the stable one, the range above already says.
  const newSinceLastTag = !head ? 0 : lastTag && lastTag !== lastStableTag ? (sinceLastTag ?? (await git.countCommits(`${lastTag.name}..HEAD`, paths))) : commits.length;
  return { root, gitDir, git, config, projects, projectName, paths, branch, policy, files, current, lastTag, lastStableTag, commits, newSinceLastTag };
}

/**
 * The last version tag, the last stable one, and the non-merge commits since the stable
 * one. The first tag git's walk meets is describe's answer unless a merge lies between it
 * and HEAD (see Git.describe); without paths, that shows in the commits since it, read with
 * their merges, which are the range itself in the common case (the tag is a stable
 * version): one git call less. With a merge, the full search decides. `sinceLastTag`:
 * the number of commits since the last tag, when those were read anyway.
 */
async function tagAndRange(
  git: Git,
  config: Config,
  project: string,
  paths: string[],
): Promise<{ lastTag: TagRef | null; lastStableTag: TagRef | null; records: CommitRecord[]; sinceLastTag?: number }> {
  const first = await nearestVersionTag(git, config, project, false, 'first');
  // no version tag: no stable one either, and every commit counts
  if (!first) return { lastTag: null, lastStableTag: null, records: await git.commits(['HEAD'], { paths, noMerges: true }) };
  const since = paths.length === 0 ? await git.commits([`${first.name}..HEAD`]) : null;
  const merged = since ? since.some((r) => r.parents.length > 1) : await git.mergeSince(first.name);
  const lastTag = merged ? await nearestVersionTag(git, config, project, false, 'full') : first;
  const isStable = lastTag !== null && !lastTag.version.includes('-');
  const lastStableTag = isStable ? lastTag : await nearestVersionTag(git, config, project, true);
  if (since && lastStableTag?.name === first.name) return { lastTag, lastStableTag, records: since.filter((r) => r.parents.length < 2) };
  const range = lastStableTag ? [`${lastStableTag.name}..HEAD`] : ['HEAD'];
  const sinceLastTag = since && lastTag === first ? since.length : undefined;
  return { lastTag, lastStableTag, records: await git.commits(range, { paths, noMerges: true }), sinceLastTag };
}
