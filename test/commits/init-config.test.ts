// The commitlint.config.js that `shipver init` writes is recognised without loading it
// (config/commitlint.ts isInitConfig). That shortcut must give exactly what loading gives: the
// same verdicts, errors and warnings on real messages; and it must not apply where loading
// would give something else (the repository's own config-conventional, an edited file,
// the form that does not load under the package's module type).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { defaultSetup, lintMessage } from '../../src/commits/lint.js';
import { lintSetupFor } from '../../src/config/commitlint.js';
import { loadCommitlintConfig } from '../../src/config/commitlint-load.js';
import { commitlintConfigSource } from '../../src/config/commitlint-init.js';
import { Sandbox, corpusMessages } from '../helpers/sandbox.js';

let box: Sandbox;
beforeAll(() => {
  box = new Sandbox();
});
afterAll(() => box.cleanup());

const messages = corpusMessages()
  .map((r) => r.message)
  .filter((_, i) => i % 7 === 0); // ~1,400 real messages

describe('the config shipver init writes', () => {
  it.each([
    ['CommonJS', {}, false],
    ['ESM ("type": "module")', { type: 'module' }, true],
  ])('%s: same verdicts as loading the file, on %#', async (_, pkg, esm) => {
    const dir = box.path(`init-${esm ? 'esm' : 'cjs'}`);
    box.write(dir, { 'package.json': JSON.stringify({ name: 'x', ...pkg }), 'commitlint.config.js': commitlintConfigSource(esm) });
    const file = path.join(dir, 'commitlint.config.js');
    const fast = await lintSetupFor(dir);
    expect(fast.source).toBe(file);
    // the shortcut was taken: the bundled rules themselves, not rules built by loading the file
    expect(fast.rules).toBe(defaultSetup().rules);
    expect(messages.length).toBeGreaterThan(1000);
    const loaded = await loadCommitlintConfig(file);
    for (const m of messages) {
      const [a, b] = await Promise.all([lintMessage(m, fast), lintMessage(m, loaded)]);
      expect({ valid: a.valid, ignored: a.ignored, errors: a.errors, warnings: a.warnings }, m.slice(0, 80)).toEqual({ valid: b.valid, ignored: b.ignored, errors: b.errors, warnings: b.warnings });
    }
  }, 60_000);

  it("a repository with its own @commitlint/config-conventional loads it (its rules win)", async () => {
    const dir = box.path('own-preset');
    box.write(dir, {
      'package.json': '{"name":"x"}',
      'commitlint.config.js': commitlintConfigSource(false),
      'node_modules/@commitlint/config-conventional/package.json': '{"name":"@commitlint/config-conventional","version":"0.0.1","main":"index.js"}',
      'node_modules/@commitlint/config-conventional/index.js': "module.exports = { rules: { 'header-max-length': [2, 'always', 20] } };\n",
    });
    const setup = await lintSetupFor(dir);
    const r = await lintMessage('feat: a header longer than twenty characters', setup);
    expect(r.valid).toBe(false);
    expect(r.errors.map((e) => e.rule)).toContain('header-max-length');
  });

  it('an edited file is loaded', async () => {
    const dir = box.path('edited');
    const text = commitlintConfigSource(false).replace("extends: ['@commitlint/config-conventional'],", "extends: ['@commitlint/config-conventional'],\n  rules: { 'scope-empty': [2, 'never'] },");
    box.write(dir, { 'package.json': '{"name":"x"}', 'commitlint.config.js': text });
    const r = await lintMessage('feat: no scope', await lintSetupFor(dir));
    expect(r.errors.map((e) => e.rule)).toEqual(['scope-empty']);
  });

  it('the CommonJS form in a "type": "module" package is loaded, not taken for the ESM form (and fails as node fails it)', () => {
    // vitest's own module loader accepts `module.exports` there; node does not: run the built CLI
    const dir = box.path('other-form');
    box.write(dir, { 'package.json': '{"name":"x","type":"module"}', 'commitlint.config.js': commitlintConfigSource(false) });
    const r = box.shipver(dir, ['lint', '--stdin'], { input: 'feat: fine\n' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/commitlint\.config\.js cannot be loaded: module is not defined/);
    expect(r.stderr).toMatch(/delete it to use the built-in conventional rules/);
  });

});
