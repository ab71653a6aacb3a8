import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'smol-toml';
import { pyproject, pyprojectDynamicVersion } from '../../src/version/files/pyproject.js';
import { fromSemver } from '../../src/version/scheme.js';
import { assemble, eol, expectCleanEdit, mappableSemver, shipverError } from './helpers.js';

const FULL = `# Hub
[build-system]
requires = ["poetry-core>=1.0"]

[project]
name = "hub"
description = """
[tool.poetry]
version = "9.9.9" is text in a multi-line string
"""
version = "1.2.0"   # the release
classifiers = [
  [1, 2],
  "version = 9",
]
authors = [{ name = "ops", email = "ops@example.org" }]

[tool.poetry]
name = 'hub'
version = '1.2.0'

[tool.poetry.dependencies]
python = "^3.10"
version = "9.9.9"

[[tool.poetry.source]]
name = "internal"
version = "9.9.9"

[tool.bumpversion]
current_version = "1.2.0"
`;

describe('pyproject.toml', () => {
  it('[project], [tool.poetry] and [tool.bumpversion] change; nothing else does', () => {
    expect(pyproject.read(FULL, 'pyproject.toml').map((o) => [o.key, o.value])).toEqual([
      ['[project] version', '1.2.0'],
      ['[tool.poetry] version', '1.2.0'],
      ['[tool.bumpversion] current_version', '1.2.0'],
    ]);
    const after = FULL.replace('version = "1.2.0"   #', 'version = "1.3.0b1"   #')
      .replace("version = '1.2.0'", "version = '1.3.0b1'")
      .replace('current_version = "1.2.0"', 'current_version = "1.3.0b1"');
    expect(pyproject.write(FULL, '1.3.0b1', 'pyproject.toml')).toBe(after);
  });

  it('CRLF, BOM, spaced and quoted table names, dotted keys, no trailing newline', () => {
    const before = '\ufeff[ "tool" . poetry ]\r\nname="x"\r\nversion="0.1.0"';
    expect(pyproject.write(before, '0.2.0', 'pyproject.toml')).toBe('\ufeff[ "tool" . poetry ]\r\nname="x"\r\nversion="0.2.0"');
    const dotted = 'project.name = "x"\nproject.version = "0.1.0"\n';
    expect(pyproject.write(dotted, '0.2.0', 'pyproject.toml')).toBe('project.name = "x"\nproject.version = "0.2.0"\n');
  });

  it('a dynamic version is reported, not read or written', () => {
    const text = '[project]\nname = "hub"\ndynamic = ["version"]\n\n[tool.setuptools.dynamic]\nversion = { attr = "hub.__version__" }\n';
    expect(pyprojectDynamicVersion(text)).toBe(true);
    expect(pyproject.read(text, 'pyproject.toml')).toEqual([]);
    shipverError(() => pyproject.write(text, '1.0.0', 'pyproject.toml'), 'E_VERSION_FILE_NO_VERSION');
    expect(pyprojectDynamicVersion('[project]\nversion = "1.0"\ndynamic = ["readme"]\n')).toBe(false);
    expect(pyprojectDynamicVersion('')).toBe(false);
  });

  it('a literal poetry version next to a dynamic [project] version is still read', () => {
    const text = '[project]\ndynamic = ["version"]\n[tool.poetry]\nversion = "0.0.0"\n';
    expect(pyproject.read(text, 'pyproject.toml').map((o) => o.key)).toEqual(['[tool.poetry] version']);
  });

  it('valid TOML that cannot be edited in place is refused, not guessed', () => {
    for (const text of ['project = { name = "x", version = "1.0" }\n', '[project]\nversion = """1.0"""\n', '[project]\nversion = "1.\\u0030"\n']) {
      expect(shipverError(() => pyproject.read(text, 'pyproject.toml'), 'E_VERSION_FILE_LAYOUT').message).toContain('[project] version');
    }
  });

  it('invalid TOML and non-string versions are malformed (exit 2)', () => {
    expect(shipverError(() => pyproject.read('[project\nversion = "1"', 'api/pyproject.toml'), 'E_VERSION_FILE_MALFORMED').message).toMatch(/^api\/pyproject\.toml: is not valid TOML/);
    shipverError(() => pyproject.read('[project]\nversion = 1\n', 'pyproject.toml'), 'E_VERSION_FILE_MALFORMED');
  });

  it('property: random tables, strings, arrays and comments around the version are kept', () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9_-]{0,8}$/).filter((n) => !['project', 'tool', 'version', 'name'].includes(n));
    const text = fc.string({ maxLength: 20 }).map((s) => s.replace(/["\\\r\n]/g, ''));
    const render = ([k, kind, v]: [string, number, string]): string[] =>
      [
        [`${k} = ${v.length}`],
        [`${k} = "${v}"  # ${v}`],
        [`# ${v}`, `${k} = """`, `[project]`, `version = "${v}"`, '"""'],
        [`${k} = [`, '  [1, 2],', `  "${v}",`, ']', ''],
      ][kind]!;
    // Unique key names per table keep the generated TOML valid.
    const entries = fc.uniqueArray(fc.tuple(name, fc.nat(3), text), { selector: ([k]) => k, maxLength: 4 }).map((es) => es.map(render));
    const table = fc.tuple(name, entries).map(([n, es]) => [`[other.${n}]`, ...es.flat()]);
    fc.assert(
      fc.property(
        fc.uniqueArray(table, { selector: (t) => t[0], maxLength: 2 }), entries, fc.constantFrom('"', "'"), fc.constantFrom(' = ', '=', '\t=  '), eol, fc.boolean(), fc.boolean(), mappableSemver, mappableSemver,
        (before, inside, q, eq, nl, bom, trailing, a, b) => {
          const [v1, v2] = [fromSemver(a, 'pep440'), fromSemver(b, 'pep440')];
          const ls = [...before.flat(), '[project]', 'name = "hub"', ...inside.flat(), `version${eq}${q}${v1}${q}`, '[tool.other]', 'version = "0.0.0"'];
          const doc = assemble(ls, nl, bom, trailing);
          parse(doc.replace(/^\ufeff/, '')); // the generator makes valid TOML
          expectCleanEdit(pyproject, 'pyproject.toml', doc, v1, v2);
        },
      ),
    );
  });
});
