// The commit-msg hook's own bundle (dist/lib/commit-msg.js): `shipver hook commit-msg FILE`
// runs on every commit, so it loads linting and nothing else. It exports run(); the two
// programs that start it (entry/loader.ts, entry/hook-loader.ts) pass the hook's arguments.
import { processIo } from '../io.js';
import { commitMsgHook } from '../hooks/commit-msg.js';
import { runMain } from './run-main.js';

export function run(args: string[]): void {
  runMain(async () => commitMsgHook(args, processIo()));
}
