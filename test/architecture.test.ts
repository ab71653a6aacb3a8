// The layering rules of .dependency-cruiser.cjs (docs/architecture.md, "Rules"): src/ keeps
// them, and a forbidden import breaks the run with the rule's name and why it exists.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers/sandbox.js';

const CONFIG = path.join(ROOT, '.dependency-cruiser.cjs');
const DEPCRUISE = path.join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

/** Runs dependency-cruiser on `cwd`/src with the repository's rules; the long error report names each rule and prints its comment. */
function cruise(cwd: string): { code: number; output: string } {
  const r = spawnSync(process.execPath, [DEPCRUISE, 'src', '--config', CONFIG, '--output-type', 'err-long'], { cwd, encoding: 'utf8', timeout: 120_000 });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, output: `${r.stdout}${r.stderr}` };
}

/** A scratch tree with these files (paths relative to it) and a tsconfig like the repository's. */
function scratch(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'shipver-layers-'));
  dirs.push(dir);
  const all = { 'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true } }), ...files };
  for (const [rel, text] of Object.entries(all)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('layering', () => {
  it('src/ keeps every rule of .dependency-cruiser.cjs', { timeout: 180_000 }, () => {
    const r = cruise(ROOT);
    // on failure the message is depcruise's report: each broken rule, the import, and why the rule exists
    expect(r.code, r.output).toBe(0);
  });

  it('a forbidden import fails with the rule name and its reason: commits/ reading a file', { timeout: 120_000 }, () => {
    const dir = scratch({
      'src/commits/parse.ts': "import { readFileSync } from 'node:fs';\nimport { head } from './head.js';\nexport const parse = (f: string) => head(readFileSync(f, 'utf8'));\n",
      'src/commits/head.ts': "export const head = (s: string) => s.split('\\n')[0];\n",
    });
    const r = cruise(dir);
    expect(r.code).not.toBe(0);
    expect(r.output).toContain('commits-are-pure: src/commits/parse.ts → fs');
    expect(r.output).toContain('strings in, data out');
  });

  it('a forbidden import fails with the rule name and its reason: a cycle, and a module importing a command', { timeout: 120_000 }, () => {
    const dir = scratch({
      'src/release/plan.ts': "import { apply } from './apply.js';\nimport { run } from '../commands/release.js';\nexport const plan = () => [apply, run];\n",
      'src/release/apply.ts': "import { plan } from './plan.js';\nexport const apply = () => plan;\n",
      'src/commands/release.ts': 'export const run = () => 0;\n',
    });
    const r = cruise(dir);
    expect(r.code).not.toBe(0);
    expect(r.output).toContain('no-circular: src/release/apply.ts');
    expect(r.output).toContain('An import cycle makes two modules one');
    expect(r.output).toContain('nothing-imports-commands: src/release/plan.ts → src/commands/release.ts');
    expect(r.output).toContain('Arrows go commands -> core -> adapters');
  });
});

describe('docs/architecture.md', () => {
  it('lists every rule with its reason, as the config says it', () => {
    const rules = (createRequire(import.meta.url)(CONFIG) as { forbidden: Array<{ name: string; severity: string; comment: string }> }).forbidden;
    const doc = readFileSync(path.join(ROOT, 'docs', 'architecture.md'), 'utf8').replace(/\s+/g, ' ');
    expect(rules.length, 'the config has no forbidden rules to check').toBeGreaterThan(0);
    for (const r of rules) expect(doc).toContain(`- **${r.name}** (${r.severity}): ${r.comment}`);
  });
});
