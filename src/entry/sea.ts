// The standalone executable's main script (Node's single-executable application, built by
// scripts/build-binary.mjs). It is the npm package's loader (entry/loader.ts) with
// everything inside the executable: it runs the same two bundles (dist/lib/cli.js and
// dist/lib/commit-msg.js, embedded as assets) with V8 code caches embedded too. The cache
// for a command is what V8 had compiled after that command ran once at build time (the hook
// on a message, `--version`, `next`...), which the npm install only has after its own first
// run of each command; the other commands share a cache of the bundle compiled but not run.
// Nothing is written at run time. SHIPVER_CODE_CACHE=0 turns the caches off,
// SHIPVER_CODE_CACHE_DEBUG=1 says whether V8 took one.
//
// Keep this file small (node's modules and entry/prefetch.ts only): it runs before everything.
import path from 'node:path';
import { getAsset } from 'node:sea';
import vm from 'node:vm';
import { prefetchReleaseReads } from './prefetch.js';
import { isCommitMsgHookArgv, workingDir } from './argv.js';
import { CACHED_COMMANDS } from './cached-commands.js';

const argv = process.argv.slice(2);
const env = process.env;
const isCommitMsgHook = isCommitMsgHookArgv(argv);
const bundle = isCommitMsgHook ? 'commit-msg' : 'cli';
const named = argv[0] === 'hook' ? `hook-${argv[1]}` : argv[0];
const topic = isCommitMsgHook ? 'hook' : named && CACHED_COMMANDS.has(named) ? named : 'other';

/** An embedded asset, or undefined when the build embedded none by that name. */
function asset(key: string): ArrayBuffer | undefined {
  try {
    return getAsset(key);
  } catch {
    return undefined;
  }
}

// next, bump, release: git starts on the questions they ask first while the bundle loads
// (not when the working directory is gone: the bundle says so, entry/run.ts)
const cwd = workingDir();
if (typeof cwd === 'string') prefetchReleaseReads(argv, cwd, env);
const source = getAsset(`lib/${bundle}.js`, 'utf8');
const which = env.SHIPVER_CODE_CACHE === '0' ? undefined : asset(`cache/${bundle}.${topic}.v8`) ? `${bundle}.${topic}` : bundle;
const cache = which && asset(`cache/${which}.v8`);
const cachedData = cache ? Buffer.from(cache) : undefined;
const file = process.execPath;
// the bundle is a function expression (the CommonJS wrapper, scripts/build.mjs)
const script = new vm.Script(source, { filename: `${file}/lib/${bundle}.js`, cachedData });
if (env.SHIPVER_CODE_CACHE_DEBUG === '1') {
  process.stderr.write(`shipver: code cache ${cachedData ? `${which} (embedded): ${script.cachedDataRejected ? 'rejected' : 'accepted'}` : '(off)'}\n`);
}
const main = script.runInThisContext() as (e: object, r: NodeRequire, m: object, f: string, d: string) => void;
const mod = { exports: {} as Record<string, unknown> };
main.call(mod.exports, mod.exports, require, mod, file, path.dirname(file));
// the hook's bundle exports run() (entry/commit-msg.ts); the CLI's runs as it loads
if (isCommitMsgHook) (mod.exports.run as (args: string[], warm: boolean) => void)(argv.slice(2), false);
