// The release context: config, projects, branch, version files, the last version tags and
// the commits since them. gather.ts builds on it (adding what only a release reads);
// doctor and `shipver commit` use it alone. The decision (plan-release.ts) is pure.
import type { Config, ProjectConfig } from '../config/types.js';
import { loadConfig } from '../config/load.js';
import { Git, type CommitRecord, type Located } from '../git/git.js';
import { refusal, ShipverError, usageError } from '../errors.js';
import { selectProjects } from './projects.js';
import { parseCommit, type ParsedCommit } from '../commits/conventional.js';
import { agreedVersion, commitReader, readVersionFiles, workTreeReader, type VersionFileState } from './version-files.js';
import { branchPolicy, type BranchPolicy } from './branch-policy.js';
import { compareBuild } from '../version/semver-fns.js';
import { filesTarget, nearestVersionTag, resolveLatest, versionTagNames, type TagRef } from './version-tags.js';
import { checkTagForms } from './tag-format-infer.js';

export type { TagRef } from './version-tags.js';
export { selectProjects } from './projects.js';

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
  /**
   * The version the next one counts from: what the version files say, or the latest
   * version tag HEAD contains when that is newer (another tool tagged without committing
   * the files; see filesBehind).
   */
  current: string;
  /** what the version files say */
  filesVersion: string;
  /** the latest reachable tag, when the version files are behind it */
  filesBehind: TagRef | null;
  /** the latest version tag reachable from HEAD (the highest version: see version-tags.ts) */
  lastTag: TagRef | null;
  /** the latest stable one */
  lastStableTag: TagRef | null;
  /** version tags above lastTag on branches HEAD does not contain: mentioned, never counted */
  unmergedTags: TagRef[];
  /** the names of the version tags above the lower bound of lastTag (every version tag a next version could be) */
  tagNames: Set<string>;
  /** the names of every tag matching tag.format's glob (any tag a release could collide with) */
  localTags: Set<string>;
  /** HEAD's commit (null before the first commit) */
  head: string | null;
  /** things a person should know before releasing (printed as warnings) */
  warnings: string[];
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

/** The repository around cwd: its top, git directory, HEAD and branch (one git call). */
export async function locateRepo(cwd: string): Promise<Located> {
  const here = await new Git(cwd).locate();
  if (!here) throw notARepo();
  return here;
}

/**
 * `where`: a directory inside the repository, or the repository as locateRepo found it.
 * `committed`: read the version files as committed at HEAD, not in the work tree (shipver
 * tag: the tag is for what is committed, whatever is edited meanwhile).
 */
export async function loadReleaseContext(where: string | Located, opts: { project?: string; committed?: boolean } = {}): Promise<ReleaseContext> {
  const here = typeof where === 'string' ? await locateRepo(where) : where;
  const { root, gitDir, head, branch } = here;
  const git = new Git(root);
  const config = await loadConfig(root);
  const { projects, projectName, paths } = selectProjects(config, opts.project);
  // The tag search and the version files do not depend on each other: both at once.
  const tagged = head ? tagAndRange(git, config, projectName, paths) : null;
  tagged?.catch(() => undefined); // awaited below, after the files
  const files = await readVersionFiles(projects, opts.committed && head ? commitReader(git, 'HEAD') : workTreeReader(root));
  const policy = branch ? branchPolicy(branch, config.branches) : null;
  const none = { lastTag: null, lastStableTag: null, unmerged: [], above: [], records: [], sinceLastTag: 0, names: [] };
  const { lastTag, lastStableTag, unmerged, above, records, sinceLastTag, names } = tagged ? await tagged : none;
  const warnings: string[] = [];
  if (tagged && !lastTag && above.length === 0) {
    // No tag of tag.format: are the releases tagged in another form?
    const forms = await checkTagForms(git, root, config.tag.format, files.flatMap((f) => f.versions));
    if (forms.kind === 'infer') throw usageError('E_TAG_FORMAT_MISMATCH', forms.message, `shipver doctor --fix writes tag: { format: "${forms.format}" } to shipver.yaml`);
    if (forms.kind === 'ambiguous') throw usageError('E_TAG_FORMAT_MISMATCH', forms.message, forms.decide);
    if (forms.kind === 'unsure') warnings.push(`${forms.message} (${forms.decide})`);
  }
  const filesVersion = agreedVersionOrFix(files, lastTag);
  const filesBehind = lastTag && compareBuild(lastTag.version, filesVersion) > 0 ? lastTag : null;
  if (filesBehind) {
    warnings.push(`the version files say ${filesVersion}, behind tag ${filesBehind.name} (tagged without committing them): counting from ${filesBehind.version}; the release writes the new version to them (shipver doctor --fix brings them to ${filesBehind.version} now)`);
  }
  const current = filesBehind ? filesBehind.version : filesVersion;
  const commits = records.map((r) => ({ ...r, parsed: parseCommit(r.message) }));
  // Commits since the last tag of any kind; when that tag is the stable one, the range above already says.
  const newSinceLastTag = !head ? 0 : lastTag && lastTag !== lastStableTag ? (sinceLastTag ?? (await git.countCommits(`refs/tags/${lastTag.name}..HEAD`, paths))) : commits.length;
  return {
    root,
    gitDir,
    git,
    config,
    projects,
    projectName,
    paths,
    branch,
    policy,
    files,
    current,
    filesVersion,
    filesBehind,
    lastTag,
    lastStableTag,
    unmergedTags: unmerged,
    tagNames: new Set(above.map((t) => t.name)),
    localTags: new Set(names),
    head,
    warnings,
    commits,
    newSinceLastTag,
  };
}

