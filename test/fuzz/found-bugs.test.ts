// ════════════════════════════════════════════════════════════════════════════════════════
// BUGS FOUND BY THE FUZZ AND HOSTILE-INPUT TESTS, KEPT AS REGRESSION TESTS
// ════════════════════════════════════════════════════════════════════════════════════════
// Each test is the minimal reproduction of one bug the fuzzers found, and asserts the correct
// behaviour. All are fixed in src/. When a fuzzer finds a new bug: add its reproduction here
// (failing), and while it is open, list it in known-bugs.ts so the general fuzz properties set
// its inputs aside and stay green; delete that entry with the fix.
//
// Hangs run in fuzz workers (harness.ts) with the same 2 s limit as every fuzz case, so a
// failing test fails in about 2 s instead of hanging.
import { afterAll, beforeAll, describe as plainDescribe, expect, it } from 'vitest';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fromSemver } from '../../src/version/scheme.js';
import { shipverError } from '../version/helpers.js';
import { aliasBomb, deploymentWithLabels } from '../ops/helpers.js';
import { CASE_LIMIT_MS, IsolatePool, assertAllowed, okValue, type Outcome } from './harness.js';
import { Sandbox } from '../helpers/sandbox.js';
import { parseConfig } from '../../src/config/parse.js';
import type { Inference } from '../../src/commits/level.js';
import type { LintResult } from '../../src/commits/lint.js';
import type { ParsedCommit } from '../../src/commits/conventional.js';
import type { Occurrence } from '../../src/version/files/types.js';
import type { Notes } from '../../src/changelog/notes.js';

// The repros run concurrently, four workers at a time, so that the open hangs (2 s each) overlap.
const iso = new IsolatePool(4);
const sb = new Sandbox();
const describe = plainDescribe.concurrent;
beforeAll(async () => {
  await iso.start();
}, 60_000);
afterAll(async () => {
  await iso.stop();
  sb.cleanup();
});

/** A result (not an exception, not a hang) within the fuzz time limit. */
function expectResult<T>(o: Outcome, what: string): T {
  if (o.kind === 'hang') throw new Error(`${what}: still running after ${CASE_LIMIT_MS} ms (terminated)`);
  return okValue<T>(o, what);
}

const NOTES_CTX = { version: '1.0.0', tag: 'v1.0.0', previousTag: null, date: '2030-01-01', remote: null, types: [{ type: 'feat', section: 'Features', hidden: false }, { type: 'fix', section: 'Bug Fixes', hidden: false }] };

describe('regression (BUG-1): inferLevel reads Object.prototype for commit types such as "constructor"', () => {
  // src/commits/level.ts classify(): rules.types[c.type] on a plain object; "constructor: x"
  // gets the function Object as its level, "__proto__: x" gets Object.prototype, which then
  // wins maxLevel. `shipver next --messages-file` prints "[object Object]" or
  // "function toString() { [native code] }".
  it('"constructor: x", "__proto__: x", "toString: x" release nothing', async () => {
    for (const m of ['constructor: x', '__proto__: x', 'toString: x', 'hasOwnProperty: x']) {
      const inf = expectResult<Inference>(await iso.run('level', [m], false), m);
      expect(inf.commits[0]!.level, m).toBe('none');
      expect(inf.level, m).toBeNull();
    }
  });

  it('shipver next --messages-file prints "none" for ["__proto__: x"]', () => {
    const file = sb.path('bug1.json');
    writeFileSync(file, JSON.stringify(['__proto__: x']));
    const r = sb.shipver(sb.dir, ['next', '--messages-file', file]);
    expect(r.stdout).toBe('none\n');
  });
});

describe('regression (BUG-2): issue-reference parsing is cubic on long lines holding "#"', () => {
  // conventional-commits-parser's referenceParts regex; parser-guard.ts skips it only when no
  // prefix occurs; lintMessage's guard (unparseableLine) skips the header and allows body lines
  // up to 1000 characters; parseCommit (next/release/envs) bounds each line, not their number.
  it('lintMessage: a 2,000-character header with "#" (measured: ~15 s)', async () => {
    const m = `fix: ${'a'.repeat(2000)} #`;
    expectResult<LintResult>(await iso.run('lint', m), 'long header with #');
  });

  it('lintMessage: three 999-character body lines ending in "#" (measured: ~6.4 s)', async () => {
    const m = `fix: x\n\n${`${'a'.repeat(999)}#\n`.repeat(3)}`;
    expectResult<LintResult>(await iso.run('lint', m), 'three long body lines');
  });

  it('parseCommit: 8,000 body lines of 120 characters holding "#" (1 MB; measured: ~18 s)', async () => {
    // parseCommit now cuts lines at 120 characters (conventional.ts boundLines), which bounds
    // one line but not the message: every such line still costs ~2 ms in the reference regex
    const m = `fix: x\n\n${`${'a'.repeat(118)} #\n`.repeat(8000)}`;
    const p = expectResult<ParsedCommit>(await iso.run('parseCommit', m), 'many medium lines');
    expect(p.type).toBe('fix');
  });
});

