// `shipver ci verify` and `shipver ci deploy`: the server hook's checks and the deploy, for
// a CI job. CI clones are usually shallow (GitHub: one commit; GitLab: 20), so the range
// is made complete first: fetch more history (`--deepen`, a few times, then `--unshallow`)
// until every commit of the range and everything it needs is there, and say so.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ExitCode, refusal, ShipverError, usageError } from '../errors.js';
import { colors, printJson, type Io } from '../io.js';
import { Git, OBJECT_ID, isSafeRefName, parseLogRecords, ZERO_SHA, type CommitRecord } from '../git/git.js';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/types.js';
import { lintSetupFor } from '../commits/lint.js';
import { branchPolicy } from '../release/next-version.js';
import { findRepoRoot, locateRepo } from '../release/context.js';
import { resolveCommand, resolveCwd, runDeploy } from '../deploy/runner.js';
import { autoTargets } from '../deploy/trigger.js';
import { badCommitLine, lintCommits, rewordHint, type CheckedCommit } from './commit-checks.js';
import { classifyTag, verifyTag, type ReleaseTip, type VerifiedTag } from '../release/tag-checks.js';
import { ciTag, readCiEnv, type CiEnv } from './ci-env.js';

const DEEPEN_STEPS = [50, 250, 1000];
const LOG_FORMAT = '--format=%H%x00%P%x00%B';
const short = (sha: string) => sha.slice(0, 7);

type Say = (text: string) => void;

/** The remote a CI clone fetches from: origin, else the only one; null without remotes. */
async function pickRemote(git: Git): Promise<string | null> {
  const remotes = (await git.ok(['remote'])).split('\n').filter(Boolean);
  return remotes.includes('origin') ? 'origin' : (remotes[0] ?? null);
}

async function isShallow(git: Git): Promise<boolean> {
  return (await git.ok(['rev-parse', '--is-shallow-repository'])).trim() === 'true';
}

async function shallowCommits(git: Git): Promise<Set<string>> {
  const file = path.resolve(git.cwd, (await git.ok(['rev-parse', '--git-path', 'shallow'])).trim());
  try {
    return new Set(readFileSync(file, 'utf8').split('\n').filter(Boolean));
  } catch {
    return new Set();
  }
}

async function hasCommit(git: Git, sha: string): Promise<boolean> {
  return (await git.raw(['cat-file', '-e', `${sha}^{commit}`])).exitCode === 0;
}

/** The commits of `revs` when the history has all of them and their parents; null when it is cut short. */
async function rangeIfComplete(git: Git, revs: string[], needs: string[]): Promise<CommitRecord[] | null> {
  for (const n of needs) if (!(await hasCommit(git, n))) return null;
  const r = await git.raw(['log', '-z', LOG_FORMAT, ...revs]);
  if (r.exitCode !== 0) return null;
  const commits = parseLogRecords(r.stdout);
  const cut = await shallowCommits(git);
  return commits.some((c) => cut.has(c.sha)) ? null : commits;
}

/** rangeIfComplete, fetching more history from a shallow clone until it is complete (or there is no more). */
export async function completeRange(git: Git, revs: string[], needs: string[], remote: string | null, tip: string, say: Say): Promise<CommitRecord[] | null> {
  for (let i = 0; ; i++) {
    const commits = await rangeIfComplete(git, revs, needs);
    if (commits) return commits;
    if (!remote || !(await isShallow(git)) || i > DEEPEN_STEPS.length) return null;
    if (i < DEEPEN_STEPS.length) {
      const n = DEEPEN_STEPS[i]!;
      say(`shallow clone: fetching ${n} more commits of history (git fetch --deepen=${n})`);
      const r = await git.raw(['fetch', '--quiet', '--no-tags', `--deepen=${n}`, remote, tip]);
      if (r.exitCode !== 0) await git.ok(['fetch', '--quiet', '--no-tags', `--deepen=${n}`, remote]);
    } else {
      say('shallow clone: fetching the whole history (git fetch --unshallow)');
      await git.ok(['fetch', '--quiet', '--no-tags', '--unshallow', remote]);
    }
  }
}

