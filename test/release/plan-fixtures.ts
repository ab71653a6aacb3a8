// In-memory inputs for planRelease / planTag / planNext: a Gathered object as gather.ts
// would read it, built without a repository or a file system.
import { buildConfig, type Written } from '../../src/config/defaults.js';
import { parseCommit } from '../../src/commits/conventional.js';
import { readVersionFiles } from '../../src/release/version-files.js';
import { branchPolicy } from '../../src/release/branch-policy.js';
import { versionOfTag } from '../../src/release/version-tags.js';
import type { Gathered, RepoState } from '../../src/release/gather.js';
import type { TagRef } from '../../src/release/version-tags.js';

let n = 0;
/** A commit as gather reads it (a fake sha, the message parsed). */
export function commit(message: string) {
  const sha = (++n).toString(16).padStart(40, 'c');
  return { sha, parents: ['p'.repeat(40)], message, parsed: parseCommit(message) };
}

const tagRef = (name: string | null, format = 'v{version}', project = ''): TagRef | null => (name ? { name, version: versionOfTag(format, name, project)! } : null);

export interface Scenario {
  written?: Written;
  /** the version package.json holds (work tree) */
  version?: string;
  /** package.json at HEAD (tag mode); default: as `version` */
  headVersion?: string | null;
  branch?: string | null;
  /** newest first */
  commits?: string[];
  lastTag?: string | null;
  lastStableTag?: string | null;
  /** commits since lastTag (a prerelease's notes) */
  sinceLastTag?: string[] | null;
  newSinceLastTag?: number;
  /** version tags above the lower bound (unmerged ones a next version could collide with) */
  tagNames?: string[];
  localTags?: string[];
  remoteTags?: string[] | 'unreachable' | null;
  state?: Partial<RepoState>;
  changelog?: { text: string | null; error?: string | null } | null;
  mode?: Gathered['mode'];
  filesBehind?: string | null;
  warnings?: string[];
}

export const UPSTREAM = { remote: 'origin', ref: 'refs/heads/main', name: 'origin/main' };

export async function gathered(s: Scenario = {}): Promise<Gathered> {
  const config = buildConfig({ projects: [{ name: 'app', versionFiles: ['package.json'] }], ...s.written }, { file: null, root: '/nowhere' });
  const version = s.version ?? '1.0.0';
  const read = (v: string) => () => `{"name":"app","version":"${v}"}\n`;
  const files = await readVersionFiles(config.projects, read(version));
  const headVersion = s.headVersion === undefined ? version : s.headVersion;
  const headFiles = headVersion === null ? null : await readVersionFiles(config.projects, read(headVersion));
  const branch = s.branch === undefined ? 'main' : s.branch;
  const lastTag = tagRef(s.lastTag === undefined ? `v${version}` : s.lastTag);
  const lastStableTag = tagRef(s.lastStableTag === undefined ? lastTag?.name ?? null : s.lastStableTag);
  const commits = (s.commits ?? []).map(commit);
  const filesBehind = tagRef(s.filesBehind ?? null);
  const mode = s.mode ?? 'release';
  return {
    mode,
    root: '/nowhere',
    gitDir: '/nowhere/.git',
    config,
    projects: config.projects,
    projectName: 'app',
    paths: [],
    branch,
    policy: branch ? branchPolicy(branch, config.branches) : null,
    files,
    current: filesBehind ? filesBehind.version : version,
    filesVersion: version,
    filesBehind,
    lastTag,
    lastStableTag,
    unmergedTags: [],
    tagNames: new Set(s.tagNames ?? []),
    localTags: new Set(s.localTags ?? [lastTag?.name, lastStableTag?.name].filter((x): x is string => Boolean(x))),
    head: mode === 'tag' && headVersion === null ? null : 'h'.repeat(40),
    warnings: s.warnings ?? [],
    commits,
    newSinceLastTag: s.newSinceLastTag ?? commits.length,
    state: mode === 'tag' || mode === 'next' ? null : { changes: [], upstream: UPSTREAM, fetch: { done: true }, aheadBehind: { ahead: 0, behind: 0 }, ...s.state },
    headFiles: mode === 'tag' ? headFiles : null,
    remote: 'origin',
    remoteTags: s.remoteTags === undefined ? [] : s.remoteTags,
    sinceLastTag: s.sinceLastTag ? s.sinceLastTag.map(commit) : null,
    remoteInfo: null,
    changelog: mode === 'tag' || mode === 'next' ? null : s.changelog === null ? null : { file: 'CHANGELOG.md', text: s.changelog?.text ?? null, error: s.changelog?.error ?? null },
  };
}

export const OPTS = { level: null, pre: null, push: false, dryRun: false, date: '2026-01-02' } as const;