describe('regression (BUG-3): the revert pattern is quadratic on whitespace', () => {
  // the preset's revertPattern /^(?:Revert|revert:)\s"?([\s\S]+?)"?\s*This reverts commit (\w*)\./i
  const m = `Revert x${' \n'.repeat(100_000)}y`; // 200 KB
  it('parseCommit on a 200 KB revert message (measured: 40 KB ~2.4 s, grows with the square)', async () => {
    expectResult<ParsedCommit>(await iso.run('parseCommit', m), 'revert + whitespace');
  });
  it('renderNotes on the same message', async () => {
    expectResult<Notes>(await iso.run('renderNotes', [{ sha: 'a'.repeat(40), message: m }], NOTES_CTX), 'revert + whitespace (notes)');
  });
});

describe('regression (BUG-4): python-module reads "__version__:" + whitespace in linear time', () => {
  // was: ASSIGNMENT = /^__version__(?:\s*:\s*[^=]+?)?\s*=\s*.../: three quantifiers can all take the spaces
  it('a 5,000-space annotation line reads (as no version) in time (measured: 2,000 spaces ~3 s)', async () => {
    const text = `__version__:${' '.repeat(5000)}x\n`;
    expect(expectResult<Occurrence[]>(await iso.run('adapterRead', 'python-module', text, 'pkg/version.py'), 'python annotation')).toEqual([]);
  });
});

describe('regression (BUG-5): the INI reader (setup.cfg, .bumpversion.cfg) is linear in a whitespace run', () => {
  // was: ini.ts OPTION = /^(?<key>.*?)\s*[=:]\s*(?<value>.*?)\s*$/ and setup-cfg.ts /\s+[#;].*$/
  it('a 200,000-space value reads in time (measured: 20,000 spaces ~0.55 s)', async () => {
    const text = `[bumpversion]\ncurrent_version = 1.0.0\n[x]\nk = a${' '.repeat(200_000)}b\n`;
    const occ = expectResult<Occurrence[]>(await iso.run('adapterRead', 'setup-cfg', text, 'setup.cfg'), 'ini spaces');
    expect(occ.map((o) => o.value)).toEqual(['1.0.0']);
  });
});

describe('regression (BUG-6): deeply nested JSON does not crash the package.json reader', () => {
  // was: json.ts scanJson recurses into every container, even below the depth it records
  const text = `{"a":${'['.repeat(20_000)}${']'.repeat(20_000)},"version":"1.0.0"}`;
  it('package.json nested 20,000 deep: the version, or a ShipverError naming the file', async () => {
    const o = await iso.run('adapterRead', 'package-json', text, 'package.json');
    assertAllowed(o, 'deep package.json', { exitCodes: [2] });
  });
  it('shipver version: exit 2 (or the version), not "internal error" (exit 70)', () => {
    const dir = sb.repo('bug6', { 'package.json': text }, null);
    const r = sb.shipver(dir, ['version']);
    expect(r.stderr).not.toContain('internal error');
    expect([0, 2]).toContain(r.code);
  });
});

describe('regression (BUG-7): setImageTag keeps yaml\'s alias limit (alias bomb)', () => {
  // was: manifest.ts verify(): doc.toJS({ maxAliasCount: -1 }) on every document
  it('a 10^8-node alias bomb next to the container is refused or handled in time', async () => {
    const yaml = deploymentWithLabels(aliasBomb());
    assertAllowed(await iso.run('setImageTag', yaml, 'app', '2.0', {}), 'alias bomb');
  });
});

describe('regression (BUG-8): lintMessage throws on a whitespace-only message', () => {
  // commitlint's parser throws TypeError("Expected a raw commit"); `shipver lint ' '` then says
  // "the commitlint rules are invalid" (E_COMMITLINT_CONFIG), blaming the config
  it('lintMessage(" ") gives a lint result (not valid)', async () => {
    for (const m of [' ', '\n', '\r\n', '\t \n']) {
      const r = expectResult<LintResult>(await iso.run('lint', m), JSON.stringify(m));
      expect(r.valid).toBe(false);
    }
  });
  it('shipver lint " " does not blame the commitlint config', () => {
    const r = sb.shipver(sb.dir, ['lint', ' ']);
    expect(r.stderr).not.toContain('E_COMMITLINT_CONFIG');
    expect(r.code).toBe(1);
  });
});

