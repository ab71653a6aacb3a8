// The release journal: written under .git/shipver/ before a release changes anything,
// updated after each step, removed when done. If the process dies half-way, the next
// command finds it and `shipver recover` uses it to restore or finish.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, openSync, fsyncSync, closeSync } from 'node:fs';
import path from 'node:path';
import { refusal } from '../errors.js';

export type Step = 'files' | 'staged' | 'committed' | 'tagged' | 'pushed';

export interface Journal {
  version: 1;
  pid: number;
  startedAt: string;
  command: string;
  branch: string | null;
  oldHead: string;
  newHead: string | null;
  tag: string | null;
  /** the files as they were before; null content = the file did not exist */
  originals: Array<{ file: string; content: string | null }>;
  /** every file the release writes, with its new content (to finish a release) */
  targets: Array<{ file: string; content: string }>;
  commitMessage: string;
  tagMessage: string | null;
  push: { remote: string; branch: string } | null;
  done: Step[];
}

export function journalPath(gitDir: string): string {
  return path.join(gitDir, 'shipver', 'release.json');
}

/** Writes atomically (temp file + fsync + rename) so a crash never leaves half a journal. */
export function writeJournal(gitDir: string, j: Journal): void {
  const file = journalPath(gitDir);
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(j, null, 2));
  const fd = openSync(tmp, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

export function readJournal(gitDir: string): Journal | null {
  const file = journalPath(gitDir);
  if (!existsSync(file)) return null;
  try {
    const j = JSON.parse(readFileSync(file, 'utf8')) as Partial<Journal> | null;
    // another shape (edited by hand, or another version of shipver) counts as unreadable
    const ok = j?.version === 1 && typeof j.oldHead === 'string' && typeof j.commitMessage === 'string' && [j.done, j.originals, j.targets].every(Array.isArray);
    return ok ? (j as Journal) : null;
  } catch {
    return null;
  }
}

export function removeJournal(gitDir: string): void {
  rmSync(journalPath(gitDir), { force: true });
  rmSync(`${journalPath(gitDir)}.tmp`, { force: true });
}

/** Commands that change the repository refuse to start while a release is unfinished. */
export function assertNoJournal(gitDir: string): void {
  const j = readJournal(gitDir);
  if (!j && !existsSync(journalPath(gitDir))) return;
  const what = j ? `a release of ${j.tag ?? j.commitMessage} (started ${j.startedAt}, pid ${j.pid}) did not finish; steps done: ${j.done.join(', ') || 'none'}` : 'an unreadable release journal exists';
  throw refusal('E_RELEASE_UNFINISHED', what, 'run shipver recover to restore the previous state (or finish the release), then try again');
}
