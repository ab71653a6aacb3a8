// The version-tag rules, one implementation for every place that enforces them: the
// client's pre-push hook (src/hooks/pre-push-tags.ts), the server's pre-receive hook and
// `shipver ci verify`. A version tag must be annotated, semver, match the version files
// at its commit, be contained in a release branch (and verify, when tags are signed).
// Where the release branches are differs per caller (local branches, the values a push
// is about to set, remote-tracking branches in CI), so the caller passes their tips.
import { refusal, ShipverError, type RefusalCode } from '../errors.js';
import { Git, GitError, isSafeRefName } from '../git/git.js';
import type { Config, ProjectConfig } from '../config/types.js';
import { agreedVersion, commitReader, readVersionFiles } from './version-files.js';
import { isSafeVersion, versionOfTag } from './tag-format.js';
import { nextVersion } from './next-version.js';
import { branchPolicy, mayRelease } from './branch-policy.js';
import semver from '../version/semver-fns.js';

export interface VerifiedTag {
  tag: string;
  version: string;
  commit: string;
  projects: ProjectConfig[];
}

/** A release branch as the caller sees it: its name (for messages) and a revision git can resolve. */
export interface ReleaseTip {
  name: string;
  rev: string;
}

/** The projects a tag name belongs to, and its version; null when it is not a version tag at all. */
export function classifyTag(config: Config, name: string): { version: string | null; projects: ProjectConfig[] } | null {
  const format = config.tag.format;
  const prefix = format.split('{version}')[0]!;
  if (format.includes('{project}')) {
    for (const p of config.projects) {
      const v = versionOfTag(format, name, p.name);
      if (v) return { version: v, projects: [p] };
    }
    for (const p of config.projects) if (name.startsWith(prefix.replace(/\{project\}/g, p.name))) return { version: null, projects: [p] };
    return null;
  }
  const v = versionOfTag(format, name, '');
  if (v) return { version: v, projects: config.projects };
  // Starts like a version tag but is not one (v1.0, v1.0.0;rm -rf, ...): refuse rather than ignore.
  return prefix && name.startsWith(prefix) && /^\d/.test(name.slice(prefix.length)) ? { version: null, projects: config.projects } : null;
}

export interface VerifyTagOptions {
  /** the release branches that may contain the tag's commit */
  releaseTips: ReleaseTip[];
  /** said when there is no release branch at all ("there is no local release branch") */
  noReleaseBranch: string;
  /** the release branches by the names a clone has them (main, not origin/main), for the fixes; default: the tips' names */
  releaseBranches?: string[];
  /** the branch checked out where the fix is followed: no `git switch` to it in the fix */
  currentBranch?: string | null;
  /** branches that are not release branches: one that contains the tag's commit is named as what to merge */
  otherBranches?: ReleaseTip[];
  /** the remote the fix pushes to ("git push --follow-tags origin main"); without it the fix says to push again */
  remote?: string;
}

/** One broken rule of a version tag. */
export interface TagFinding {
  code: RefusalCode;
  message: string;
  details: string[];
}

/**
 * Checks one tag. `object` is what the ref points at (the tag object for an annotated
 * tag, a commit for a lightweight one). Returns null for a tag that is not a version
 * tag (not ours to judge). Otherwise every rule is checked, and a tag that breaks any
 * throws one refusal listing them all, with one fix that mends all of them: fixes for
 * the separate problems can contradict each other (annotating a tag that must be
 * deleted anyway), so the fix is chosen for the set, and following it as printed does
 * not run into the next refusal.
 */
