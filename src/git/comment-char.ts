// core.commentChar for the commit-msg hook, on its own: the hook's bundle takes this file
// and not the Git class (docs/performance.md: the hook loads as little as it can).
import { runSync, type RunResult } from '../process/run.js';
import { noGit } from './errors.js';

/**
 * core.commentChar, synchronously (the hook avoids promise-heavy paths): its whole value,
 * as commitlint --edit takes it (git 2.45 allows a string), '#' when unset, null for "auto".
 */
export function commentCharSync(cwd: string): string | null {
  let r: RunResult;
  try {
    r = runSync('git', ['config', '--get', 'core.commentChar'], { cwd });
  } catch (e) {
    noGit(e);
  }
  const v = r.exitCode === 0 ? r.stdout.trim() : '';
  if (v === 'auto') return null;
  return v || '#';
}
