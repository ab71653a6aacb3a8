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

/** YAML whose aliases of aliases expand to 10^8 nodes from eight short lines (an alias bomb). */
export function aliasBomb(): string {
  let bomb = 'a0: &a0 [x,x,x,x,x,x,x,x,x,x]\n';
  for (let i = 1; i < 8; i++) bomb += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(',')}]\n`;
  return bomb;
}

/** A Deployment of image app:1.0 whose metadata.labels hold the YAML `labels`. */
export function deploymentWithLabels(labels: string): string {
  return `kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: app:1.0\nmetadata:\n  labels:\n    ${labels.trimEnd().replace(/\n/g, '\n    ')}\n`;
}
