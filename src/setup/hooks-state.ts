// Whether the git hooks are installed: core.hooksPath points at husky's .husky/_ and husky
// wrote its runner there. init reports it; doctor checks it.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Git } from '../git/git.js';

export const HUSKY_HOOKS_PATH = '.husky/_';

export async function hooksState(root: string, git: Git): Promise<{ hooksPath: string | null; installed: boolean }> {
  const hooksPath = await git.configGet('core.hooksPath');
  return { hooksPath, installed: hooksPath === HUSKY_HOOKS_PATH && existsSync(path.join(root, HUSKY_HOOKS_PATH, 'h')) };
}
