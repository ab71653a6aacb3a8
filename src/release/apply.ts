// Carries out a release plan (plan-release.ts): write files, stage exactly them, commit,
// tag, push; or, for `shipver tag`, only the tag.
// Everything that can fail was checked before; if a step still fails (a user's hook
// rejects the commit, the tag appears meanwhile, the remote moved, SIGINT), the steps
// done are undone in reverse order, each only after checking the state is still what
// this release made, so the repository ends exactly as it was.
import { lstatSync, readFileSync, unlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { ShipverError, errnoCode, refusal } from '../errors.js';
import { ProcessError } from '../process/status.js';
import { GitError, type Git } from '../git/git.js';
import type { ReleasePlan, TagPlan } from './plan.js';
import { removeJournal, writeJournal, type Journal, type Step } from './journal.js';

export interface ApplyContext {
  root: string;
  git: Git;
  gitDir: string;
  command: string;
  /** progress lines for a person */
  log?: (line: string) => void;
  /** extra environment for the push (its pre-push hook reads SHIPVER_DEPLOY_QUEUE) */
  pushEnv?: NodeJS.ProcessEnv;
}

export interface Applied {
  head: string;
  tag: string | null;
  pushed: boolean;
}

class Interrupted extends Error {}

function killPoint(step: Step | 'start' | 'file'): void {
  // For the crash test only (docs/reliability.md): die without any cleanup right after a step.
  if (process.env.SHIPVER_TEST_KILL_AT === step) process.kill(process.pid, 'SIGKILL');
}

/** A git step that failed, with what git said; `outcome`: what became of the repository, and the command to run again. */
function gitFailure(what: string, e: unknown, outcome = { then: 'so the release was undone', again: 'release again' }): ShipverError {
  const detail = e instanceof ProcessError || e instanceof GitError ? (e.result.stderr || e.result.stdout).trim() : (e as Error).message;
  return refusal('E_RELEASE_STEP', `${what} failed, ${outcome.then}`, `fix the cause shown above and ${outcome.again}`, detail ? detail.split('\n').slice(-12).map((l) => `| ${l}`) : []);
}

/** After a failed push: does the remote have the tag now, or a branch head this release does not contain? */
async function remoteMoved(git: Git, push: { remote: string; branch: string }, tag: string | null): Promise<boolean> {
  const refs = await git.remoteRefs(push.remote, [`refs/heads/${push.branch}`, ...(tag ? [`refs/tags/${tag}`] : [])]);
  if (!refs) return false;
  for (const [ref, sha] of refs) {
    if (tag && ref === `refs/tags/${tag}`) return true;
    if (ref === `refs/heads/${push.branch}` && !(await git.isAncestor(sha!, 'HEAD'))) return true;
  }
  return false;
}


/** Step 3 of the release pipeline (gather → plan → apply): the only one that writes. */
export async function applyPlan(plan: ReleasePlan | TagPlan, ctx: ApplyContext): Promise<Applied> {
  if (plan.kind === 'tag') {
    // one step, nothing to undo: no journal
    try {
      await ctx.git.createAnnotatedTag(plan.tag);
    } catch (e) {
      if (!(e instanceof GitError || e instanceof ProcessError)) throw e;
      throw gitFailure(`creating tag ${plan.tag.name}`, e, { then: 'so nothing was tagged', again: 'run shipver tag again' });
    }
    return { head: plan.commit, tag: plan.tag.name, pushed: false };
  }
  const { git, root } = ctx;
  const oldHead = await git.head();
  if (!oldHead) throw refusal('E_NO_COMMITS', 'the repository has no commits yet', 'make a first commit, then release');
  const journal: Journal = {
    version: 1,
    pid: process.pid,
    startedAt: new Date().toISOString(),
    command: ctx.command,
    branch: plan.branch,
    oldHead,
    newHead: null,
    tag: plan.tag?.name ?? null,
    originals: plan.edits.map((e) => ({ file: e.file, content: e.before })),
    targets: plan.edits.map((e) => ({ file: e.file, content: e.after })),
    commitMessage: plan.commitMessage,
    tagMessage: plan.tag?.message ?? null,
    push: plan.push,
    done: [],
  };
  let interrupted = false;
  const onSigint = () => {
    interrupted = true;
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  const step = (s: Step) => {
    journal.done.push(s);
    writeJournal(ctx.gitDir, journal);
    killPoint(s);
    if (interrupted) throw new Interrupted('interrupted');
  };
  writeJournal(ctx.gitDir, journal);
  killPoint('start');
  const files = plan.edits.map((e) => e.file);
  try {
    for (const e of plan.edits) {
      const abs = path.join(root, e.file);
      try {
        mkdirSync(path.dirname(abs), { recursive: true });
        writeFileSync(abs, e.after);
        killPoint('file');
      } catch (err) {
        throw refusal('E_WRITE_FAILED', `${e.file} could not be written (${errnoCode(err) ?? (err as Error).message}), so the release was undone`, `check that ${e.file} is a writable file`);
      }
    }
    step('files');
    try {
      await git.stagePaths(files);
    } catch (e) {
      throw gitFailure('staging the version files', e);
    }
    step('staged');
    // SHIPVER_RELEASE lets shipver's own pre-commit hook tell this commit from a hand edit.
    const commit = await git.commitStagedVerbatim(plan.commitMessage, { SHIPVER_RELEASE: plan.next, SHIPVER_PID: String(process.pid) });
    if (commit.exitCode !== 0) {
      throw gitFailure('the release commit (a pre-commit or commit-msg hook may have rejected it)', new ProcessError('git', ['commit'], commit));
    }
    journal.newHead = await git.head();
    step('committed');
    if (plan.tag) {
      try {
        await git.createAnnotatedTag(plan.tag);
      } catch (e) {
        throw gitFailure(`creating tag ${plan.tag.name}`, e);
      }
      step('tagged');
    }
    if (plan.push) {
      ctx.log?.(`pushing ${plan.push.branch}${plan.tag ? ` and ${plan.tag.name}` : ''} to ${plan.push.remote} (atomic)`);
      const refs = [`HEAD:refs/heads/${plan.push.branch}`, ...(plan.tag ? [`refs/tags/${plan.tag.name}`] : [])];
      const r = await git.pushAtomic(plan.push.remote, refs, ctx.pushEnv);
      if (r.stderr.trim()) ctx.log?.(r.stderr.trim().replace(/\n/g, '\n  '));
      if (r.exitCode !== 0) {
        const moved = /\[rejected\]|non-fast-forward|fetch first|already exists|stale info|cannot lock ref/.test(r.stdout + r.stderr) || (await remoteMoved(git, plan.push, plan.tag?.name ?? null));
        if (moved) {
          throw refusal('E_REMOTE_MOVED', `the remote moved: ${plan.push.remote} got new commits or the tag while releasing, so nothing was pushed and the release was undone`, 'git pull --rebase, check what changed, then release again', (r.stderr || r.stdout).trim().split('\n').slice(-8).map((l) => `| ${l}`));
        }
        throw gitFailure(`pushing to ${plan.push.remote} (a pre-push hook may have refused it)`, new ProcessError('git', ['push'], r));
      }
      step('pushed');
    }
  } catch (e) {
    if (journal.done.includes('pushed')) throw e; // never undo what others may already have
    await rollback(journal, ctx);
    if (e instanceof Interrupted) throw refusal('E_INTERRUPTED', 'interrupted, so the release was undone', 'run the command again when you are ready');
    throw e;
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
  removeJournal(ctx.gitDir);
  return { head: journal.newHead!, tag: plan.tag?.name ?? null, pushed: Boolean(plan.push) };
}

/**
 * The release commit, if HEAD is it: the one the journal recorded, or — when the process
 * died inside `git commit`, before recording it — a commit on top of the old HEAD that
 * carries the release's message.
 */
async function releaseCommitAt(j: Journal, git: Git, head: string | null): Promise<string | null> {
  if (!head || head === j.oldHead) return null;
  if (j.newHead) return head === j.newHead ? head : null;
  const parent = await git.revParse(`${head}^`);
  const message = await git.commitMessage(head);
  return parent === j.oldHead && (message ?? '').trimEnd() === j.commitMessage.trimEnd() ? head : null;
}

/**
 * Undoes what a journal's release did, newest first, each only when the repository still
 * shows what this release made: the tag if it points at the release commit, the release
 * commit if HEAD is it, the index entries and contents of the files it wrote. Also used by
 * `shipver recover` after a crash, so it does not trust the journal's step list alone.
 */
export async function rollback(j: Journal, ctx: { root: string; git: Git; gitDir: string }): Promise<string[]> {
  const { git, root } = ctx;
  const notes: string[] = [];
  const head = await git.head();
  const ours = await releaseCommitAt(j, git, head);
  if (j.tag) {
    // The tag did not exist when the release started (a guard checked), so if it points at the release commit it is ours.
    const tagged = await git.revParse(`refs/tags/${j.tag}`);
    if (tagged && ours && tagged === ours) await git.deleteTag(j.tag);
    else if (tagged && j.done.includes('tagged')) notes.push(`left tag ${j.tag}: it does not point at the release commit`);
  }
  const files = j.originals.map((o) => o.file);
  if (ours) await git.resetSoftTo(j.oldHead);
  else if (head !== j.oldHead && (j.done.includes('committed') || j.newHead)) notes.push(`left HEAD at ${head}: it is neither the release commit nor the commit before it`);
  // Restore the index entries of the release's files to the previous commit.
  if ((await git.head()) === j.oldHead) await git.resetPathsTo(j.oldHead, files);
  for (const o of j.originals) {
    const abs = path.join(root, o.file);
    if (o.content === null) {
      // Remove only a regular file holding what this release wrote: never something else's.
      const target = j.targets.find((t) => t.file === o.file)?.content;
      try {
        if (lstatSync(abs).isFile() && readFileSync(abs, 'utf8') === target) unlinkSync(abs);
      } catch {
        /* never written */
      }
    } else {
      let now: string | null = null;
      try {
        now = readFileSync(abs, 'utf8');
      } catch {
        now = null;
      }
      if (now !== o.content) writeFileSync(abs, o.content);
    }
  }
  removeJournal(ctx.gitDir);
  return notes;
}
