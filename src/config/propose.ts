// What `shipver init` proposes: the projects found in a repository (scan.ts), the tag format
// the history already uses (tag-history.ts), and a commented shipver.yaml for them. Also the
// report of what was found and not used, for `init --dry-run` (detect-report.ts prints it).
import type { VersionFileSpec } from './types.js';
import { DEFAULT_TAG_FORMAT } from './defaults.js';
import { scanRepository, type Candidate, type ProjectDir, type Unclassified } from './scan.js';
import { inferTagFormat, type InferredTags, type TagInfo } from './tag-history.js';
import type { DetectionProblem } from './detect/problem.js';
import { compareBuild } from '../version/semver-fns.js';
import { SUGGESTED_FORMATS } from '../version/files/formats.js';

export interface DetectedProject {
  name: string;
  /** its own changelog (projects with their own tags, not at the root) */
  changelog?: string;
  /** directory relative to the root, '.' for the root */
  dir: string;
  versionFiles: VersionFileSpec[];
  ecosystem: 'node' | 'python' | 'other';
  /** the version its files hold (semver), null when they disagree */
  version?: string | null;
}

export interface TagFormatChoice {
  format: string;
  /** "history": most tags use it; "default": no version tag to go by */
  source: 'history' | 'default';
  /** tags in that format, and the newest of them */
  count: number;
  example: string | null;
  /** other formats in the history, not used (tag.format takes one) */
  others: Array<{ format: string; count: number; example: string }>;
}

export interface DetectionReport {
  tagFormat: TagFormatChoice;
  /** every place found that may carry the version: used (project set) or not (reason set) */
  candidates: Array<Omit<Candidate, 'dir' | 'spec'> & { project: string | null }>;
  /** what could not be classified: apps without a version file, tags without a version, workspace patterns that match nothing */
  unclassified: Unclassified[];
  /** what stops init (nothing is written): each names the file and line */
  problems: DetectionProblem[];
}

export interface InitProposal {
  projects: DetectedProject[];
  tagFormat: string;
  report: DetectionReport;
}

