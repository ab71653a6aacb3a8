// shipver bump [level]: guards, version files, CHANGELOG.md, one release commit — no tag
// (the seed Makefile's increment-* targets; `shipver tag` follows).
import type { ExitCode } from '../errors.js';
import type { Io } from '../io.js';
import { runRelease, type ReleaseCommandOptions } from './release.js';

export function run(opts: ReleaseCommandOptions, args: string[], io: Io): Promise<ExitCode> {
  return runRelease({ ...opts, push: false }, args, io, false);
}
