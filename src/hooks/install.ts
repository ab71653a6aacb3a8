// Installs shipver's git hooks in husky's layout: core.hooksPath = .husky/_ (husky's
// runner, regenerated per clone and git-ignored) and the committed .husky/<hook> scripts.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { huskyHookFiles, withoutLegacyPreamble } from './husky-setup.js';

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
  action: 'create' | 'append' | 'update' | 'keep';
  content: string;
}

/**
 * What to write for each hook file: create it, append shipver's line to a user's hook, or
 * keep it. `carried`: commands from a husky 4 config for .husky/<hook> (before shipver's
 * line: the team's checks run first). With `upgradeLegacy` (the default; not for
 * --hooks-only, which changes no committed file it need not), a husky 5-8 hook file loses
 * the two sourcing lines husky 9 warns about. Pure but for reading.
 */
export function planHookFiles(root: string, carried: Record<string, string[]> = {}, opts: { upgradeLegacy?: boolean } = {}): HookFileAction[] {
  const upgrade = opts.upgradeLegacy ?? true;
  const withoutLegacy = (text: string) => (upgrade ? withoutLegacyPreamble(text) : text);
  const names = [...HOOK_NAMES, ...Object.keys(carried).filter((h) => !(HOOK_NAMES as readonly string[]).includes(h))];
  const extra = upgrade ? huskyHookFiles(root).filter((f) => !names.includes(path.basename(f))) : [];
  const planned = names.map((name): HookFileAction => {
    const file = path.join('.husky', name);
    const abs = path.join(root, file);
    const existing = existsSync(abs) ? readFileSync(abs, 'utf8') : null;
    let content = existing === null ? '' : withoutLegacy(existing);
    const add = (carried[name] ?? []).filter((cmd) => !content.split('\n').some((l) => l.trim() === cmd));
    if (add.length) content = `${content}${content && !content.endsWith('\n') ? '\n' : ''}${content ? '\n' : ''}# carried over from husky 4\n${add.join('\n')}\n`;
    if ((HOOK_NAMES as readonly string[]).includes(name) && !content.includes(`shipver hook ${name}`)) {
      content = `${content}${content && !content.endsWith('\n') ? '\n' : ''}${content ? '\n' : ''}${hookScript(name as HookName)}`;
    }
    if (existing === null) return { file, action: 'create', content };
    if (content === existing) return { file, action: 'keep', content };
    return { file, action: content.startsWith(existing) ? 'append' : 'update', content };
  });
  for (const file of extra) {
    const existing = readFileSync(path.join(root, file), 'utf8');
    const content = withoutLegacyPreamble(existing);
    if (content !== existing) planned.push({ file, action: 'update', content });
  }
  return planned;
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
