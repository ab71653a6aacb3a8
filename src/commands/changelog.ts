// shipver changelog: release notes for unreleased commits or any range (--stdout), the
// whole history (--from-start), or CHANGELOG.md updated with them. The notes, the history
// and the file are src/changelog/ (range.ts, rebuild.ts, file-io.ts); this file prints.
import { releaseDate } from '../changelog/date.js';
import { ExitCode, ShipverError, usageError } from '../errors.js';
import { colors, printJson, type Io } from '../io.js';
import { ProcessError } from '../process/status.js';
import type { Notes } from '../changelog/notes.js';
import { addSection, rewriteChangelog } from '../changelog/file-io.js';
import { changelogPath, loadChangelogTarget, type ChangelogTarget } from '../changelog/target.js';
import { rangeNotes } from '../changelog/range.js';
import { collectHistory, streamHistory } from '../changelog/rebuild.js';

export { UNRELEASED } from '../changelog/range.js';

interface Opts {
  stdout?: boolean;
  from?: string;
  to?: string;
  fromStart?: boolean;
  project?: string;
  json?: boolean;
  dryRun?: boolean;
}

export async function run(opts: Opts, args: string[], io: Io): Promise<ExitCode> {
  if (args.length) throw usageError('E_USAGE', `unexpected argument "${args[0]}"`, 'use --from REF --to REF for a range');
  if (opts.fromStart && opts.from) throw usageError('E_USAGE', '--from-start and --from cannot be combined', 'use --from-start [--to REF] for the whole history, or --from REF [--to REF] for a range');
  const date = releaseDate(io.env);
  try {
    const t = await loadChangelogTarget(io.cwd, io.env, opts.project);
    return opts.fromStart ? await history(opts, io, t) : await range(opts, io, t, date);
  } catch (e) {
    if (e instanceof ProcessError) {
      const first = e.result.stderr.trim().split('\n')[0] || e.message.split('\n')[0]!;
      throw new ShipverError('E_GIT', `git failed: ${first}`, { hint: 'check that the repository is not corrupt or locked (git status)', cause: e });
    }
    throw e;
  }
}

async function range(opts: Opts, io: Io, t: ChangelogTarget, date: string): Promise<ExitCode> {
  const { notes, summary, previousTag, hasSection } = await rangeNotes(t, opts, date);

  if (opts.stdout) {
    if (opts.json) printJson(io, { ok: true, ...summary, markdown: notes.markdown, plain: notes.plain, counts: notes.counts });
    else {
      io.stdout(notes.markdown);
      if (notes.counts.included === 0) io.stderr(noChanges(io, notes, previousTag));
    }
    return ExitCode.Ok;
  }

  const { file, shown } = changelogPath(t);
  if (!hasSection) {
    if (opts.json) printJson(io, { ok: true, ...summary, file: shown, written: false, dryRun: Boolean(opts.dryRun), markdown: notes.markdown, plain: notes.plain, counts: notes.counts });
    else io.stderr(noChanges(io, notes, previousTag) + `${shown} left as it is\n`);
    return ExitCode.Ok;
  }
  addSection(file, shown, notes.markdown, Boolean(opts.dryRun));
  report(io, opts, { ...summary, file: shown, written: !opts.dryRun, dryRun: Boolean(opts.dryRun), markdown: notes.markdown, plain: notes.plain, counts: notes.counts }, () =>
    opts.dryRun ? `would add to ${shown} (dry run, nothing written):` : `${shown}: added ${notes.counts.included} ${plural(notes.counts.included, 'entry', 'entries')}${skipped(notes)}`,
  );
  return ExitCode.Ok;
}

async function history(opts: Opts, io: Io, t: ChangelogTarget): Promise<ExitCode> {
  const to = opts.to ?? 'HEAD';

  if (opts.stdout && !opts.json) {
    // stream: each section is printed as soon as it is rendered
    const result = await streamHistory(t, to, (chunk) => io.stdout(chunk));
    if (!result.sections.length && !result.leftOut.length) io.stderr(noTags(io, t));
    io.stderr(leftOutNote(io, result.leftOut));
    return ExitCode.Ok;
  }

  const { markdown, ...result } = await collectHistory(t, to);
  const base = {
    mode: 'history',
    to,
    project: t.project?.name ?? null,
    remote: t.remote,
    sections: result.sections,
    unreleasedCommits: result.unreleasedCommits,
    counts: result.counts,
    leftOut: result.leftOut,
  };
  if (opts.stdout) {
    printJson(io, { ok: true, ...base, markdown });
    return ExitCode.Ok;
  }
  const { file, shown } = changelogPath(t);
  if (!result.sections.length) {
    if (opts.json) printJson(io, { ok: true, ...base, file: shown, written: false, dryRun: Boolean(opts.dryRun), markdown });
    else io.stderr(noTags(io, t) + `${shown} left as it is\n`);
    return ExitCode.Ok;
  }
  rewriteChangelog(file, shown, markdown, Boolean(opts.dryRun));
  report(io, opts, { ...base, file: shown, written: !opts.dryRun, dryRun: Boolean(opts.dryRun), markdown }, () =>
    opts.dryRun
      ? `would rewrite ${shown} (dry run, nothing written):`
      : `${shown}: rewrote ${result.sections.length} ${plural(result.sections.length, 'version', 'versions')}, ${result.counts.included} ${plural(result.counts.included, 'entry', 'entries')}${skipped({ counts: result.counts })}`,
  );
  if (!opts.json) io.stderr(leftOutNote(io, result.leftOut));
  return ExitCode.Ok;
}

function report(io: Io, opts: Opts, json: Record<string, unknown>, line: () => string): void {
  if (opts.json) {
    printJson(io, { ok: true, ...json });
    return;
  }
  const c = colors(io);
  if (opts.dryRun) {
    io.stderr(`${c.dim('→')} ${line()}\n`);
    io.stdout(json.markdown as string);
  } else {
    io.stderr(`${c.green('✔')} ${line()}\n`);
  }
}

function plural(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}

function skipped(n: Pick<Notes, 'counts'>): string {
  const parts: string[] = [];
  if (n.counts.hidden) parts.push(`${n.counts.hidden} hidden`);
  if (n.counts.notConventional) parts.push(`${n.counts.notConventional} not conventional`);
  return parts.length ? ` (left out: ${parts.join(', ')})` : '';
}

/** The versions with nothing to list that have no section (changelog.emptySections: false). */
function leftOutNote(io: Io, leftOut: readonly string[]): string {
  if (!leftOut.length) return '';
  const shown = leftOut.length > 6 ? `${leftOut.slice(0, 6).join(', ')} …` : leftOut.join(', ');
  return `${colors(io).dim('→')} ${leftOut.length} ${plural(leftOut.length, 'version', 'versions')} with nothing notable and no section (${shown}); changelog.emptySections: true lists them\n`;
}

function noChanges(io: Io, notes: Notes, previousTag: string | null): string {
  const c = colors(io);
  const since = previousTag ? ` since ${previousTag}` : '';
  return `${c.dim('→')} no changes to list${since}: ${notes.counts.commits} ${plural(notes.counts.commits, 'commit', 'commits')}${skipped(notes)}\n`;
}

function noTags(io: Io, t: ChangelogTarget): string {
  const c = colors(io);
  return `${c.dim('→')} no version tags matching "${t.matcher.glob}" (semver) are reachable; nothing to regenerate\n`;
}
