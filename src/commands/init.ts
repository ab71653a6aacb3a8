// shipver init: propose a config, write it when absent, install the hooks. Idempotent:
// a second run finds everything in place and changes nothing.
import { existsSync, readFileSync, writeFileSync, mkdirSync, chmodSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { ExitCode, refusal, usageError } from '../errors.js';
import { colors, printJson, type Io } from '../io.js';
import { Git } from '../git/git.js';
import { CONFIG_FILE } from '../config/load.js';
import { proposeConfig } from '../config/propose.js';
import { assertNoProblems, printDetection, proposeForInit } from '../config/detect-report.js';
import { commitlintConfigSource } from '../config/commitlint-init.js';
import { findCommitlintSource } from '../config/commitlint.js';
import { formatCommitRules, planCommitRules, type CommitRulesPlan } from '../config/commit-rules.js';
import { installHusky, planHookFiles } from '../hooks/install.js';
import { addHusky, carriedCommands, formatHuskyPlan, formatHuskyResult, husky4Steps, isHuskyReady, packageJsonAfterHusky, planHusky, type AddResult, type HuskyPlan } from '../hooks/husky-setup.js';

interface Opts {
  yes?: boolean;
  force?: boolean;
  makefile?: boolean;
  hooksOnly?: boolean;
  server?: string;
  ci?: string;
  dryRun?: boolean;
  json?: boolean;
}

interface FileChange {
  file: string;
  action: 'create' | 'update' | 'append' | 'keep' | 'overwrite' | 'delete';
  content: string;
  mode?: number;
  /** written after the package manager has added husky (package.json: it changes the file too) */
  afterHusky?: boolean;
}

const MAKE_BEGIN = '# >>> shipver (managed by shipver init --makefile) >>>';
const MAKE_END = '# <<< shipver <<<';
const MAKE_TARGETS = ['increment-major', 'increment-minor', 'increment-patch', 'tag', 'release'];

function makefileBlock(): string {
  return [
    MAKE_BEGIN,
    `.PHONY: ${MAKE_TARGETS.join(' ')}`,
    'increment-major:\n\tshipver bump major',
    'increment-minor:\n\tshipver bump minor',
    'increment-patch:\n\tshipver bump patch',
    'tag:\n\tshipver tag',
    'release:\n\tshipver release',
    MAKE_END,
    '',
  ].join('\n');
}

function planMakefile(root: string): FileChange {
  const file = 'Makefile';
  const abs = path.join(root, file);
  const block = makefileBlock();
  if (!existsSync(abs)) return { file, action: 'create', content: block };
  const current = readFileSync(abs, 'utf8');
  const start = current.indexOf(MAKE_BEGIN);
  if (start >= 0) {
    const endIdx = current.indexOf(MAKE_END, start);
    const end = endIdx < 0 ? current.length : current.indexOf('\n', endIdx) + 1 || current.length;
    const next = current.slice(0, start) + block + current.slice(end);
    return { file, action: next === current ? 'keep' : 'update', content: next };
  }
  const clash = MAKE_TARGETS.filter((t) => new RegExp(`^${t}\\s*:`, 'm').test(current));
  if (clash.length) {
    throw refusal('E_MAKEFILE_TARGETS', `the Makefile already defines ${clash.join(', ')}`, 'rename or remove those targets, then run shipver init --makefile again');
  }
  return { file, action: 'append', content: `${current}${current.endsWith('\n') || current === '' ? '' : '\n'}\n${block}` };
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

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const a = (await rl.question(`${question} [Y/n] `)).trim().toLowerCase();
    return a === '' || a === 'y' || a === 'yes';
  } finally {
    rl.close();
  }
}

