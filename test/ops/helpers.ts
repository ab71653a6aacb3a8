// In-memory Io and error assertions for the ops tests.
import { expect } from 'vitest';
import type { Io } from '../../src/io.js';
import { ShipverError } from '../../src/errors.js';

export interface MemIo extends Io {
  out: () => string;
  err: () => string;
}

export function memIo(cwd: string, env: NodeJS.ProcessEnv = {}, stdin = ''): MemIo {
  let out = '';
  let err = '';
  return {
    cwd,
    env,
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
    readStdin: async () => Buffer.from(stdin),
    stdinIsTTY: false,
    color: false,
    out: () => out,
    err: () => err,
  };
}

/** Awaits a promise (or runs a function) that must throw this ShipverError. */
export async function expectError(p: Promise<unknown> | (() => unknown), code: string, exitCode: number): Promise<ShipverError> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    if (!(e instanceof ShipverError)) throw e;
    expect(e.code).toBe(code);
    expect(e.exitCode).toBe(exitCode);
    expect(e.hint).toBeTruthy();
    return e;
  }
  throw new Error(`expected ${code}, but nothing was thrown`);
}

/** Everything a user could see of an error. */
export function errorText(e: ShipverError): string {
  return [e.message, e.hint ?? '', ...e.details, JSON.stringify(e.toJSON()), String(e.stack ?? '')].join('\n');
}
