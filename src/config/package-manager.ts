// Which package manager a Node repository uses, and the commands in its own spelling:
// `shipver init` adds husky with it (so the lock file stays in step and `npm ci` keeps
// working), and the commit rules name it when a shareable config is not installed.
// Cheap (stat and one small read): it is on the error path of the commit-msg hook.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export type PackageManagerName = 'npm' | 'yarn' | 'pnpm' | 'bun';

export interface PackageManager {
  name: PackageManagerName;
  /** the root is a workspace root: pnpm and yarn 1 want that said when adding a dependency there */
  workspaceRoot?: 'pnpm' | 'yarn1';
  /** the lock file found in the repository (relative), or null */
  lockFile: string | null;
  /** why this one: "from pnpm-lock.yaml", "as there is no lock file" */
  reason: string;
}

/** In the order a repository with two lock files is most likely to use them. */
const LOCK_FILES: Array<[string, PackageManagerName]> = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['bun.lock', 'bun'],
  ['bun.lockb', 'bun'],
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
];

/** The package manager of the package.json in `root`: its "packageManager" field, else its lock file, else npm. */
export function detectPackageManager(root: string): PackageManager {
  const locks = LOCK_FILES.filter(([f]) => existsSync(path.join(root, f)));
  let pkg: { packageManager?: unknown; workspaces?: unknown } = {};
  try {
    pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) ?? {};
  } catch {
    pkg = {};
  }
  const declared = pkg.packageManager;
  const m = typeof declared === 'string' ? /^(npm|yarn|pnpm|bun)@(\d+)?/.exec(declared) : null;
  let found: PackageManager;
  if (m) {
    const name = m[1] as PackageManagerName;
    found = { name, lockFile: locks.find(([, n]) => n === name)?.[0] ?? null, reason: `from "packageManager": "${declared as string}" in package.json` };
  } else {
    const [lock, name] = locks[0] ?? [null, 'npm'];
    found = { name, lockFile: lock, reason: lock ? `from ${lock}` : 'as there is no lock file' };
  }
  if (found.name === 'pnpm' && existsSync(path.join(root, 'pnpm-workspace.yaml'))) found.workspaceRoot = 'pnpm';
  // yarn 2+ (a .yarnrc.yml, or "packageManager": "yarn@2..." and up) adds to a workspace root without asking
  const berry = existsSync(path.join(root, '.yarnrc.yml')) || (m?.[1] === 'yarn' && Number(m[2] ?? 1) >= 2);
  if (found.name === 'yarn' && pkg.workspaces !== undefined && !berry) found.workspaceRoot = 'yarn1';
  return found;
}

/** The arguments that add `spec` as a dev dependency (the lock file is updated when there is one). */
export function addDevArgs(pm: PackageManager, spec: string): string[] {
  switch (pm.name) {
    case 'npm':
      // without a lock file, npm would create one the repository did not have
      return ['install', '--save-dev', ...(pm.lockFile ? [] : ['--no-package-lock']), '--no-audit', '--no-fund', spec];
    case 'yarn':
      return ['add', '--dev', ...(pm.workspaceRoot === 'yarn1' ? ['--ignore-workspace-root-check'] : []), spec];
    case 'pnpm':
      return ['add', '--save-dev', ...(pm.workspaceRoot === 'pnpm' ? ['--workspace-root'] : []), spec];
    case 'bun':
      return ['add', '--dev', spec];
  }
}

/** The command that installs the repository's dependencies as they are locked (a fresh clone). */
export function installCommand(pm: PackageManager): string {
  if (pm.name === 'npm') return pm.lockFile ? 'npm ci' : 'npm install';
  return `${pm.name} install`;
}

/** How a person types the command that adds a dev dependency. */
export function addDevCommand(pm: PackageManager, spec: string): string {
  const args = addDevArgs(pm, spec).filter((a) => a !== '--no-audit' && a !== '--no-fund');
  return [pm.name, ...args].join(' ');
}

/** The command a person types to add a package as a dev dependency (in a hint: no lock-file subtleties). */
export function addDevHint(pm: PackageManager, spec: string): string {
  return pm.name === 'npm' ? `npm install --save-dev ${spec}` : addDevCommand(pm, spec);
}