const VALID_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** A name for a project with no tags to go by: the directory ('hub', 'clients-python'); at the root its package's name, else the root's. */
function defaultName(p: ProjectDir, rootName: string): string {
  const raw = p.dir === '.' ? (p.names[0] ?? rootName) : p.dir.replace(/\//g, '-');
  const clean = raw.replace(/[^A-Za-z0-9._-]/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  return VALID_NAME.test(clean) ? clean : 'app';
}

function unique(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((n) => {
    const k = (seen.get(n) ?? 0) + 1;
    seen.set(n, k);
    return k === 1 ? n : `${n}-${k}`;
  });
}

/**
 * The projects and the tag format init proposes, from the files and the tags. Several projects
 * share one version (lockstep) when the history's tags name no project; a project whose
 * version differs from the others' is then left out, with the reason.
 */
export function proposeFromScan(root: string, rootName: string, tags: readonly TagInfo[]): InitProposal {
  const scan = scanRepository(root, rootName);
  const inferred: InferredTags | null = inferTagFormat(tags, scan.projects.map((p) => ({ dir: p.dir, names: p.names })));
  let chosen = scan.projects;
  const excluded = new Map<string, string>(); // dir → why it is left out
  let format: string;
  if (inferred && (inferred.perProject || scan.projects.length <= 1)) {
    format = inferred.format;
  } else if (inferred) {
    format = inferred.format;
    // Lockstep: one version for all. Keep the projects that hold the version the tags say,
    // else the root's, else the highest.
    // (A project whose own files disagree, some behind the others, still counts where any of them holds the version.)
    const latest = inferred.latest.get('')?.version ?? null;
    const agreed = (p: ProjectDir) => (p.versions.length === 1 ? p.versions[0]! : null);
    const byVersion = (v: string | null) => scan.projects.filter((p) => v !== null && p.versions.includes(v));
    const rootProject = scan.projects.find((p) => p.dir === '.');
    const highest = scan.projects.flatMap((p) => p.versions).sort(compareBuild).at(-1) ?? null;
    const rootVersion = rootProject ? ([...rootProject.versions].sort(compareBuild).at(-1) ?? null) : null;
    const pick = byVersion(latest).length ? latest : (rootVersion ?? highest);
    chosen = byVersion(pick);
    if (!chosen.length) chosen = scan.projects;
    for (const p of scan.projects) {
      if (chosen.includes(p)) continue;
      const v = agreed(p) ?? p.versions.join(' / ');
      excluded.set(p.dir, `version ${v} differs from ${pick === latest && latest ? `the latest ${format} tag (${inferred.latest.get('')!.tag})` : `the other projects (${pick})`}`);
    }
  } else {
    format = scan.projects.length > 1 ? '{project}-v{version}' : DEFAULT_TAG_FORMAT;
  }

  const perProject = format.includes('{project}');
  const names = unique(chosen.map((p) => (perProject ? inferred?.names.get(p.dir) : undefined) ?? defaultName(p, rootName)));
  const projects: DetectedProject[] = chosen.map((p, i) => ({
    name: names[i]!,
    dir: p.dir,
    versionFiles: p.specs,
    ecosystem: p.ecosystem,
    version: p.versions.length === 1 ? p.versions[0]! : null,
    ...(perProject && chosen.length > 1 && p.dir !== '.' ? { changelog: `${p.dir}/CHANGELOG.md` } : {}),
  }));
  const nameOf = (dir: string | null) => projects.find((p) => p.dir === dir)?.name ?? null;
  const candidates = scan.candidates.map(({ dir, spec: _spec, ...c }) => {
    const project = c.reason ? null : nameOf(dir);
    const reason = c.reason ?? (dir && excluded.has(dir) ? `${dir}/ is left out: ${excluded.get(dir)}` : null);
    return { ...c, project, reason };
  });
  const unclassified = [...scan.unclassified];
  for (const [dir, why] of excluded) {
    const first = scan.candidates.find((c) => c.dir === dir && c.reason === null);
    unclassified.push({
      file: first?.file ?? `${dir}/`,
      line: first?.line ?? null,
      text: why,
      reason: `${dir === '.' ? 'the root' : `${dir}/`} is a project, left out: its ${why}, and with ${format} tags the projects share one version. To release it with them, bring its version files to the others' version; to version it on its own, list it in shipver.yaml with tag.format "{project}-v{version}" (the existing ${format} tags then no longer count)`,
    });
  }
  if (inferred) {
    if (inferred.unversioned.length) {
      const shown = inferred.unversioned.slice(0, 5).join(', ');
      unclassified.push({ file: 'tags', line: null, text: shown, reason: `${inferred.unversioned.length} tag(s) hold no semver version (${shown}${inferred.unversioned.length > 5 ? ', ...' : ''}): shipver does not count them` });
    }
    for (const o of inferred.others) {
      unclassified.push({ file: 'tags', line: null, text: o.example, reason: `${o.count} tag(s) in another format, ${o.format} (e.g. ${o.example}): tag.format takes one format, ${format}, which more tags use` });
    }
  }
  return {
    projects,
    tagFormat: format,
    report: {
      tagFormat: {
        format,
        source: inferred ? 'history' : 'default',
        count: inferred?.count ?? 0,
        example: inferred?.example ?? null,
        others: inferred?.others ?? [],
      },
      candidates,
      unclassified,
      problems: scan.problems,
    },
  };
}

function yamlString(s: string): string {
  return /^[A-Za-z0-9_./-]+$/.test(s) ? s : JSON.stringify(s);
}

function fileEntry(f: VersionFileSpec): string {
  if (f.kind === 'auto') return yamlString(f.file);
  const replace = f.replace === f.search ? '' : `, replace: ${JSON.stringify(f.replace)}`; // replace defaults to search
  return `{ file: ${yamlString(f.file)}, search: ${JSON.stringify(f.search)}${replace}${f.scheme !== 'semver' ? `, scheme: ${f.scheme}` : ''} }`;
}

/** A shipver.yaml for the detected projects, every default spelled out so it documents itself. */
export function proposeConfig(projects: DetectedProject[], opts: { tagFormat?: string; tagNote?: string } = {}): string {
  const several = projects.length > 1;
  const format = opts.tagFormat ?? (several ? '{project}-v{version}' : 'v{version}');
  const lines = [
    '# shipver configuration — docs/config.md lists every key. Every key is optional.',
    'branches:',
    '  release: [main, master]      # branches that release',
    '  maintenance: ["*.x"]         # e.g. 1.x: patch releases of an old major',
    '  prerelease: {}               # e.g. { beta: beta } releases 1.3.0-beta.N from branch beta',
    'tag:',
    `  format: ${JSON.stringify(format)}${opts.tagNote ? `  # ${opts.tagNote}` : ''}`,
    '  sign: false',
    'commit:',
    '  message: "chore(release): {version}"',
    'changelog:',
    '  file: CHANGELOG.md',
  ];
  if (projects.length) {
    lines.push('projects:');
    for (const p of projects) {
      lines.push(`  - name: ${yamlString(p.name)}`);
      if (several) lines.push(`    paths: [${yamlString(p.dir)}]`);
      if (p.changelog) lines.push(`    changelog: ${yamlString(p.changelog)}`);
      lines.push('    versionFiles:');
      for (const f of p.versionFiles) lines.push(`      - ${fileEntry(f)}`);
    }
  } else {
    lines.push(`# No version file found: add one (${SUGGESTED_FORMATS})`, '# or list them under projects: versionFiles.');
  }
  lines.push(
    '# Where releases go. A pushed tag deploys automatically to environments whose deploy.on matches it.',
    '# environments:',
    '#   staging:',
    '#     deploy: { command: [make, "version={version}", "deploy-{project}-to-staging"], cwd: ../ops, on: prerelease }',
    '#     status: https://staging.example.org/api/status',
    '#   prod:',
    '#     deploy: { command: [make, "version={version}", "deploy-{project}-to-prod"], cwd: ../ops }',
    '',
  );
  return lines.join('\n');
}
