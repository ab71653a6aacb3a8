// dist/commit-msg-hook.js FILE: the commit-msg hook, the program every commit runs. The
// hook line of `shipver init` (hooks/install.ts) starts it with node directly when shipver
// is installed in the repository's node_modules: no npm bin shim, no /usr/bin/env, no
// command dispatch; only the hook's own bundle, with its code cache (entry/code-cache.ts).
//
// Keep this file small (node's modules and code-cache.ts only): it is compiled on every commit.
import { isHelpArg } from './argv.js';
import { runBundle } from './code-cache.js';

if (process.argv.length === 3 && isHelpArg(process.argv[2]!)) {
  process.stdout.write('Usage: node commit-msg-hook.js FILE\n\nThe commit-msg hook: lints the message git wrote to FILE (exit 1 when the rules refuse it).\nThe same as shipver hook commit-msg FILE; shipver init writes the hook line that runs it.\n');
  process.exit(0);
}
const { exports, writesCache } = runBundle(__dirname, 'commit-msg', 'hook');
(exports.run as (args: string[], warm: boolean) => void)(process.argv.slice(2), writesCache);
