// `shipver hook pre-receive`: the server side of the release rules, for a bare repository's
// hooks/pre-receive (or the server hooks of Gitea/GitLab). git passes one line per ref
// being updated, `<old> <new> <ref>`, before it updates any of them; a non-zero exit
// refuses the whole push, and what the hook prints on stderr reaches the pusher as
// `remote: ...`. Refused, each with one line and its fix:
//   (a) on a release branch (per the pushed commit's shipver.yaml), a new commit whose
//       message fails the lint (old..new; for a new branch, the commits on no branch yet);
//   (b) a version tag that is lightweight, does not match the version files at its commit,
//       or is not contained in a release branch — counting the values this same push
//       gives release branches (the refs are not updated yet while the hook runs);
//   (c) deleting or moving a version tag that exists.
import path from 'node:path';
import { ExitCode, ShipverError, usageError } from '../errors.js';
import type { Io } from '../io.js';
import { Git, OBJECT_ID, hookInputLines, ZERO_SHA } from '../git/git.js';
import type { Config } from '../config/types.js';
import { buildConfig } from '../config/defaults.js';
import { branchPolicy } from '../release/branch-policy.js';
import { CommitSettings } from './at-commit.js';
import { classifyTag, verifyTag, type ReleaseTip } from '../release/tag-checks.js';
import { badCommitLine, lintCommits, rewordHint } from './commit-checks.js';

export interface ReceivedRef {
  old: string;
  new: string;
  ref: string;
}

const MAX_COMMITS_SHOWN = 20;

/** Parses git's pre-receive input. Pure; refuses malformed lines rather than guessing. */
export function parsePreReceiveInput(text: string): ReceivedRef[] {
  const refs: ReceivedRef[] = [];
  for (const { n, parts } of hookInputLines(text)) {
    if (parts.length !== 3 || !OBJECT_ID.test(parts[0]!) || !OBJECT_ID.test(parts[1]!) || !parts[2]!.startsWith('refs/')) {
      throw usageError('E_PRE_RECEIVE_INPUT', `pre-receive input line ${n} is not "<old> <new> <ref>"`, 'shipver hook pre-receive is meant to be called by git on the server');
    }
    refs.push({ old: parts[0]!, new: parts[1]!, ref: parts[2]! });
  }
  return refs;
}

/** One refusal: the problem in one line (a line per commit for bad commits), what was found under it, and the fix. */
interface Problem {
  lines: string[];
  details?: string[];
  fix: string;
}

function fromError(e: ShipverError): Problem {
  // every broken rule of a tag ("- ...") is shown; of the other lines the first five
  let other = 0;
  return { lines: [e.message], details: e.details.filter((d) => d.startsWith('- ') || other++ < 5), fix: e.hint ?? '' };
}

const short = (sha: string) => sha.slice(0, 7);

export async function preReceiveHook(_args: string[], io: Io): Promise<ExitCode> {
  const updates = parsePreReceiveInput((await io.readStdin()).toString('utf8'));
  const git = new Git(io.cwd);
  const gitDir = await git.gitDir();
  // the project name when shipver.yaml lists no projects and package.json has none: hub.git → hub
  const name = path.basename(path.basename(gitDir) === '.git' ? path.dirname(gitDir) : gitDir).replace(/\.git$/, '') || 'app';
  const settings = new CommitSettings(git, gitDir, name, io.env.SHIPVER_SERVER_JS_CONFIG !== 'off');
  let problems: Problem[];
  try {
    problems = await checkPush(git, settings, updates);
  } finally {
    settings.dispose();
  }
  if (!problems.length) return ExitCode.Ok;
  const out = [`shipver: push refused (${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was updated)`];
  for (const p of problems) {
    for (const l of p.lines) out.push(`✖ ${l}`);
    for (const d of p.details ?? []) out.push(`  ${d}`);
    if (p.fix) out.push(`  → ${p.fix}`);
  }
  io.stderr(out.join('\n') + '\n');
  return ExitCode.Refused;
}

/**
 * The config that decides for a commit, and the error when its shipver.yaml is broken.
 * A broken one still decides with the defaults which branches are release branches, so a
 * feature branch with a typo in shipver.yaml can be pushed while main cannot.
 */
async function configOrDefaults(settings: CommitSettings, commit: string): Promise<{ config: Config; error: ShipverError | null }> {
  try {
    return { config: await settings.config(commit), error: null };
  } catch (e) {
    if (!(e instanceof ShipverError)) throw e;
    return { config: buildConfig({}, { file: null, root: '.' }), error: e };
  }
}