describe('regression (BUG-9): parseCommit crashes when a BREAKING CHANGE note is followed by a last "-...-" line', () => {
  // conventional-commits-parser: parseNotes → parseMeta consumes the field-like last line
  // (fieldPattern /^-(.*?)-$/), then parseReferences(undefined) → TypeError. "---" is enough.
  const m = 'feat: x\n\nBREAKING CHANGE: y\n---';
  it('parseCommit gives a breaking feat', async () => {
    const p = expectResult<ParsedCommit>(await iso.run('parseCommit', m), m);
    expect(p.breaking).toBe(true);
  });
  it('shipver next --messages-file: "major", not "internal error" (exit 70)', () => {
    const file = sb.path('bug9.json');
    writeFileSync(file, JSON.stringify([m]));
    const r = sb.shipver(sb.dir, ['next', '--messages-file', file]);
    expect(r.stderr).not.toContain('internal error');
    expect(r.stdout).toBe('major\n');
  });
});

describe('regression (BUG-10): thousands of BREAKING CHANGE lines overflow the stack', () => {
  // conventional-commits-parser parseNotes recurses once per consecutive note line
  const m = `feat: x\n\n${'BREAKING CHANGE: y\n'.repeat(20_000)}`;
  it('parseCommit gives a breaking feat', async () => {
    expect(expectResult<ParsedCommit>(await iso.run('parseCommit', m), '20,000 notes').breaking).toBe(true);
  });
  it('lintMessage gives a result', async () => {
    expectResult<LintResult>(await iso.run('lint', m), '20,000 notes');
  });
});

describe('regression (BUG-11): a multi-line pattern keeps the line ends of the text it replaces', () => {
  // was: pattern.ts write(): the replacement is the template with all-CRLF when the match holds one
  // CRLF, else the template's own line ends — not the matched text's
  const opts = { search: 'a:\n{version}\nb', replace: 'a:\n{version}\nb', scheme: 'semver' as const };
  it('mixed line ends in the match are kept', async () => {
    const e = expectResult<{ out: string }>(await iso.run('adapterEdit', 'pattern', 'a:\r\n1.0.0\nb\n', 'f', '2.0.0', opts), 'mixed');
    expect(e.out).toBe('a:\r\n2.0.0\nb\n');
  });
  it('a CRLF template on an LF file keeps LF', async () => {
    const crlf = { ...opts, search: 'a:\r\n{version}', replace: 'a:\r\n{version}' };
    const e = expectResult<{ out: string }>(await iso.run('adapterEdit', 'pattern', 'a:\n1.0.0\n', 'f', '2.0.0', crlf), 'crlf template');
    expect(e.out).toBe('a:\n2.0.0\n');
  });
});

describe('regression (BUG-18): a pattern version followed by a letter never reads back differently after a write', () => {
  // was: pattern.ts VERSION has no right boundary: "1.0.0E" reads 1.0.0, but once 2.0.0-rc.1 is
  // written there it reads "2.0.0-rc.1E"; after a release the files no longer agree
  it('write 2.0.0-rc.1 where "1.0.0" is followed by "E": it reads back 2.0.0-rc.1, or the write is refused (exit 2)', async () => {
    const opts = { search: 'v={version}', replace: 'v={version}', scheme: 'semver' as const };
    const o = await iso.run('adapterEdit', 'pattern', 'v=1.0.0E\n', 'f', '2.0.0-rc.1', opts);
    assertAllowed(o, 'adjacent letter', { exitCodes: [2] });
    if (o.kind === 'ok') expect((o.value as { after: Occurrence[] }).after.map((x) => x.value)).toEqual(['2.0.0-rc.1']);
  });
});

describe('regression (BUG-12): U+2028 / U+2029 (or a lone CR) inside a setup.cfg value is an ordinary character', () => {
  // was: ini.ts OPTION uses "." and "$" (no s flag): they stop at U+2028/U+2029; configparser reads the file
  it('[x] k = a\\u2028b next to [bumpversion] current_version = 1.0.0 reads 1.0.0', async () => {
    const text = '[x]\nk = a\u2028b\n[bumpversion]\ncurrent_version = 1.0.0\n';
    expect(expectResult<Occurrence[]>(await iso.run('adapterRead', 'setup-cfg', text, 'setup.cfg'), 'u2028').map((o) => o.value)).toEqual(['1.0.0']);
  });
});

describe('regression (BUG-13): shipver.yaml accepts .nan and .inf as numbers', () => {
  // schema.ts 'number': NaN < min is false, so NaN passes; Infinity passes min too. A NaN or
  // huge deploy timeout makes setTimeout fire after 1 ms (the deploy is killed at once) and the
  // lock wait (elapsed > NaN) never ends.
  for (const [label, text] of [
    ['timeout: .nan', 'environments:\n  prod:\n    deploy: { command: [make], timeout: .nan }\n'],
    ['timeout: .inf', 'environments:\n  prod:\n    deploy: { command: [make], timeout: .inf }\n'],
    ['waitSeconds: .nan', 'deploy: { waitSeconds: .nan }\n'],
  ] as const) {
    it(`${label} is refused with its line`, () => {
      expect(() => parseConfig(text, { file: null, root: '/r' })).toThrow(/ at shipver\.yaml:\d+/);
    });
  }
});