export async function verifyTag(git: Git, config: Config, name: string, object: string, opts: VerifyTagOptions): Promise<VerifiedTag | null> {
  if (!isSafeRefName(name)) {
    throw refusal('E_TAG_UNSAFE', `tag ${JSON.stringify(name)} has characters shipver will not pass on (spaces, quotes, shell syntax)`, `delete it: git tag -d -- ${shellQuote(name)}`);
  }
  const cls = classifyTag(config, name);
  if (!cls) return null;
  if (!cls.version || !isSafeVersion(cls.version)) {
    throw refusal('E_TAG_NOT_SEMVER', `tag ${JSON.stringify(name)} is not a version tag of the form ${config.tag.format}`, `delete it (git tag -d -- '${name}') and release with shipver release`);
  }
  const version = cls.version;
  const findings: TagFinding[] = [];
  const add = (code: RefusalCode, message: string, details: string[] = []) => findings.push({ code, message, details });

  const lightweight = (await git.objectType(object)) !== 'tag';
  if (lightweight) add('E_TAG_LIGHTWEIGHT', `tag ${name} is lightweight; release tags must be annotated`);
  let badSignature = false;
  if (config.tag.sign && !lightweight) {
    const v = await git.verifyTagSignature(object);
    if (v.exitCode !== 0) {
      badSignature = true;
      add('E_TAG_SIGNATURE', `the signature of tag ${name} does not verify`, v.stderr.trim().split('\n').slice(-3));
    }
  }
  const commit = await git.revParse(`${object}^{commit}`);
  if (!commit) throw refusal('E_TAG_TARGET', `tag ${name} does not point at a commit`, `delete it (git tag -d ${name}) and release with shipver release`);

  let fileVersion: string | null = null;
  try {
    fileVersion = agreedVersion(await readVersionFiles(cls.projects, commitReader(git, commit)));
  } catch (e) {
    if (!(e instanceof ShipverError)) throw e;
    // a broken repository is not a problem of the tag: git's failure and its fix (git fsck …)
    if (e instanceof GitError) throw e;
    add('E_TAG_FILES', `the version files at ${name} cannot be read: ${e.message}`, e.details);
  }
  if (fileVersion !== null && fileVersion !== version) {
    add('E_TAG_MISMATCH', `tag ${name} says ${version}, but the version files at its commit say ${fileVersion}`);
  }
  let reachable = false;
  for (const tip of opts.releaseTips) {
    if (await git.isAncestor(commit, tip.rev)) {
      reachable = true;
      break;
    }
  }
  if (!reachable) {
    const names = opts.releaseTips.map((t) => t.name).join(', ') || opts.noReleaseBranch;
    add('E_TAG_UNMERGED', `tag ${name} is on a commit that no release branch contains (${names})`);
  }
  if (!findings.length) return { tag: name, version, commit, projects: cls.projects };

  const fix = await fixFor(git, config, { name, version, commit, projects: cls.projects, fileVersion, lightweight, badSignature, unmerged: !reachable }, opts);
  if (findings.length === 1) {
    const f = findings[0]!;
    throw refusal(f.code, f.message, fix, f.details);
  }
  const count = ['', 'one', 'two', 'three', 'four', 'five'][findings.length] ?? String(findings.length);
  throw refusal(
    'E_TAG_REFUSED',
    `tag ${name} breaks ${count} rules for version tags`,
    `one fix for ${findings.length === 2 ? 'both' : `all ${count}`}: ${fix}`,
    findings.flatMap((f) => [`- ${f.message} [${f.code}]`, ...f.details.map((d) => `  ${d}`)]),
  );
}

interface TagState {
  name: string;
  version: string;
  commit: string;
  projects: ProjectConfig[];
  /** null when the files could not be read or do not agree */
  fileVersion: string | null;
  lightweight: boolean;
  badSignature: boolean;
  unmerged: boolean;
}

/**
 * A name quoted for a command the user copies: single quotes, in which a shell expands
 * nothing (JSON's double quotes would let `$(...)` in a hostile tag name run).
 */
function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A name that can be printed into a command to copy without quoting. */
const printable = (ref: string | undefined | null): ref is string => Boolean(ref) && isSafeRefName(ref!);

/**
 * The fix for every problem of a tag at once, as commands to run in order:
 *  - its version files say another version (or cannot be read): the tag is on the wrong
 *    commit, so annotating or merging it cannot help; delete it and release from a
 *    release branch with shipver, which tags its own release commit (annotated);
 *  - otherwise, not on a release branch: merge it into one (recreating it annotated when
 *    it is lightweight), or delete it when it is not meant to be released;
 *  - otherwise only the tag object is wrong: recreate it, annotated (signed), on the same commit.
 */
