// shipver tag: an annotated tag for the version the files hold at HEAD, with the release
// notes since the previous version tag as its message (the seed Makefile's `tag`).
import semver from '../version/semver-fns.js';
import { ExitCode, refusal } from '../errors.js';
import { colors, printJson, type Io } from '../io.js';
import { loadReleaseContext, locateRepo } from '../release/context.js';
import { agreedVersion, commitReader, readVersionFiles } from '../release/version-files.js';
import { assertNoJournal } from '../release/journal.js';
import { checkTagFree } from '../release/guards.js';
import { tagMessage } from '../release/plan.js';
import { tagName } from '../release/tag-format.js';
import { renderNotes } from '../changelog/notes.js';
import { readRemote } from '../changelog/remote.js';
import { releaseDate } from '../changelog/date.js';

interface Opts {
  project?: string;
  dryRun?: boolean;
  json?: boolean;
  fetch?: boolean;
}

export async function run(opts: Opts, _args: string[], io: Io): Promise<ExitCode> {
  const here = await locateRepo(io.cwd);
  assertNoJournal(here.gitDir);
  const ctx = await loadReleaseContext(here, { project: opts.project });
  const { git, config } = ctx;
  const { head } = here;
  if (!head) throw refusal('E_NO_COMMITS', 'the repository has no commits yet', 'commit, bump, then tag');
  // The tag is for what is committed, so read the version files at HEAD, not the work tree.
  const version = agreedVersion(await readVersionFiles(ctx.projects, commitReader(git, 'HEAD')));
  const name = tagName(config.tag.format, version, ctx.projectName);
  const upstream = await git.upstream();
  await checkTagFree(ctx, name, upstream?.remote ?? null, { fetch: opts.fetch !== false && !opts.dryRun });
  const pre = semver.prerelease(version) !== null;
  const previous = pre ? ctx.lastTag : ctx.lastStableTag;
  // the context already holds the commits since the last stable tag
  const records = previous && previous !== ctx.lastStableTag ? await git.commits([`${previous.name}..HEAD`], { paths: ctx.paths, noMerges: true }) : ctx.commits;
  const notes = await renderNotes(
    records.map((r) => ({ sha: r.sha, message: r.message })),
    { version, tag: name, previousTag: previous?.name ?? null, date: releaseDate(io.env), remote: await readRemote(git, upstream?.remote ?? 'origin'), types: config.changelog.types },
  );
  const tag = { name, message: tagMessage(name, notes.plain), sign: config.tag.sign };
  if (!opts.dryRun) await git.createAnnotatedTag(tag);
  if (opts.json) printJson(io, { dryRun: Boolean(opts.dryRun), tag: name, version, commit: head, message: tag.message });
  else {
    const c = colors(io);
    io.stderr(`${opts.dryRun ? c.dim('(dry run) would tag') : `${c.green('✔')} tagged`} ${c.cyan(name)} at ${head.slice(0, 7)} (annotated${tag.sign ? ', signed' : ''})\n`);
    if (!opts.dryRun) io.stderr(`${c.dim('→')} next: git push --follow-tags\n`);
    else io.stdout(tag.message);
  }
  return ExitCode.Ok;
}
