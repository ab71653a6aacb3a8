// Loads <root>/shipver.yaml (defaults when absent). The YAML parser is loaded only when
// the file exists. Without a `projects:` list, the root is one project whose version
// files are detected.
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { usageError, errnoCode } from '../errors.js';
import type { Config } from './types.js';
import { buildConfig, CONFIG_FILE } from './defaults.js';
import { detectVersionFiles } from './detect/version-files.js';

export { CONFIG_FILE, DEFAULT_BUMP_TYPES, DEFAULT_CHANGELOG_TYPES } from './defaults.js';

export async function loadConfig(root: string): Promise<Config> {
  const file = path.join(root, CONFIG_FILE);
  let text = '';
  let present = false;
  if (existsSync(file)) {
    try {
      text = readFileSync(file, 'utf8');
      present = true;
    } catch (e) {
      throw usageError('E_CONFIG_UNREADABLE', `${CONFIG_FILE} cannot be read (${errnoCode(e) ?? (e as Error).message})`, `check the file's permissions`);
    }
  }
  const opts = { file: present ? file : null, root };
  const config = present ? (await import('./parse.js')).parseConfig(text, opts) : buildConfig({}, opts);
  return withDetectedProject(config);
}

/** Fills in the implicit root project from detection when shipver.yaml lists none. */
export function withDetectedProject(config: Config): Config {
  if (config.projects.length) return config;
  const files = detectVersionFiles(config.root);
  const pkgName = readPackageName(config.root);
  return {
    ...config,
    projects: [{ name: pkgName ?? path.basename(config.root), paths: ['.'], versionFiles: files, detected: true, changelogFile: null }],
  };
}

function readPackageName(root: string): string | null {
  try {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { name?: unknown };
    return typeof pkg.name === 'string' ? pkg.name.replace(/^@[^/]+\//, '') : null;
  } catch {
    return null;
  }
}
