// Bundles the CLI into dist/ with esbuild:
//   dist/shipver.js          the program: a small loader (src/entry/loader.ts) that runs a
//                            bundle with V8's code cache (node does not recompile shipver
//                            on every run; Node 20 has no compile cache of its own);
//   dist/commit-msg-hook.js  the commit-msg hook's own program (src/entry/hook-loader.ts):
//                            what the hook line of `shipver init` runs with node directly
//                            (no bin shim, no command dispatch), same bundle and cache;
//   dist/lib/commit-msg.js   the commit-msg hook alone (linting; no argument parser, no
//                            release code), what every commit runs;
//   dist/lib/commitlint-config.js  the loader of a repository's own commitlint config, for the
//                            hook (which needs it only in such a repository);
//   dist/lib/cli.js          everything else, modules initialised only when a command needs them;
//   dist/package.json        marks dist/ as CommonJS: the loader compiles the bundles as
//                            scripts, which is what V8's code cache applies to on Node 20.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { cliBundleSettings } from './esbuild-plugins.mjs';
import { readFileSync, rmSync, chmodSync, renameSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';

// Build next to dist/ and swap the CLI in, so a CLI running from dist/ (a test, a hook)
// never sees it half-built; other files in dist/ (the standalone executable) stay.
const dist = new URL('../dist/', import.meta.url);
const out = new URL(`./.build-${process.pid}/`, dist);
mkdirSync(dist, { recursive: true });
rmSync(out, { recursive: true, force: true });

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
  legalComments: 'none',
  metafile: true,
};

// Modules that node, or a library at its top level, would otherwise load on every run
// although most runs never use them. The commit-msg hook accepting a message prints
// nothing and starts no process: it should not pay for them (docs/performance.md).
const LAZY = 'shipver-lazy';
const lazyModules = (names) => ({
  name: 'lazy-modules',
  setup(b) {
    const filter = new RegExp(`^(${names.map((n) => n.replace(/[/]/g, '\\/')).join('|')})$`);
    // the lazy module's own require of the real one resolves as usual
    b.onResolve({ filter }, (args) => (args.namespace === LAZY ? undefined : { path: args.path.replace(/^node:/, ''), namespace: LAZY }));
    b.onLoad({ filter: /.*/, namespace: LAZY }, (args) => ({ contents: LAZY_SOURCES[args.path], loader: 'js', resolveDir: new URL('..', import.meta.url).pathname }));
  },
});
const LAZY_SOURCES = {
  // node:child_process requires net, dgram and the stream modules (~2 ms): the hook starts
  // git only for core.commentChar, @commitlint/rules only for its trailer-exists rule. The
  // functions load it on their first call; a name not listed here fails the build.
  child_process: `const load = () => require('node:child_process');
${['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'].map((f) => `export function ${f}(...args) { return load().${f}(...args); }`).join('\n')}
export default { spawn, spawnSync, exec, execSync, execFile, execFileSync, fork };
`,
  // picocolors decides on colours at its top level by asking process.stdout whether it is
  // a terminal, which makes node create the stream (and load net and the stream modules).
  // shipver passes its own decision to createColors (io.ts), made only when it prints.
  picocolors: `let pc;
export function createColors(enabled) { return (pc ??= require('picocolors')).createColors(enabled); }
`,
};

// is-ignored asks semver.valid about the header of every message (a release commit is
// ignored): loading semver builds its ~40 regular expressions (~1 ms of the hook). For a
// string and no options, semver.valid is null unless the trimmed string starts with a digit
// or "v" and a digit (its FULL pattern, ^v?(0|[1-9]\d*)\.…): only then is semver loaded.
// test/commits/hook-verdicts.test.ts compares the hook's verdicts on such headers with commitlint's.
const lazySemverValid = {
  name: 'lazy-semver-valid',
  setup(b) {
    b.onResolve({ filter: /^semver$/ }, (args) => (/@commitlint[\\/]is-ignored[\\/]/.test(args.importer) ? { path: 'semver-valid', namespace: LAZY } : undefined));
  },
};
LAZY_SOURCES['semver-valid'] = `let valid;
export default {
  valid(version, options) {
    if (typeof version === 'string' && options === undefined && !/^v?[0-9]/.test(version.trim())) return null;
    return (valid ??= require('semver/functions/valid.js'))(version, options);
  },
};
`;

const settings = cliBundleSettings();
const bundleSettings = {
  ...common,
  outdir: out.pathname,
  ...settings,
  // import.meta.url (only dependencies use it, and only when they load a file): computed when asked
  define: { ...settings.define, 'import.meta.url': '__shipverMeta.url' },
  // each bundle is one function expression, the CommonJS wrapper: the loader compiles the
  // file as it is (no 1.3 MB string built around it on every run); strict throughout, as
  // the ES modules it is built from
  banner: { js: "(function (exports, require, module, __filename, __dirname) {\n'use strict';\nconst __shipverMeta = { get url() { return require('node:url').pathToFileURL(__filename).href; } };" },
  footer: { js: '})' },
};
// the loader names code caches after the bundles' contents (entry/code-cache.ts)
const hashOf = (b) => createHash('sha256').update(readFileSync(new URL(`lib/${b}.js`, out))).digest('hex').slice(0, 16);

