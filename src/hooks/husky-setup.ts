// husky in a repository shipver adopts: whether husky v9 is a dependency (only then may
// package.json say "prepare": "husky", or a teammate's `npm install` fails with "husky: not
// found"), adding it with the repository's own package manager, and an older husky: a
// husky 4 config ("husky": {"hooks": ...} in package.json, .huskyrc) carried into
// .husky/<hook> files, a husky 5-8 set-up ("husky install", the sourcing lines) brought up
// to v9. Reading and planning here; init writes.
//
// Here: the plan (planHusky), adding husky 9 (addHusky) and what init prints. The parts:
// package.json (husky-package-json.ts), the .husky/ hook files (husky-hook-files.ts), a
// husky 4 config carried over (husky4.ts).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { errnoCode } from '../errors.js';
import { run } from '../process/run.js';
import { addDevArgs, addDevCommand, detectPackageManager, type PackageManager } from '../config/package-manager.js';
import { HUSKY_SPEC, huskyDependency, isHuskyReady, readPackageJson, type HuskyDependency } from './husky-package-json.js';
import { readHusky4Config, type Husky4Config } from './husky4.js';

// what init uses of the parts, with the plan: one import for it
export { isHuskyReady, packageJsonAfterHusky } from './husky-package-json.js';
export { carriedCommands, husky4Steps } from './husky4.js';

// ---------------------------------------------------------------- the plan

export interface HuskyPlan {
  /** false: no package.json at the root (a Python repository): the hooks go in without husky as a dependency */
  packageJson: boolean;
  pm: PackageManager | null;
  dependency: HuskyDependency;
  /** the package manager call that adds husky 9, when it is not a dependency yet (or an older one is) */
  add: { file: string; args: string[]; command: string; why: string } | null;
  husky4: Husky4Config | null;
}

/** What init does about husky in `root`. Reads only. */
export async function planHusky(root: string): Promise<HuskyPlan> {
  const hasPkg = existsSync(path.join(root, 'package.json'));
  const pkg = hasPkg ? readPackageJson(root) : null;
  const husky4 = await readHusky4Config(root, pkg);
  if (!hasPkg) return { packageJson: false, pm: null, dependency: { field: null, range: null, major: null }, add: null, husky4 };
  const pm = detectPackageManager(root);
  const dependency = huskyDependency(root, pkg ?? {});
  let add: HuskyPlan['add'] = null;
  if (!isHuskyReady(dependency)) {
    const why = dependency.field === null ? 'husky is not a dependency, and the "prepare" script needs it' : `package.json has husky ${dependency.range}; the hooks need husky 9`;
    add = { file: pm.name, args: addDevArgs(pm, HUSKY_SPEC), command: addDevCommand(pm, HUSKY_SPEC), why };
  }
  return { packageJson: true, pm, dependency, add, husky4 };
}

export interface AddResult {
  ok: boolean;
  /** the package manager's last words when it failed */
  reason?: string;
}

/** Runs the package manager to add husky 9 (the lock file follows). Never throws for a failed install. */
export async function addHusky(root: string, plan: HuskyPlan, env: NodeJS.ProcessEnv = process.env): Promise<AddResult> {
  if (!plan.add) return { ok: true };
  try {
    // no timeout of ours: the package manager has its own for the network (and node's spawn
    // timeout keeps a timer alive when the program is not there at all)
    const r = await run(plan.add.file, plan.add.args, { cwd: root, env });
    if (r.exitCode === 0) return { ok: true };
    const lines = (r.stderr.trim() || r.stdout.trim()).split('\n').filter((l) => /\S/.test(l) && !/complete log of this run/i.test(l));
    const said = lines.slice(0, 2).join(' / ');
    return { ok: false, reason: said ? (said.length > 200 ? `${said.slice(0, 199)}…` : said) : `${plan.add.file} exited with ${r.exitCode}` };
  } catch (e) {
    return { ok: false, reason: errnoCode(e) === 'ENOENT' ? `${plan.add.file} is not installed (not on PATH)` : (e as Error).message };
  }
}

// ---------------------------------------------------------------- what init prints

type Paint = (s: string) => string;
interface Painter {
  cyan: Paint;
  dim: Paint;
  green: Paint;
  yellow: Paint;
}

/**
 * What init prints about husky before it changes anything: `head` goes with the findings
 * (before the list of files), `tail` after it (what init will run). Pure.
 */
export function formatHuskyPlan(c: Painter, plan: HuskyPlan, dryRun: boolean): { head: string[]; tail: string[] } {
  const head: string[] = [];
  const tail: string[] = [];
  const h4 = plan.husky4;
  if (h4) {
    const carried = [...new Set(h4.hooks.filter((h) => h.carried).map((h) => h.hook))];
    head.push(`${c.cyan('●')} husky 4 config in ${h4.source}: ${carried.length ? `${carried.join(', ')} carried into .husky/` : 'no hook to carry over'}; ${h4.packageKey ? 'the "husky" key is removed from package.json' : `${h4.file} is deleted`} (husky 9 does not read it)`);
    for (const d of h4.hooks.filter((x) => x.dropped)) head.push(`  ${c.dim(`${d.hook}: "${d.command}" is left out: ${d.dropped}`)}`);
  }
  if (!plan.packageJson) {
    head.push(`${c.cyan('●')} hooks: no package.json, so no husky dependency: the hooks are installed through git's core.hooksPath`);
  } else if (plan.add) {
    tail.push(`  ${dryRun ? 'would run' : 'run'} ${plan.add.command} ${c.dim(`(${plan.add.why}; ${plan.pm!.name}, ${plan.pm!.reason})`)}`);
  }
  return { head, tail };
}

/** The lines init prints after the package manager ran (or could not). Pure. */
export function formatHuskyResult(c: Painter, plan: HuskyPlan, result: AddResult): string[] {
  if (!plan.add) return [];
  const pm = plan.pm!;
  if (result.ok) return [`${c.green('✔')} added husky 9 with ${pm.name}${pm.lockFile ? ` (package.json and ${pm.lockFile})` : ' (package.json)'}`];
  return [
    `${c.yellow('⚠')} ${plan.add.command} failed${result.reason ? ` (${result.reason})` : ''}: the hooks are installed through core.hooksPath for now, and package.json has no "prepare": "husky" yet (without husky installed it would break ${pm.name} install)`,
    `${c.dim('→')} to finish, so that a teammate's ${pm.name} install sets up the hooks: ${plan.add.command} && shipver init`,
  ];
}
