// `ops manifest -o FILE`: the edited manifest written whole or not at all.
import { renameSync, writeFileSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { errnoCode, usageError } from '../errors.js';

/** Writes via a temp file in the same directory and a rename, so a reader never sees half a file. */
export function writeManifest(file: string, text: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.shipver-${process.pid}.tmp`);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      /* not created */
    }
    throw usageError('E_MANIFEST_WRITE', `cannot write ${file} (${errnoCode(e) ?? (e as Error).message})`, 'check the directory exists and is writable');
  }
}
