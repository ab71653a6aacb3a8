// esbuild plugins shared by the npm build (scripts/build.mjs) and the standalone
// executable (scripts/build-binary.mjs).
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

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

// `import semver from 'semver'` bundles all of semver (ranges, subsets: ~50 KB that the
// commit-msg hook would compile on every commit). These dependencies only call
// semver.valid / semver.patch, which src/version/semver-fns.ts provides one module each;
// any other importer (a dependency update adding one) still gets the whole package.
const SEMVER_FNS_IMPORTERS = [
  /node_modules[\\/]@commitlint[\\/]is-ignored[\\/]lib[\\/]defaults\.js$/, // semver.valid
  /node_modules[\\/]conventional-changelog-writer[\\/]dist[\\/]options\.js$/, // { valid }
  /node_modules[\\/]conventional-changelog-writer[\\/]dist[\\/]context\.js$/, // semver.valid, semver.patch
];
export const semverFunctions = {
  name: 'semver-functions',
  setup(b) {
    const fns = new URL('../src/version/semver-fns.ts', import.meta.url).pathname;
    b.onResolve({ filter: /^semver$/ }, (args) => (SEMVER_FNS_IMPORTERS.some((re) => re.test(args.importer)) ? { path: fns } : undefined));
  },
};

// husky's install copies its runner script from next to its own module; once bundled
// (the npm build's CommonJS bundle, the standalone executable) there is no such file, so
// the runner's text is embedded and written instead.
export const embedHuskyRunner = {
  name: 'embed-husky-runner',
  setup(b) {
    const require = createRequire(import.meta.url);
    const huskyRunner = readFileSync(path.join(path.dirname(require.resolve('husky')), 'husky'), 'utf8');
    b.onLoad({ filter: /node_modules[\\/]husky[\\/]index\.js$/ }, async (args) => {
      const src = await readFile(args.path, 'utf8');
      const needle = "f.copyFileSync(new URL('husky', import.meta.url), _('h'))";
      if (!src.includes(needle)) throw new Error('husky changed: update embedHuskyRunner in scripts/esbuild-plugins.mjs');
      return { contents: src.replace(needle, `w(_('h'), ${JSON.stringify(huskyRunner)}, { mode: 0o755 })`), loader: 'js' };
    });
  },
};
