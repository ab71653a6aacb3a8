// `shipver hook pre-push REMOTE URL`: verifies pushed version tags and triggers deploys.
// (The checks arrive with the deploy work; until then the hook passes.)
import { ExitCode } from '../errors.js';
import type { Io } from '../io.js';

export async function prePushHook(_args: string[], _io: Io): Promise<ExitCode> {
  return ExitCode.Ok;
}
