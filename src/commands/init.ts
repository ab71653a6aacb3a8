// shipver init: propose a config, write it when absent, install the hooks. Idempotent:
// a second run finds everything in place and changes nothing. The plan and the writes are
// src/setup/; this file parses the options, asks, and prints.
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { ExitCode, refusal, usageError } from '../errors.js';
import { colors, printJson, type Io } from '../io.js';
import { Git } from '../git/git.js';
import { assertNoProblems, printDetection } from '../config/detect-report.js';
import { formatCommitRules, type CommitRulesPlan } from '../config/commit-rules.js';
import { formatHuskyPlan, formatHuskyResult, type AddResult, type HuskyPlan } from '../hooks/husky-setup.js';
import { effectiveChanges, writeFile } from '../setup/file-change.js';
import { planInit } from '../setup/plan.js';
import { applyInit, refuseHuskyOff } from '../setup/apply.js';
import { hooksState } from '../setup/hooks-state.js';
import { nextSteps } from '../setup/next-steps.js';

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
  if (!opts.dryRun && plan.action !== 'keep') writeFile(plan.file, plan.content, 0o755);
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
  const { planCi } = await import('../setup/ci.js');
  const plan = await planCi(root, provider, Boolean(opts.force));
  const c = colors(io);
  const { file } = plan;
  if (plan.kind === 'add-jobs') {
    if (opts.json) printJson(io, { file, action: 'keep', add: plan.jobs });
    else {
      io.stderr(`${c.yellow('⚠')} ${file} exists: not changed. Add these jobs to it (they use the default stages test and deploy; change "stage:" if the file declares its own stages), or run again with --force to replace the file:\n\n`);
      io.stdout(plan.jobs);
    }
    return ExitCode.Ok;
  }
  const { action, content } = plan;
  if (!opts.dryRun && action !== 'keep') writeFile(plan.abs, content);
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
  refuseHuskyOff(io.env, Boolean(opts.dryRun));
  const c = colors(io);
  const plan = await planInit(root, git, { hooksOnly: opts.hooksOnly, force: opts.force, makefile: opts.makefile, stopOnProblems: Boolean(opts.json) || !opts.dryRun });
  const { detected, rules, husky } = plan;
  const projects = detected?.projects ?? [];
  const effective = effectiveChanges(plan.changes);
  const { installed: hooksInstalled } = await hooksState(root, git);

  if (opts.json && opts.dryRun) {
    printJson(io, { dryRun: true, root, projects, changes: effective.map(({ file, action }) => ({ file, action })), hooksInstalled, ...(detected ? { detection: detected.report } : {}), ...rulesAndHuskyJson(rules, husky, null) });
    return ExitCode.Ok;
  }
  if (!opts.json) {
    if (detected) printDetection(io, c, detected, Boolean(opts.dryRun));
    if (plan.proposing && opts.dryRun) assertNoProblems(detected!);
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

  const applied = await applyInit(root, plan, effective, io.env);
  if (opts.json) {
    printJson(io, { root, projects, changes: applied.effective.map(({ file, action }) => ({ file, action })), hooksInstalled: true, ...(detected ? { detection: detected.report } : {}), ...rulesAndHuskyJson(rules, husky, applied.added) });
    return ExitCode.Ok;
  }
  if (husky && applied.added) for (const l of formatHuskyResult(c, husky, applied.added)) io.stderr(`${l}\n`);
  io.stderr(`${c.green('✔')} hooks installed (.husky/, core.hooksPath = .husky/_)${applied.effective.length ? '' : ' — nothing else to change'}\n`);
  for (const n of await nextSteps(root, git, plan, applied)) io.stderr(`${c.dim('→')} ${n}\n`);
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
