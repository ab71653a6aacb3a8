import v8 from 'node:v8';
import { processIo } from '../src/io.js';
import { commitMsgHook } from '../src/hooks/commit-msg.js';
import { runMain } from '../src/entry/run-main.js';
v8.startupSnapshot.setDeserializeMainFunction(() => {
  runMain(async () => commitMsgHook(process.argv.slice(4), processIo()));
});
