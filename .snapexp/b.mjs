import { build } from 'esbuild';
import { cliBundleSettings } from '../scripts/esbuild-plugins.mjs';
await build({ entryPoints: ['.snapexp/entry.ts'], outfile: '/tmp/snapexp/snap.cjs', bundle: true, format: 'cjs', platform: 'node', target: 'node20', ...cliBundleSettings(),
  banner: { js: "'use strict';\nconst __shipverMetaUrl = require('node:url').pathToFileURL(process.execPath).href;" }, logLevel: 'warning' });
