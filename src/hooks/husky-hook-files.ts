// The hook files of husky 9 (.husky/<hook>) and what husky 5-8 left in them.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** The hooks git runs that husky 9 forwards to .husky/<hook> (husky's own list). */
export const GIT_HOOKS = [
  'pre-commit',
  'pre-merge-commit',
  'prepare-commit-msg',
  'commit-msg',
  'post-commit',
  'applypatch-msg',
  'pre-applypatch',
  'post-applypatch',
  'pre-rebase',
  'post-rewrite',
  'post-checkout',
  'post-merge',
  'pre-push',
  'pre-auto-gc',
];

/** The two lines husky 5-8 put at the top of every hook file; husky 9 warns about them, and 10 fails on them. */
const LEGACY_SOURCE_LINE = /^\.\s+"\$\(dirname(?: --)? "\$0"\)\/_\/husky\.sh"[ \t]*\n?/m;

/** A hook file's text without husky 5-8's sourcing lines (unchanged when it has none). Pure. */
export function withoutLegacyPreamble(text: string): string {
  if (!LEGACY_SOURCE_LINE.test(text)) return text;
  let out = text.replace(LEGACY_SOURCE_LINE, '');
  out = out.replace(/^#!\/usr\/bin\/env sh[ \t]*\n/, '');
  return out.replace(/^\n+/, '');
}

/** The hook files in .husky/ (not husky's own .husky/_), relative to the root. */
export function huskyHookFiles(root: string): string[] {
  const dir = path.join(root, '.husky');
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.filter((n) => GIT_HOOKS.includes(n) && statSync(path.join(dir, n)).isFile()).map((n) => path.join('.husky', n));
}
