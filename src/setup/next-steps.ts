// What init tells the user to do next: commit what it wrote, and how teammates get the hooks.
import type { Git } from '../git/git.js';
import { isHuskyReady } from '../hooks/husky-setup.js';
import type { Applied } from './apply.js';
import type { InitPlan } from './plan.js';

export async function nextSteps(_root: string, _git: Git, plan: InitPlan, applied: Applied): Promise<string[]> {
  const { husky, hasPackageJson } = plan;
  const { effective, added } = applied;
  const next: string[] = [];
  const toCommit = [...effective.map((e) => e.file), ...(added?.ok && husky?.pm?.lockFile ? [husky.pm.lockFile] : [])];
  if (effective.length || added?.ok) next.push(`commit the new files: git add ${toCommit.join(' ')} && git commit -m "chore: set up shipver"`);
  const huskyReady = husky ? (added ? added.ok : isHuskyReady(husky.dependency)) : true;
  if (hasPackageJson && huskyReady) {
    next.push(`teammates get the hooks with ${husky?.pm?.name ?? 'npm'} install (the "prepare" script runs husky)`);
  } else if (!hasPackageJson) {
    next.push('teammates run "shipver init --hooks-only" once after cloning (the hooks live in .husky/; git does not install hooks by itself)');
  }
  return next;
}
