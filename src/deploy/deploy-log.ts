// A deploy's log file (.git/shipver/deploys/<env>-<version>.log; one file holds every run
// of one env and version). A deploy whose log cannot be written still runs: the error is
// kept for its record instead.
import { closeSync, fstatSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs';
import type { StringDecoder } from 'node:string_decoder';
import path from 'node:path';
import { errnoCode } from '../errors.js';

export class DeployLog {
  private fd: number | null = null;
  /** why the log is missing or incomplete, or null */
  error: string | null = null;
  /** where this run's output starts in the file */
  readonly offset: number = 0;

  /** Opens the file for appending; `redact` is applied to everything written. */
  constructor(readonly file: string, private readonly redact: (text: string) => string) {
    try {
      mkdirSync(path.dirname(file), { recursive: true });
      this.fd = openSync(file, 'a');
      this.offset = fstatSync(this.fd).size;
    } catch (e) {
      this.error = `cannot write the log ${file} (${errnoCode(e) ?? (e as Error).message})`;
    }
  }

  get isOpen(): boolean {
    return this.fd !== null;
  }

  write(text: string): void {
    if (this.fd === null) return;
    try {
      writeSync(this.fd, this.redact(text));
    } catch (e) {
      this.error = `the log ${this.file} stopped being writable (${errnoCode(e) ?? (e as Error).message}); it is incomplete`;
      this.close();
    }
  }

  close(): void {
    if (this.fd === null) return;
    try {
      closeSync(this.fd);
    } catch {
      // written already (or it is the log that failed)
    }
    this.fd = null;
  }
}

/** Hands `out` what was added to the log since `offset` (for --follow); returns the new offset. */
export function readLogFrom(file: string | null, offset: number, decoder: StringDecoder, out: (text: string) => void): number {
  if (!file) return offset;
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return offset; // not there yet
  }
  try {
    const buf = Buffer.alloc(64 * 1024);
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, offset);
      if (n <= 0) break;
      offset += n;
      out(decoder.write(buf.subarray(0, n)));
    }
  } finally {
    closeSync(fd);
  }
  return offset;
}
