// The error catalog (src/errors/catalog.ts): every code once with one exit code, every code
// thrown in src/ is in it (and thrown by the helper of its exit code), and docs/errors.md
// lists it as scripts/errors-doc.mjs generates it.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOG, type CatalogEntry } from '../src/errors/catalog.js';
import { ExitCode } from '../src/errors.js';
import { DOC, renderTable, withTable } from '../scripts/errors-doc.mjs';

const SRC = path.join(__dirname, '..', 'src');
const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? sources(path.join(dir, d.name)) : d.name.endsWith('.ts') ? [path.join(dir, d.name)] : []));
const files = sources(SRC)
  .filter((f) => f !== path.join(SRC, 'errors', 'catalog.ts'))
  .map((f) => ({ file: path.relative(SRC, f), text: readFileSync(f, 'utf8') }));
const catalog: Record<string, CatalogEntry> = CATALOG;

describe('the error catalog', () => {
  it('gives each code one exit code, 1 (refused) or 2 (usage), a one-line meaning and a hint', () => {
    for (const [code, e] of Object.entries(catalog)) {
      expect(code, code).toMatch(/^E_[A-Z0-9_]+$/);
      expect([ExitCode.Refused, ExitCode.Usage], code).toContain(e.exit);
      for (const text of [e.meaning, e.hint]) {
        expect(text.trim(), code).not.toBe('');
        expect(text, code).not.toContain('\n');
      }
    }
  });

  it('holds every code src/ names, and names none src/ does not use', () => {
    const used = new Map<string, string>();
    for (const { file, text } of files) for (const m of text.matchAll(/['"`](E_[A-Z0-9_]+)['"`]/g)) used.set(m[1]!, file);
    const missing = [...used].filter(([code]) => !(code in catalog)).map(([code, file]) => `${code} (${file})`);
    expect(missing, 'codes thrown in src/ but not in src/errors/catalog.ts').toEqual([]);
    expect(Object.keys(catalog).filter((c) => !used.has(c)), 'codes in the catalog that nothing in src/ uses').toEqual([]);
  });

  it("is thrown by the helper of each code's exit code: refusal() exit 1, usageError() exit 2", () => {
    const wrong: string[] = [];
    for (const { file, text } of files) {
      for (const m of text.matchAll(/\b(refusal|usageError)\(\s*'(E_[A-Z0-9_]+)'/g)) {
        const want = m[1] === 'refusal' ? ExitCode.Refused : ExitCode.Usage;
        if (catalog[m[2]!]?.exit !== want) wrong.push(`${file}: ${m[1]}('${m[2]}') but the catalog gives exit ${catalog[m[2]!]?.exit}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('is listed in docs/errors.md as generated', () => {
    const page = readFileSync(DOC, 'utf8');
    expect(withTable(page, renderTable(catalog)), 'docs/errors.md is stale: run node scripts/errors-doc.mjs').toBe(page);
  });
});
