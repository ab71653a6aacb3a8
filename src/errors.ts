// One error type for everything a user can cause. Each error carries the rule it
// enforces (code), what was found (message), how to fix it (hint) and the exit code, which
// is the one src/errors/catalog.ts gives the code: the types let no throw site say another.
// Anything else that escapes is a bug and is reported as such (entry/run.ts).
//
// The catalog is imported for its types only: its text (meanings, hint templates) stays
// out of the bundles, the commit-msg hook's above all.
import type { ErrorCode, ExitOf, RefusalCode, UsageCode } from './errors/catalog.js';

export type { CatalogEntry, ErrorCode, ExitOf, RefusalCode, UsageCode } from './errors/catalog.js';

// The exit codes shipver ends with; each error code has one of them (errors/catalog.ts):
//   Refused      a guard refused, a message failed the lint, a check found a problem
//   Usage        bad usage or bad configuration
//   Internal     a bug in shipver: anything thrown that is not a ShipverError (EX_SOFTWARE of sysexits.h)
//   Interrupted  the user pressed Ctrl-C at a prompt (what a shell reports for SIGINT)
// (Said here, not inside the object: comments there end up in the bundles, the hook's too.)
import { ExitCode } from './errors/exit-codes.js';
export { ExitCode };

interface ErrorOptions {
  hint?: string;
  /** extra lines shown under the message (a list of findings, the offending line) */
  details?: string[];
  cause?: unknown;
}

/** The options of a code: `exitCode` may be left out for a refusal (exit 1); any other exit code is said, and must be the catalog's. */
type OptionsFor<C extends ErrorCode> = [ExitOf<C>] extends [typeof ExitCode.Refused]
  ? [opts?: ErrorOptions & { exitCode?: ExitOf<C> }]
  : [opts: ErrorOptions & { exitCode: ExitOf<C> }];

/** `details`: extra lines shown under the message (a list of findings, the offending line). */
export class ShipverError<C extends ErrorCode = ErrorCode> extends Error {
  readonly code: C;
  readonly hint: string | undefined;
  readonly exitCode: ExitOf<C>;
  readonly details: string[];

  constructor(code: C, message: string, ...[opts = {}]: OptionsFor<C>) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'ShipverError';
    this.code = code;
    this.hint = opts.hint;
    this.exitCode = (opts.exitCode ?? ExitCode.Refused) as ExitOf<C>; // left out: a refusal (OptionsFor)
    this.details = opts.details ?? [];
  }

  toJSON(): Record<string, unknown> {
    return { code: this.code, message: this.message, hint: this.hint, details: this.details };
  }
}

/** Bad usage or configuration: exit 2 (a code the catalog gives exit 2). */
export function usageError(code: UsageCode, message: string, hint?: string, details?: string[]): ShipverError {
  return new ShipverError<UsageCode>(code, message, { hint, details, exitCode: ExitCode.Usage });
}

/** A refusal (a guard, a failed check): exit 1 (a code the catalog gives exit 1). */
export function refusal(code: RefusalCode, message: string, hint?: string, details?: string[]): ShipverError {
  return new ShipverError<RefusalCode>(code, message, { hint, details, exitCode: ExitCode.Refused });
}

export function isShipverError(e: unknown): e is ShipverError {
  return e instanceof ShipverError;
}

/** Node's errno-style errors (ENOENT, EACCES, ...). */
export function errnoCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e && typeof (e as { code: unknown }).code === 'string'
    ? (e as { code: string }).code
    : undefined;
}

/** A `--timeout <seconds>` value in milliseconds, or undefined when not given; bad input is a usage error. */
export function timeoutOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const s = Number(value);
  if (!Number.isFinite(s) || s <= 0) throw usageError('E_USAGE', `--timeout "${value}" is not a number of seconds`, 'e.g. --timeout 30');
  return s * 1000;
}
