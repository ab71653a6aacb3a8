// What stops detection: a configuration that names what is not there, or points outside
// the repository; as data (init lists them all) and as the one error that reports them.
import { ShipverError, type ExitCode } from '../../errors.js';

/** A finding detection cannot go past: a configuration that names what is not there, or points outside. */
export interface DetectionProblem {
  /** E_DETECT_OUTSIDE_REPO, E_DETECT_GLOB_EMPTY, E_DETECT_FILE_MISSING, E_DETECT_DYNAMIC_VERSION, or the error of a file that cannot be read */
  code: string;
  /** where it was found: the file (relative to the root) and line */
  file: string;
  line: number | null;
  message: string;
  hint: string;
  exitCode: ExitCode;
}

export function where(file: string, line: number | null): string {
  return line ? `${file}:${line}` : file;
}

/** Text from a file shown in a message: control characters (terminal escapes) become "?". */
const shown = (s: string): string => s.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '?');

export function problemError(p: DetectionProblem, more: DetectionProblem[] = []): ShipverError {
  const all = [p, ...more];
  return new ShipverError(p.code, shown(all.length === 1 ? `${where(p.file, p.line)}: ${p.message}` : `${all.length} problems in what shipver detected`), {
    hint: shown(all.length === 1 ? p.hint : 'fix each one as its line says; nothing was written'),
    exitCode: all.some((x) => x.exitCode === 2) ? 2 : p.exitCode,
    details: all.length === 1 ? [] : all.map((x) => shown(`- ${where(x.file, x.line)}: ${x.message} → ${x.hint}`)),
  });
}
