// What init tells the user to do next: commit what it wrote (and a vendored `file:`
// dependency that is not committed yet), and how teammates get the hooks.
import type { Git } from '../git/git.js';
import { packageManifests, uncommittedFileDependencies } from '../config/file-dependencies.js';
import { isHuskyReady } from '../hooks/husky-setup.js';
import { huskyDependency, readPackageJson } from '../hooks/husky-package-json.js';
import { shQuote } from '../server/install.js';
import type { Applied } from './apply.js';
import type { InitPlan } from './plan.js';
import { acceptedHeader } from '../config/commit-subject.js';

export async function nextSteps(root: string, git: Git, plan: InitPlan, applied: Applied): Promise<string[]> {
  const { husky, hasPackageJson } = plan;
  const { effective, added } = applied;
  const next: string[] = [];
  const toCommit = [...effective.map((e) => e.file), ...(added?.ok && husky?.pm?.lockFile ? [husky.pm.lockFile] : [])];
  if (effective.length || added?.ok) next.push(`commit the new files: ${await addCommand(root, git, plan, toCommit)} && git commit -m "${await acceptedHeader(root, 'chore', 'set up shipver')}"`);
  const huskyReady = husky ? (added ? added.ok : isHuskyReady(husky.dependency)) : installsHusky(root);
  if (hasPackageJson && huskyReady) {
    next.push(`teammates get the hooks with ${husky?.pm?.name ?? 'npm'} install (the "prepare" script runs husky)`);
  } else if (!hasPackageJson || !husky) {
    next.push('teammates run "shipver init --hooks-only" once after cloning (the hooks live in .husky/; git does not install hooks by itself)');
  }
  return next;
}

/** --hooks-only (no husky plan): whether an install of package.json's dependencies runs husky (a husky 9 dependency and a "prepare" script that runs it). */
function installsHusky(root: string): boolean {
  const pkg = readPackageJson(root);
  if (!pkg) return false;
  const prepare = (pkg.scripts as Record<string, unknown> | undefined)?.prepare;
  return isHuskyReady(huskyDependency(root, pkg)) && typeof prepare === 'string' && /\bhusky\b/.test(prepare);
}

/**
 * `git add` of the files init wrote, and of each `file:` dependency (a vendored tarball) that
 * exists but is not committed: a fresh clone's `npm ci` needs it. One that .gitignore
 * ignores takes `git add -f`.
 */
async function addCommand(root: string, git: Git, plan: InitPlan, files: string[]): Promise<string> {
  const vendored = await uncommittedFileDependencies(root, git, packageManifests(root, plan.detected?.projects ?? []));
  const seen = new Set(files);
  const plain: string[] = [];
  const forced: string[] = [];
  for (const d of vendored) {
    if (seen.has(d.rel!)) continue;
    seen.add(d.rel!);
    (d.ignored ? forced : plain).push(shQuote(d.rel!));
  }
  return `git add ${[...files, ...plain].join(' ')}${forced.length ? ` && git add -f ${forced.join(' ')}` : ''}`;
}
