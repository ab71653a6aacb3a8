// Placeholder demo until the example apps exist: shows the CLI and lints two messages.
import { spawnSync } from 'node:child_process';
const cli = new URL('../dist/shipver.js', import.meta.url).pathname;
const run = (args) => spawnSync(process.execPath, [cli, ...args], { stdio: 'inherit' }).status;
run(['--help']);
console.log('\n$ shipver lint "Added stuff."');
run(['lint', 'Added stuff.']);
console.log('\n$ shipver lint "feat(api): report the version at /status"');
run(['lint', 'feat(api): report the version at /status']);
