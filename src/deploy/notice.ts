// The one-line notice the next `git commit` or `git push` prints about a background deploy
// that did not succeed, once per failure. The runner leaves one small file per failure in
// .git/shipver/notices/; the hook that prints a notice deletes its file first, so two
// hooks running at once never both print it, and a later success to the same environment
// deletes the notices it makes moot. No failure, no directory: the hook's cost is then
// one stat.
//
// The commit-msg hook's bundle imports this module: node's fs and path only, nothing else.
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface Notice {
  id: string;
  env: string;
  project: string;
  version: string;
  state: string;
  exitCode: number | null;
  message: string | null;
  /** when the deploy ended (ISO) */
  end: string;
}

export function noticeDir(gitDir: string): string {
  return path.join(gitDir, 'shipver', 'notices');
}

/** "3 s", "2 min", "5 h", "3 days": how long ago / how long, for humans. */
export function humanDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 90) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 90) return `${min} min`;
  const h = Math.round(min / 60);
  if (h < 36) return `${h} h`;
  return `${Math.round(h / 24)} days`;
}

/** Text from a record on one line, without control characters (it may quote a command's output). */
export function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').replace(/\s+/g, ' ').trim();
}

/** What became of a deploy, in words: "failed (exit 3)", "timed out: …", "is running". */
export function describeOutcome(state: string, exitCode: number | null, message: string | null): string {
  const why = message ? `: ${oneLine(message)}` : '';
  switch (state) {
    case 'deployed':
      return 'succeeded';
    case 'failed':
      return exitCode !== null ? `failed (exit ${exitCode})` : `failed${why}`;
    case 'timeout':
      return `timed out${why}`;
    case 'cancelled':
      return `was cancelled${why}`;
    case 'error':
      return `could not run${why}`;
    case 'tag-missing':
      return `never ran${why}`;
    case 'died':
      return `died${why}`;
    case 'waiting-lock':
      return 'is waiting for another deploy to the same environment';
    case 'waiting-tag':
      return 'is waiting for the tag to reach the remote';
    default:
      return 'is running';
  }
}

/** The line a hook prints. */
export function noticeLine(n: Notice, now: number): string {
  const ago = Number.isNaN(Date.parse(n.end)) ? '' : ` ${humanDuration(now - Date.parse(n.end))} ago`;
  return `shipver: the deploy of ${n.version} to ${n.env} ${describeOutcome(n.state, n.exitCode, n.message)}${ago}: shipver deploy --log ${n.env}\n`;
}

/** Leaves a notice for the next commit or push (atomically: a hook reads all of it or none). */
export function postNotice(gitDir: string, n: Notice): void {
  const dir = noticeDir(gitDir);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${n.id.replace(/[^\w.-]/g, '_')}.json`);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(n) + '\n');
  renameSync(tmp, file);
}

function readNotices(gitDir: string): Array<{ file: string; notice: Notice }> {
  const dir = noticeDir(gitDir);
  // the common case, on every commit: no failure was ever left here (a stat, no exception)
  if (!existsSync(dir)) return [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out: Array<{ file: string; notice: Notice }> = [];
  for (const name of names.filter((f) => f.endsWith('.json')).sort()) {
    const file = path.join(dir, name);
    try {
      const n = JSON.parse(readFileSync(file, 'utf8')) as Notice;
      if (n && typeof n.env === 'string' && typeof n.version === 'string') out.push({ file, notice: n });
    } catch {
      // deleted meanwhile by another hook, or not ours
    }
  }
  return out;
}

/** A later success to the environment: the notices of its earlier failures are moot. */
export function clearNotices(gitDir: string, env: string, project: string): void {
  for (const { file, notice } of readNotices(gitDir)) {
    if (notice.env === env && notice.project === project) {
      try {
        unlinkSync(file);
      } catch {
        // already taken by a hook
      }
    }
  }
}

/** Takes the pending notices: each is returned by exactly one caller (the one whose delete succeeded). */
export function takeNotices(gitDir: string): Notice[] {
  const out: Notice[] = [];
  for (const { file, notice } of readNotices(gitDir)) {
    try {
      unlinkSync(file);
    } catch {
      continue; // another hook took it
    }
    out.push(notice);
  }
  return out;
}

/** For a hook: prints the pending notices to stderr. Never throws: a notice must not fail a commit or a push. */
export function printNotices(gitDir: string | null, stderr: (text: string) => void, now = Date.now()): void {
  if (!gitDir) return;
  try {
    for (const n of takeNotices(gitDir)) stderr(noticeLine(n, now));
  } catch {
    // a notice is never worth a failed commit
  }
}

/**
 * The git directory of the work tree at `cwd` (a hook's working directory) without running
 * git: `.git` is the directory, or (a linked worktree, a submodule) a file naming it.
 */
export function gitDirAt(cwd: string): string | null {
  const dotGit = path.join(cwd, '.git');
  try {
    if (statSync(dotGit).isDirectory()) return dotGit;
    const m = /^gitdir: (.+)$/m.exec(readFileSync(dotGit, 'utf8'));
    return m ? path.resolve(cwd, m[1]!.trim()) : null;
  } catch {
    return null;
  }
}