/** The remote's default branch, from CI variables or the remote's HEAD. */
async function defaultBranch(git: Git, ci: CiEnv, remote: string | null): Promise<string | null> {
  if (ci.defaultBranch) return ci.defaultBranch;
  if (!remote) return null;
  const r = await git.raw(['ls-remote', '--symref', remote, 'HEAD']);
  const m = /^ref: refs\/heads\/(\S+)\tHEAD$/m.exec(r.stdout);
  if (m) return m[1]!;
  const local = await git.raw(['symbolic-ref', '--quiet', `refs/remotes/${remote}/HEAD`]);
  return local.exitCode === 0 ? local.stdout.trim().replace(`refs/remotes/${remote}/`, '') : null;
}

/** Fetches a branch of the remote into its remote-tracking ref; null when it cannot. */
async function fetchBranch(git: Git, remote: string, branch: string): Promise<string | null> {
  if (!isSafeRefName(branch)) return null;
  const ref = `refs/remotes/${remote}/${branch}`;
  const r = await git.raw(['fetch', '--quiet', '--no-tags', remote, `+refs/heads/${branch}:${ref}`]);
  return r.exitCode === 0 ? ref : null;
}

async function resolveRev(git: Git, rev: string, what: string): Promise<string | null> {
  if (OBJECT_ID.test(rev)) return rev; // may be missing from a shallow clone yet
  const sha = await git.revParse(rev);
  if (!sha) throw usageError('E_BAD_REF', `${what} "${rev}" is not a commit in this repository`, 'use a branch, tag or commit id (in CI, the commit ids the pipeline gives)');
  return sha;
}

export interface VerifyOptions {
  from?: string;
  to?: string;
  tag?: string;
  json?: boolean;
}

interface LintOutcome {
  description: string;
  from: string | null;
  to: string;
  commits: CheckedCommit[];
  hint: string | null;
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

  let tagResult: { name: string; verified: VerifiedTag | null; error: ShipverError | null } | null = null;
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
  } else if (tag) io.stderr(`${c.dim('○')} ${tag} is not a version tag (tag.format ${config.tag.format}): nothing to check\n`);
  return ok ? ExitCode.Ok : ExitCode.Refused;
}

async function lintRange(
  git: Git,
  ci: CiEnv,
  remote: string | null,
  want: { from: string | null; to: string; branch: string | null },
  root: string,
  say: Say,
): Promise<LintOutcome> {
  let to = await resolveRev(git, want.to, '--to');
  if (to && !(await hasCommit(git, to)) && remote) await git.raw(['fetch', '--quiet', '--no-tags', ...((await isShallow(git)) ? ['--depth=1'] : []), remote, to]);
  if (!to || !(await hasCommit(git, to))) throw usageError('E_BAD_REF', `the commit to check (${want.to}) is not in this clone`, 'run shipver ci verify in the checkout of the commit being built');
  to = (await git.revParse(to))!;
  const setup = await lintSetupFor(root);
  const finish = async (description: string, from: string | null, commits: CommitRecord[]): Promise<LintOutcome> => {
    const checked = await lintCommits(commits, setup);
    return { description, from, to, commits: checked, hint: rewordHint(checked.filter((x) => !x.valid).length, from, setup) };
  };

  const fromRaw = want.from ?? (ci.targetBranch ? null : ci.before);
  if (fromRaw && !ZERO_SHA.test(fromRaw)) {
    const from = (await resolveRev(git, fromRaw, '--from'))!;
    const commits = await completeRange(git, [`${from}..${to}`], [from], remote, to, say);
    if (commits) return finish(`${short(from)}..${short(to)}`, from, commits);
    if (want.from) throw usageError('E_BAD_REF', `--from ${fromRaw} is not in the history of this clone, even after fetching all of it`, 'give a commit the pushed branch contains');
    say(`${short(from)} (where the branch was before this push) is not in its history any more (a force push?)`);
  }

  // A new branch (or a request): the commits that are not on the branch it starts from.
  const base = ci.targetBranch ?? (await defaultBranch(git, ci, remote));
  if (base && remote && base !== want.branch) {
    const baseRef = await fetchBranch(git, remote, base);
    if (baseRef) {
      const commits = await completeRange(git, [to, '--not', baseRef], [], remote, to, say);
      if (commits) {
        say(`checking the commits that are not on ${base}`);
        return finish(`the commits not on ${base}`, null, commits);
      }
    }
  }
  const why = base && base === want.branch ? `the first push of ${base}` : 'a new branch, and where it starts cannot be told';
  say(`checking the last commit only (${why})`);
  return finish(`the last commit, ${short(to)}`, null, parseLogRecords(await git.ok(['log', '-z', '-1', LOG_FORMAT, to])));
}