// A repository's own commitlint config (not the one shipver init writes) is loaded by a
// bundle of its own, lib/commitlint-config.js, which the hook runs only then: the other
// three quarters of the hook's code (the YAML parser, commitlint's extends resolution and
// config schema) are neither read nor taken from the code cache on every commit. It takes
// errors.ts from the hook's bundle (one ShipverError class between them).
const SHARED_ERRORS = 'shipver:errors';
const SRC = new URL('../src/', import.meta.url).pathname;
const configBuild = await build({
  ...bundleSettings,
  entryPoints: { 'lib/commitlint-config': 'src/config/commitlint-load.ts' },
  plugins: [{ name: 'shared-errors', setup: (b) => b.onResolve({ filter: /^\.\.?\/errors\.js$/ }, (args) => (args.importer.startsWith(SRC) ? { path: SHARED_ERRORS, external: true } : undefined)) }, lazyModules(['node:child_process', 'child_process']), ...settings.plugins],
});
LAZY_SOURCES['commitlint-config'] = `import * as errors from './src/errors.ts';
import { runBundle } from './src/entry/code-cache.ts';
let loaded;
const load = () => (loaded ??= runBundle(require('node:path').dirname(__dirname), 'commitlint-config', 'hook', { ${JSON.stringify(SHARED_ERRORS)}: errors }).exports);
export const loadCommitlintConfig = (file) => load().loadCommitlintConfig(file);
export const setupFromConfigObject = (raw, file) => load().setupFromConfigObject(raw, file);
export const loadPackageKeyConfig = (file) => load().loadPackageKeyConfig(file);
`;
const configChunk = {
  name: 'commitlint-config-chunk',
  setup(b) {
    b.onResolve({ filter: /\/commitlint-load\.js$/ }, () => ({ path: 'commitlint-config', namespace: LAZY }));
  },
};
const [cliBuild, hookBuild] = await Promise.all([
  build({ ...bundleSettings, entryPoints: { 'lib/cli': 'src/bin.ts' }, plugins: [lazyModules(['picocolors']), ...settings.plugins] }),
  build({
    ...bundleSettings,
    entryPoints: { 'lib/commit-msg': 'src/entry/commit-msg.ts' },
    define: { ...bundleSettings.define, __BUNDLE_HASHES__: JSON.stringify(JSON.stringify({ 'commitlint-config': hashOf('commitlint-config') })) },
    plugins: [configChunk, lazySemverValid, lazyModules(['picocolors', 'node:child_process', 'child_process']), ...settings.plugins],
  }),
]);
const hashes = Object.fromEntries(['cli', 'commit-msg', 'commitlint-config'].map((b) => [b, hashOf(b)]));
await build({
  ...common,
  entryPoints: { shipver: 'src/entry/loader.ts', 'commit-msg-hook': 'src/entry/hook-loader.ts' },
  outdir: out.pathname,
  banner: { js: '#!/usr/bin/env node' },
  define: { __BUNDLE_HASHES__: JSON.stringify(JSON.stringify(hashes)) },
  // `shipver hook commit-msg` runs through the loader too (hook lines before 0.2): it starts no process
  plugins: [lazyModules(['node:child_process', 'child_process'])],
});
writeFileSync(new URL('package.json', out), '{ "type": "commonjs" }\n');
chmodSync(new URL('shipver.js', out), 0o755);
chmodSync(new URL('commit-msg-hook.js', out), 0o755);

// the swap: lib/ as a whole, then the programs; caches of the old bundles go with them
const old = new URL(`./.old-${process.pid}/`, dist);
mkdirSync(old);
for (const stale of ['lib', 'chunks', '.cache']) {
  if (existsSync(new URL(stale, dist))) renameSync(new URL(stale, dist), new URL(stale, old));
}
renameSync(new URL('lib', out), new URL('lib', dist));
renameSync(new URL('package.json', out), new URL('package.json', dist));
renameSync(new URL('commit-msg-hook.js', out), new URL('commit-msg-hook.js', dist));
renameSync(new URL('shipver.js', out), new URL('shipver.js', dist));
rmSync(old, { recursive: true, force: true });
rmSync(out, { recursive: true, force: true });
const builds = [cliBuild, hookBuild, configBuild];
const metafile = { inputs: Object.assign({}, ...builds.map((b) => b.metafile.inputs)), outputs: Object.assign({}, ...builds.map((b) => b.metafile.outputs)) };
if (process.argv.includes('--metafile')) writeFileSync('dist/meta.json', JSON.stringify(metafile));
if (process.argv.includes('--analyze')) {
  const { analyzeMetafile } = await import('esbuild');
  console.log(await analyzeMetafile(metafile));
}
