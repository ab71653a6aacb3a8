// What `shipver init` proposes: the projects found in a repository and a commented
// shipver.yaml for them.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { VersionFileSpec } from './types.js';
import { detectVersionFiles } from '../version/detect.js';

export interface DetectedProject {
  name: string;
  /** directory relative to the root, '.' for the root */
  dir: string;
  versionFiles: VersionFileSpec[];
  ecosystem: 'node' | 'python' | 'other';
}

const SKIP_DIRS = new Set(['node_modules', '.git', '.husky', 'venv', '.venv', 'dist', 'build', 'docs', 'test', 'tests']);

function ecosystemOf(files: VersionFileSpec[]): DetectedProject['ecosystem'] {
  if (files.some((f) => f.file.endsWith('package.json'))) return 'node';
  if (files.some((f) => /\.(py|cfg|toml)$/.test(f.file))) return 'python';
  return 'other';
}

/** The root as one project when it holds version files; otherwise each first-level directory that does. */
export function detectProjects(root: string, rootName: string): DetectedProject[] {
  const rootFiles = detectVersionFiles(root);
  if (rootFiles.length) return [{ name: rootName, dir: '.', versionFiles: rootFiles, ecosystem: ecosystemOf(rootFiles) }];
  const found: DetectedProject[] = [];
  for (const entry of readdirSync(root).sort()) {
    if (entry.startsWith('.') || SKIP_DIRS.has(entry)) continue;
    const dir = path.join(root, entry);
    if (!statSync(dir).isDirectory()) continue;
    const files = detectVersionFiles(dir).map((f) => ({ ...f, file: `${entry}/${f.file}` }));
    if (files.length) found.push({ name: entry, dir: entry, versionFiles: files, ecosystem: ecosystemOf(files) });
  }
  return found;
}

function yamlString(s: string): string {
  return /^[A-Za-z0-9_./-]+$/.test(s) ? s : JSON.stringify(s);
}

function fileEntry(f: VersionFileSpec): string {
  if (f.kind === 'auto') return yamlString(f.file);
  return `{ file: ${yamlString(f.file)}, search: ${JSON.stringify(f.search)}, replace: ${JSON.stringify(f.replace)}${f.scheme !== 'semver' ? `, scheme: ${f.scheme}` : ''} }`;
}

/** A shipver.yaml for the detected projects, every default spelled out so it documents itself. */
export function proposeConfig(projects: DetectedProject[]): string {
  const several = projects.length > 1;
  const lines = [
    '# shipver configuration — docs/config.md lists every key. Every key is optional.',
    'branches:',
    '  release: [main, master]      # branches that release',
    '  maintenance: ["*.x"]         # e.g. 1.x: patch releases of an old major',
    '  prerelease: {}               # e.g. { beta: beta } releases 1.3.0-beta.N from branch beta',
    'tag:',
    `  format: "${several ? '{project}-v{version}' : 'v{version}'}"`,
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
      lines.push('    versionFiles:');
      for (const f of p.versionFiles) lines.push(`      - ${fileEntry(f)}`);
    }
  } else {
    lines.push('# No version file found: add one (package.json, a Python __version__, setup.cfg, pyproject.toml or VERSION)', '# or list them under projects: versionFiles.');
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