/** The files' one version; when they disagree, the refusal says whether shipver doctor --fix can settle it. */
function agreedVersionOrFix(files: VersionFileState[], lastTag: TagRef | null): string {
  try {
    return agreedVersion(files);
  } catch (e) {
    if (!(e instanceof ShipverError) || e.code !== 'E_VERSION_FILES_DISAGREE') throw e;
    const target = filesTarget(files.flatMap((f) => f.versions), lastTag);
    const hint = target
      ? `shipver doctor --fix sets them all to ${target} (tag ${lastTag!.name}, the latest release HEAD contains) in one release commit`
      : `a person must decide which version is right (${lastTag ? `the latest release HEAD contains is ${lastTag.name}` : 'there is no version tag yet'}); shipver doctor shows each file`;
    throw refusal(e.code, e.message, hint, e.details);
  }
}

interface TagsAndRange {
  lastTag: TagRef | null;
  lastStableTag: TagRef | null;
  unmerged: TagRef[];
  /** the version tags above the first one HEAD contains (all of them when it contains none): any tag a next version could collide with */
  above: TagRef[];
  records: CommitRecord[];
  /** every tag name matching the glob */
  names: readonly string[];
  /** the number of commits since the last tag, when those were read anyway */
  sinceLastTag?: number;
}

/**
 * The last version tag, the last stable one (the rule in version-tags.ts: the highest
 * versions HEAD contains), and the non-merge commits since the stable one. The first
 * version tag git's describe walk meets is reachable, so it bounds the answer from
 * below; the commits since it are read meanwhile (without paths), and they are the range
 * itself in the common case, where it is the answer: one git call less.
 */
async function tagAndRange(git: Git, config: Config, project: string, paths: string[]): Promise<TagsAndRange> {
  const format = config.tag.format;
  const namesP = versionTagNames(git, format, project);
  namesP.catch(() => undefined); // awaited below
  const first = await nearestVersionTag(git, format, project, { how: 'first' });
  // without a version tag HEAD contains, every commit counts
  const sinceP = first && paths.length === 0 ? git.commits([`refs/tags/${first.name}..HEAD`]) : null;
  sinceP?.catch(() => undefined);
  const names = await namesP;
  const { latest, latestStable, unmerged, above } = await resolveLatest(git, {
    first,
    names,
    format,
    project,
    firstStable: () => nearestVersionTag(git, format, project, { stable: true, how: 'first' }),
  });
  const since = sinceP ? await sinceP : null;
  const sinceLastTag = since && latest?.name === first?.name ? since.length : undefined;
  const tags = { lastTag: latest, lastStableTag: latestStable, unmerged, above, sinceLastTag, names };
  if (since && latestStable?.name === first?.name) return { ...tags, records: since.filter((r) => r.parents.length < 2) };
  const range = latestStable ? [`refs/tags/${latestStable.name}..HEAD`] : ['HEAD'];
  return { ...tags, records: await git.commits(range, { paths, noMerges: true }) };
}
