// Doctor's check of the git hooks: installed (core.hooksPath), shipver's line in each of
// .husky/'s hooks, and a shipver the hooks can run.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Git } from '../git/git.js';
import { run as runProcess } from '../process/run.js';
import { HOOK_NAMES } from '../hooks/install.js';
import { hooksState } from '../setup/hooks-state.js';
import type { Check } from './check.js';

/** The fix for hooks that are missing: it keeps the hooks' own lines and adds shipver's. */
export const HOOKS_FIX = 'shipver init --hooks-only';

export async function checkHooks(root: string, git: Git, env: NodeJS.ProcessEnv): Promise<Check[]> {
  const { hooksPath, installed } = await hooksState(root, git);
  if (!installed) {
    return [{ name: 'hooks', status: 'fail', message: `the git hooks are not installed (core.hooksPath is ${hooksPath ?? 'unset'})`, fix: HOOKS_FIX }];
  }
  const missing = HOOK_NAMES.filter((h) => {
    const f = path.join(root, '.husky', h);
    return !existsSync(f) || !readFileSync(f, 'utf8').includes(`shipver hook ${h}`);
  });
  const checks: Check[] = [];
  if (missing.length) checks.push({ name: 'hooks', status: 'fail', message: `.husky/ lacks shipver's ${missing.join(', ')} hook(s)`, fix: HOOKS_FIX });
  if (!(await shipverRuns(root, env))) {
    checks.push({ name: 'hooks', status: 'fail', message: 'the hooks call `shipver`, but no working shipver is on their PATH', decide: 'install shipver where the hooks find it: npm i -D shipver in a Node repository, or the shipver executable on PATH' });
  }
  if (!checks.length) checks.push({ name: 'hooks', status: 'ok', message: 'commit-msg, pre-commit and pre-push installed; shipver runs' });
  return checks;
}

/** Whether `shipver` runs as the hooks run it: with node_modules/.bin first on PATH, as husky does. */
async function shipverRuns(root: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  const PATH = `${path.join(root, 'node_modules', '.bin')}${path.delimiter}${env.PATH ?? ''}`;
  try {
    const r = await runProcess('shipver', ['--version-info'], { cwd: root, env: { ...env, PATH }, timeout: 20_000 });
    return r.exitCode === 0;
  } catch {
    return false;
  }
}
