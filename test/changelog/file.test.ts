import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { insertSection } from '../../src/changelog/file.js';

const SECTION = '## [1.2.0](https://github.com/o/r/compare/v1.1.0...v1.2.0) (2024-03-01)\n\n### Features\n\n* **api:** add x ([abc1234](https://github.com/o/r/commit/abc1234))\n';

describe('insertSection', () => {
  it('creates the file with a title', () => {
    expect(insertSection(null, SECTION)).toBe(`# Changelog\n\n${SECTION}`);
    expect(insertSection('', SECTION)).toBe(`# Changelog\n\n${SECTION}`);
    expect(insertSection('\n\n', SECTION)).toBe(`# Changelog\n\n${SECTION}`);
  });

  it('puts the section under the title and intro, above the last release, keeping the rest byte for byte', () => {
    const below = '## 1.1.0 (2024-02-01)\n\n### Bug Fixes\n\n* a fix abc1234\n\n<!-- hand-written note, keep me -->\nSome   text with trailing spaces   \n\n\n## 1.0.0 (2024-01-01)\n\n* first\n';
    const existing = `# Changelog\n\nAll notable changes are listed here.\n\n${below}`;
    const out = insertSection(existing, SECTION);
    expect(out).toBe(`# Changelog\n\nAll notable changes are listed here.\n\n${SECTION}\n${below}`);
    expect(out.endsWith(below)).toBe(true);
  });

  it('does not duplicate the title on a second insertion', () => {
    const once = insertSection(null, '## 1.0.0 (2024-01-01)\n\n* a\n');
    const twice = insertSection(once, SECTION);
    expect(twice).toBe(`# Changelog\n\n${SECTION}\n## 1.0.0 (2024-01-01)\n\n* a\n`);
    expect(twice.match(/^# Changelog$/gm)).toHaveLength(1);
  });

  it('a title with nothing below it, or with no newline at the end', () => {
    expect(insertSection('# Changelog\n', SECTION)).toBe(`# Changelog\n\n${SECTION}`);
    expect(insertSection('# Changelog', SECTION)).toBe(`# Changelog\n\n${SECTION}`);
    expect(insertSection('# My project history\n\n\n', SECTION)).toBe(`# My project history\n\n\n${SECTION}`);
  });

  it('a title followed by text but no headings: right under the title', () => {
    const existing = '# Changelog\n\nv1.0 - 2020-01-01\n- did things\n';
    expect(insertSection(existing, SECTION)).toBe(`# Changelog\n\n${SECTION}\nv1.0 - 2020-01-01\n- did things\n`);
  });

  it('odd headings below the title: before the first of them', () => {
    const existing = '# Changelog\n\n#### v1.0 (old style)\n\n- thing\n';
    expect(insertSection(existing, SECTION)).toBe(`# Changelog\n\n${SECTION}\n#### v1.0 (old style)\n\n- thing\n`);
  });

  it('no title: at the very top, the old content untouched below', () => {
    const existing = '## 1.0.0\n\n* first\n';
    expect(insertSection(existing, SECTION)).toBe(`${SECTION}\n${existing}`);
    const plain = 'just some notes\nmore notes\n';
    expect(insertSection(plain, SECTION)).toBe(`${SECTION}\n${plain}`);
  });

  it('a setext title counts as the title', () => {
    const setext = 'Release history\n===============\nOlder notes\n';
    expect(insertSection(setext, SECTION)).toBe(`Release history\n===============\n\n${SECTION}\nOlder notes\n`);
  });

  it('a heading before any title means there is no title', () => {
    const existing = '## 1.0.0\n\n# Not the title\n';
    expect(insertSection(existing, SECTION)).toBe(`${SECTION}\n${existing}`);
  });

  it('ignores headings inside fenced code', () => {
    const existing = '```\n# not a title\n## nor a release\n```\n\n# Changelog\n\n## 1.0.0\n';
    // the fence comes before the title; the first real heading is the title
    expect(insertSection(existing, SECTION)).toBe('```\n# not a title\n## nor a release\n```\n\n# Changelog\n\n' + SECTION + '\n## 1.0.0\n');
    const fencedBelow = '# Changelog\n\nIntro:\n\n~~~md\n## example heading\n~~~\n\n## 1.0.0\n';
    expect(insertSection(fencedBelow, SECTION)).toBe('# Changelog\n\nIntro:\n\n~~~md\n## example heading\n~~~\n\n' + SECTION + '\n## 1.0.0\n');
  });

  it('keeps CRLF line ends and a BOM', () => {
    const below = '## 1.0.0 (2024-01-01)\r\n\r\n* first\r\n';
    const existing = `\uFEFF# Changelog\r\n\r\n${below}`;
    const out = insertSection(existing, SECTION);
    expect(out).toBe(`\uFEFF# Changelog\r\n\r\n${SECTION.replace(/\n/g, '\r\n')}\r\n${below}`);
    expect(out.replace(/\r\n/g, '')).not.toContain('\n');
    expect(insertSection('\uFEFF## 1.0.0\r\n', '## 2.0.0\n')).toBe('\uFEFF## 2.0.0\r\n\r\n## 1.0.0\r\n');
  });

  it('accepts a CRLF or untidy section', () => {
    expect(insertSection(null, '\n\n## 1.0.0\r\n\r\n* a\r\n\n\n')).toBe('# Changelog\n\n## 1.0.0\n\n* a\n');
  });

  it('replaceUnreleased replaces only the Unreleased section shipver generated', () => {
    const rest = '## 1.0.0 (2024-01-01)\n\n* first\n';
    const generated = '# Changelog\n\n## [Unreleased](https://github.com/o/r/compare/v1.0.0...HEAD) (2024-02-01)\n\n### Features\n\n* wip\n\n' + rest;
    expect(insertSection(generated, SECTION, { replaceUnreleased: true })).toBe(`# Changelog\n\n${SECTION}\n${rest}`);
    const plainGenerated = '# Changelog\n\n## Unreleased (2024-02-01)\n\n* wip\n';
    expect(insertSection(plainGenerated, SECTION, { replaceUnreleased: true })).toBe(`# Changelog\n\n${SECTION}`);
    // keep-a-changelog's hand-kept [Unreleased] is not ours: never removed
    const handKept = '# Changelog\n\n## [Unreleased]\n\n- hand-written\n\n' + rest;
    expect(insertSection(handKept, SECTION, { replaceUnreleased: true })).toBe(`# Changelog\n\n${SECTION}\n## [Unreleased]\n\n- hand-written\n\n${rest}`);
    // without the option, the generated section stays
    expect(insertSection(plainGenerated, SECTION)).toBe(`# Changelog\n\n${SECTION}\n## Unreleased (2024-02-01)\n\n* wip\n`);
  });

  it('property: the old text survives around the insertion, with only line ends added', () => {
    const line = fc.oneof(
      fc.constantFrom('# Changelog', '## 1.0.0', '### Bug Fixes', '* item', '', '```', '~~~', '====', 'text', '#nospace', '   ', '<!-- c -->'),
      fc.string({ maxLength: 12 }).map((s) => s.replace(/[\r\n]/g, '')),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), fc.constantFrom('\n', '\r\n'), fc.boolean(), fc.boolean(), (lines, eol, trailing, replace) => {
        const existing = lines.join(eol) + (trailing && lines.length ? eol : '');
        const out = insertSection(existing, SECTION, { replaceUnreleased: replace });
        const sec = SECTION.replace(/\n/g, existing.includes('\r\n') ? '\r\n' : '\n');
        if (existing.trim() === '') return;
        const at = out.indexOf(sec);
        expect(at).toBeGreaterThanOrEqual(0);
        const before = out.slice(0, at);
        const after = out.slice(at + sec.length);
        // before = a prefix of the old text + added line ends; after = line end + the old rest
        const prefix = before.replace(/(\r?\n)+$/, '');
        const rest = after.replace(/^\r?\n/, '');
        expect(existing.startsWith(prefix)).toBe(true);
        expect(existing.endsWith(rest)).toBe(true);
        expect(existing.slice(prefix.length, existing.length - rest.length)).toMatch(/^(\r?\n)*$/);
      }),
      { numRuns: 400 },
    );
  });
});

describe('standard-version anchors', () => {
  it('keeps an <a name> anchor with the release heading it belongs to', () => {
    const existing = '# Changelog\n\nAll notable changes.\n\n<a name="1.0.0"></a>\n## [1.0.0](x) (2020-01-01)\n\n* a\n';
    expect(insertSection(existing, '## 1.1.0 (2020-02-02)\n\n* b\n')).toBe(
      '# Changelog\n\nAll notable changes.\n\n## 1.1.0 (2020-02-02)\n\n* b\n\n<a name="1.0.0"></a>\n## [1.0.0](x) (2020-01-01)\n\n* a\n',
    );
  });
});
