// One error type for everything a user can cause. Each error carries the rule it
// enforces (code), what was found (message), how to fix it (hint) and the exit code.
// Anything else that escapes is a bug and is reported as such by the CLI.

export const ExitCode = {
  Ok: 0,
  /** a guard refused, a message failed the lint, a check found a problem */
  Refused: 1,
  /** bad usage or bad configuration */
  Usage: 2,
  /** the user pressed Ctrl-C at a prompt (what a shell reports for SIGINT) */
  Interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export class ShipverError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly exitCode: ExitCode;
  /** extra lines shown under the message (a list of findings, the offending line) */
  readonly details: string[];

  constructor(
    code: string,
    message: string,
    opts: { hint?: string; exitCode?: ExitCode; details?: string[]; cause?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'ShipverError';
    this.code = code;
    this.hint = opts.hint;
    this.exitCode = opts.exitCode ?? ExitCode.Refused;
    this.details = opts.details ?? [];
  }

  toJSON(): Record<string, unknown> {
    return { code: this.code, message: this.message, hint: this.hint, details: this.details };
  }
}

/** Bad usage or configuration: exit 2. */
export function usageError(code: string, message: string, hint?: string, details?: string[]): ShipverError {
  return new ShipverError(code, message, { hint, details, exitCode: ExitCode.Usage });
}

/** A refusal (a guard, a failed check): exit 1. */
export function refusal(code: string, message: string, hint?: string, details?: string[]): ShipverError {
  return new ShipverError(code, message, { hint, details, exitCode: ExitCode.Refused });
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
