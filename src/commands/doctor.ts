// shipver doctor: is this repository ready to release? Each finding comes with its fix —
// a command that works as printed — or says what a person must decide. Exit 1 only for
// what would break the next release, the hooks or a deploy. `--fix` applies the safe
// fixes (tag.format from the tags, the hooks, the version files to the latest release);
// `--dry-run` shows them. The checks and the fixes are src/doctor/; this file prints.
import { ExitCode } from '../errors.js';
import { colors, printJson, type Io } from '../io.js';
import { Git } from '../git/git.js';
import { locateRepo } from '../release/context.js';
import { collect } from '../doctor/collect.js';
import { applyFixes, type Change } from '../doctor/fix.js';
import type { Check } from '../doctor/check.js';

interface Options {
  project?: string;
  json?: boolean;
  fix?: boolean;
  dryRun?: boolean;
}

export async function run(opts: Options, _args: string[], io: Io): Promise<ExitCode> {
  const { root, gitDir, head } = await locateRepo(io.cwd);
  const git = new Git(root);
  let found = await collect({ root, gitDir, git, head }, opts.project, io.env);
  let changes: Change[] | null = null;
  if (opts.fix || opts.dryRun) {
    changes = await applyFixes({ root, git, head, dry: Boolean(opts.dryRun), env: io.env }, found);
    // what holds now (a dry run changed nothing: the findings stand)
    if (!opts.dryRun && changes.some((c) => c.done)) found = await collect({ root, gitDir, git, head: await git.head() }, opts.project, io.env);
  }
  const { checks } = found;
  const failed = changes?.some((c) => c.error) ?? false;
  const ok = !checks.some((c) => c.status === 'fail') && !failed;
  if (opts.json) printJson(io, changes ? { ok, dryRun: Boolean(opts.dryRun), changes, checks } : { ok, checks });
  else print(io, changes, checks);
  return ok ? ExitCode.Ok : ExitCode.Refused;
}

function print(io: Io, changes: Change[] | null, checks: Check[]): void {
  const c = colors(io);
  for (const ch of changes ?? []) {
    const mark = ch.error ? c.red('✖') : ch.done ? c.green('✔') : c.dim('○');
    io.stderr(`${mark} ${c.bold(ch.name)}: ${ch.change}${ch.error ? `\n    ${ch.error}` : ''}\n${ch.then ? `  ${c.dim('→')} then: ${ch.then}\n` : ''}`);
  }
  if (changes && !changes.length) io.stderr(`${c.dim('○')} nothing for shipver doctor --fix to change\n`);
  if (changes) io.stderr('\n');
  for (const k of checks) {
    const mark = k.status === 'ok' ? c.green('✔') : k.status === 'info' ? c.dim('·') : k.status === 'warn' ? c.yellow('⚠') : c.red('✖');
    const fix = k.fix ? `  ${c.dim('→')} run: ${k.fix}\n` : k.decide ? `  ${c.dim('→')} decide: ${k.decide}\n` : '';
    io.stderr(`${mark} ${c.bold(k.name)}: ${k.message}\n${fix}`);
  }
}
