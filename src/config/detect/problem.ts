// What stops detection: a configuration that names what is not there, or points outside
// the repository; as data (init lists them all) and as the one error that reports them.
import { printable } from '../../text.js';
import { ShipverError, type ErrorCode, type ExitOf } from '../../errors.js';

/** A finding detection cannot go past: a configuration that names what is not there, or points outside. */
export interface DetectionProblem {
  /** E_DETECT_OUTSIDE_REPO, E_DETECT_GLOB_EMPTY, E_DETECT_FILE_MISSING, E_DETECT_DYNAMIC_VERSION, or the error of a file that cannot be read */
  code: ErrorCode;
  /** where it was found: the file (relative to the root) and line */
  file: string;
  line: number | null;
  message: string;
  hint: string;
  /** the catalog's exit code of `code` */
  exitCode: ExitOf<ErrorCode>;
}

export function where(file: string, line: number | null): string {
  return line ? `${file}:${line}` : file;
}

/** Text from a file shown in a message: control characters (terminal escapes) become "?". */
const shown = (s: string): string => printable(s, { lines: true });

export function problemError(p: DetectionProblem, more: DetectionProblem[] = []): ShipverError {
  const all = [p, ...more];
  // several problems: the code (and so the exit code) of the first bad usage among them, else the first
  const lead = all.find((x) => x.exitCode === 2) ?? p;
  return new ShipverError(lead.code, shown(all.length === 1 ? `${where(p.file, p.line)}: ${p.message}` : `${all.length} problems in what shipver detected`), {
    hint: shown(all.length === 1 ? p.hint : 'fix each one as its line says; nothing was written'),
    exitCode: lead.exitCode,
    details: all.length === 1 ? [] : all.map((x) => shown(`- ${where(x.file, x.line)}: ${x.message} → ${x.hint}`)),
  });
}
