// The configuration as the rest of shipver sees it: every key present, defaults applied.

import type { VersionFileSpec } from '../version/files/types.js';

export type Level = 'major' | 'minor' | 'patch';
export type LevelOrNone = Level | 'none';

/** A version file: a known format detected from its name, or a search/replace pattern (version/files/types.ts). */
export type { VersionFileSpec };

export interface ProjectConfig {
  name: string;
  /** paths whose commits count for this project (used with {project} in tag.format) */
  paths: string[];
  versionFiles: VersionFileSpec[];
  /** true when versionFiles came from detection rather than from shipver.yaml */
  detected: boolean;
  changelogFile: string | null;
}

export interface StatusConfig {
  url: string;
  /** dotted path of the version in the JSON answer */
  field: string;
  project: string | null;
}

export interface GitopsConfig {
  repo: string;
  file: string;
  image: string;
  branch: string | null;
}

export interface DeployConfig {
  command: string[] | null;
  gitops: GitopsConfig | null;
  cwd: string | null;
  /** which pushed tags deploy here automatically */
  on: Array<'release' | 'prerelease'>;
  /** projects this environment deploys (all when empty) */
  projects: string[];
  /** seconds the command may run */
  timeout: number;
}

export interface EnvironmentConfig {
  name: string;
  deploy: DeployConfig | null;
  status: StatusConfig[];
}

export interface ChangelogType {
  type: string;
  section: string;
  hidden: boolean;
}

export interface Config {
  /** absolute path of shipver.yaml, null when there is none */
  file: string | null;
  root: string;
  branches: { release: string[]; maintenance: string[]; prerelease: Record<string, string> };
  tag: { format: string; sign: boolean };
  commit: { message: string };
  changelog: { file: string; types: ChangelogType[]; collapsePrereleases: boolean; emptySections: boolean };
  bump: { types: Record<string, LevelOrNone>; breakingPreMajor: 'major' | 'minor' };
  projects: ProjectConfig[];
  /** true when shipver.yaml listed the projects */
  projectsConfigured: boolean;
  environments: EnvironmentConfig[];
  deploy: { waitSeconds: number };
  /** the app repositories `shipver dashboard` covers: paths relative to root, as written */
  dashboard: { repos: string[] };
}