/** init --server BARE_REPO: the pre-receive hook in a bare repository, calling this shipver by absolute path. */
async function initServer(target: string, opts: Opts, io: Io): Promise<ExitCode> {
  const { planServerHook } = await import('../server/install.js');
  const { selfCommand } = await import('../deploy/trigger.js');
  const self = selfCommand();
  const plan = await planServerHook(path.resolve(io.cwd, target), [self.file, ...self.args]);
  const c = colors(io);
  if (!opts.dryRun && plan.action !== 'keep') {
    mkdirSync(path.dirname(plan.file), { recursive: true });
    writeFileSync(plan.file, plan.content);
    chmodSync(plan.file, 0o755);
  }
  if (opts.json) {
    printJson(io, { ...(opts.dryRun ? { dryRun: true } : {}), repo: plan.repo, file: plan.file, action: plan.action, command: plan.command });
    return ExitCode.Ok;
  }
  const verb = { create: 'installed', update: 'updated', insert: 'added to the existing', keep: 'already installed:' }[plan.action];
  if (opts.dryRun) io.stderr(`would ${plan.action} ${plan.file}\n${plan.content}`);
  else io.stderr(`${c.green('✔')} ${verb} ${plan.file}${plan.action === 'insert' ? ' (shipver checks first, then the existing commands run with the same input)' : ''}\n`);
  io.stderr(`${c.dim('→')} it runs ${plan.command.join(' ')}: keep shipver at that path (reinstall after moving it); docs/server.md\n`);
  return ExitCode.Ok;
}

