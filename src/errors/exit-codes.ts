// The exit codes of every entry point: 0 done, 1 a refusal (the repository's state says no),
// 2 bad usage or config, 70 an internal error (a bug), 130 interrupted (Ctrl-C).
export const ExitCode = { Ok: 0, Refused: 1, Usage: 2, Internal: 70, Interrupted: 130 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
