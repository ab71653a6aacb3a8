// What a doctor check returns: a finding, with the command that fixes it or what a person
// must decide. Data only: src/commands/doctor.ts prints it (or --json).
import { ShipverError } from '../errors.js';

export type Status = 'ok' | 'info' | 'warn' | 'fail';

export interface Check {
  name: string;
  status: Status;
  message: string;
  /** a command that fixes it, to be run exactly as printed */
  fix?: string;
  /** what a person must decide (when no command can) */
  decide?: string;
  /** the deploy a "deploys" finding is about (--json) */
  deploy?: Record<string, unknown>;
}

/** The fix that `shipver doctor --fix` applies. */
export const FIX = 'shipver doctor --fix';

/** A finding from a ShipverError: its hint is prose, so a person decides. Anything else is rethrown. */
export function fromError(name: string, e: unknown): Check {
  if (e instanceof ShipverError) return { name, status: 'fail', message: [e.message, ...e.details].join('\n    '), ...(e.hint ? { decide: e.hint } : {}) };
  throw e;
}

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
