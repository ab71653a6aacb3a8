// A file init writes (or keeps, or deletes), and writing a list of them.
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface FileChange {
  /** relative to the repository's root */
  file: string;
  action: 'create' | 'update' | 'append' | 'keep' | 'overwrite' | 'delete';
  content: string;
  mode?: number;
  /** written after the package manager has added husky (package.json: it changes the file too) */
  afterHusky?: boolean;
}

/** The changes that change something. */
export const effectiveChanges = (changes: FileChange[]): FileChange[] => changes.filter((ch) => ch.action !== 'keep');

/** Writes (or deletes) each change under `root`, except those left for after husky. */
export function writeChanges(root: string, changes: FileChange[]): void {
  for (const ch of changes) {
    if (ch.afterHusky) continue;
    const abs = path.join(root, ch.file);
    if (ch.action === 'delete') rmSync(abs, { force: true });
    else writeFile(abs, ch.content, ch.mode);
  }
}

/** Writes a file, making its directory; `mode` (e.g. 0o755 for a hook) is set after. */
export function writeFile(abs: string, content: string, mode?: number): void {
  mkdirSync(path.dirname(abs), { recursive: true });
  writeFileSync(abs, content);
  if (mode) chmodSync(abs, mode);
}
