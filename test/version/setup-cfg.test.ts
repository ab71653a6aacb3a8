import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { setupCfg, setupCfgIndirectVersions } from '../../src/version/files/setup-cfg.js';
import { fromSemver } from '../../src/version/scheme.js';
import { assemble, eol, expectCleanEdit, lineText, mappableSemver, shipverError } from './helpers.js';

const HUB = `[metadata]
name = hub
version = 0.0.1
description = The hub: version = 9.9.9 is not ours
\tkeep this tab

[options]
install_requires =
\tdjango>=4.2
\trequests
python_requires = >=3.10

; a comment: current_version = 9.9.9
[bumpversion]
current_version: 0.0.1
commit = False
tag = False

[bumpversion:file:hub/version.py]

[bumpversion:file:setup.cfg]
search = version = {current_version}
replace = version = {new_version}
`;

describe('setup.cfg / .bumpversion.cfg', () => {
  it('both keys change, everything else is kept byte for byte', () => {
    expect(setupCfg.read(HUB, 'setup.cfg').map((o) => [o.key, o.value])).toEqual([
      ['[metadata] version', '0.0.1'],
      ['[bumpversion] current_version', '0.0.1'],
    ]);
    const after = HUB.replace('version = 0.0.1', 'version = 0.1.0rc1').replace('current_version: 0.0.1', 'current_version: 0.1.0rc1');
    expect(setupCfg.write(HUB, '0.1.0rc1', 'setup.cfg')).toBe(after);
  });

  it('CRLF, BOM, inline comment, no trailing newline', () => {
    const before = '\ufeff[bumpversion]\r\ncurrent_version = 1.2.3   # bumped by CI\r\ncommit = True';
    expect(setupCfg.write(before, '1.3.0', '.bumpversion.cfg')).toBe('\ufeff[bumpversion]\r\ncurrent_version = 1.3.0   # bumped by CI\r\ncommit = True');
  });

  it('keys are case-insensitive, as configparser reads them', () => {
    expect(setupCfg.write('[metadata]\nVersion=1.0\n', '1.1.0', 'setup.cfg')).toBe('[metadata]\nVersion=1.1.0\n');
  });

  it('[metadata] version = attr: / file: is not a version this file holds', () => {
    const text = '[metadata]\nname = hub\nversion = attr: hub.__version__\n';
    expect(setupCfg.read(text, 'setup.cfg')).toEqual([]);
    expect(setupCfgIndirectVersions(text, 'setup.cfg')).toEqual(['attr: hub.__version__']);
    const both = '[metadata]\nversion = file: VERSION\n\n[bumpversion]\ncurrent_version = 2.0.0\n';
    expect(setupCfg.read(both, 'setup.cfg').map((o) => o.key)).toEqual(['[bumpversion] current_version']);
    shipverError(() => setupCfg.write(text, '1.0.0', 'setup.cfg'), 'E_VERSION_FILE_NO_VERSION');
  });

  it('a version spread over lines cannot be edited in place', () => {
    shipverError(() => setupCfg.read('[metadata]\nversion =\n    1.0.0\n', 'setup.cfg'), 'E_VERSION_FILE_LAYOUT');
  });

  it('malformed INI names the file and line (exit 2)', () => {
    const err = shipverError(() => setupCfg.read('[metadata]\nname = hub\nthis line is junk\n', 'setup.cfg'), 'E_VERSION_FILE_MALFORMED');
    expect(err.message).toBe('setup.cfg: line 3 is neither a [section], a key = value nor a comment.');
    shipverError(() => setupCfg.read('version = 1.0.0\n[metadata]\n', 'setup.cfg'), 'E_VERSION_FILE_MALFORMED');
  });

  it('matches setup.cfg and .bumpversion.cfg', () => {
    expect(['setup.cfg', 'hub/.bumpversion.cfg', 'tox.ini'].map(setupCfg.matches)).toEqual([true, true, false]);
  });

  it('property: random sections, keys and comments around current_version are kept', () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9_.]{0,8}$/).filter((n) => n !== 'bumpversion' && n !== 'metadata');
    const key = fc.stringMatching(/^[a-z][a-z0-9_]{0,10}$/).filter((k) => k !== 'current_version' && k !== 'version');
    const entry = fc.oneof(
      fc.tuple(key, fc.constantFrom(' = ', '=', ': ', ' : '), lineText).map(([k, d, v]) => `${k}${d}${v.trim()}`),
      lineText.map((s) => `# ${s}`),
      lineText.map((s) => `; ${s}`),
      fc.constant(''),
    );
    const section = fc.tuple(name, fc.array(entry, { maxLength: 4 })).map(([n, es]) => [`[${n}]`, ...es]);
    fc.assert(
      fc.property(
        fc.array(section, { maxLength: 3 }), fc.array(entry, { maxLength: 3 }), fc.array(section, { maxLength: 3 }),
        fc.constantFrom(' = ', '=', ': ', ' :\t'), fc.constantFrom('', '  # note', ' ; note'), eol, fc.boolean(), fc.boolean(), mappableSemver, mappableSemver,
        (before, inside, after, delim, comment, nl, bom, trailing, a, b) => {
          const [v1, v2] = [fromSemver(a, 'pep440'), fromSemver(b, 'pep440')];
          const ls = [...before.flat(), '[bumpversion]', ...inside, `current_version${delim}${v1}${comment}`, ...after.flat()];
          expectCleanEdit(setupCfg, 'setup.cfg', assemble(ls, nl, bom, trailing), v1, v2);
        },
      ),
    );
  });

  it('regression: long whitespace runs read in linear time', () => {
    // the answer only; the time limit on such input is found-bugs BUG-5's (a fuzz worker it stops)
    expect(setupCfg.read(`[bumpversion]\ncurrent_version = 1.0.0\n[x]\nk = a${' '.repeat(200_000)}b\n`, 'setup.cfg').map((o) => o.value)).toEqual(['1.0.0']);
    expect(setupCfg.read(`[metadata]\nversion = 1.0.0${' '.repeat(200_000)}# note\n`, 'setup.cfg').map((o) => o.value)).toEqual(['1.0.0']);
    expect(setupCfg.read(`[metadata]\nversion${' '.repeat(200_000)}= 1.0.0\n`, 'setup.cfg').map((o) => o.value)).toEqual(['1.0.0']);
  });

  it('regression: U+2028, U+2029 and a lone CR are characters of the line, not line ends', () => {
    const text = '[x\u2028y]\nk = a\u2028b\nj = a\rb\n# c\u2029d\n[bumpversion]\ncurrent_version = 1.0.0 ;\u2028x\n';
    expect(setupCfg.read(text, 'setup.cfg').map((o) => o.value)).toEqual(['1.0.0']);
    expect(setupCfg.write(text, '1.1.0', 'setup.cfg')).toBe(text.replace('1.0.0', '1.1.0'));
  });

  it('regression: key and value split at the first = or :, inline comment at the first spaced # or ;', () => {
    const read = (line: string) => setupCfg.read(`[metadata]\n${line}\n`, 'setup.cfg').map((o) => o.value);
    expect(read('version: 1.0.0')).toEqual(['1.0.0']);
    expect(read('version=1.0.0#x')).toEqual(['1.0.0#x']);
    expect(read('version = 1.0.0 ;a # b')).toEqual(['1.0.0']);
    expect(read('version = 1.0.0\t# a ; b')).toEqual(['1.0.0']);
    expect(read('version :: 1.0.0')).toEqual([': 1.0.0']);
    expect(read('version x = 1.0.0')).toEqual([]);
    shipverError(() => setupCfg.read('[metadata]\n= 1.0.0\n', 'setup.cfg'), 'E_VERSION_FILE_MALFORMED');
  });
});
