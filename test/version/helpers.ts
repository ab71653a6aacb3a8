// Shared test helpers for the version layer.

import { expect } from 'vitest';
import fc from 'fast-check';
import { ShipverError } from '../../src/errors.js';
import type { VersionFileAdapter } from '../../src/version/files/types.js';

/** Runs fn and returns the ShipverError it throws, checking code and exit code. */
export function shipverError(fn: () => unknown, code: string, exitCode = 2): ShipverError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ShipverError);
    const err = e as ShipverError;
    expect(err.code).toBe(code);
    expect(err.exitCode).toBe(exitCode);
    return err;
  }
  throw new Error(`expected ${code} to be thrown`);
}

/** A version shipver can map both ways: X.Y.Z with an optional alpha/beta/rc/dev pre-release. */
export const mappableSemver = fc
  .tuple(fc.nat(2000), fc.nat(2000), fc.nat(2000), fc.option(fc.tuple(fc.constantFrom('alpha', 'beta', 'rc', 'dev'), fc.nat(500))))
  .map(([a, b, c, pre]) => `${a}.${b}.${c}${pre ? `-${pre[0]}.${pre[1]}` : ''}`);

/** Lines safe to put anywhere (no line breaks). */
export const lineText = fc.string({ maxLength: 30 }).map((s) => s.replace(/[\r\n]/g, ''));

export const eol = fc.constantFrom('\n', '\r\n');

/** Joins lines with eol, with optional BOM and trailing line break. */
export function assemble(ls: string[], nl: string, bom: boolean, trailing: boolean): string {
  return (bom ? '\ufeff' : '') + ls.join(nl) + (trailing ? nl : '');
}

/**
 * The core promise of an adapter: the read finds the version, a write puts the new one in
 * exactly the same place, and every byte outside [start, end) is what it was.
 */
export function expectCleanEdit(adapter: VersionFileAdapter, file: string, text: string, oldValue: string, newValue: string): void {
  const before = adapter.read(text, file);
  expect(before.map((o) => o.value)).toEqual([oldValue]);
  const [{ start, end }] = before as [(typeof before)[0]];
  expect(text.slice(start, end)).toBe(oldValue);
  const out = adapter.write(text, newValue, file);
  expect(out.slice(0, start)).toBe(text.slice(0, start));
  expect(out.slice(start, start + newValue.length)).toBe(newValue);
  expect(out.slice(start + newValue.length)).toBe(text.slice(end));
  expect(adapter.read(out, file).map((o) => o.value)).toEqual([newValue]);
}
