// shipver lint: one message (argument, --edit file, --stdin), a JSONL batch, or a range of commits.
import path from 'node:path';
import { ExitCode, refusal, usageError } from '../errors.js';
import { colors, printJson, type Io } from '../io.js';
import type { LintSetup } from '../commits/lint.js';
import { lintOrConfigError, lintSetupFor } from '../config/commitlint.js';
import { formatLintHint, formatLintReport } from '../commits/report.js';
import { badCommitLine } from '../server/commit-checks.js';
import { decodeMessage } from '../commits/clean.js';
import { lintMessageFile } from '../hooks/commit-msg.js';
import { Git } from '../git/git.js';

interface Opts {
  edit?: string | boolean;
  stdin?: boolean;
  jsonl?: boolean;
  from?: string;
  to?: string;
  json?: boolean;
}

async function repoRoot(io: Io): Promise<string> {
  return (await new Git(io.cwd).topLevel()) ?? io.cwd;
}

export async function run(opts: Opts, args: string[], io: Io): Promise<ExitCode> {
  const modes = [opts.edit !== undefined, Boolean(opts.stdin), Boolean(opts.from), args.length > 0].filter(Boolean).length;
  if (modes > 1) throw usageError('E_USAGE', 'choose one input: a message argument, --edit, --stdin or --from/--to', 'e.g. shipver lint --from v1.0.0 --to HEAD');
  if (opts.jsonl && !opts.stdin) throw usageError('E_USAGE', '--jsonl reads its batch from stdin', 'use: shipver lint --stdin --jsonl < messages.jsonl');
  if (opts.to && !opts.from) throw usageError('E_USAGE', '--to needs --from', 'e.g. shipver lint --from origin/main --to HEAD');

  if (opts.edit !== undefined) {
    const file = typeof opts.edit === 'string' ? opts.edit : await defaultEditFile(io);
    // (the hook's own hint, "shipver hook commit-msg", is no fix for a file given here)
    const fileHint = typeof opts.edit === 'string' ? 'give a readable file that holds the message: shipver lint --edit FILE' : 'git writes it on a commit; or give the file that holds the message: shipver lint --edit FILE';
    // the rules of the repository, as from its top (where git runs the hook), also from a sub-directory
    const root = await repoRoot(io);
    return lintMessageFile(path.resolve(io.cwd, file), { ...io, cwd: root }, Boolean(opts.json), false, fileHint);
  }
  const setup = await lintSetupFor(await repoRoot(io));
  if (opts.stdin && opts.jsonl) return lintJsonl(io, setup);
  if (opts.from) return lintRange(io, setup, opts.from, opts.to ?? 'HEAD', Boolean(opts.json));

  let message: string;
  if (opts.stdin) {
    const decoded = decodeMessage(await io.readStdin());
    if (decoded.problem) throw refusal('E_MESSAGE_ENCODING', `stdin is not a UTF-8 text message (${decoded.problem})`, 'pipe the message as UTF-8 text');
    message = decoded.text;
  } else if (args.length) {
    message = args[0]!;
  } else {
    throw usageError('E_USAGE', 'nothing to lint', 'give a message, --edit FILE, --stdin, or --from REF [--to REF]');
  }
  const result = await lintOrConfigError(message, setup);
  if (opts.json) printJson(io, result);
  else io.stderr(formatLintReport(colors(io), message, result, setup));
  return result.valid ? ExitCode.Ok : ExitCode.Refused;
}

async function defaultEditFile(io: Io): Promise<string> {
  const git = new Git(io.cwd);
  return `${await git.gitDir()}/COMMIT_EDITMSG`;
}

/** One result line per input line, in order; a line that is not {"message": string} is reported in its place. */
async function lintJsonl(io: Io, setup: LintSetup): Promise<ExitCode> {
  const decoded = decodeMessage(await io.readStdin());
  if (decoded.problem) throw usageError('E_INPUT', `stdin is not UTF-8 text (${decoded.problem})`, 'give one JSON object per line');
  const lines = decoded.text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  let anyInvalid = false;
  let anyBad = false;
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    let message: unknown;
    try {
      message = (JSON.parse(lines[i]!) as { message?: unknown })?.message;
    } catch {
      message = undefined;
    }
    if (typeof message !== 'string') {
      anyBad = true;
      out.push(JSON.stringify({ valid: false, ignored: false, errors: [{ rule: 'input', message: `line ${i + 1} is not a JSON object with a "message" string` }], warnings: [] }));
      continue;
    }
    const r = await lintOrConfigError(message, setup);
    if (!r.valid) anyInvalid = true;
    out.push(JSON.stringify(r));
    if (out.length >= 256) io.stdout(out.splice(0).join('\n') + '\n');
  }
  if (out.length) io.stdout(out.join('\n') + '\n');
  return anyBad ? ExitCode.Usage : anyInvalid ? ExitCode.Refused : ExitCode.Ok;
}

async function lintRange(io: Io, setup: LintSetup, from: string, to: string, json: boolean): Promise<ExitCode> {
  const git = new Git(io.cwd);
  for (const ref of [from, to]) {
    if (await git.revParse(ref)) continue;
    // in a shallow clone, an older commit or tag may simply not have been fetched
    if ((await git.shallowBoundary()).size) {
      throw usageError('E_BAD_REF', `"${ref}" is not a commit in this shallow clone (made with git clone --depth): its older history was not fetched`, 'fetch the whole history and its tags: git fetch --unshallow --tags');
    }
    throw usageError('E_BAD_REF', `"${ref}" is not a commit in this repository`, 'use a branch, tag or commit id (git log --oneline shows them)');
  }
  const commits = await git.commits([`${from}..${to}`]);
  const c = colors(io);
  const results = [];
  let invalid = 0;
  for (const commit of commits.reverse()) {
    const r = await lintOrConfigError(commit.message, setup);
    if (!r.valid) invalid++;
    results.push({ sha: commit.sha, subject: commit.message.split('\n')[0], ...r });
    // each failure on one line, as ci verify and the server hook print them; the how-to comes once, at the end
    if (!json && !r.valid) io.stderr(`${c.red('✖')} ${badCommitLine({ sha: commit.sha, subject: commit.message.split('\n')[0] ?? '', errors: r.errors })}\n`);
  }
  if (json) printJson(io, { valid: invalid === 0, count: results.length, invalid, results });
  else if (invalid === 0) io.stderr(`${c.green('✔')} ${results.length} commit message${results.length === 1 ? '' : 's'} from ${from} to ${to} pass\n`);
  else {
    io.stderr(`${c.red('✖')} ${invalid} of ${results.length} commit messages fail the rules\n`);
    io.stderr(formatLintHint(c, setup));
    io.stderr(`${c.dim('→')} reword them with git rebase -i ${from} (before they are pushed)\n`);
  }
  return invalid ? ExitCode.Refused : ExitCode.Ok;
}
