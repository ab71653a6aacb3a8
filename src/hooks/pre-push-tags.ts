// The pre-push checks for version tags (src/release/tag-checks.ts), and the deploy trigger
// after them (loaded only when a push carries tags).
import { ExitCode, refusal, ShipverError } from '../errors.js';
import { colors, type Io } from '../io.js';
import { Git } from '../git/git.js';
import { loadConfig } from '../config/load.js';
import { branchPolicy } from '../release/branch-policy.js';
import { autoTargets, latestPerEnvironment, startDetachedDeploy } from '../deploy/trigger.js';
import { verifyTag, type VerifiedTag } from '../release/tag-checks.js';
import type { PushedRef } from './pre-push-input.js';


export async function verifyAndTrigger(refs: PushedRef[], remote: { remote: string; url: string }, io: Io): Promise<ExitCode> {
  const git = new Git(io.cwd);
  const root = (await git.topLevel()) ?? io.cwd;
  const rootGit = new Git(root);
  const config = await loadConfig(root);
  const heads = [...(await rootGit.branchTips()).keys()];
  const releaseBranches = heads.filter((b) => branchPolicy(b, config.branches));
  // reachability is checked against the local release branches: a bare `git push --tags` works too
  const releaseTips = releaseBranches.map((b) => ({ name: b, rev: `refs/heads/${b}` }));
  // for the fixes: where the user stands, and the other branches a tag's commit may be on
  const currentBranch = await rootGit.currentBranch();
  const otherBranches = [...(currentBranch ? [currentBranch] : []), ...heads.filter((b) => b !== currentBranch)]
    .filter((b) => !branchPolicy(b, config.branches))
    .map((b) => ({ name: b, rev: `refs/heads/${b}` }));
  const verified: VerifiedTag[] = [];
  // every problem of every tag, each tag's with its fix; the push is refused once, after all
  const problems: ShipverError[] = [];
  for (const ref of refs) {
    try {
      const v = await verifyTag(rootGit, config, ref.remoteRef.slice('refs/tags/'.length), ref.localSha, {
        releaseTips,
        noReleaseBranch: 'there is no local release branch',
        currentBranch,
        otherBranches,
        remote: remote.remote,
      });
      if (v) verified.push(v);
    } catch (e) {
      if (!(e instanceof ShipverError)) throw e;
      problems.push(e);
    }
  }
  if (problems.length) {
    throw problems.length === 1
      ? problems[0]!
      : refusal(
          'E_TAGS_REFUSED',
          `${problems.length} tags cannot be pushed`,
          'fix each tag as shown above, then push again',
          problems.flatMap((p) => [`- ${p.message} [${p.code}]`, ...p.details.map((d) => `  ${d}`), ...(p.hint ? [`  → ${p.hint}`] : [])]),
        );
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
    io.stderr(`${c.cyan('→')} deploying ${t.version} to ${t.env.name} once ${t.tag} reaches ${remote.remote} (${log ? `log: ${log}` : 'its log cannot be written: shipver deploy --log says why'}; shipver deploy --follow ${t.env.name})\n`);
  }
  return ExitCode.Ok;
}
