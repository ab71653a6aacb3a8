// `shipver ci verify`: the server hook's checks, for a CI job: the messages of the commits
// the pipeline builds (ci-lint-range.ts) and the version tag it builds (ci-tag.ts).
import { ExitCode, ShipverError, usageError } from '../errors.js';
import { colors, printJson, type Io } from '../io.js';
import { Git } from '../git/git.js';
import { loadConfig } from '../config/load.js';
import { findRepoRoot } from '../release/context.js';
import { badCommitLine, type CheckedCommit } from './commit-checks.js';
import type { VerifiedTag } from '../release/tag-checks.js';
import { ciTag, readCiEnv } from './ci-env.js';
import { pickRemote, type Say } from './ci-history.js';
import { lintRange, type LintOutcome } from './ci-lint-range.js';
import { verifyCiTag } from './ci-tag.js';

export interface VerifyOptions {
  from?: string;
  to?: string;
  tag?: string;
  json?: boolean;
}

interface TagResult {
  name: string;
  verified: VerifiedTag | null;
  error: ShipverError | null;
}

export async function ciVerify(opts: VerifyOptions, io: Io): Promise<ExitCode> {
  const c = colors(io);
  const notes: string[] = [];
  const say: Say = (t) => {
    notes.push(t);
    if (!opts.json) io.stderr(`${c.dim('…')} ${t}\n`);
  };
  const root = await findRepoRoot(io.cwd);
  const git = new Git(root);
  const config = await loadConfig(root);
  const ci = readCiEnv(io.env);
  const remote = await pickRemote(git);
  const tag = opts.tag ?? ciTag(io.env);
  if (opts.to && !opts.from) throw usageError('E_USAGE', '--to needs --from', 'e.g. shipver ci verify --from origin/main --to HEAD');

  let lint: LintOutcome | null = null;
  let skipped: string | null = null;
  const explicit = opts.from !== undefined;
  const branch = ci.branch ?? (explicit || ci.provider ? null : await git.currentBranch());
  // Every branch's range is checked, release branch or not: a red pipeline on a feature
  // branch is the warning before its merge, which the server hook would refuse.
  if (!explicit && tag && !ci.targetBranch) {
    skipped = `building tag ${tag}: its commits were checked when their branch was pushed`;
  } else {
    lint = await lintRange(git, ci, remote, { from: opts.from ?? null, to: opts.to ?? ci.sha ?? 'HEAD', branch }, root, say);
  }
  if (skipped) say(skipped);

  let tagResult: TagResult | null = null;
  if (tag) {
    try {
      tagResult = { name: tag, verified: await verifyCiTag(git, config, tag, remote, say), error: null };
    } catch (e) {
      if (!(e instanceof ShipverError) || e.exitCode !== ExitCode.Refused) throw e;
      tagResult = { name: tag, verified: null, error: e };
    }
  }

  const bad = lint?.commits.filter((x) => !x.valid) ?? [];
  const ok = bad.length === 0 && !tagResult?.error;
  if (opts.json) {
    printJson(io, {
      ok,
      lint: lint ? { description: lint.description, from: lint.from, to: lint.to, count: lint.commits.length, invalid: bad.length, commits: lint.commits } : null,
      lintSkipped: skipped,
      tag: tagResult ? { name: tagResult.name, ok: !tagResult.error, version: tagResult.verified?.version ?? null, error: tagResult.error?.toJSON() ?? null } : null,
      notes,
    });
    return ok ? ExitCode.Ok : ExitCode.Refused;
  }
  printText(io, lint, bad, tagResult, tag, config.tag.format);
  return ok ? ExitCode.Ok : ExitCode.Refused;
}

/** The report for people: the commits' verdict, then the tag's. */
function printText(io: Io, lint: LintOutcome | null, bad: CheckedCommit[], tagResult: TagResult | null, tag: string | null, format: string): void {
  const c = colors(io);
  if (lint) {
    if (!bad.length) io.stderr(`${c.green('✔')} ${lint.commits.length} commit message${lint.commits.length === 1 ? '' : 's'} pass (${lint.description})\n`);
    else {
      io.stderr(`${c.red('✖')} ${bad.length} of ${lint.commits.length} commit messages fail the rules (${lint.description}):\n`);
      for (const b of bad) io.stderr(`  ${c.red('✖')} ${badCommitLine(b)}\n`);
      io.stderr(`${c.dim('→')} ${lint.hint}\n`);
    }
  }
  if (tagResult?.verified) io.stderr(`${c.green('✔')} ${tagResult.name}: annotated, matches the version files, on a release branch\n`);
  else if (tagResult?.error) {
    io.stderr(`${c.red('✖')} ${tagResult.error.message}\n`);
    for (const d of tagResult.error.details) io.stderr(`  ${d}\n`);
    if (tagResult.error.hint) io.stderr(`${c.dim('→')} ${tagResult.error.hint}\n`);
  } else if (tag) io.stderr(`${c.dim('○')} ${tag} is not a version tag (tag.format ${format}): nothing to check\n`);
}
