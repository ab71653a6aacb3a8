// esbuild plugins shared by the npm build (scripts/build.mjs) and the standalone
// executable (scripts/build-binary.mjs).
import { readFile } from 'node:fs/promises';

// Some ESM dependencies (@commitlint/config-validator) read JSON with
// createRequire(import.meta.url)('./x.json'), which breaks once bundled (the file is not
// next to the chunk). Turn those into JSON imports that esbuild inlines.
export const jsonRequireToImport = {
  name: 'json-require-to-import',
  setup(b) {
    b.onLoad({ filter: /node_modules[\\/]@commitlint[\\/].*\.js$/ }, async (args) => {
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
