// Defaults and the cross-field rules that turn a validated shipver.yaml (or none) into the
// Config the rest of shipver reads. Pure, and free of the YAML parser, so commands in a
// repository without shipver.yaml never load it.
import { isSafeRefName } from '../git/refs.js';
import path from 'node:path';
import { usageError } from '../errors.js';
import type { ChangelogType, Config, DeployConfig, EnvironmentConfig, LevelOrNone, ProjectConfig, StatusConfig, VersionFileSpec } from './types.js';

export const CONFIG_FILE = 'shipver.yaml';
export const DEFAULT_TAG_FORMAT = 'v{version}';

export const DEFAULT_CHANGELOG_TYPES: ChangelogType[] = [
  { type: 'feat', section: 'Features', hidden: false },
  { type: 'feature', section: 'Features', hidden: false },
  { type: 'fix', section: 'Bug Fixes', hidden: false },
  { type: 'perf', section: 'Performance Improvements', hidden: false },
  { type: 'revert', section: 'Reverts', hidden: false },
  { type: 'docs', section: 'Documentation', hidden: true },
  { type: 'style', section: 'Styles', hidden: true },
  { type: 'chore', section: 'Miscellaneous Chores', hidden: true },
  { type: 'refactor', section: 'Code Refactoring', hidden: true },
  { type: 'test', section: 'Tests', hidden: true },
  { type: 'build', section: 'Build System', hidden: true },
  { type: 'ci', section: 'Continuous Integration', hidden: true },
];

export const DEFAULT_BUMP_TYPES: Record<string, LevelOrNone> = { feat: 'minor', feature: 'minor', fix: 'patch', perf: 'patch' };


/** Written config as validated: every key optional. */
export interface Written {
  branches?: { release?: string[]; maintenance?: string[]; prerelease?: Record<string, string> };
  tag?: { format?: string; sign?: boolean };
  commit?: { message?: string };
  changelog?: { file?: string; types?: Array<string | { type: string; section?: string; hidden?: boolean }>; collapsePrereleases?: boolean; emptySections?: boolean };
  bump?: { types?: Record<string, LevelOrNone>; breakingPreMajor?: 'major' | 'minor' };
  projects?: Array<{ name: string; paths?: string[]; versionFiles?: Array<string | { file: string; search?: string; replace?: string; scheme?: 'semver' | 'pep440' }>; changelog?: string }>;
  environments?: Record<string, {
    deploy?: { command?: string[]; gitops?: { repo: string; file: string; image: string; branch?: string }; cwd?: string; on?: string | string[]; projects?: string[]; timeout?: number };
    status?: string | { url: string; field?: string; project?: string } | Array<string | { url: string; field?: string; project?: string }>;
  }>;
  deploy?: { waitSeconds?: number };
  dashboard?: { repos?: string[] };
}


/** Where a config path leaves the repository (absolute, or `..` above the root). */
function escapesRoot(p: string): boolean {
  const n = path.posix.normalize(p.replace(/\\/g, '/'));
  return path.isAbsolute(p) || n === '..' || n.startsWith('../');
}

/** A deploy cwd: inside the repository, or one sibling directory next to it (../ops) — never above that, never absolute. */
function deployCwdAllowed(cwd: string): boolean {
  const n = path.posix.normalize(cwd.replace(/\\/g, '/'));
  if (path.isAbsolute(cwd) || n.startsWith('/')) return false;
  if (n === '..' || n.startsWith('../..') || n === '../') return false;
  return true;
}

function checkTagFormat(format: string): string | null {
  const count = format.split('{version}').length - 1;
  if (count !== 1) return `tag.format must contain {version} exactly once, found ${count} in "${format}"`;
  const sample = format.replace('{version}', '1.2.3-beta.1').replace(/\{project\}/g, 'app');
  // the one rule for a ref name shipver hands to git (and prints in commands): git's
  // check-ref-format rules, and no shell characters
  if (!isSafeRefName(sample)) {
    return `tag.format "${format}" does not give a valid git tag name (e.g. "${sample}")`;
  }
  return null;
}

export function configProblems(shown: string, problems: string[]) {
  return usageError(
    'E_CONFIG_INVALID',
    problems.length === 1 ? problems[0]! : `${shown} has ${problems.length} problems`,
    `fix ${shown}; docs/config.md lists every key`,
    problems.length === 1 ? [] : problems.map((p) => `- ${p}`),
  );
}