describe('regression (BUG-14): release notes for a breaking commit whose type is an Object.prototype key', () => {
  // was: conventional-changelog-writer groups by section title in a plain object: groups["toString"]
  // is a function, so groups[key].push throws. renderNotes promises never to throw on a message;
  // `shipver changelog`, `tag` and `release` exit 70 on such a commit.
  it('renderNotes on "toString!: x", "constructor!: x", "__proto__!: x"', async () => {
    for (const message of ['toString!: x', 'constructor!: x', '__proto__!: x', 'valueOf: x\n\nBREAKING CHANGE: y']) {
      const n = expectResult<Notes>(await iso.run('renderNotes', [{ sha: 'a'.repeat(40), message }], NOTES_CTX), message);
      expect(n.markdown).toContain('BREAKING');
    }
  });
  it('a changelog section titled "constructor" (changelog.types in shipver.yaml)', async () => {
    const ctx = { ...NOTES_CTX, types: [{ type: 'feat', section: 'constructor', hidden: false }] };
    expectResult<Notes>(await iso.run('renderNotes', [{ sha: 'a'.repeat(40), message: 'feat: x' }], ctx), 'section constructor');
  });
});

describe('regression (BUG-15): setImageTag refuses an alias with no anchor as a usage error', () => {
  // was: manifest.ts verify(): toJS throws "Unresolved alias"; `shipver ops manifest` exits 70
  it('a usage error (exit 2), not a ReferenceError', async () => {
    const yaml = 'kind: Kustomization\nimages:\n  - name: app\nx: *a\n';
    const o = await iso.run('setImageTag', yaml, 'app', '2.0', {});
    expect(o.kind).toBe('error');
    assertAllowed(o, yaml, { exitCodes: [2] });
  });
});

describe('regression (BUG-16): a version file that is a directory crashes with EISDIR (exit 70)', () => {
  // release/version-files.ts workTreeReader: readFileSync on a directory throws a plain Error
  it('shipver version with versionFiles: [{ file: sub, search: ... }] and sub/ a directory: exit 2', () => {
    const dir = sb.repo('bug16', { 'shipver.yaml': 'projects:\n  - name: app\n    versionFiles:\n      - { file: sub, search: "v={version}" }\n', 'sub/x': '' }, null);
    const r = sb.shipver(dir, ['version']);
    expect(r.stderr).not.toContain('internal error');
    expect(r.code).toBe(2);
  });
});

describe('regression (BUG-17): detection reads a symlinked version file outside the repository and prints it', () => {
  // config/detect/read.ts readText follows symlinks (existsSync/statSync/readFileSync) before the
  // work-tree reader refuses them: a package.json → /etc/passwd-like file is parsed, and the
  // JSON error shows its first bytes ("root:x:0:0"...) instead of E_PATH_OUTSIDE_REPO.
  it('shipver version refuses with E_PATH_OUTSIDE_REPO and shows nothing of the target', () => {
    const secret = sb.path('bug17-secret.txt');
    writeFileSync(secret, 'root:x:0:0:root:/root:/bin/bash\n');
    const dir = sb.path('bug17');
    mkdirSync(dir, { recursive: true });
    sb.git(dir, 'init', '-q');
    symlinkSync(secret, path.join(dir, 'package.json'));
    const r = sb.shipver(dir, ['version']);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain('root:x');
    expect(r.stderr).toContain('E_PATH_OUTSIDE_REPO');
  });
});

describe('regression (BUG-19): a pre-release id named like an Object.prototype key, written as PEP 440', () => {
  // was: version/scheme.ts looked the id up in an object literal: 17.19.2-valueOf.16 became
  // "17.19.2function valueOf() { [native code] }16" in a Python version file
  it('1.2.3-valueOf.1, -constructor.1, -toString.1, -hasOwnProperty.1: refused (exit 2)', () => {
    for (const v of ['1.2.3-valueOf.1', '1.2.3-constructor.1', '1.2.3-toString.1', '1.2.3-hasOwnProperty.1']) {
      const err = shipverError(() => fromSemver(v, 'pep440'), 'E_VERSION_UNMAPPABLE', 2);
      expect(err.message, v).toMatch(/PEP 440 cannot express/);
    }
    expect(fromSemver('1.2.3-rc.1', 'pep440')).toBe('1.2.3rc1');
  });
});
