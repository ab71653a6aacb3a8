// shipver lint in each of its modes, and the bad inputs the issue lists: every one
// gets a defined exit code and a one-paragraph error, never a stack trace.
import { describe, expect, it, afterAll } from 'vitest';
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, Sandbox, corpusFile, expectNoStack } from './helpers/sandbox.js';

const sb = new Sandbox();
afterAll(() => sb.cleanup());
const repo = sb.repo('lint-repo', { 'README.md': '# x\n' });


function editFile(content: string | Buffer): string {
  const f = sb.path('MSG');
  writeFileSync(f, content);
  return f;
}

describe('shipver lint', () => {
  it('accepts a conventional message and rejects a bad one with the rule, the line and an example', () => {
    expect(sb.shipver(repo, ['lint', 'feat(api): add status endpoint']).code).toBe(0);
    const bad = sb.shipver(repo, ['lint', 'Added stuff.']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('[type-empty]');
    expect(bad.stderr).toContain('[subject-empty]');
    expect(bad.stderr).toContain('│ Added stuff.');
    expect(bad.stderr).toContain('a valid message looks like: feat(');
    expectNoStack(bad.stderr);
  });

  it('--json prints the result object', () => {
    const r = sb.shipver(repo, ['lint', '--json', 'foo: bar']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ valid: false, ignored: false });
    expect(j.errors.map((e: { rule: string }) => e.rule)).toEqual(['type-enum']);
  });

  it('--stdin lints one message', () => {
    expect(sb.shipver(repo, ['lint', '--stdin'], { input: 'fix: handle empty body\n' }).code).toBe(0);
    expect(sb.shipver(repo, ['lint', '--stdin'], { input: 'WIP' }).code).toBe(1);
  });

  it('reports merges, reverts and fixups as ignored', () => {
    for (const m of ["Merge branch 'x' into main", 'Revert "feat: x"\n\nThis reverts commit abc.', 'fixup! feat: x']) {
      const r = sb.shipver(repo, ['lint', '--json', m]);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ valid: true, ignored: true });
    }
  });

  it('--jsonl answers one line per input line, in order, and exits 1 when any is invalid', () => {
    const input = ['feat: a', 'bad message', "Merge branch 'x'"].map((m) => JSON.stringify({ message: m })).join('\n') + '\n';
    const r = sb.shipver(repo, ['lint', '--stdin', '--jsonl'], { input });
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.valid, l.ignored])).toEqual([[true, false], [false, false], [true, true]]);
    expect(Object.keys(lines[0])).toEqual(['valid', 'ignored', 'errors', 'warnings']);
  });

  it('--jsonl reports a line that is not JSON in its place and exits 2', () => {
    const r = sb.shipver(repo, ['lint', '--stdin', '--jsonl'], { input: '{"message":"feat: a"}\nnot json\n' });
    expect(r.code).toBe(2);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[1].errors[0].rule).toBe('input');
  });

  it('--from/--to lints every commit in the range and names the bad ones', () => {
    const base = sb.git(repo, 'rev-parse', 'HEAD').trim();
    sb.commit(repo, 'feat: one', { allowEmpty: true, noVerify: true });
    sb.commit(repo, 'oops not conventional', { allowEmpty: true, noVerify: true });
    sb.commit(repo, 'fix: two', { allowEmpty: true, noVerify: true });
    const bad = sb.git(repo, 'rev-parse', 'HEAD~1').trim();
    const r = sb.shipver(repo, ['lint', '--from', base, '--to', 'HEAD', '--json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ valid: false, count: 3, invalid: 1 });
    expect(j.results.find((x: { valid: boolean }) => !x.valid).sha).toBe(bad);
    expect(sb.shipver(repo, ['lint', '--from', 'HEAD~1']).code).toBe(0);
    const unknown = sb.shipver(repo, ['lint', '--from', 'no-such-ref']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('"no-such-ref" is not a commit');
  });

  describe('--edit lints the file as commitlint --edit does', () => {
    it('drops comments and the scissors block (git commit -v)', () => {
      const f = editFile('fix: a real subject\n\n# Please enter the commit message\n# ------------------------ >8 ------------------------\n# Do not modify or remove the line above.\ndiff --git a/x b/x\n+THIS IS NOT THE MESSAGE. Not conventional at all, and it is a very very long line that would break body-max-line-length for sure if linted ok\n');
      const r = sb.shipver(repo, ['lint', '--edit', f, '--json']);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).valid).toBe(true);
    });

    it('respects core.commentChar', () => {
      sb.git(repo, 'config', 'core.commentChar', ';');
      try {
        const f = editFile('feat: subject\n\n; a comment that is far too long to be in a body line, much longer than one hundred characters, truly\n# this line is kept, so it is body\n');
        const r = sb.shipver(repo, ['lint', '--edit', f, '--json']);
        expect(JSON.parse(r.stdout).valid).toBe(true);
      } finally {
        sb.git(repo, 'config', '--unset', 'core.commentChar');
      }
    });

    // the verdicts are commitlint --edit's on the same bytes (test/commits/hook-verdicts.test.ts compares them)
    it('lints CRLF as written, and refuses a UTF-8 BOM (git keeps it in the commit) with a note', () => {
      expect(sb.shipver(repo, ['lint', '--edit', editFile('feat: crlf message\r\n\r\nbody line\r\n')]).code).toBe(0);
      const bom = sb.shipver(repo, ['lint', '--edit', editFile('\ufefffeat: crlf message\r\n')]);
      expect(bom.code).toBe(1);
      expect(bom.stderr).toContain('[type-empty]');
      expect(bom.stderr).toContain('byte order mark');
      expectNoStack(bom.stderr);
    });

    it('an empty message, or one of only comments, is nothing to lint (exit 0): git itself aborts an empty commit', () => {
      for (const content of ['', '\n\n', '# only a comment\n# another\n']) {
        const r = sb.shipver(repo, ['lint', '--edit', editFile(content)]);
        expect(r.code).toBe(0);
        expect(r.stderr).toBe('');
      }
    });

    it('lints invalid UTF-8 and NUL bytes as commitlint reads them, and says why when it refuses', () => {
      // fix: <0xff 0xfe> reads as "fix: \ufffd\ufffd": a valid message
      expect(sb.shipver(repo, ['lint', '--edit', editFile(Buffer.from([0x66, 0x69, 0x78, 0x3a, 0x20, 0xff, 0xfe, 0x0a]))]).code).toBe(0);
      expect(sb.shipver(repo, ['lint', '--edit', editFile(Buffer.from('feat: a\0b\n'))]).code).toBe(0);
      const inv = sb.shipver(repo, ['lint', '--edit', editFile(Buffer.from([0x6f, 0x6f, 0x70, 0x73, 0x20, 0xe9, 0x0a]))]);
      expect(inv.code).toBe(1);
      expect(inv.stderr).toContain('not valid UTF-8');
      const utf16 = sb.shipver(repo, ['lint', '--edit', editFile(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('feat: a\n', 'utf16le')]))]);
      expect(utf16.code).toBe(1);
      expect(utf16.stderr).toContain('NUL');
      expectNoStack(utf16.stderr);
    });

    it('reports a missing or unreadable file as bad usage (exit 2)', () => {
      const r = sb.shipver(repo, ['lint', '--edit', sb.path('does-not-exist')]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('no such file');
      const d = sb.shipver(repo, ['lint', '--edit', sb.dir]);
      expect(d.code).toBe(2);
      expectNoStack(d.stderr);
    });

    it("hints at shipver lint --edit FILE, not at the hook's own command line", () => {
      const fresh = sb.repo('no-editmsg', { 'README.md': '# x\n' });
      rmSync(path.join(fresh, '.git', 'COMMIT_EDITMSG'), { force: true });
      for (const args of [['lint', '--edit', sb.path('does-not-exist')], ['lint', '--edit']]) {
        const r = sb.shipver(fresh, args);
        expect(r.code).toBe(2);
        expect(r.stderr).toContain('shipver lint --edit FILE');
        expect(r.stderr).not.toContain('shipver hook commit-msg');
      }
    });

    it('lints a 5 MB message in bounded time with a clear verdict', () => {
      const big = 'feat: big body\n\n' + ('word '.repeat(15) + '\n').repeat(70_000);
      expect(big.length).toBeGreaterThan(5_000_000);
      const r = sb.shipver(repo, ['lint', '--edit', editFile(big), '--json']);
      expect(r.code).toBe(0);
      const long = 'feat: big body\n\n' + 'x'.repeat(5_000_000) + '\n';
      const r2 = sb.shipver(repo, ['lint', '--edit', editFile(long), '--json']);
      expect(r2.code).toBe(1);
      expect(JSON.parse(r2.stdout).errors.map((e: { rule: string }) => e.rule)).toEqual(['body-max-line-length']);
    });
  });

  it('uses the repository commitlint config when present, resolving config-conventional from shipver itself', () => {
    const own = sb.repo('own-config', {
      'commitlint.config.js': "module.exports = { extends: ['@commitlint/config-conventional'], rules: { 'type-enum': [2, 'always', ['feat', 'fix', 'hub']] } };\n",
    });
    expect(sb.shipver(own, ['lint', 'hub: a custom type']).code).toBe(0);
    const r = sb.shipver(own, ['lint', 'docs: not allowed here']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('[type-enum]');
    expect(r.stderr).toContain('commitlint.config.js');
    // the scope/subject rules still come from config-conventional
    expect(sb.shipver(own, ['lint', 'feat: Sentence case subject']).code).toBe(1);
  });

  it('extends a config-conventional installed in the repository, with its parserPreset, in the hook and in lint', () => {
    // as in a repository after npm i -D @commitlint/config-conventional: the package's own
    // config names its parser preset as a string, which resolve-extends would import itself
    const own = sb.repo('installed-config', {
      'package.json': '{ "name": "x", "type": "module" }\n',
      'commitlint.config.js': "export default { extends: ['@commitlint/config-conventional'], rules: { 'scope-enum': [2, 'always', ['hub', 'api']] } };\n",
    });
    for (const pkg of ['@commitlint/config-conventional', 'conventional-changelog-conventionalcommits']) {
      mkdirSync(path.dirname(path.join(own, 'node_modules', pkg)), { recursive: true });
      symlinkSync(path.join(ROOT, 'node_modules', pkg), path.join(own, 'node_modules', pkg));
    }
    const ok = sb.shipver(own, ['hook', 'commit-msg', editFile('feat(hub)!: drop the old API\n')]);
    expect(ok.code, ok.stderr).toBe(0);
    const bad = sb.shipver(own, ['hook', 'commit-msg', editFile('feat(web): a scope not listed\n')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('[scope-enum]');
    expectNoStack(bad.stderr);
    expect(sb.shipver(own, ['lint', 'Not conventional']).stderr).toContain('[type-empty]');
  });

  it('an installed config-conventional of the bundled version (and preset) is not loaded: same verdicts as loading it', () => {
    const config = "module.exports = { extends: ['@commitlint/config-conventional'], rules: { 'body-max-line-length': [1, 'always', 72] } };\n";
    const real = path.join(ROOT, 'node_modules', '@commitlint', 'config-conventional');
    const install = (dir: string, copy: 'link' | { version: string; maxHeader?: number }) => {
      mkdirSync(path.join(dir, 'node_modules', '@commitlint'), { recursive: true });
      for (const dep of ['conventional-changelog-conventionalcommits', '@commitlint/types']) symlinkSync(path.join(ROOT, 'node_modules', dep), path.join(dir, 'node_modules', dep));
      const at = path.join(dir, 'node_modules', '@commitlint', 'config-conventional');
      if (copy === 'link') return symlinkSync(real, at);
      cpSync(real, at, { recursive: true });
      const pkg = JSON.parse(readFileSync(path.join(at, 'package.json'), 'utf8'));
      writeFileSync(path.join(at, 'package.json'), JSON.stringify({ ...pkg, version: copy.version }));
      if (copy.maxHeader) {
        const lib = path.join(at, 'lib', 'index.js');
        const text = readFileSync(lib, 'utf8');
        const limited = text.replace(/("header-max-length": \[[\w.]+, "always", )100\]/, `$1${copy.maxHeader}]`);
        expect(limited).not.toBe(text);
        writeFileSync(lib, limited);
      }
    };
    const version = JSON.parse(readFileSync(path.join(real, 'package.json'), 'utf8')).version as string;
    const bundled = sb.repo('cc-same-version', { 'commitlint.config.js': config });
    install(bundled, 'link');
    const loaded = sb.repo('cc-other-version', { 'commitlint.config.js': config });
    install(loaded, { version: `${version}-copy` });
    const input = readFileSync(corpusFile('messages.jsonl'), 'utf8').split('\n').filter((l, i) => l && i % 7 === 0).join('\n') + '\n';
    const a = sb.shipver(bundled, ['lint', '--stdin', '--jsonl'], { input });
    const b = sb.shipver(loaded, ['lint', '--stdin', '--jsonl'], { input });
    expect(a.stderr).toBe(b.stderr);
    expect(a.stdout.split('\n').length).toBeGreaterThan(1000);
    expect(a.stdout).toBe(b.stdout);
    // what decides is the version: an edited copy that keeps the version is taken for the
    // bundled one, one with another version is loaded (its 20-character header limit applies)
    const edited = (v: string) => {
      const dir = sb.repo(`cc-edited-${v}`, { 'commitlint.config.js': config });
      install(dir, { version: v, maxHeader: 20 });
      return sb.shipver(dir, ['lint', 'feat: a header of more than twenty characters']).code;
    };
    expect(edited(version)).toBe(0);
    expect(edited(`${version}-edited`)).toBe(1);
  });

  it('checks a config against commitlint schema exactly as @commitlint/config-validator does (precompiled at build)', async () => {
    const validateConfig: (source: string, config: unknown) => void = (await import('@commitlint/config-validator')).validateConfig;
    const base = { extends: ['@commitlint/config-conventional'] };
    const configs: Array<Record<string, unknown>> = [
      {},
      { rules: 'nope' },
      { rules: { 'type-enum': [3, 'always', []] } },
      { rules: { 'type-enum': ['x'] } },
      { rules: { 'type-enum': [2, 'sometimes', ['feat']] } },
      { rules: { 'header-max-length': [1, 'always', 72] }, defaultIgnores: false, helpUrl: 'https://example.org' },
      { ignores: ['WIP'] },
      { ignores: 'WIP' },
      { defaultIgnores: 'yes' },
      { helpUrl: 5 },
      { formatter: 5 },
      { plugins: [5] },
      { plugins: ['commitlint-plugin-x', { rules: {} }] },
      { prompt: 'x' },
      { unknownKey: true, rules: {} },
      { parserPreset: 5 },
      { parserPreset: { parserOpts: { headerPattern: 5 } } },
    ];
    let invalid = 0;
    for (const [i, extra] of configs.entries()) {
      const config = { ...base, ...extra };
      let expected: string | null = null;
      try {
        validateConfig('X', structuredClone(config));
      } catch (e) {
        expected = (e as Error).message.split('is invalid:\n')[1]!;
        invalid++;
      }
      const dir = sb.repo(`schema-${i}`, { '.commitlintrc.json': JSON.stringify(config) });
      const r = sb.shipver(dir, ['lint', 'feat: a valid message']);
      if (expected === null) {
        expect(r.stderr, JSON.stringify(extra)).not.toContain('is invalid');
        expect(r.code, JSON.stringify(extra)).not.toBe(70);
        expectNoStack(r.stderr);
      } else {
        expect(r.code, JSON.stringify(extra)).toBe(2);
        expect(r.stderr, JSON.stringify(extra)).toContain(`is invalid:\n${expected}`);
      }
    }
    expect(invalid).toBeGreaterThan(8);
    // ignores hold functions: the schema's own "typeof" keyword, from a JS config
    const js = sb.repo('schema-js', { 'commitlint.config.cjs': "module.exports = { extends: ['@commitlint/config-conventional'], ignores: [(m) => m.startsWith('WIP'), 'not a function'] };\n" });
    let expected = '';
    try {
      validateConfig('X', { extends: ['@commitlint/config-conventional'], ignores: [(m: string) => m.startsWith('WIP'), 'not a function'] });
    } catch (e) {
      expected = (e as Error).message.split('is invalid:\n')[1]!;
    }
    expect(expected).toContain('should be a function');
    expect(sb.shipver(js, ['lint', 'feat: x']).stderr).toContain(`is invalid:\n${expected}`);
  });

  it('reads a commitlint key in package.json and .commitlintrc.json', () => {
    const pkg = sb.repo('pkg-config', { 'package.json': JSON.stringify({ name: 'x', commitlint: { rules: { 'header-max-length': [2, 'always', 10] } } }) });
    expect(sb.shipver(pkg, ['lint', 'feat: this header is long']).code).toBe(1);
    const rc = sb.repo('rc-config', { '.commitlintrc.json': JSON.stringify({ extends: ['@commitlint/config-conventional'], rules: { 'subject-case': [0] } }) });
    expect(sb.shipver(rc, ['lint', 'feat: Sentence case is fine here']).code).toBe(0);
  });

  it('a broken commitlint.config.js is a config error (exit 2), not a crash', () => {
    const broken = sb.repo('broken-config', { 'commitlint.config.js': 'module.exports = { extends: [ \n' });
    const r = sb.shipver(broken, ['lint', 'feat: a']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('commitlint.config.js cannot be loaded');
    expect(r.stderr).toContain('run "node commitlint.config.js"');
    expectNoStack(r.stderr);
    // node cannot run a YAML file: its hint says how it is read instead
    const yaml = sb.repo('broken-yaml', { '.commitlintrc.yaml': 'rules: [\n' });
    const y = sb.shipver(yaml, ['lint', 'feat: a']);
    expect(y.code).toBe(2);
    expect(y.stderr).toContain('.commitlintrc.yaml cannot be loaded');
    expect(y.stderr).not.toContain('run "node');
    expectNoStack(y.stderr);
    const unknownExt = sb.repo('unknown-extends', { 'commitlint.config.js': "module.exports = { extends: ['@acme/not-installed'] };\n" });
    const u = sb.shipver(unknownExt, ['lint', 'feat: a']);
    expect(u.code).toBe(2);
    expect(u.stderr).toContain('@acme/not-installed');
    const badRule = sb.repo('bad-rule', { 'commitlint.config.js': "module.exports = { rules: { 'no-such-rule': [2, 'always'] } };\n" });
    const b = sb.shipver(badRule, ['lint', 'feat: a']);
    expect(b.code).toBe(2);
    expectNoStack(b.stderr);
    // the config's own functions throw: its error, not an internal one (exit 70 with a stack)
    for (const [name, config] of [
      ['throwing-config', "module.exports = () => { throw new Error('boom'); };\n"],
      ['throwing-rule', "module.exports = { rules: { 'type-enum': () => { throw new Error('boom'); } } };\n"],
      ['throwing-preset', "module.exports = { parserPreset: () => { throw new Error('boom'); } };\n"],
    ]) {
      const t = sb.shipver(sb.repo(name!, { 'commitlint.config.js': config! }), ['lint', 'feat: a']);
      expect(t.code, name).toBe(2);
      expect(t.stderr, name).toContain('commitlint.config.js fails: boom');
      expectNoStack(t.stderr);
    }
    // a package.yaml that cannot be read holds no rules (as a broken package.json)
    const yamlDir = sb.repo('package-yaml-dir', { 'README.md': '# x\n' });
    mkdirSync(path.join(yamlDir, 'package.yaml'));
    const yd = sb.shipver(yamlDir, ['lint', 'feat: a']);
    expect(yd.code).toBe(0);
    expectNoStack(yd.stderr);
  });

  it('bad usage exits 2', () => {
    expect(sb.shipver(repo, ['lint']).code).toBe(2);
    expect(sb.shipver(repo, ['lint', '--jsonl']).code).toBe(2);
    expect(sb.shipver(repo, ['lint', '--no-such-flag']).code).toBe(2);
    expect(sb.shipver(repo, ['no-such-command']).code).toBe(2);
  });
});