/** Applies defaults and cross-field rules to a written config. Throws one usage error listing every problem. */
export function buildConfig(w: Written, opts: { file: string | null; root: string; displayName?: string }): Config {
  const shown = opts.displayName ?? CONFIG_FILE;
  const problems: string[] = [];

  const tagFormat = w.tag?.format ?? DEFAULT_TAG_FORMAT;
  const tagProblem = checkTagFormat(tagFormat);
  if (tagProblem) problems.push(`${tagProblem} (${shown})`);

  const projects: ProjectConfig[] = [];
  const seen = new Set<string>();
  for (const p of w.projects ?? []) {
    if (!p || typeof p.name !== 'string') continue;
    if (seen.has(p.name)) problems.push(`project "${p.name}" is listed twice in ${shown}`);
    seen.add(p.name);
    const files: VersionFileSpec[] = (p.versionFiles ?? []).filter(Boolean).map((f) =>
      typeof f === 'string'
        ? { kind: 'auto', file: f }
        : f.search !== undefined || f.replace !== undefined
          ? { kind: 'pattern', file: f.file, search: f.search ?? '{version}', replace: f.replace ?? f.search ?? '{version}', scheme: f.scheme ?? 'semver' }
          : { kind: 'auto', file: f.file },
    );
    for (const f of files) {
      if (escapesRoot(f.file)) problems.push(`version file "${f.file}" of project "${p.name}" is outside the repository (${shown})`);
    }
    const paths = p.paths ?? defaultPaths(files);
    projects.push({ name: p.name, paths, versionFiles: files, detected: false, changelogFile: p.changelog ?? null });
  }
  // Several projects without {project} in tag.format release in lockstep: one version, one tag.
  if (tagFormat.includes('{project}') && !w.projects) {
    problems.push(`tag.format uses {project} but ${shown} lists no projects — add "projects:" or remove {project}`);
  }

  const environments: EnvironmentConfig[] = [];
  for (const [envName, e] of Object.entries(w.environments ?? {})) {
    if (!e) continue;
    let deploy: DeployConfig | null = null;
    if (e.deploy) {
      const d = e.deploy;
      if (d.command && d.gitops) problems.push(`environments.${envName}.deploy has both "command" and "gitops"; keep one (${shown})`);
      if (!d.command && !d.gitops) problems.push(`environments.${envName}.deploy needs "command" (an argv list) or "gitops" (${shown})`);
      for (const pr of d.projects ?? []) {
        if (w.projects && !seen.has(pr)) problems.push(`environments.${envName}.deploy.projects names unknown project "${pr}" (${shown})`);
      }
      if (d.cwd !== undefined && !deployCwdAllowed(d.cwd)) {
        problems.push(`environments.${envName}.deploy.cwd "${d.cwd}" leaves the repository; it may be inside it or a sibling checkout such as ../ops (${shown})`);
      }
      const on = d.on === undefined ? [] : Array.isArray(d.on) ? d.on : [d.on];
      deploy = {
        command: d.command ?? null,
        gitops: d.gitops ? { repo: d.gitops.repo, file: d.gitops.file, image: d.gitops.image, branch: d.gitops.branch ?? null } : null,
        cwd: d.cwd ?? null,
        on: on as DeployConfig['on'],
        projects: d.projects ?? [],
        timeout: d.timeout ?? 3600,
      };
    }
    const rawStatus = e.status === undefined ? [] : Array.isArray(e.status) ? e.status : [e.status];
    const status: StatusConfig[] = rawStatus.filter(Boolean).map((s) =>
      typeof s === 'string' ? { url: s, field: 'version', project: null } : { url: s.url, field: s.field ?? 'version', project: s.project ?? null },
    );
    for (const s of status) {
      if (!/^https?:\/\//.test(s.url)) problems.push(`environments.${envName}.status "${s.url}" must be an http(s) URL (${shown})`);
    }
    environments.push({ name: envName, deploy, status });
  }

  if (problems.length) throw configProblems(shown, problems);

  const changelogTypes: ChangelogType[] = w.changelog?.types
    ? w.changelog.types.map((t) => {
        const type = typeof t === 'string' ? t : t.type;
        const known = DEFAULT_CHANGELOG_TYPES.find((d) => d.type === type);
        return {
          type,
          section: (typeof t === 'object' && t.section) || known?.section || type,
          hidden: typeof t === 'object' ? (t.hidden ?? false) : false,
        };
      })
    : DEFAULT_CHANGELOG_TYPES;

  return {
    file: opts.file,
    root: opts.root,
    branches: {
      release: w.branches?.release ?? ['main', 'master'],
      maintenance: w.branches?.maintenance ?? ['*.x'],
      prerelease: w.branches?.prerelease ?? {},
    },
    tag: { format: tagFormat, sign: w.tag?.sign ?? false },
    commit: { message: w.commit?.message ?? 'chore(release): {version}' },
    changelog: {
      file: w.changelog?.file ?? 'CHANGELOG.md',
      types: changelogTypes,
      collapsePrereleases: w.changelog?.collapsePrereleases ?? false,
      emptySections: w.changelog?.emptySections ?? false,
    },
    bump: {
      types: { ...DEFAULT_BUMP_TYPES, ...(w.bump?.types ?? {}) },
      breakingPreMajor: w.bump?.breakingPreMajor ?? 'minor',
    },
    projects,
    projectsConfigured: Boolean(w.projects),
    environments,
    deploy: { waitSeconds: w.deploy?.waitSeconds ?? 300 },
    dashboard: { repos: w.dashboard?.repos ?? [] },
  };
}


/** The directories of a project's version files, used to filter its commits. */
function defaultPaths(files: VersionFileSpec[]): string[] {
  const dirs = new Set<string>();
  for (const f of files) {
    const d = path.posix.dirname(f.file.replace(/\\/g, '/'));
    if (d !== '.') dirs.add(d);
  }
  return dirs.size ? [...dirs] : ['.'];
}

