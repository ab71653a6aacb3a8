// Bundles the CLI into dist/ with esbuild. Code splitting keeps the commit-msg hook's
// path to one small chunk: bin → hooks/commit-msg (lint + rules), nothing else loaded.
import { build } from 'esbuild';
import { readFileSync, rmSync, chmodSync, renameSync, existsSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
// Build next to dist/ and swap it in, so a CLI running from dist/ (a test, a hook) never sees it half-built.
const out = new URL(`../dist.tmp-${process.pid}/`, import.meta.url);
const dist = new URL('../dist', import.meta.url);
rmSync(out, { recursive: true, force: true });

// Some ESM dependencies read JSON with createRequire(import.meta.url)('./x.json'), which
// breaks once bundled (the file is not next to the chunk). Turn those into JSON imports.
const jsonRequireToImport = {
  name: 'json-require-to-import',
  setup(b) {
    b.onLoad({ filter: /node_modules[\\/]@commitlint[\\/].*\.js$/ }, async (args) => {
      const { readFile } = await import('node:fs/promises');
      let contents = await readFile(args.path, 'utf8');
      const imports = [];
      contents = contents.replace(/require\((["'])(\.\/[^"']+\.json)\1\)/g, (_m, _q, spec) => {
        const id = `__json${imports.length}`;
        imports.push(`import ${id} from ${JSON.stringify(spec)};`);
        return id;
      });
      return { contents: imports.join('\n') + '\n' + contents, loader: 'js' };
    });
  },
};

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
  define: { __SHIPVER_VERSION__: JSON.stringify(pkg.version) },
  // husky copies its own runner file from next to its module, so it stays a real dependency.
  external: ['husky'],
  plugins: [jsonRequireToImport],
  metafile: true,
  logLevel: 'warning',
  legalComments: 'none',
});
chmodSync(new URL('shipver.js', out), 0o755);
const old = new URL(`../dist.old-${process.pid}`, import.meta.url);
if (existsSync(dist)) renameSync(dist, old);
renameSync(out, dist);
rmSync(old, { recursive: true, force: true });
if (process.argv.includes('--metafile')) {
  const { writeFileSync } = await import('node:fs');
  writeFileSync('dist/meta.json', JSON.stringify(result.metafile));
}
if (process.argv.includes('--analyze')) {
  const { analyzeMetafile } = await import('esbuild');
  console.log(await analyzeMetafile(result.metafile));
}
