// shipver changelog: release notes for unreleased commits or any range (--stdout), the
// whole history (--from-start), or CHANGELOG.md updated with them.
import { releaseDate } from '../changelog/date.js';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ExitCode, ShipverError, errnoCode, refusal, usageError } from '../errors.js';
import { colors, printJson, type Io } from '../io.js';
import { Git } from '../git/git.js';
import { selectProjects } from '../release/projects.js';
import { ProcessError } from '../process/status.js';
import { loadConfig } from '../config/load.js';
import type { Config, ProjectConfig } from '../config/types.js';
import { renderNotes, type Notes } from '../changelog/notes.js';
import { changelogFileFor, insertSection, DEFAULT_TITLE } from '../changelog/file.js';
import { readRemote, type RemoteInfo } from '../changelog/remote.js';
import { latestOf, previousVersionTag, readVersionTags, tagMatcher, type TagMatcher } from '../release/version-tags.js';
import { writeHistory } from '../changelog/history.js';

interface Opts {
  stdout?: boolean;
  from?: string;
  to?: string;
  fromStart?: boolean;
  project?: string;
  json?: boolean;
  dryRun?: boolean;
}

/** The heading of the notes for commits after the last version. */
export const UNRELEASED = 'Unreleased';

/** The release date: SHIPVER_DATE (YYYY-MM-DD, for reproducible output) or today in UTC. */

interface Target {
  config: Config;
  git: Git;
  project: ProjectConfig | null;
  paths: string[];
  matcher: TagMatcher;
  remote: RemoteInfo | null;
}

async function target(opts: Opts, io: Io): Promise<Target> {
  const top = await new Git(io.cwd, io.env).topLevel();
  if (!top) throw refusal('E_NOT_A_REPO', `${io.cwd} is not inside a git repository`, 'run shipver changelog in your project checkout');
  const config = await loadConfig(top);
  const git = new Git(top, io.env);
  const { project, projectName, paths } = selectProjects(config, opts.project);
  const matcher = tagMatcher(config.tag.format, config.tag.format.includes('{project}') ? projectName : null);
  const remote = await readRemote(git);
  return { config, git, project, paths, matcher, remote };
}

async function resolve(git: Git, ref: string, what: string): Promise<string> {
  if (ref.startsWith('-') || /[\0\n]/.test(ref)) throw usageError('E_BAD_REF', `${what} "${ref}" is not a ref`, 'give a tag, a branch or a commit');
  const sha = await git.revParse(ref);
  if (sha) return sha;
  if (ref === 'HEAD') throw refusal('E_NO_COMMITS', 'the repository has no commits yet', 'commit something first');
  throw usageError('E_REF_NOT_FOUND', `${what} "${ref}" does not name a commit here`, 'check the name (git tag --list, git branch --all), or fetch first');
}

export async function run(opts: Opts, args: string[], io: Io): Promise<ExitCode> {
  if (args.length) throw usageError('E_USAGE', `unexpected argument "${args[0]}"`, 'use --from REF --to REF for a range');
  if (opts.fromStart && opts.from) throw usageError('E_USAGE', '--from-start and --from cannot be combined', 'use --from-start [--to REF] for the whole history, or --from REF [--to REF] for a range');
  const date = releaseDate(io.env);
  try {
    const t = await target(opts, io);
    return opts.fromStart ? await history(opts, io, t) : await range(opts, io, t, date);
  } catch (e) {
    if (e instanceof ProcessError) {
      const first = e.result.stderr.trim().split('\n')[0] || e.message.split('\n')[0]!;
      throw new ShipverError('E_GIT', `git failed: ${first}`, { hint: 'check that the repository is not corrupt or locked (git status)', cause: e });
    }
    throw e;
  }
}

