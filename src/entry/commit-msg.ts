// The commit-msg hook's own bundle (dist/lib/commit-msg.js): `shipver hook commit-msg FILE`
// runs on every commit, so it loads linting and nothing else. It exports run(); the two
// programs that start it (entry/loader.ts, entry/hook-loader.ts) pass the hook's arguments,
// and whether this run writes the code cache (entry/code-cache.ts).
import { commitMsgHook, warmUp } from '../hooks/commit-msg.js';
import { runGuarded, runMain } from './run.js';

export function run(args: string[], writesCache = false): void {
  runMain(async (io) => {
    const code = await runGuarded(io, () => commitMsgHook(args, io));
    // The cache holds what this run compiled, for every later commit: when the first message
    // was ignored (a merge) or refused, most of the linting would be missing from it
    if (writesCache) await warmUp(io.cwd);
    return code;
  });
}