/**
 * Checks the tag a pipeline builds. The tag is fetched again first: actions/checkout
 * replaces an annotated tag with a lightweight one of the same name (actions/checkout#290).
 * Release branches are the remote's, fetched into remote-tracking refs.
 */
async function verifyCiTag(git: Git, config: Config, tag: string, remote: string | null, say: Say): Promise<VerifiedTag | null> {
  if (!isSafeRefName(tag) || !classifyTag(config, tag)) {
    return verifyTag(git, config, tag, tag, { releaseTips: [], noReleaseBranch: '' }); // refuses an unsafe name, null for other tags
  }
  let tips: ReleaseTip[];
  if (remote) {
    const f = await git.raw(['fetch', '--quiet', '--no-tags', '--force', remote, `+refs/tags/${tag}:refs/tags/${tag}`]);
    if (f.exitCode !== 0) throw refusal('E_TAG_NOT_ON_REMOTE', `tag ${tag} cannot be fetched from ${remote}`, `was it deleted? git ls-remote ${remote} refs/tags/${tag}`);
    const heads = (await git.ok(['ls-remote', '--heads', remote]))
      .split('\n')
      .map((l) => l.split('\t')[1]?.replace(/^refs\/heads\//, ''))
      .filter((b): b is string => Boolean(b) && Boolean(branchPolicy(b!, config.branches)));
    tips = [];
    for (const b of heads) {
      const ref = await fetchBranch(git, remote, b);
      if (ref) tips.push({ name: `${remote}/${b}`, rev: ref });
    }
    say(`release branches on ${remote}: ${heads.join(', ') || 'none'}`);
  } else {
    const heads = (await git.ok(['for-each-ref', '--format=%(refname:strip=2)', 'refs/heads/'])).split('\n').filter(Boolean);
    tips = heads.filter((b) => branchPolicy(b, config.branches)).map((b) => ({ name: b, rev: `refs/heads/${b}` }));
  }
  const object = (await git.raw(['rev-parse', '--verify', '--quiet', `refs/tags/${tag}`])).stdout.trim();
  if (!object) throw refusal('E_NO_TAG', `there is no tag ${tag} in this clone`, 'run this in the pipeline of the tag, or fetch it: git fetch origin tag ' + tag);
  // fixes name the branch as a clone has it (main, not origin/main)
  const releaseBranches = tips.map((t) => t.name.slice(remote ? remote.length + 1 : 0));
  return verifyTag(git, config, tag, object, { releaseTips: tips, releaseBranches, noReleaseBranch: remote ? `${remote} has no release branch` : 'there is no local release branch' });
}

export interface DeployOptions {
  tag?: string;
  dryRun?: boolean;
  json?: boolean;
}

/** Runs the deploys of the tag a pipeline builds, in the foreground, for every environment whose deploy.on takes it. */
export async function ciDeploy(opts: DeployOptions, io: Io): Promise<ExitCode> {
  const c = colors(io);
  const tag = opts.tag ?? ciTag(io.env);
  if (!tag) throw usageError('E_USAGE', 'shipver ci deploy needs the tag to deploy', 'run it in the pipeline of a version tag (GITHUB_REF_NAME, CI_COMMIT_TAG), or pass --tag v1.2.0');
  if (!isSafeRefName(tag)) throw refusal('E_TAG_UNSAFE', `tag ${JSON.stringify(tag)} has characters shipver will not pass on`, 'deploy a version tag made by shipver release');
  const { root, gitDir } = await locateRepo(io.cwd);
  const git = new Git(root);
  const config = await loadConfig(root);
  const cls = classifyTag(config, tag);
  if (!cls?.version) throw refusal('E_NOT_VERSION_TAG', `${tag} is not a version tag of the form ${config.tag.format}`, 'ci deploy runs for version tags only (the workflow runs it on tags that match tag.format)');
  if (!(await git.tagExists(tag))) {
    const remote = await pickRemote(git);
    if (remote) await git.raw(['fetch', '--quiet', '--no-tags', remote, `+refs/tags/${tag}:refs/tags/${tag}`]);
    if (!(await git.tagExists(tag))) throw refusal('E_NO_TAG', `there is no tag ${tag} here or on the remote`, 'run this in the pipeline of the tag');
  }
  const targets = autoTargets(config, cls.version, tag, cls.projects.map((p) => p.name));
  if (!targets.length) {
    const kind = cls.version.includes('-') ? 'prerelease' : 'release';
    if (opts.json) printJson(io, { tag, version: cls.version, deploys: [] });
    else io.stderr(`${c.dim('○')} no environment deploys ${kind}s (deploy.on: ${kind} in shipver.yaml): nothing to do for ${tag}\n`);
    return ExitCode.Ok;
  }
  if (opts.dryRun) {
    const plan = targets.map((t) => ({
      env: t.env.name,
      project: t.project,
      version: t.version,
      tag: t.tag,
      command: t.env.deploy?.command ? resolveCommand(t.env.deploy.command, { version: t.version, tag: t.tag, project: t.project, env: t.env.name }) : null,
      cwd: resolveCwd(root, t.env.deploy?.cwd ?? null),
    }));
    if (opts.json) printJson(io, { dryRun: true, tag, version: cls.version, deploys: plan });
    else for (const p of plan) io.stdout(`${p.env}: ${p.command ? p.command.join(' ') : '(gitops)'}   ${c.dim(`(in ${p.cwd})`)}\n`);
    return ExitCode.Ok;
  }
  const records = [];
  let failed = 0;
  for (const t of targets) {
    if (!opts.json) io.stderr(`${c.bold(`deploy ${t.tag}`)} → ${t.env.name}${cls.projects.length > 1 ? ` (${t.project})` : ''}\n`);
    const rec = await runDeploy(
      { env: t.env, project: t.project, version: t.version, tag: t.tag, remote: null, root, gitDir, trigger: 'push', waitSeconds: config.deploy.waitSeconds },
      opts.json ? undefined : (ev) => {
        if (ev.kind === 'output' && ev.text) io.stderr(ev.text);
        else if (ev.kind === 'running') io.stderr(`${c.cyan('▶')} running the deploy command\n`);
      },
      io.env,
    );
    records.push(rec);
    if (rec.outcome !== 'deployed') failed++;
    if (!opts.json) {
      io.stderr(
        rec.outcome === 'deployed'
          ? `${c.green('✔')} ${t.tag} deployed to ${t.env.name} in ${(rec.durationMs / 1000).toFixed(1)} s\n`
          : `${c.red('✖')} deploy of ${t.tag} to ${t.env.name}: ${rec.outcome}${rec.exitCode !== null ? ` (exit ${rec.exitCode})` : ''}${rec.message ? ` — ${rec.message}` : ''}\n`,
      );
    }
  }
  if (opts.json) printJson(io, { tag, version: cls.version, deploys: records });
  else if (failed) io.stderr(`${c.red('✖')} ${failed} of ${records.length} deploys failed\n`);
  return failed ? ExitCode.Refused : ExitCode.Ok;
}
