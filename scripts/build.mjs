// Bundles the CLI into dist/ with esbuild:
//   dist/shipver.js          the program: a small loader (src/entry/loader.ts) that runs a
//                            bundle with V8's code cache (node does not recompile shipver
//                            on every run; Node 20 has no compile cache of its own);
//   dist/lib/commit-msg.js   the commit-msg hook alone (linting; no argument parser, no
//                            release code), what every commit runs;
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
const bundles = await build({
  ...common,
  entryPoints: { 'lib/cli': 'src/bin.ts', 'lib/commit-msg': 'src/entry/commit-msg.ts' },
  outdir: out.pathname,
  ...cliBundleSettings(),
  // each bundle is one function expression, the CommonJS wrapper: the loader compiles the
  // file as it is (no 1.3 MB string built around it on every run); strict throughout, as
  // the ES modules it is built from
  banner: { js: "(function (exports, require, module, __filename, __dirname) {\n'use strict';\nconst __shipverMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  footer: { js: '})' },
});
// the loader names code caches after the bundles' contents (entry/loader.ts)
const hashes = Object.fromEntries(['cli', 'commit-msg'].map((b) => [b, createHash('sha256').update(readFileSync(new URL(`lib/${b}.js`, out))).digest('hex').slice(0, 16)]));
await build({
  ...common,
  entryPoints: { shipver: 'src/entry/loader.ts' },
  outdir: out.pathname,
  banner: { js: '#!/usr/bin/env node' },
  define: { __BUNDLE_HASHES__: JSON.stringify(hashes) },
});
writeFileSync(new URL('package.json', out), '{ "type": "commonjs" }\n');
chmodSync(new URL('shipver.js', out), 0o755);

// the swap: lib/ as a whole, then the loader; caches of the old bundles go with them
const old = new URL(`./.old-${process.pid}/`, dist);
mkdirSync(old);
for (const stale of ['lib', 'chunks', '.cache']) {
  if (existsSync(new URL(stale, dist))) renameSync(new URL(stale, dist), new URL(stale, old));
}
renameSync(new URL('lib', out), new URL('lib', dist));
renameSync(new URL('package.json', out), new URL('package.json', dist));
renameSync(new URL('shipver.js', out), new URL('shipver.js', dist));
rmSync(old, { recursive: true, force: true });
rmSync(out, { recursive: true, force: true });
if (process.argv.includes('--metafile')) writeFileSync('dist/meta.json', JSON.stringify(bundles.metafile));
if (process.argv.includes('--analyze')) {
  const { analyzeMetafile } = await import('esbuild');
  console.log(await analyzeMetafile(bundles.metafile));
}
