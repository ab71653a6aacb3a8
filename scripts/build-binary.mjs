// Builds the standalone executable dist/shipver-linux-x64 with Node's single-executable
// application support: the whole CLI bundled into one CommonJS script, turned into a
// blob by `node --experimental-sea-config`, injected into a copy of the node binary with
// postject. Needs nothing but git at run time.
import { build } from 'esbuild';
import { cliBundleSettings } from './esbuild-plugins.mjs';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'dist', 'sea');
const BIN = path.join(ROOT, 'dist', `shipver-${process.platform}-${process.arch}`);
const require = createRequire(import.meta.url);
rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });

const main = path.join(OUT, 'shipver.cjs');
await build({
  entryPoints: [path.join(ROOT, 'src', 'bin.ts')],
  outfile: main,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  ...cliBundleSettings(),
  // strict throughout, as the ES modules it is built from
  // import.meta.url does not exist in a script: point it at the executable
  banner: { js: "'use strict';\nconst __shipverMetaUrl = require('node:url').pathToFileURL(process.execPath).href;" },
  logLevel: 'warning',
  legalComments: 'none',
});

const config = path.join(OUT, 'sea-config.json');
const blob = path.join(OUT, 'sea-prep.blob');
// useCodeCache: V8's compiled code for the bundle rides in the executable (no compile at start)
writeFileSync(config, JSON.stringify({ main, output: blob, disableExperimentalSEAWarning: true, useCodeCache: true }));
// `quiet`: stderr lines (whole lines, exact) that are known noise, dropped; the rest is passed on
const run = (file, args, quiet = null) => {
  const r = spawnSync(file, args, { stdio: ['ignore', 'inherit', quiet ? 'pipe' : 'inherit'], encoding: 'utf8' });
  if (quiet && r.stderr) process.stderr.write(r.stderr.split(/(?<=\n)/).filter((line) => !quiet.test(line.replace(/\r?\n$/, ''))).join(''));
  if (r.status !== 0) throw new Error(`${file} ${args.join(' ')} failed`);
};
// postject's ELF writer (LIEF) adds a note section for the blob and rewrites the existing
// notes; it gives the new sections no entry in the section-name table and says so, nine
// times on Node's Linux binary. Harmless: node finds its blob through the PT_NOTE program
// header by the note's owner (NODE_SEA_BLOB), never by section name; the sections are
// merely nameless (readelf -S shows them blank). The executable works
// (test/binary/standalone.test.ts runs it). Any other message postject prints still shows.
const LIEF_NOTE_NAMES = /^warning: Can't find string offset for section name '\.note(\.\d+)?'$/;
run(process.execPath, ['--experimental-sea-config', config]);
rmSync(BIN, { force: true });
copyFileSync(process.execPath, BIN);
chmodSync(BIN, 0o755);
run(process.execPath, [require.resolve('postject/dist/cli.js'), BIN, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2'], LIEF_NOTE_NAMES);
console.error(`built ${path.relative(ROOT, BIN)} (${(statSync(BIN).size / 2 ** 20).toFixed(1)} MB)`);
