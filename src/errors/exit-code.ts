// The exit codes shipver ends with. Each error code has one of them (errors/catalog.ts).
export const ExitCode = {
  Ok: 0,
  /** a guard refused, a message failed the lint, a check found a problem */
  Refused: 1,
  /** bad usage or bad configuration */
  Usage: 2,
  /** a bug in shipver: anything thrown that is not a ShipverError (EX_SOFTWARE of sysexits.h) */
  Internal: 70,
  /** the user pressed Ctrl-C at a prompt (what a shell reports for SIGINT) */
  Interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
