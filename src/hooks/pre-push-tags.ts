// The pre-push checks for version tags, and the deploy trigger after them (loaded only
// when a push carries tags).
import { ExitCode, refusal, ShipverError } from '../errors.js';
import { colors, type Io } from '../io.js';
import { Git, isSafeRefName } from '../git/git.js';
import { loadConfig } from '../config/load.js';
import type { Config, ProjectConfig } from '../config/types.js';
import { branchPolicy } from '../release/next-version.js';
import { agreedVersion, commitReader, readVersionFiles } from '../release/version-files.js';
import { isSafeVersion, versionOfTag } from '../release/tag-format.js';
import { autoTargets, latestPerEnvironment, startDetachedDeploy } from '../deploy/trigger.js';
import type { PushedRef } from './pre-push.js';

export interface VerifiedTag {
  tag: string;
  version: string;
  commit: string;
  projects: ProjectConfig[];
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

async function verifyTag(git: Git, config: Config, ref: PushedRef, releaseBranches: string[]): Promise<VerifiedTag | null> {
  const name = ref.remoteRef.slice('refs/tags/'.length);
  if (!isSafeRefName(name)) {
    throw refusal('E_TAG_UNSAFE', `tag ${JSON.stringify(name)} has characters shipver will not pass on (spaces, quotes, shell syntax)`, `delete it: git tag -d -- ${JSON.stringify(name)}`);
  }
  const cls = classifyTag(config, name);
  if (!cls) return null; // not a version tag: not ours to judge
  if (!cls.version || !isSafeVersion(cls.version)) {
    throw refusal('E_TAG_NOT_SEMVER', `tag ${JSON.stringify(name)} is not a version tag of the form ${config.tag.format}`, `delete it (git tag -d -- '${name}') and release with shipver release`);
  }
  const type = await git.objectType(ref.localSha);
  if (type !== 'tag') {
    throw refusal('E_TAG_LIGHTWEIGHT', `tag ${name} is lightweight; release tags must be annotated`, `recreate it annotated: git tag -a -f -m ${name} ${name} ${name}^{} (shipver tag does this with release notes)`);
  }
  if (config.tag.sign) {
    const v = await git.raw(['verify-tag', '--', ref.localSha]);
    if (v.exitCode !== 0) throw refusal('E_TAG_SIGNATURE', `the signature of tag ${name} does not verify`, 'sign it with a key git trusts (git tag -s), or set tag.sign: false', v.stderr.trim().split('\n').slice(-3));
  }
  const commit = await git.revParse(`${ref.localSha}^{commit}`);
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
  for (const b of releaseBranches) {
    if (await git.isAncestor(commit, `refs/heads/${b}`)) {
      reachable = true;
      break;
    }
  }
  if (!reachable) {
    throw refusal('E_TAG_UNMERGED', `tag ${name} is on a commit that no release branch contains (${releaseBranches.join(', ') || 'there is no local release branch'})`, 'merge it into a release branch first; versions are released from release branches only');
  }
  return { tag: name, version: cls.version, commit, projects: cls.projects };
}

export async function verifyAndTrigger(refs: PushedRef[], remote: { remote: string; url: string }, io: Io): Promise<ExitCode> {
  const git = new Git(io.cwd);
  const root = (await git.topLevel()) ?? io.cwd;
  const rootGit = new Git(root);
  const config = await loadConfig(root);
  const heads = (await rootGit.ok(['for-each-ref', '--format=%(refname:strip=2)', 'refs/heads/'])).split('\n').filter(Boolean);
  const releaseBranches = heads.filter((b) => branchPolicy(b, config.branches));
  const verified: VerifiedTag[] = [];
  const problems: ShipverError[] = [];
  for (const ref of refs) {
    try {
      const v = await verifyTag(rootGit, config, ref, releaseBranches);
      if (v) verified.push(v);
    } catch (e) {
      if (!(e instanceof ShipverError)) throw e;
      problems.push(e);
    }
  }
  if (problems.length) {
    const first = problems[0]!;
    throw problems.length === 1
      ? first
      : refusal('E_TAGS_REFUSED', `${problems.length} tags cannot be pushed`, 'fix each, then push again', problems.flatMap((p) => [`- ${p.message}`, ...(p.hint ? [`  → ${p.hint}`] : [])]));
  }
  const c = colors(io);
  const { kept: targets, skipped } = latestPerEnvironment(verified.flatMap((v) => autoTargets(config, v.version, v.tag, v.projects.map((p) => p.name))));
  for (const v of verified) io.stderr(`${c.green('✔')} ${v.tag}: annotated, matches the version files, on a release branch\n`);
  for (const t of skipped) io.stderr(`${c.dim('○')} not deploying ${t.version} to ${t.env.name}: ${t.instead} is in the same push\n`);
  if (!targets.length) return ExitCode.Ok;
  const mode = io.env.SHIPVER_DEPLOY ?? 'async';
  if (mode === 'off') {
    io.stderr(`${c.dim('○')} SHIPVER_DEPLOY=off: not deploying ${targets.map((t) => `${t.version} to ${t.env.name}`).join(', ')}\n`);
    return ExitCode.Ok;
  }
  if (mode === 'sync') {
    // The push has not happened yet, so a foreground deploy cannot run here: `shipver release --push`
    // runs it after its push; a plain git push says how.
    for (const t of targets) {
      io.stderr(`${c.cyan('→')} deploy ${t.version} to ${t.env.name}: ${io.env.SHIPVER_PUSHED_BY === 'shipver' ? 'runs after the push' : `run "shipver deploy ${t.env.name} ${t.version}" after the push (SHIPVER_DEPLOY=sync)`}\n`);
    }
    return ExitCode.Ok;
  }
  const gitDir = await rootGit.gitDir();
  for (const t of targets) {
    const log = startDetachedDeploy(t, { root, gitDir, remote: remote.remote, env: io.env });
    io.stderr(`${c.cyan('→')} deploying ${t.version} to ${t.env.name} once ${t.tag} reaches ${remote.remote} (log: ${log})\n`);
  }
  return ExitCode.Ok;
}
