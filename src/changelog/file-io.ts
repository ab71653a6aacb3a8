// Reading and writing CHANGELOG.md for `shipver changelog`: a missing file reads as none,
// and a write is atomic (a temp file renamed over it), so a reader never sees half a file.
// What goes into the file is decided by file.ts (pure strings).
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ShipverError, errnoCode, refusal } from '../errors.js';
import { insertSection, regeneratedFile } from './file.js';

const HINT = 'check the path (changelog.file in shipver.yaml) and its permissions';

/** The file's text, or null when it does not exist (`shown` names it in errors). */
export function readChangelog(file: string, shown: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') return null;
    throw refusal('E_CHANGELOG_UNREADABLE', `${shown} cannot be read (${errnoCode(e) ?? (e as Error).message})`, HINT);
  }
}

/** Replaces the file (creating its folder) atomically: a temp file renamed over it. */
export function writeChangelog(file: string, shown: string, content: string): void {
  const tmp = `${file}.shipver-tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(tmp, content);
    renameSync(tmp, file);
  } catch (e) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // the original error is the one to report
    }
    throw new ShipverError('E_CHANGELOG_WRITE', `${shown} cannot be written (${errnoCode(e) ?? (e as Error).message})`, { hint: HINT, cause: e });
  }
}

/** Puts `section` on top of the file (replacing a generated Unreleased section); not written on a dry run. */
export function addSection(file: string, shown: string, section: string, dryRun: boolean): void {
  const updated = insertSection(readChangelog(file, shown), section, { replaceUnreleased: true });
  if (!dryRun) writeChangelog(file, shown, updated);
}

/** Replaces the file with the title and `sections` (the whole history); not written on a dry run. */
export function rewriteChangelog(file: string, shown: string, sections: string, dryRun: boolean): void {
  const content = regeneratedFile(readChangelog(file, shown), sections);
  if (!dryRun) writeChangelog(file, shown, content);
}
