// Bundles the CLI into dist/ with esbuild. Code splitting keeps the commit-msg hook's
// path to one small chunk: bin → hooks/commit-msg (lint + rules), nothing else loaded.
import { build } from 'esbuild';
import { jsonRequireToImport, semverFunctions } from './esbuild-plugins.mjs';
import { readFileSync, rmSync, chmodSync, renameSync, existsSync, mkdirSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
// the hook recognises a repository's copy of this version as the bundled one (commits/lint.ts)
const configConventionalVersion = JSON.parse(readFileSync(new URL('../node_modules/@commitlint/config-conventional/package.json', import.meta.url), 'utf8')).version;
// Build next to dist/ and swap the CLI in, so a CLI running from dist/ (a test, a hook)
// never sees it half-built; other files in dist/ (the standalone executable) stay.
const dist = new URL('../dist/', import.meta.url);
const out = new URL(`./.build-${process.pid}/`, dist);
mkdirSync(dist, { recursive: true });
rmSync(out, { recursive: true, force: true });
const result = await build({
  entryPoints: { shipver: 'src/bin.ts' },
  outdir: out.pathname,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  banner: {
    // Some bundled CommonJS dependencies call require() for Node built-ins.
    js: "#!/usr/bin/env node\nimport { createRequire as __shipverCreateRequire } from 'node:module';\nconst require = __shipverCreateRequire(import.meta.url);",
  },
  define: { __SHIPVER_VERSION__: JSON.stringify(pkg.version), __CONFIG_CONVENTIONAL_VERSION__: JSON.stringify(configConventionalVersion) },
  // husky copies its own runner file from next to its module, so it stays a real dependency.
  external: ['husky'],
  plugins: [jsonRequireToImport, semverFunctions],
  metafile: true,
  logLevel: 'warning',
  legalComments: 'none',
});
chmodSync(new URL('shipver.js', out), 0o755);
const oldChunks = new URL(`./.chunks-old-${process.pid}`, dist);
if (existsSync(new URL('chunks', dist))) renameSync(new URL('chunks', dist), oldChunks);
renameSync(new URL('chunks', out), new URL('chunks', dist));
renameSync(new URL('shipver.js', out), new URL('shipver.js', dist));
rmSync(oldChunks, { recursive: true, force: true });
rmSync(out, { recursive: true, force: true });
if (process.argv.includes('--metafile')) {
  const { writeFileSync } = await import('node:fs');
  writeFileSync('dist/meta.json', JSON.stringify(result.metafile));
}
if (process.argv.includes('--analyze')) {
  const { analyzeMetafile } = await import('esbuild');
  console.log(await analyzeMetafile(result.metafile));
}
