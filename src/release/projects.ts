// Which projects a command acts on: the one rule for every command that takes --project
// (next, bump, tag, release, changelog, doctor, deploy, version).
//
//  - Lockstep (no {project} in tag.format): the projects share one version and release
//    together, so the whole repository's commits count, and --project is refused when
//    there are several (E_PROJECT_LOCKSTEP).
//  - Independent ({project} in tag.format): one project at a time, chosen with --project
//    when there are several (E_PROJECT_REQUIRED); only commits touching its paths count.
import type { Config, ProjectConfig } from '../config/types.js';
import { usageError } from '../errors.js';
import { projectRequired } from '../errors/messages.js';

export interface ProjectSelection {
  /** the projects released together (one when independent; all of them in lockstep) */
  projects: ProjectConfig[];
  /** the value of {project} */
  projectName: string;
  /** commit paths that count (empty: the whole repository) */
  paths: string[];
  /** the single project acted on (its changelog file), or null for several in lockstep */
  project: ProjectConfig | null;
}

export function selectProjects(config: Config, name: string | undefined): ProjectSelection {
  const independent = config.tag.format.includes('{project}');
  const names = config.projects.map((p) => p.name);
  if (name) {
    const p = config.projects.find((x) => x.name === name);
    if (!p) throw usageError('E_UNKNOWN_PROJECT', `there is no project "${name}"`, names.length ? `projects: ${names.join(', ')}` : 'list projects in shipver.yaml');
    if (!independent && config.projects.length > 1) {
      throw usageError('E_PROJECT_LOCKSTEP', `the projects share one version (tag.format has no {project}), so they release together`, 'drop --project, or put {project} in tag.format to version them separately');
    }
    return { projects: [p], projectName: p.name, paths: independent ? p.paths : [], project: p };
  }
  if (independent && config.projects.length > 1) {
    throw projectRequired(names);
  }
  const only = config.projects[0]!;
  return { projects: config.projects, projectName: only.name, paths: independent ? only.paths.filter((p) => p !== '.') : [], project: config.projects.length === 1 ? only : null };
}
