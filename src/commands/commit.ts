// shipver commit: compose a conventional message (asked on a terminal, from flags
// otherwise), lint it with the commit-msg hook's rules, then `git commit -F` with it (git's
// hooks run as usual; arguments after `--` go to git). --retry starts from the message
// git kept after a refused commit; --dry-run prints the message instead of committing.
import { ExitCode, refusal, usageError } from '../errors.js';
import { colors, printJson, type Io } from '../io.js';
import { PART_NAMES, answerProblem, composeMessage, emptyParts, parseIssues, partForRule, type CommitParts, type PartName } from '../commits/compose.js';
import { checkStaged, headParts, lintParts, openSession, outlook, retryParts, runGitCommit } from '../commit/session.js';

interface Opts {
  type?: string;
  scope?: string;
  subject?: string;
  body?: string;
  breaking?: string;
  closes?: string[];
  refs?: string[];
  retry?: boolean;
  dryRun?: boolean;
  json?: boolean;
}

const FLAG: Record<PartName, string> = { type: '--type', scope: '--scope', subject: '--subject', body: '--body', breaking: '--breaking', closes: '--closes', refs: '--refs' };
const EXAMPLE = 'shipver commit --type feat --scope api --subject "add the version to the status endpoint"';

// git options that bring a message of their own: shipver commit writes it
const MESSAGE_OPTIONS = /^(?:--(?:message|file|reuse-message|reedit-message|fixup|squash|template)(?:=.*)?|-[asnqveiop]*[mFcCt].*)$/;

/** The answers the flags give, checked one by one (a bad value is bad usage: exit 2). */
function answersFromFlags(opts: Opts): { parts: Partial<CommitParts>; given: Set<PartName> } {
  const parts: Partial<CommitParts> = {};
  const given = new Set<PartName>();
  for (const part of ['type', 'scope', 'subject', 'body', 'breaking'] as const) {
    const value = opts[part];
    if (value === undefined) continue;
    const problem = answerProblem(part, value);
    if (problem) throw usageError('E_USAGE', `${FLAG[part]}: ${problem.message} [${problem.rule}]`, `e.g. ${EXAMPLE}`);
    parts[part] = part === 'body' ? value : value.trim();
    given.add(part);
  }
  for (const part of ['closes', 'refs'] as const) {
    const values = opts[part];
    if (!values?.length) continue;
    const { numbers, bad } = parseIssues(values.join(' '));
    if (bad !== null) throw usageError('E_USAGE', `${FLAG[part]}: "${bad}" is not an issue number [issue-number]`, `give issue numbers: ${FLAG[part]} 12 ${FLAG[part]} 34 (or "#12")`);
    parts[part] = numbers;
    given.add(part);
  }
  return { parts, given };
}

export async function run(opts: Opts, args: string[], io: Io): Promise<ExitCode> {
  const json = Boolean(opts.json);
  const gitArgs = args;
  const own = gitArgs.find((a) => MESSAGE_OPTIONS.test(a));
  if (own) throw usageError('E_USAGE', `shipver commit writes the message itself, so git's ${own} cannot be passed on`, `answer with flags instead, e.g. ${EXAMPLE}`);
  const flags = answersFromFlags(opts);

  const s = await openSession(io, gitArgs);
  // as git would, and before anything is asked
  await checkStaged(s, gitArgs);
  const kept = opts.retry ? await retryParts(s) : null;
  const start = kept ? kept.parts : s.amend ? ((await headParts(s)) ?? emptyParts()) : emptyParts();
  let parts: CommitParts = { ...start, ...flags.parts };
  if (flags.given.has('breaking')) parts.bang = false;

  // rules commitlint cannot run (an unknown rule name) are a config error, said before anything is asked
  const first = await lintParts(s, parts);
  if (io.stdinIsTTY) {
    let ask: PartName[];
    const notes: string[] = [];
    if (kept) {
      // only what the kept message lacks or gets wrong; the rest is shown with the message
      const result = first;
      const wrong = new Set(result.errors.map((e) => partForRule(e.rule)).filter((p): p is PartName => p !== null));
      if (!parts.type) wrong.add('type');
      ask = PART_NAMES.filter((p) => wrong.has(p) && !flags.given.has(p));
      notes.push(`the message git kept: ${kept!.message.split('\n')[0]}`);
      for (const e of result.errors) notes.push(`✖ ${e.message} [${e.rule}]`);
    } else {
      ask = PART_NAMES.filter((p) => !flags.given.has(p));
    }
    const { composeInteractively } = await import('../commit/interactive.js');
    const answered = await composeInteractively(s, { parts, ask, notes, dryRun: Boolean(opts.dryRun) });
    if (!answered) return ExitCode.Interrupted;
    parts = answered;
  } else {
    const missing = (['type', 'subject', ...(s.scopeRequired ? ['scope' as const] : [])] as const).filter((p) => !parts[p]);
    if (missing.length) {
      throw usageError(
        'E_USAGE',
        `shipver commit needs ${missing.map((p) => FLAG[p]).join(' and ')}: stdin is not a terminal, so it cannot ask`,
        `e.g. ${EXAMPLE}${s.scopeRequired ? ' (your rules require a scope)' : ''}`,
      );
    }
  }

  const message = composeMessage(parts);
  // without a terminal the parts are still the ones linted first
  const result = io.stdinIsTTY ? await lintParts(s, parts) : first;
  if (!result.valid) {
    if (opts.dryRun && !json) io.stdout(message);
    const fixes = [...new Set(result.errors.map((e) => partForRule(e.rule)).filter((p) => p !== null))].map((p) => FLAG[p]);
    throw refusal(
      'E_COMMIT_RULES',
      `the message breaks the commit rules${s.setup.source ? ` of ${s.setup.source}` : ''}: nothing was committed`,
      fixes.length ? `change ${fixes.join(' and ')} and run it again` : 'change the answers and run it again',
      [`│ ${message.split('\n')[0]}`, ...result.errors.map((e) => `✖ ${e.message} [${e.rule}]`)],
    );
  }
  const release = await outlook(s, message);
  const c = colors(io);
  if (opts.dryRun) {
    if (json) printJson(io, { ok: true, dryRun: true, message, parts, lint: result, release });
    else {
      io.stdout(message);
      io.stderr(`${c.dim('→')} ${release.text}\n`);
    }
    return ExitCode.Ok;
  }
  if (!json && !io.stdinIsTTY) {
    // (on a terminal, the summary showed these before the user said commit)
    for (const w of result.warnings) io.stderr(`${c.yellow('⚠')} ${w.message} ${c.dim(`[${w.rule}]`)}\n`);
    io.stderr(`${c.dim('→')} ${release.text}\n`);
  }
  const code = await runGitCommit(s, message, gitArgs, io, json);
  if (code === ExitCode.Ok && json) {
    const head = await s.git.revParse('HEAD');
    printJson(io, { ok: true, commit: head, message, parts, lint: result, release });
  }
  return code;
}
