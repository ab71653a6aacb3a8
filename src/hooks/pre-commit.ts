// `shipver hook pre-commit`: refuses hand edits of version files on release branches.
// (The check itself arrives with the versioning core; until then the hook passes.)
import { ExitCode } from '../errors.js';
import type { Io } from '../io.js';

export async function preCommitHook(_args: string[], _io: Io): Promise<ExitCode> {
  return ExitCode.Ok;
}
