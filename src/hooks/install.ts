// Installs shipver's git hooks in husky's layout: core.hooksPath = .husky/_ (husky's
// runner, regenerated per clone and git-ignored) and the committed .husky/<hook> scripts.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { huskyHookFiles, withoutLegacyPreamble } from './husky-hook-files.js';

export const HOOK_NAMES = ['commit-msg', 'pre-commit', 'pre-push'] as const;
export type HookName = (typeof HOOK_NAMES)[number];

const MARK = '# shipver';

/** The line each hook runs. `shipver` resolves to node_modules/.bin first (husky puts it on PATH), then PATH. */
export function hookLine(name: HookName): string {
  const args = name === 'commit-msg' ? ' "$1"' : name === 'pre-push' ? ' "$@"' : '';
  return `shipver hook ${name}${args}`;
}

/**
 * The commit-msg hook's own program in an npm install of shipver, relative to the top of
 * the work tree, where git runs hooks (husky's node_modules/.bin on PATH is relative too).
 * The hook starts it with node directly: no npm bin shim, no /usr/bin/env, no command
 * dispatch (docs/performance.md).
 */
export const COMMIT_MSG_PROGRAM = 'node_modules/shipver/dist/commit-msg-hook.js';

function notFound(name: HookName): string {
  return `echo "shipver: not found, so the ${name} hook cannot run. Install it (npm i -D shipver, or put the shipver executable on PATH), or skip once with --no-verify." >&2`;
}

function hookScript(name: HookName): string {
  const head = `${MARK}: ${describe(name)} (installed by shipver init)`;
  if (name === 'commit-msg') {
    // husky runs this file with sh -e: a refusal (exit 1) ends it, as the plain line did
    return [
      head,
      `if [ -f ${COMMIT_MSG_PROGRAM} ]; then`,
      `  node ${COMMIT_MSG_PROGRAM} "$1"`,
      'elif command -v shipver >/dev/null 2>&1; then',
      `  ${hookLine(name)}`,
      'else',
      `  ${notFound(name)}`,
      '  exit 1',
      'fi',
      '',
    ].join('\n');
  }
  return [head, 'if ! command -v shipver >/dev/null 2>&1; then', `  ${notFound(name)}`, '  exit 1', 'fi', hookLine(name), ''].join('\n');
}

/** The commit-msg block shipver init wrote before the hook had a program of its own: replaced when found as it was written. */
const COMMIT_MSG_BLOCK_0_1 = [
  `${MARK}: reject commit messages that are not conventional (installed by shipver init)`,
  'if ! command -v shipver >/dev/null 2>&1; then',
  `  ${notFound('commit-msg')}`,
  '  exit 1',
  'fi',
  'shipver hook commit-msg "$1"',
  '',
].join('\n');

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
 * What to write for each hook file: create it, append shipver's block to a user's hook,
 * bring the commit-msg block of an earlier shipver init up to date (when it is there as
 * written), or keep it. `carried`: commands from a husky 4 config for .husky/<hook> (before shipver's
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
    if (name === 'commit-msg' && content.includes(COMMIT_MSG_BLOCK_0_1)) content = content.replace(COMMIT_MSG_BLOCK_0_1, hookScript(name));
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