async function fixFor(git: Git, config: Config, t: TagState, opts: VerifyTagOptions): Promise<string> {
  const short = t.commit.slice(0, 12);
  const names = opts.releaseBranches ?? opts.releaseTips.map((tip) => tip.name);
  const branch = releaseBranchFor(config, t.version, [opts.currentBranch, ...names, ...config.branches.release]);
  const switchTo = opts.currentBranch === branch ? [] : [`git switch ${branch}`];
  const push = printable(opts.remote) ? `git push --follow-tags ${opts.remote} ${branch}` : null;
  const thenPush = (cmds: string[]) => (push ? `${[...cmds, push].join(' && ')}` : `${cmds.join(' && ')}, then push ${branch} with the tag (git push --follow-tags)`);
  const recreate = `git tag ${config.tag.sign ? '-s' : '-a'} -f -m ${t.name} ${t.name} ${short}`;
  const mismatch = t.fileVersion !== null && t.fileVersion !== t.version;

  if (mismatch && !semver.gt(t.version, t.fileVersion!)) {
    // the commit is past that version already: the tag belongs on an older commit, or nowhere
    return `delete it: git tag -d ${t.name} (its commit is already at ${t.fileVersion}; a version tag goes on the release commit of its version), then push again`;
  }
  if (mismatch || t.fileVersion === null) {
    const merge = t.unmerged ? await mergeSource(git, t.commit, opts.otherBranches ?? []) : null;
    const release = t.unmerged ? releaseCommand(config, t, branch, null) : releaseCommand(config, t, branch, await filesAt(git, t.projects, opts.releaseTips[names.indexOf(branch)]));
    const cmds = [`git tag -d ${t.name}`, ...switchTo, ...(merge ? [`git merge ${merge}`] : []), release];
    const keep = merge ? `; the merge brings in ${merge}, leave it out if its work is not to be released` : '';
    return `delete the tag and let shipver release from ${branch} (an annotated tag on a commit whose version files agree${keep}): ${thenPush(cmds)}`;
  }
  if (t.unmerged) {
    const merge = await mergeSource(git, t.commit, opts.otherBranches ?? []);
    const cmds = [...switchTo, `git merge ${merge}`, ...(t.lightweight || t.badSignature ? [recreate] : [])];
    const what = t.lightweight ? ` and recreate the tag ${config.tag.sign ? 'signed' : 'annotated'}` : t.badSignature ? ' and sign the tag again' : '';
    return `merge it into ${branch}${what}: ${thenPush(cmds)}; or, if it is not to be released, delete it: git tag -d ${t.name}`;
  }
  if (t.lightweight) return `recreate it ${config.tag.sign ? 'signed' : 'annotated'} on the same commit, then push again: ${recreate}`;
  return `sign it again with a key git trusts, then push again: ${recreate} (or set tag.sign: false in shipver.yaml)`;
}

/**
 * The release branch a fix sends the user to: the first candidate (the one asked for, the
 * current branch, the release branches there are, the configured ones) that may release
 * the version: a maintenance branch only its own major (minor) line, a prerelease
 * branch only its prereleases.
 */
function releaseBranchFor(config: Config, version: string, candidates: Array<string | null | undefined>): string {
  for (const name of candidates) {
    if (!printable(name)) continue;
    const policy = branchPolicy(name, config.branches);
    if (policy && mayRelease(policy, version)) return name;
  }
  return candidates.find((c): c is string => printable(c) && branchPolicy(c, config.branches)?.kind === 'release') ?? config.branches.release.find(printable) ?? 'main';
}

/** What to merge to bring the tag's commit into a release branch: a branch that contains it, else the commit. */
async function mergeSource(git: Git, commit: string, branches: ReleaseTip[]): Promise<string> {
  for (const b of branches) {
    if (printable(b.name) && (await git.isAncestor(commit, b.rev))) return b.name;
  }
  return commit.slice(0, 12);
}

/** The version the files at the release branch's tip say, or null. */
async function filesAt(git: Git, projects: ProjectConfig[], tip: ReleaseTip | undefined): Promise<string | null> {
  if (!tip) return null;
  try {
    return agreedVersion(await readVersionFiles(projects, commitReader(git, tip.rev)));
  } catch (e) {
    if (e instanceof ShipverError) return null;
    throw e;
  }
}

/**
 * `shipver release` as it would make the tag's version from the branch: with the level
 * (and --pre) that leads from the branch's version to exactly the tag's when one does
 * (an explicit level also releases when the commits alone call for none), else with
 * --pre for a prerelease and the level left to the commits.
 */
function releaseCommand(config: Config, t: TagState, branch: string, current: string | null): string {
  const base = 'shipver release';
  const project = config.projects.length > 1 && t.projects.length === 1 ? ` --project ${t.projects[0]!.name}` : '';
  const policy = branchPolicy(branch, config.branches);
  const id = semver.prerelease(t.version)?.[0];
  const pre = typeof id === 'string' && printable(id) ? id : null;
  if (current && policy) {
    for (const explicit of ['patch', 'minor', 'major', 'prerelease'] as const) {
      for (const p of pre ? [null, pre] : [null]) {
        try {
          const next = nextVersion({ current, inferred: null, explicit, pre: p, newSinceLastTag: 1, lastTag: null, policy });
          if (next.version === t.version) return `${base} ${explicit}${p && policy.kind !== 'prerelease' ? ` --pre ${p}` : ''}${project}`;
        } catch {
          // this level is not allowed on the branch: try the next
        }
      }
    }
  }
  return `${base}${pre && policy?.kind !== 'prerelease' ? ` --pre ${pre}` : ''}${project}`;
}