export async function checkPush(git: Git, settings: CommitSettings, updates: ReceivedRef[]): Promise<Problem[]> {
  const problems: Problem[] = [];
  // Branch values after this push: what release-branch reachability is checked against.
  const heads = await git.branchTips();
  for (const u of updates) {
    if (!u.ref.startsWith('refs/heads/')) continue;
    const b = u.ref.slice('refs/heads/'.length);
    if (ZERO_SHA.test(u.new)) heads.delete(b);
    else heads.set(b, u.new);
  }

  for (const u of updates) {
    try {
      if (u.ref.startsWith('refs/heads/')) {
        if (!ZERO_SHA.test(u.new)) problems.push(...(await checkBranch(git, settings, u)));
      } else if (u.ref.startsWith('refs/tags/')) {
        const p = await checkTag(git, settings, u, heads);
        if (p) problems.push(p);
      }
    } catch (e) {
      if (!(e instanceof ShipverError)) throw e;
      problems.push(fromError(e));
    }
  }
  return problems;
}

async function checkBranch(git: Git, settings: CommitSettings, u: ReceivedRef): Promise<Problem[]> {
  const branch = u.ref.slice('refs/heads/'.length);
  const { config, error } = await configOrDefaults(settings, u.new);
  if (!branchPolicy(branch, config.branches)) return [];
  if (error) return [{ lines: [`${branch}: ${error.message}`, ...error.details.slice(0, 5)], fix: error.hint ?? 'fix shipver.yaml' }];
  const created = ZERO_SHA.test(u.old);
  // A new branch: only the commits no branch has yet (the others were checked, or accepted, where they are).
  const range = created ? [u.new, '--not', '--all'] : [`${u.old}..${u.new}`];
  const commits = await git.logCommits(range);
  if (!commits.length) return [];
  const setup = await settings.lintSetup(u.new);
  const bad = (await lintCommits(commits, setup)).filter((c) => !c.valid);
  if (!bad.length) return [];
  const lines = bad.slice(0, MAX_COMMITS_SHOWN).map((c) => `${branch}: ${badCommitLine(c)}`);
  if (bad.length > MAX_COMMITS_SHOWN) lines.push(`${branch}: … and ${bad.length - MAX_COMMITS_SHOWN} more`);
  return [{ lines, fix: rewordHint(bad.length, created ? null : u.old, setup) }];
}

async function checkTag(git: Git, settings: CommitSettings, u: ReceivedRef, heads: Map<string, string>): Promise<Problem | null> {
  const name = u.ref.slice('refs/tags/'.length);
  if (!ZERO_SHA.test(u.old)) {
    // (c) the tag exists: deleting or moving it rewrites a released version.
    const oldCommit = (await git.revParse(`${u.old}^{commit}`)) ?? u.old;
    const { config } = await configOrDefaults(settings, oldCommit);
    if (!classifyTag(config, name)) return null;
    if (ZERO_SHA.test(u.new)) {
      return { lines: [`tag ${name} is a released version (at ${short(oldCommit)}); deleting it is not allowed`], fix: 'release a new version instead (shipver release); a server administrator can delete it in the repository itself' };
    }
    return {
      lines: [`tag ${name} already exists here (at ${short(oldCommit)}); moving a version tag is not allowed`],
      fix: `release a new version instead (shipver release); take the server's tag back: git fetch origin +refs/tags/${name}:refs/tags/${name}`,
    };
  }
  if (ZERO_SHA.test(u.new)) return null;
  const commit = (await git.revParse(`${u.new}^{commit}`)) ?? u.new;
  const { config, error } = await configOrDefaults(settings, commit);
  if (error) {
    if (!classifyTag(config, name)) return null;
    return { lines: [`tag ${name}: ${error.message}`, ...error.details.slice(0, 5)], fix: error.hint ?? 'fix shipver.yaml' };
  }
  const tips: ReleaseTip[] = [...heads].map(([b, sha]) => ({ name: b, rev: sha }));
  const releaseTips = tips.filter((t) => branchPolicy(t.name, config.branches));
  // the other branches (this push's included) name what to merge in a fix
  const otherBranches = tips.filter((t) => !branchPolicy(t.name, config.branches));
  await verifyTag(git, config, name, u.new, { releaseTips, otherBranches, noReleaseBranch: 'this repository has no release branch' });
  return null;
}
