// shipver init's writes: the planned files, husky added with the repository's package
// manager (then package.json as it left it), and the hooks installed (core.hooksPath).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { refusal } from '../errors.js';
import type { Git } from '../git/git.js';
import { installHusky } from '../hooks/install.js';
import { addHusky, packageJsonAfterHusky, type AddResult } from '../hooks/husky-setup.js';
import { effectiveChanges, writeChanges, type FileChange } from './file-change.js';
import { planInit, type InitPlan } from './plan.js';

/** HUSKY=0 keeps husky from installing the hooks: refused before anything is written (a dry run writes nothing). */
export function refuseHuskyOff(env: NodeJS.ProcessEnv, dryRun: boolean): void {
  if (env.HUSKY === '0' && !dryRun) {
    throw refusal('E_HOOKS_INSTALL', 'HUSKY=0 is set, so the git hooks cannot be installed', 'unset HUSKY (or run HUSKY= shipver init), then run shipver init again; nothing was written');
  }
}

export interface Applied {
  /** the changes made (without package.json when the package manager could not add husky) */
  effective: FileChange[];
  added: AddResult | null;
}

/** Writes `effective` (the plan's changes that change something), adds husky, installs the hooks. */
export async function applyInit(root: string, plan: InitPlan, effective: FileChange[], env: NodeJS.ProcessEnv): Promise<Applied> {
  writeChanges(root, effective);
  let added: AddResult | null = null;
  const husky = plan.husky;
  if (husky?.add) {
    added = await addHusky(root, husky, env);
    // package.json as the package manager left it, with "prepare" only when husky 9 is now a dependency
    const text = readFileSync(path.join(root, 'package.json'), 'utf8');
    const next = packageJsonAfterHusky(text, { huskyReady: added.ok, dropHusky4Key: husky.husky4?.packageKey === true });
    if (next !== null) writeFileSync(path.join(root, 'package.json'), next);
    // what the list says would change, and did not (the package manager could not run)
    if (!added.ok && next === null) effective = effective.filter((e) => !e.afterHusky);
  }
  const huskyMessage = await installHusky(root);
  if (huskyMessage) throw refusal('E_HOOKS_INSTALL', `the git hooks could not be installed: ${huskyMessage}`, huskyMessage.includes('HUSKY=0') ? 'unset HUSKY=0 and run shipver init again' : 'run shipver init at the top of a git work tree');
  return { effective, added };
}

/**
 * What `shipver init --hooks-only --yes` does, for doctor --fix: the hook files (shipver's
 * line added, the hooks' own lines kept) and core.hooksPath. Returns the files it changed
 * (with `dryRun`, would change).
 */
export async function installHooksOnly(root: string, git: Git, opts: { dryRun: boolean; env: NodeJS.ProcessEnv }): Promise<FileChange[]> {
  refuseHuskyOff(opts.env, opts.dryRun);
  const plan = await planInit(root, git, { hooksOnly: true });
  const effective = effectiveChanges(plan.changes);
  if (opts.dryRun) return effective;
  return (await applyInit(root, plan, effective, opts.env)).effective;
}
