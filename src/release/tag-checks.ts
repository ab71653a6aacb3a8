// The version-tag rules, one implementation for every place that enforces them: the
// client's pre-push hook (src/hooks/pre-push-tags.ts), the server's pre-receive hook and
// `shipver ci verify`. A version tag must be annotated, semver, match the version files
// at its commit, be contained in a release branch (and verify, when tags are signed).
// Where the release branches are differs per caller (local branches, the values a push
// is about to set, remote-tracking branches in CI), so the caller passes their tips.
import { refusal, ShipverError } from '../errors.js';
import { Git, isSafeRefName } from '../git/git.js';
import type { Config, ProjectConfig } from '../config/types.js';
import { agreedVersion, commitReader, readVersionFiles } from './version-files.js';
import { isSafeVersion, versionOfTag } from './tag-format.js';

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

/** Whether a tag name is one shipver guards (a version tag, or something that looks like one). */
export function isVersionTagName(config: Config, name: string): boolean {
  return classifyTag(config, name) !== null;
}

export interface VerifyTagOptions {
  /** the release branches that may contain the tag's commit */
  releaseTips: ReleaseTip[];
  /** said when there is no release branch at all ("there is no local release branch") */
  noReleaseBranch: string;
}

/**
 * Checks one tag. `object` is what the ref points at (the tag object for an annotated
 * tag, a commit for a lightweight one). Returns null for a tag that is not a version
 * tag (not ours to judge); throws a refusal naming the rule and the fix otherwise.
 */
export async function verifyTag(git: Git, config: Config, name: string, object: string, opts: VerifyTagOptions): Promise<VerifiedTag | null> {
  if (!isSafeRefName(name)) {
    throw refusal('E_TAG_UNSAFE', `tag ${JSON.stringify(name)} has characters shipver will not pass on (spaces, quotes, shell syntax)`, `delete it: git tag -d -- ${JSON.stringify(name)}`);
  }
  const cls = classifyTag(config, name);
  if (!cls) return null;
  if (!cls.version || !isSafeVersion(cls.version)) {
    throw refusal('E_TAG_NOT_SEMVER', `tag ${JSON.stringify(name)} is not a version tag of the form ${config.tag.format}`, `delete it (git tag -d -- '${name}') and release with shipver release`);
  }
  const type = await git.objectType(object);
  if (type !== 'tag') {
    throw refusal('E_TAG_LIGHTWEIGHT', `tag ${name} is lightweight; release tags must be annotated`, `recreate it annotated: git tag -a -f -m ${name} ${name} ${name}^{} (shipver tag does this with release notes)`);
  }
  if (config.tag.sign) {
    const v = await git.raw(['verify-tag', '--', object]);
    if (v.exitCode !== 0) throw refusal('E_TAG_SIGNATURE', `the signature of tag ${name} does not verify`, 'sign it with a key git trusts (git tag -s), or set tag.sign: false', v.stderr.trim().split('\n').slice(-3));
  }
  const commit = await git.revParse(`${object}^{commit}`);
  if (!commit) throw refusal('E_TAG_TARGET', `tag ${name} does not point at a commit`, 'tag a commit');
  let fileVersion: string;
  try {
    fileVersion = agreedVersion(await readVersionFiles(cls.projects, commitReader(git, commit)));
  } catch (e) {
    if (e instanceof ShipverError) throw refusal('E_TAG_FILES', `the version files at ${name} cannot be read: ${e.message}`, e.hint ?? 'release with shipver release', e.details);
    throw e;
  }
  if (fileVersion !== cls.version) {
    throw refusal('E_TAG_MISMATCH', `tag ${name} says ${cls.version}, but the version files at its commit say ${fileVersion}`, `tag the release commit of ${cls.version} (shipver release makes both), and delete this tag: git tag -d ${name}`);
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
    throw refusal('E_TAG_UNMERGED', `tag ${name} is on a commit that no release branch contains (${names})`, 'merge it into a release branch first; versions are released from release branches only');
  }
  return { tag: name, version: cls.version, commit, projects: cls.projects };
}