async function range(opts: Opts, io: Io, t: Target, date: string): Promise<ExitCode> {
  const { git, config, matcher } = t;
  const to = opts.to ?? 'HEAD';
  const toSha = await resolve(git, to, '--to');
  const tags = await readVersionTags(git, matcher, { merged: toSha });
  const toTag = opts.to ? tags.find((x) => x.name === opts.to) : undefined;

  let fromSha: string | null;
  let previousTag: string | null;
  if (opts.from) {
    fromSha = await resolve(git, opts.from, '--from');
    previousTag = opts.from;
  } else {
    // the last version before `to` (the rule in release/version-tags.ts, on the tags `to`
    // contains): for a version tag, the one before it, not on the same commit, where
    // `shipver release` started that version's notes: for a stable version the stable one
    // before it, for a prerelease the tag before it
    const prev = toTag ? previousVersionTag(tags, toTag) : latestOf(tags);
    fromSha = prev?.sha ?? null;
    previousTag = prev?.name ?? null;
  }

  const commits = await git.commits(fromSha ? [`${fromSha}..${toSha}`] : [toSha], { paths: realPaths(t.paths), noMerges: true });
  const notes = await renderNotes(
    commits.map((c) => ({ sha: c.sha, message: c.message })),
    {
      version: toTag ? toTag.version : UNRELEASED,
      tag: to,
      previousTag,
      date: toTag ? toTag.date || date : date,
      remote: t.remote,
      types: config.changelog.types,
    },
  );
  const summary = {
    mode: toTag ? 'version' : opts.from ? 'range' : 'unreleased',
    version: toTag ? toTag.version : null,
    from: opts.from ?? previousTag,
    to,
    previousTag,
    date: toTag ? toTag.date || date : date,
    project: t.project?.name ?? null,
    remote: t.remote,
  };

  if (opts.stdout) {
    if (opts.json) printJson(io, { ok: true, ...summary, markdown: notes.markdown, plain: notes.plain, counts: notes.counts });
    else {
      io.stdout(notes.markdown);
      if (notes.counts.included === 0) io.stderr(noChanges(io, notes, previousTag));
    }
    return ExitCode.Ok;
  }

  const file = changelogFileFor(config, t.project);
  const shown = path.relative(config.root, file) || file;
  // a version with nothing to list has no section unless changelog.emptySections says so
  if (notes.counts.included === 0 && (!toTag || !config.changelog.emptySections)) {
    if (opts.json) printJson(io, { ok: true, ...summary, file: shown, written: false, dryRun: Boolean(opts.dryRun), markdown: notes.markdown, plain: notes.plain, counts: notes.counts });
    else io.stderr(noChanges(io, notes, previousTag) + `${shown} left as it is\n`);
    return ExitCode.Ok;
  }
  const existing = readChangelog(file, shown);
  const updated = insertSection(existing, notes.markdown, { replaceUnreleased: true });
  if (!opts.dryRun) writeChangelog(file, shown, updated);
  report(io, opts, { ...summary, file: shown, written: !opts.dryRun, dryRun: Boolean(opts.dryRun), markdown: notes.markdown, plain: notes.plain, counts: notes.counts }, () =>
    opts.dryRun ? `would add to ${shown} (dry run, nothing written):` : `${shown}: added ${notes.counts.included} ${plural(notes.counts.included, 'entry', 'entries')}${skipped(notes)}`,
  );
  return ExitCode.Ok;
}

async function history(opts: Opts, io: Io, t: Target): Promise<ExitCode> {
  const { git, config } = t;
  const to = opts.to ?? 'HEAD';
  await resolve(git, to, '--to');
  const historyOpts = {
    matcher: t.matcher,
    to,
    paths: realPaths(t.paths),
    collapsePrereleases: config.changelog.collapsePrereleases,
    emptySections: config.changelog.emptySections,
    remote: t.remote,
    types: config.changelog.types,
    // released versions only, each dated by its tag; unreleased commits are counted
    unreleased: null,
  };

  if (opts.stdout && !opts.json) {
    // stream: each section is printed as soon as it is rendered
    const result = await writeHistory(git, historyOpts, (chunk) => io.stdout(chunk));
    if (!result.sections.length && !result.leftOut.length) io.stderr(noTags(io, t));
    io.stderr(leftOutNote(io, result.leftOut));
    return ExitCode.Ok;
  }

  let markdown = '';
  const result = await writeHistory(git, historyOpts, (chunk) => {
    markdown += chunk;
  });
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
  const file = changelogFileFor(config, t.project);
  const shown = path.relative(config.root, file) || file;
  if (!result.sections.length) {
    if (opts.json) printJson(io, { ok: true, ...base, file: shown, written: false, dryRun: Boolean(opts.dryRun), markdown });
    else io.stderr(noTags(io, t) + `${shown} left as it is\n`);
    return ExitCode.Ok;
  }
  const existing = readChangelog(file, shown);
  // a regenerated file: the title and every version; keep the file's line ends
  let content = `${DEFAULT_TITLE}\n\n${markdown.replace(/\n*$/, '\n')}`;
  if (existing && /\r\n/.test(existing.slice(0, existing.indexOf('\n') + 1))) content = content.replace(/\n/g, '\r\n');
  if (!opts.dryRun) writeChangelog(file, shown, content);
  report(io, opts, { ...base, file: shown, written: !opts.dryRun, dryRun: Boolean(opts.dryRun), markdown }, () =>
    opts.dryRun
      ? `would rewrite ${shown} (dry run, nothing written):`
      : `${shown}: rewrote ${result.sections.length} ${plural(result.sections.length, 'version', 'versions')}, ${result.counts.included} ${plural(result.counts.included, 'entry', 'entries')}${skipped({ counts: result.counts })}`,
  );
  if (!opts.json) io.stderr(leftOutNote(io, result.leftOut));
  return ExitCode.Ok;
}

/** Paths for `git log -- <paths>`: none when the project is the whole repository. */
function realPaths(paths: readonly string[]): string[] {
  if (paths.some((p) => p === '.' || p === './' || p === '')) return [];
  return [...paths];
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

function noTags(io: Io, t: Target): string {
  const c = colors(io);
  return `${c.dim('→')} no version tags matching "${t.matcher.glob}" (semver) are reachable; nothing to regenerate\n`;
}

function readChangelog(file: string, shown: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') return null;
    throw refusal('E_CHANGELOG_UNREADABLE', `${shown} cannot be read (${errnoCode(e) ?? (e as Error).message})`, 'check the path (changelog.file in shipver.yaml) and its permissions');
  }
}

function writeChangelog(file: string, shown: string, content: string): void {
  const tmp = `${file}.shipver-tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(tmp, content);
    renameSync(tmp, file);
  } catch (e) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // the original error is the one to report
    }
    throw new ShipverError('E_CHANGELOG_WRITE', `${shown} cannot be written (${errnoCode(e) ?? (e as Error).message})`, {
      hint: 'check the path (changelog.file in shipver.yaml) and its permissions',
      cause: e,
    });
  }
}
