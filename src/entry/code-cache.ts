// Runs one of shipver's bundles (dist/lib/<bundle>.js) with V8's code cache, so node does
// not compile shipver's JavaScript again on every commit and every command. Node 20 has no
// compile cache of its own (module.enableCompileCache arrived in Node 22). Used by the two
// programs in dist/: shipver.js (entry/loader.ts) and commit-msg-hook.js (entry/hook-loader.ts).
//
// The cache is V8's serialized bytecode for one bundle and one command, written after the
// first run of that command (when most of the functions it needs have been compiled) to
// dist/.cache/, or to ~/.cache/shipver/ when dist/ is read-only. V8 checks the node
// version and flags itself and rejects a cache that does not fit (then it is rewritten),
// but of the source it checks only the length: so the file name carries the bundle's
// hash (from the build) and its size and modification time (an edited bundle), and a
// cache never meets another bundle. SHIPVER_CODE_CACHE=0 turns it off.
//
// Keep this file small (node's fs, path and vm only): it is compiled on every run, before
// everything.
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';

/** The bundles' hashes, as JSON (scripts/build.mjs; a string define is inlined where it is used). */
declare const __BUNDLE_HASHES__: string;
let hashes: Record<string, string> | undefined;

/** dist/lib/<name>.js: the CLI, the commit-msg hook, and the loader of a repository's own commitlint config (which the hook needs only in such a repository). */
export type BundleName = 'cli' | 'commit-msg' | 'commitlint-config';

/** 32-bit FNV-1a, as hex: tells installs apart in the shared cache directory. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/** A cache is for one node: caches for another node beside it are left alone. */
const NODE_SUFFIX = `.${process.version}-${process.arch}.v8`;

/**
 * Runs dist/lib/<bundle>.js (a CommonJS function expression, scripts/build.mjs) with the
 * code cache of `topic` (the command), and returns what it exports, and whether this run
 * writes the cache (at its exit: what it compiled until then is what later runs take).
 * `distDir`: the directory of the program, where lib/ and .cache/ are. `shared`: modules
 * the bundle requires by these names from the bundle that runs it (one ShipverError class).
 */
export function runBundle(distDir: string, bundle: BundleName, topic: string, shared: Record<string, unknown> = {}): { exports: Record<string, unknown>; writesCache: boolean } {
  const env = process.env;
  const file = path.join(distDir, 'lib', `${bundle}.js`);
  const debug = env.SHIPVER_CODE_CACHE_DEBUG === '1';

  /**
   * Next to the bundles, else a shared cache directory (SHIPVER_CACHE_DIR, or the user's), in
   * a directory of this install's own: two projects with different shipver versions would
   * otherwise keep replacing each other's caches there.
   */
  function cacheDirs(): string[] {
    const own = (dir: string) => path.join(path.resolve(dir), fnv1a(distDir));
    if (env.SHIPVER_CACHE_DIR) return [own(env.SHIPVER_CACHE_DIR)];
    const home = env.XDG_CACHE_HOME || (env.HOME ? path.join(env.HOME, '.cache') : '');
    return [path.join(distDir, '.cache'), ...(home ? [own(path.join(home, 'shipver'))] : [])];
  }

  function cacheName(): string | null {
    if (env.SHIPVER_CODE_CACHE === '0') return null;
    try {
      const st = statSync(file);
      hashes ??= JSON.parse(__BUNDLE_HASHES__) as Record<string, string>;
      return `${bundle}.${topic}.${hashes[bundle]}-${st.size}-${Math.floor(st.mtimeMs)}${NODE_SUFFIX}`;
    } catch {
      return null;
    }
  }

  function readCache(dirs: string[], name: string): Buffer | undefined {
    for (const dir of dirs) {
      try {
        return readFileSync(path.join(dir, name));
      } catch {
        // not there: the next place, or no cache
      }
    }
    return undefined;
  }

  /** Writes atomically (a concurrent run reads the old file or the new one, never half), and drops this command's caches of other builds for this node. */
  function writeCache(dirs: string[], name: string, data: Buffer): void {
    const stale = `${bundle}.${topic}.`;
    for (const dir of dirs) {
      const tmp = path.join(dir, `${name}.${process.pid}.tmp`);
      try {
        mkdirSync(dir, { recursive: true });
        writeFileSync(tmp, data);
        renameSync(tmp, path.join(dir, name));
        for (const f of readdirSync(dir)) {
          if (f.startsWith(stale) && f.endsWith(NODE_SUFFIX) && f !== name) unlinkSync(path.join(dir, f));
        }
        if (debug) process.stderr.write(`shipver: code cache written to ${path.join(dir, name)}\n`);
        return;
      } catch {
        // read-only, full, or not a directory: the next place, or no cache this time
        try {
          rmSync(tmp, { force: true });
        } catch {
          // there was no place for it either
        }
      }
    }
  }

  const source = readFileSync(file, 'utf8');
  const name = cacheName();
  const dirs = name ? cacheDirs() : [];
  const cachedData = name ? readCache(dirs, name) : undefined;
  // the bundle is a function expression (the CommonJS wrapper, scripts/build.mjs)
  const script = new vm.Script(source, { filename: file, cachedData });
  if (debug) process.stderr.write(`shipver: code cache ${name ?? '(none for this command)'}: ${cachedData ? (script.cachedDataRejected ? 'rejected' : 'accepted') : 'absent'}\n`);
  const writesCache = Boolean(name && (!cachedData || script.cachedDataRejected));
  if (writesCache) {
    // after the run, when V8 has compiled the functions this command needed
    process.once('exit', () => writeCache(dirs, name!, script.createCachedData()));
  }
  const main = script.runInThisContext() as (e: object, r: NodeRequire, m: object, f: string, d: string) => void;
  const mod = { exports: {} as Record<string, unknown> };
  const req = Object.keys(shared).length ? Object.assign((id: string) => (id in shared ? shared[id] : require(id)), require) : require;
  main.call(mod.exports, mod.exports, req as NodeRequire, mod, file, path.dirname(file));
  return { exports: mod.exports, writesCache };
}
