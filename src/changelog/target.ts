// What `shipver changelog` works on: the repository, its config, the project (tags, paths)
// and the remote for links; and the refs it is given, checked and resolved.
import path from 'node:path';
import { refusal, usageError } from '../errors.js';
import { Git } from '../git/git.js';
import { selectProjects } from '../release/projects.js';
import { loadConfig } from '../config/load.js';
import type { Config, ProjectConfig } from '../config/types.js';
import { changelogFileFor } from './file.js';
import { readRemote, type RemoteInfo } from './remote.js';
import { tagMatcher, type TagMatcher } from '../release/version-tags.js';

export interface ChangelogTarget {
  config: Config;
  git: Git;
  project: ProjectConfig | null;
  paths: string[];
  matcher: TagMatcher;
  remote: RemoteInfo | null;
}

/** The repository around `cwd`, its config, and the project `--project` names (or the only one). */
export async function loadChangelogTarget(cwd: string, env: NodeJS.ProcessEnv, projectOpt: string | undefined): Promise<ChangelogTarget> {
  const top = await new Git(cwd, env).topLevel();
  if (!top) throw refusal('E_NOT_A_REPO', `${cwd} is not inside a git repository`, 'run shipver changelog in your project checkout');
  const config = await loadConfig(top);
  const git = new Git(top, env);
  const { project, projectName, paths } = selectProjects(config, projectOpt);
  const matcher = tagMatcher(config.tag.format, config.tag.format.includes('{project}') ? projectName : null);
  const remote = await readRemote(git);
  return { config, git, project, paths, matcher, remote };
}

/** The commit `ref` names (`what` is the option that gave it, for the message). */
export async function resolveRef(git: Git, ref: string, what: string): Promise<string> {
  if (ref.startsWith('-') || /[\0\n]/.test(ref)) throw usageError('E_BAD_REF', `${what} "${ref}" is not a ref`, 'give a tag, a branch or a commit');
  const sha = await git.revParse(ref);
  if (sha) return sha;
  if (ref === 'HEAD') throw refusal('E_NO_COMMITS', 'the repository has no commits yet', 'commit something first');
  throw usageError('E_REF_NOT_FOUND', `${what} "${ref}" does not name a commit here`, 'check the name (git tag --list, git branch --all), or fetch first');
}

/** Paths for `git log -- <paths>`: none when the project is the whole repository. */
export function realPaths(paths: readonly string[]): string[] {
  if (paths.some((p) => p === '.' || p === './' || p === '')) return [];
  return [...paths];
}

/** The target's CHANGELOG.md: its absolute path, and as shown to the user (relative to the root). */
export function changelogPath(t: ChangelogTarget): { file: string; shown: string } {
  const file = changelogFileFor(t.config, t.project);
  return { file, shown: path.relative(t.config.root, file) || file };
}
