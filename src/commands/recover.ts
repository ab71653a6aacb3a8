// shipver recover: after a release was killed half-way (SIGKILL, power loss), restore the
// repository to exactly its state before the release from the journal — or, when every
// step had completed (including a push that landed but was not recorded), finish cleanly.
import { ExitCode, refusal } from '../errors.js';
import { colors, printJson, type Io } from '../io.js';
import { Git } from '../git/git.js';
import { locateRepo } from '../release/context.js';
import { readJournal, removeJournal, journalPath, type Journal } from '../release/journal.js';
import { rollback } from '../release/apply.js';
import { existsSync } from 'node:fs';
import { pidAlive } from '../process/status.js';

/** Did the release's push land? The remote has the branch at the release commit and the tag. */
async function pushLanded(git: Git, j: Journal): Promise<boolean> {
  if (!j.push || !j.newHead) return false;
  const refs = [`refs/heads/${j.push.branch}`, ...(j.tag ? [`refs/tags/${j.tag}`] : [])];
  const found = await git.remoteRefs(j.push.remote, refs);
  if (!found) throw refusal('E_REMOTE_UNREACHABLE', `cannot ask ${j.push.remote} whether the release's push landed`, 'recover needs the remote to decide between finishing and undoing; check the network and run shipver recover again');
  const branchOk = found.get(`refs/heads/${j.push.branch}`) === j.newHead;
  const tagOk = !j.tag || found.has(`refs/tags/${j.tag}`);
  return branchOk && tagOk;
}

export async function run(opts: { json?: boolean; force?: boolean }, _args: string[], io: Io): Promise<ExitCode> {
  const { root, gitDir } = await locateRepo(io.cwd);
  const git = new Git(root);
  const c = colors(io);
  const j = readJournal(gitDir);
  if (!j) {
    if (existsSync(journalPath(gitDir))) {
      removeJournal(gitDir);
      if (opts.json) printJson(io, { action: 'removed-unreadable-journal' });
      else io.stderr(`${c.yellow('⚠')} removed an unreadable release journal; nothing else to do (check git status and git tag)\n`);
      return ExitCode.Ok;
    }
    if (opts.json) printJson(io, { action: 'none' });
    else io.stderr(`${c.green('✔')} nothing to recover: no unfinished release\n`);
    return ExitCode.Ok;
  }
  if (j.pid !== process.pid && pidAlive(j.pid) && !opts.force) {
    throw refusal('E_RELEASE_RUNNING', `a release is still running (pid ${j.pid}, started ${j.startedAt})`, 'wait for it to finish; if that process is not shipver, run shipver recover --force');
  }
  const needed = ['files', 'staged', 'committed', ...(j.tag ? ['tagged'] : []), ...(j.push ? ['pushed'] : [])];
  let complete = needed.every((s) => j.done.includes(s as never));
  // A push may have landed after its step was written but before it was recorded: never undo a push.
  if (!complete && j.push && j.newHead && needed.slice(0, -1).every((s) => j.done.includes(s as never))) complete = await pushLanded(git, j);
  if (complete) {
    removeJournal(gitDir);
    if (opts.json) printJson(io, { action: 'finished', tag: j.tag, commit: j.newHead });
    else io.stderr(`${c.green('✔')} the release of ${j.tag ?? j.commitMessage} had completed; finished it (journal removed)\n`);
    return ExitCode.Ok;
  }
  const notes = await rollback(j, { root, git, gitDir });
  if (opts.json) printJson(io, { action: 'restored', stepsUndone: j.done, notes });
  else {
    io.stderr(`${c.green('✔')} undid the unfinished release of ${j.tag ?? j.commitMessage} (steps done: ${j.done.join(', ') || 'none'}): files, index, HEAD and tags are as before it\n`);
    for (const n of notes) io.stderr(`  ${c.yellow('⚠')} ${n}\n`);
    io.stderr(`${c.dim('→')} run the release again when ready\n`);
  }
  return ExitCode.Ok;
}
