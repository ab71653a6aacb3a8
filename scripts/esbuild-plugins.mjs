// esbuild settings and plugins shared by the npm build (scripts/build.mjs) and the
// standalone executable (scripts/build-binary.mjs).
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * What both builds bundle the CLI with: the defines (shipver's version; the bundled
 * config-conventional and preset versions, which the hook compares an installed copy with,
 * config/commitlint-bundled.ts; the bundle runs as a script, process/import-file.ts) and the
 * plugins, in the order that matters (esbuild takes the first onLoad that answers).
 * import.meta.url becomes __shipverMetaUrl, which each build's banner defines.
 */
export function cliBundleSettings() {
  const version = (dir) => JSON.parse(readFileSync(new URL(`../${dir}/package.json`, import.meta.url), 'utf8')).version;
  return {
    define: {
      __SHIPVER_VERSION__: JSON.stringify(version('.')),
      __CONFIG_CONVENTIONAL_VERSION__: JSON.stringify(version('node_modules/@commitlint/config-conventional')),
      __CONVENTIONALCOMMITS_VERSION__: JSON.stringify(version('node_modules/conventional-changelog-conventionalcommits')),
      __SHIPVER_SCRIPT__: 'true',
      'import.meta.url': '__shipverMetaUrl',
    },
    plugins: [embedHuskyRunner, precompiledCommitlintSchema, semverFunctions],
  };
}

// `import semver from 'semver'` bundles all of semver (ranges, subsets: ~50 KB that the
// commit-msg hook would compile on every commit). These dependencies only call
// semver.valid, which src/version/semver-fns.ts provides from semver's per-function modules
// (the dozen functions shipver uses, none of the range code);
// any other importer (a dependency update adding one) still gets the whole package.
const SEMVER_FNS_IMPORTERS = [
  /node_modules[\\/]@commitlint[\\/]is-ignored[\\/]lib[\\/]defaults\.js$/, // semver.valid
];
const semverFunctions = {
  name: 'semver-functions',
  setup(b) {
    const fns = new URL('../src/version/semver-fns.ts', import.meta.url).pathname;
    b.onResolve({ filter: /^semver$/ }, (args) => (SEMVER_FNS_IMPORTERS.some((re) => re.test(args.importer)) ? { path: fns } : undefined));
  },
};

// husky's install copies its runner script from next to its own module; once bundled
// (the npm build's CommonJS bundle, the standalone executable) there is no such file, so
// the runner's text is embedded and written instead.
const embedHuskyRunner = {
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

// @commitlint/config-validator builds an ajv validator from commitlint's JSON schema on
// every call: compiling the schema is ~16 ms of a commit whose repository has its own
// commitlint config. The same ajv, schema and options compile it here, once, at build
// time, into standalone code (ajv's runtime helpers only); ajv itself is not bundled.
// test/lint-cli.test.ts compares the errors with the original validator's.
const precompiledCommitlintSchema = {
  name: 'precompiled-commitlint-schema',
  setup(b) {
    const require = createRequire(import.meta.url);
    const validatorDir = path.dirname(require.resolve('@commitlint/config-validator/package.json'));
    const fromValidator = createRequire(path.join(validatorDir, 'package.json'));
    b.onLoad({ filter: /node_modules[\\/]@commitlint[\\/]config-validator[\\/]lib[\\/]validate\.js$/ }, async (args) => {
      const src = await readFile(args.path, 'utf8');
      // the options, keyword and message below mirror this file: stop if it changes
      for (const needle of ['meta: false', 'strict: false', 'useDefaults: true', 'validateSchema: false', 'verbose: true', 'keyword: "typeof"', 'is invalid:\\n${formatErrors(validate.errors)}']) {
        if (!src.includes(needle)) throw new Error(`@commitlint/config-validator changed (${needle}): update precompiledCommitlintSchema in scripts/esbuild-plugins.mjs`);
      }
      const { default: Ajv } = fromValidator('ajv');
      const { default: standaloneCode } = fromValidator('ajv/dist/standalone');
      const TYPE_OF = /const TYPE_OF = (\[[^\]]*\])/.exec(src);
      if (!TYPE_OF) throw new Error('@commitlint/config-validator changed (TYPE_OF): update precompiledCommitlintSchema');
      const ajv = new Ajv({ meta: false, strict: false, useDefaults: true, validateSchema: false, verbose: true, code: { source: true, esm: true } });
      // the same check as the original's `validate: (schema, data) => typeof data === schema`, as generated code
      const { _ } = fromValidator('ajv');
      ajv.addKeyword({
        keyword: 'typeof',
        metaSchema: { type: 'string', enum: JSON.parse(TYPE_OF[1].replace(/'/g, '"').replace(/,\s*\]/, ']')) },
        schema: true,
        code(cxt) {
          cxt.fail(_`typeof ${cxt.data} !== ${cxt.schema}`);
        },
      });
      const schema = JSON.parse(readFileSync(path.join(validatorDir, 'lib', 'commitlint.schema.json'), 'utf8'));
      const code = standaloneCode(ajv, ajv.compile(schema));
      return {
        contents: `${code}
import { formatErrors } from "./formatErrors.js";
export function validateConfig(source, config) {
  const isValid = validate(config);
  if (!isValid && validate.errors && validate.errors.length) {
    throw new Error(\`Commitlint configuration in \${source} is invalid:\\n\${formatErrors(validate.errors)}\`);
  }
}
`,
        loader: 'js',
        resolveDir: path.dirname(args.path),
      };
    });
  },
};
