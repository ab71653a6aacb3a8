// The commit-msg hook's own bundle (dist/lib/commit-msg.js): `shipver hook commit-msg FILE`
// runs on every commit, so it loads linting and nothing else.
import { processIo } from '../io.js';
import { commitMsgHook } from '../hooks/commit-msg.js';
import { runMain } from './run-main.js';

runMain(async () => commitMsgHook(process.argv.slice(4), processIo()));