/** init --ci github|gitlab: the CI file that runs shipver ci verify on every push and ci deploy on version tags. */
async function initCi(provider: string, opts: Opts, io: Io): Promise<ExitCode> {
  if (provider !== 'github' && provider !== 'gitlab') throw usageError('E_USAGE', `unknown CI provider "${provider}"`, 'shipver init --ci github, or --ci gitlab');
  const root = await new Git(io.cwd).topLevel();
  if (!root) throw refusal('E_NOT_A_REPO', 'shipver init --ci must run inside a git repository', 'cd into your repository');
  const t = await import('../server/ci-templates.js');
  const { loadConfig } = await import('../config/load.js');
  const format = (await loadConfig(root)).tag.format;
  const file = provider === 'github' ? t.GITHUB_WORKFLOW_FILE : t.GITLAB_CI_FILE;
  const content = provider === 'github' ? t.githubWorkflow(format) : t.gitlabCi(format);
  const abs = path.join(root, file);
  const c = colors(io);
  const current = existsSync(abs) ? readFileSync(abs, 'utf8') : null;
  const action: FileChange['action'] = current === null ? 'create' : current === content ? 'keep' : 'overwrite';
  if (action === 'overwrite' && !opts.force) {
    if (provider === 'gitlab') {
      // A project's .gitlab-ci.yml holds its own jobs: say what to add rather than replace it.
      const jobs = t.gitlabJobs(format);
      if (opts.json) printJson(io, { file, action: 'keep', add: jobs });
      else {
        io.stderr(`${c.yellow('⚠')} ${file} exists: not changed. Add these jobs to it (they use the default stages test and deploy; change "stage:" if the file declares its own stages), or run again with --force to replace the file:\n\n`);
        io.stdout(jobs);
      }
      return ExitCode.Ok;
    }
    throw refusal('E_CI_FILE_EXISTS', `${file} exists and differs from what shipver writes`, 'run again with --force to replace it, or compare with docs/ci.md and merge by hand');
  }
  if (!opts.dryRun && action !== 'keep') {
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
  if (opts.json) {
    printJson(io, { ...(opts.dryRun ? { dryRun: true } : {}), file, action });
    return ExitCode.Ok;
  }
  if (opts.dryRun) {
    io.stderr(`would ${action} ${file}:\n`);
    io.stdout(content);
    return ExitCode.Ok;
  }
  io.stderr(action === 'keep' ? `${c.green('✔')} ${file} is up to date\n` : `${c.green('✔')} ${action === 'create' ? 'wrote' : 'replaced'} ${file}\n`);
  const where = provider === 'github' ? 'Settings → Secrets and variables → Actions → Variables' : 'Settings → CI/CD → Variables';
  io.stderr(`${c.dim('→')} set SHIPVER_URL (the download URL of the shipver executable; optional SHIPVER_SHA256) in ${where}, then commit ${file}; docs/ci.md\n`);
  return ExitCode.Ok;
}

export async function run(opts: Opts, _args: string[], io: Io): Promise<ExitCode> {
  if (opts.server !== undefined || opts.ci !== undefined) {
    const others = (['makefile', 'hooksOnly'] as const).filter((k) => opts[k]);
    if (opts.server !== undefined && opts.ci !== undefined) throw usageError('E_USAGE', '--server and --ci are separate steps', 'run shipver init --server PATH and shipver init --ci PROVIDER one after the other');
    if (others.length) throw usageError('E_USAGE', `--${opts.server !== undefined ? 'server' : 'ci'} does not go with --${others[0] === 'hooksOnly' ? 'hooks-only' : others[0]}`, 'shipver init --server PATH and --ci PROVIDER each do only that one step');
    return opts.server !== undefined ? initServer(opts.server, opts, io) : initCi(opts.ci!, opts, io);
  }
  const git = new Git(io.cwd);
  const root = await git.topLevel();
  if (!root) throw refusal('E_NOT_A_REPO', 'shipver init must run inside a git repository', 'run git init first (or cd into your repository)');
  if (io.env.HUSKY === '0' && !opts.dryRun) {
    throw refusal('E_HOOKS_INSTALL', 'HUSKY=0 is set, so the git hooks cannot be installed', 'unset HUSKY (or run HUSKY= shipver init), then run shipver init again; nothing was written');
  }
  const c = colors(io);
  const changes: FileChange[] = [];
  const hasPackageJson = existsSync(path.join(root, 'package.json'));
  const detected = opts.hooksOnly ? null : await proposeForInit(root, git, path.basename(root));
  const projects = detected?.projects ?? [];
  // What detection found wrong stops init, before anything is written, when init would write the proposal.
  const proposing = detected !== null && (!existsSync(path.join(root, CONFIG_FILE)) || Boolean(opts.force));
  if (proposing && (opts.json || !opts.dryRun)) assertNoProblems(detected);
  let rules: CommitRulesPlan | null = null;

  if (!opts.hooksOnly) {
    const cfgExists = existsSync(path.join(root, CONFIG_FILE));
    const proposal = proposeConfig(projects, { tagFormat: detected!.tagFormat });
    if (!cfgExists) changes.push({ file: CONFIG_FILE, action: 'create', content: proposal });
    else if (opts.force) changes.push({ file: CONFIG_FILE, action: 'overwrite', content: proposal });
    // the team's own rules, wherever commitlint finds them, are kept; a config that cannot be loaded stops init here
    rules = await planCommitRules(root, git);
    const existingLint = findCommitlintSource(root)?.file ?? null;
    const lintFile = 'commitlint.config.js';
    const lintSource = commitlintConfigSource(packageType(root) === 'module');
    if (!existingLint) changes.push({ file: lintFile, action: 'create', content: lintSource });
    else if (opts.force && path.basename(existingLint) === lintFile) changes.push({ file: lintFile, action: 'overwrite', content: lintSource });
  }
  const husky = opts.hooksOnly ? null : await planHusky(root);
  if (husky) refuseUnmovableHusky4(husky);
  for (const h of planHookFiles(root, carriedCommands(husky?.husky4 ?? null), { upgradeLegacy: !opts.hooksOnly })) changes.push({ ...h, mode: 0o755 });
  const pkgChange = husky ? planPackageJson(root, husky) : null;
  if (pkgChange) changes.push(pkgChange);
  if (husky?.husky4 && !husky.husky4.packageKey) changes.push({ file: husky.husky4.file, action: 'delete', content: '' });
  if (opts.makefile) changes.push(planMakefile(root));

  let effective = changes.filter((ch) => ch.action !== 'keep');
  const hooksPath = await git.configGet('core.hooksPath');
  const hooksInstalled = hooksPath === '.husky/_' && existsSync(path.join(root, '.husky/_/h'));

  if (opts.json && opts.dryRun) {
    printJson(io, { dryRun: true, root, projects, changes: effective.map(({ file, action }) => ({ file, action })), hooksInstalled, ...(detected ? { detection: detected.report } : {}), ...rulesAndHuskyJson(rules, husky, null) });
    return ExitCode.Ok;
  }
  if (!opts.json) {
    if (detected) printDetection(io, c, detected, Boolean(opts.dryRun));
    if (proposing && opts.dryRun) assertNoProblems(detected);
    if (rules) for (const l of formatCommitRules(c, rules)) io.stderr(`${l}\n`);
    const huskyLines = husky ? formatHuskyPlan(c, husky, Boolean(opts.dryRun)) : { head: [], tail: [] };
    for (const l of huskyLines.head) io.stderr(`${l}\n`);
    for (const ch of effective) io.stderr(`  ${opts.dryRun ? 'would ' : ''}${ch.action} ${ch.file}${ch.afterHusky ? ' (once husky is added)' : ''}\n`);
    for (const l of huskyLines.tail) io.stderr(`${l}\n`);
  }
  if (opts.dryRun) {
    if (!hooksInstalled) io.stderr(`  ${c.dim('would set core.hooksPath = .husky/_ (husky)')}\n`);
    return ExitCode.Ok;
  }
  if (effective.length && !opts.yes && io.stdinIsTTY && !opts.json) {
    if (!(await confirm('Write these files and install the hooks?'))) {
      io.stderr('Nothing written.\n');
      return ExitCode.Refused;
    }
  }

  for (const ch of effective) {
    const abs = path.join(root, ch.file);
    if (ch.afterHusky) continue;
    if (ch.action === 'delete') {
      rmSync(abs, { force: true });
      continue;
    }
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, ch.content);
    if (ch.mode) chmodSync(abs, ch.mode);
  }
  let added: AddResult | null = null;
  if (husky?.add) {
    added = await addHusky(root, husky, io.env);
    // package.json as the package manager left it, with "prepare" only when husky 9 is now a dependency
    const text = readFileSync(path.join(root, 'package.json'), 'utf8');
    const next = packageJsonAfterHusky(text, { huskyReady: added.ok, dropHusky4Key: husky.husky4?.packageKey === true });
    if (next !== null) writeFileSync(path.join(root, 'package.json'), next);
    // what the list says would change, and did not (the package manager could not run)
    if (!added.ok && next === null) effective = effective.filter((e) => !e.afterHusky);
  }
  const huskyMessage = await installHusky(root);
  if (huskyMessage) throw refusal('E_HOOKS_INSTALL', `the git hooks could not be installed: ${huskyMessage}`, huskyMessage.includes('HUSKY=0') ? 'unset HUSKY=0 and run shipver init again' : 'run shipver init at the top of a git work tree');

  if (opts.json) {
    printJson(io, { root, projects, changes: effective.map(({ file, action }) => ({ file, action })), hooksInstalled: true, ...(detected ? { detection: detected.report } : {}), ...rulesAndHuskyJson(rules, husky, added) });
    return ExitCode.Ok;
  }
  if (husky && added) for (const l of formatHuskyResult(c, husky, added)) io.stderr(`${l}\n`);
  io.stderr(`${c.green('✔')} hooks installed (.husky/, core.hooksPath = .husky/_)${effective.length ? '' : ' — nothing else to change'}\n`);
  const next: string[] = [];
  const toCommit = [...effective.map((e) => e.file), ...(added?.ok && husky?.pm?.lockFile ? [husky.pm.lockFile] : [])];
  if (effective.length || added?.ok) next.push(`commit the new files: git add ${toCommit.join(' ')} && git commit -m "chore: set up shipver"`);
  const huskyReady = husky ? (added ? added.ok : isHuskyReady(husky.dependency)) : true;
  if (hasPackageJson && huskyReady) {
    next.push(`teammates get the hooks with ${husky?.pm?.name ?? 'npm'} install (the "prepare" script runs husky)`);
  } else if (!hasPackageJson) {
    next.push('teammates run "shipver init --hooks-only" once after cloning (the hooks live in .husky/; git does not install hooks by itself)');
  }
  for (const n of next) io.stderr(`${c.dim('→')} ${n}\n`);
  return ExitCode.Ok;
}

/** The --json fields about the commit rules and husky. */
function rulesAndHuskyJson(rules: CommitRulesPlan | null, husky: HuskyPlan | null, added: AddResult | null): Record<string, unknown> {
  return {
    ...(rules ? { commitRules: rules } : {}),
    ...(husky
      ? {
          husky: {
            packageJson: husky.packageJson,
            packageManager: husky.pm?.name ?? null,
            dependency: husky.dependency.range,
            add: husky.add?.command ?? null,
            ...(added ? { added: added.ok, ...(added.reason ? { reason: added.reason } : {}) } : {}),
            husky4: husky.husky4 ? { source: husky.husky4.source, hooks: husky.husky4.hooks } : null,
          },
        }
      : {}),
  };
}
