// What shipver init would write, decided before anything is written: the proposed
// shipver.yaml and commitlint config, the commit rules it keeps, the husky set-up (adding
// husky, carrying husky 4 hooks over), the hook files, package.json and the Makefile block.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { refusal } from '../errors.js';
import type { Git } from '../git/git.js';
import { CONFIG_FILE } from '../config/load.js';
import { proposeConfig, type InitProposal } from '../config/propose.js';
import { assertNoProblems, proposeForInit } from '../config/detect-report.js';
import { commitlintConfigSource } from '../config/commitlint-init.js';
import { findCommitlintSource } from '../config/commitlint.js';
import { planCommitRules, type CommitRulesPlan } from '../config/commit-rules.js';
import { planHookFiles } from '../hooks/install.js';
import { carriedCommands, husky4Steps, isHuskyReady, packageJsonAfterHusky, planHusky, type HuskyPlan } from '../hooks/husky-setup.js';
import type { FileChange } from './file-change.js';
import { planMakefile } from './makefile.js';

export interface InitOptions {
  hooksOnly?: boolean;
  force?: boolean;
  makefile?: boolean;
  /** refuse here on what detection found wrong (else the caller does, after printing the detection) */
  stopOnProblems?: boolean;
}

export interface InitPlan {
  /** every file considered, those kept as they are too */
  changes: FileChange[];
  /** the detection report and proposal (null with --hooks-only) */
  detected: InitProposal | null;
  /** init writes the proposed shipver.yaml (there is none, or --force): detection's problems stop it */
  proposing: boolean;
  rules: CommitRulesPlan | null;
  husky: HuskyPlan | null;
  hasPackageJson: boolean;
}

export async function planInit(root: string, git: Git, opts: InitOptions): Promise<InitPlan> {
  const hasPackageJson = existsSync(path.join(root, 'package.json'));
  const detected = opts.hooksOnly ? null : await proposeForInit(root, git, path.basename(root));
  // What detection found wrong stops init, before anything is written, when init would write the proposal.
  const proposing = detected !== null && (!existsSync(path.join(root, CONFIG_FILE)) || Boolean(opts.force));
  if (proposing && opts.stopOnProblems) assertNoProblems(detected);
  const changes: FileChange[] = [];
  let rules: CommitRulesPlan | null = null;
  if (detected) {
    const config = await planConfigFiles(root, git, detected, Boolean(opts.force));
    changes.push(...config.changes);
    rules = config.rules;
  }
  const husky = opts.hooksOnly ? null : await planHusky(root);
  if (husky) refuseUnmovableHusky4(husky);
  for (const h of planHookFiles(root, carriedCommands(husky?.husky4 ?? null), { upgradeLegacy: !opts.hooksOnly })) changes.push({ ...h, mode: 0o755 });
  const pkgChange = husky ? planPackageJson(root, husky) : null;
  if (pkgChange) changes.push(pkgChange);
  if (husky?.husky4 && !husky.husky4.packageKey) changes.push({ file: husky.husky4.file, action: 'delete', content: '' });
  if (opts.makefile) changes.push(planMakefile(root));
  return { changes, detected, proposing, rules, husky, hasPackageJson };
}

/** shipver.yaml (when absent, or --force) and a commitlint config (when the repository has none). */
async function planConfigFiles(root: string, git: Git, detected: InitProposal, force: boolean): Promise<{ changes: FileChange[]; rules: CommitRulesPlan }> {
  const changes: FileChange[] = [];
  const proposal = proposeConfig(detected.projects, { tagFormat: detected.tagFormat });
  if (!existsSync(path.join(root, CONFIG_FILE))) changes.push({ file: CONFIG_FILE, action: 'create', content: proposal });
  else if (force) changes.push({ file: CONFIG_FILE, action: 'overwrite', content: proposal });
  // the team's own rules, wherever commitlint finds them, are kept; a config that cannot be loaded stops init here
  const rules = await planCommitRules(root, git);
  const existingLint = findCommitlintSource(root)?.file ?? null;
  const lintFile = 'commitlint.config.js';
  const lintSource = commitlintConfigSource(packageType(root) === 'module');
  if (!existingLint) changes.push({ file: lintFile, action: 'create', content: lintSource });
  else if (force && path.basename(existingLint) === lintFile) changes.push({ file: lintFile, action: 'overwrite', content: lintSource });
  return { changes, rules };
}

/**
 * package.json after the husky set-up ("prepare": "husky" only where husky 9 is, or is being
 * added as, a dependency; no husky 4 "husky" key once its hooks are in .husky/). Written
 * after the package manager when it runs (it edits package.json too).
 */
function planPackageJson(root: string, husky: HuskyPlan): FileChange | null {
  if (!husky.packageJson) return null;
  const text = readFileSync(path.join(root, 'package.json'), 'utf8');
  try {
    JSON.parse(text);
  } catch {
    throw refusal('E_PACKAGE_JSON', 'package.json is not valid JSON', 'fix package.json, then run shipver init again');
  }
  const next = packageJsonAfterHusky(text, { huskyReady: husky.add !== null || isHuskyReady(husky.dependency), dropHusky4Key: husky.husky4?.packageKey === true });
  return next === null ? null : { file: 'package.json', action: 'update', content: next, afterHusky: husky.add !== null };
}

/** Refuses (nothing written) when a husky 4 config has a hook that cannot be carried over as it is. */
function refuseUnmovableHusky4(husky: HuskyPlan): void {
  const h4 = husky.husky4;
  if (!h4 || (!h4.problem && !h4.hooks.some((h) => h.problem))) return;
  const { details, hint } = husky4Steps(h4, husky.pm);
  throw refusal('E_HUSKY4_CONFIG', `the husky 4 config in ${h4.source} cannot be carried into .husky/ as it is; nothing was written`, hint, details);
}

function packageType(root: string): 'module' | 'commonjs' | null {
  try {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { type?: string };
    return pkg.type === 'module' ? 'module' : 'commonjs';
  } catch {
    return null;
  }
}
