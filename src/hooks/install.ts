// Installs shipver's git hooks in husky's layout: core.hooksPath = .husky/_ (husky's
// runner, regenerated per clone and git-ignored) and the committed .husky/<hook> scripts.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const HOOK_NAMES = ['commit-msg', 'pre-commit', 'pre-push'] as const;
export type HookName = (typeof HOOK_NAMES)[number];

const MARK = '# shipver';

/** The line each hook runs. `shipver` resolves to node_modules/.bin first (husky puts it on PATH), then PATH. */
export function hookLine(name: HookName): string {
  const args = name === 'commit-msg' ? ' "$1"' : name === 'pre-push' ? ' "$@"' : '';
  return `shipver hook ${name}${args}`;
}

function hookScript(name: HookName): string {
  return [
    `${MARK}: ${describe(name)} (installed by shipver init)`,
    'if ! command -v shipver >/dev/null 2>&1; then',
    `  echo "shipver: not found, so the ${name} hook cannot run. Install it (npm i -D shipver, or put the shipver executable on PATH), or skip once with --no-verify." >&2`,
    '  exit 1',
    'fi',
    hookLine(name),
    '',
  ].join('\n');
}

function describe(name: HookName): string {
  switch (name) {
    case 'commit-msg':
      return 'reject commit messages that are not conventional';
    case 'pre-commit':
      return 'refuse hand edits of version files on release branches';
    case 'pre-push':
      return 'verify pushed version tags, then trigger their deploy';
  }
}

export interface HookFileAction {
  file: string;
  action: 'create' | 'append' | 'keep';
  content: string;
}

/** What to write for each hook file: create it, append shipver's line to a user's hook, or keep it. Pure but for reading. */
export function planHookFiles(root: string): HookFileAction[] {
  return HOOK_NAMES.map((name) => {
    const file = path.join('.husky', name);
    const abs = path.join(root, file);
    if (!existsSync(abs)) return { file, action: 'create', content: hookScript(name) };
    const current = readFileSync(abs, 'utf8');
    if (current.includes(`shipver hook ${name}`)) return { file, action: 'keep', content: current };
    const sep = current.endsWith('\n') || current === '' ? '' : '\n';
    return { file, action: 'append', content: `${current}${sep}\n${hookScript(name)}` };
  });
}

/** Runs husky's install in `root` (it works on the current directory). Returns husky's message, '' on success. */
export async function installHusky(root: string): Promise<string> {
  const { default: husky } = await import('husky');
  const prev = process.cwd();
  process.chdir(root);
  try {
    return husky('.husky');
  } finally {
    process.chdir(prev);
  }
}
