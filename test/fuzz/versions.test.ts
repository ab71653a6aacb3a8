// Fuzz: version strings (semver and PEP 440 round trips) and every version-file adapter.
// test/version/*.test.ts already checks mappable versions and ASCII surroundings; this adds
// arbitrary semver / PEP 440 spellings, arbitrary file text, unicode and control characters
// around the version, package-lock.json, several occurrences, and random pattern templates.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fuzzSuite, fuzzParams, okValue, assertAllowed, type Outcome } from './harness.js';
import { knownBugFor } from './known-bugs.js';
import { anyText, fileNoise, fileText, mappable, pep440ish, semverVersion, trickyLine, trickyText, versionish } from './gen.js';
import { isValidSemver } from '../../src/version/scheme.js';
import type { Occurrence } from '../../src/version/files/types.js';
import type { PatternOptions } from '../../src/version/files/pattern.js';

const { iso, tally } = fuzzSuite('versions');

/** A result, or a usage error (exit 2); with `code`, an error must carry that code. */
function expectVersionError(o: Outcome, input: unknown, code?: string): void {
  assertAllowed(o, input, { exitCodes: [2] });
  if (code && o.kind === 'error') expect(o.error.code).toBe(code);
}

describe('version strings', () => {
  it('semver: parse → write → parse gives the same version, for any valid semver', async () => {
    await fc.assert(
      fc.asyncProperty(semverVersion, fc.boolean(), async (v, withV) => {
        tally.add('semver round trip');
        const raw = withV ? `v${v}` : v;
        const r = okValue<{ first: string; written: string; second: string }>(await iso.run('versionRoundTrip', raw, 'semver'), raw);
        expect(r.first).toBe(v);
        expect(r.written).toBe(v);
        expect(r.second).toBe(v);
      }),
      fuzzParams(300, 3000),
    );
  });

  it('semver → PEP 440 → semver: the same version, or a clear refusal (exit 2) for what PEP 440 cannot hold', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(semverVersion, mappable), async (v) => {
        tally.add('semver → pep440 → semver');
        const o = await iso.run('fromSemver', v, 'pep440');
        if (o.kind === 'error') return expectVersionError(o, v, 'E_VERSION_UNMAPPABLE');
        const pep = okValue<string>(o, v);
        expect(pep).toMatch(/^\d+\.\d+\.\d+((a|b|rc)\d+|\.dev\d+)?$/);
        expect(okValue<string>(await iso.run('toSemver', pep, 'pep440'), pep)).toBe(v);
      }),
      fuzzParams(300, 3000),
    );
  });

  it('PEP 440: any spelling reads as semver or is refused; parse → write → parse is stable', async () => {
    await fc.assert(
      fc.asyncProperty(pep440ish, async (raw) => {
        tally.add('pep440 round trip');
        const o = await iso.run('versionRoundTrip', raw, 'pep440');
        if (o.kind === 'error') return expectVersionError(o, raw, 'E_VERSION_UNMAPPABLE');
        const r = okValue<{ first: string; written: string; second: string }>(o, raw);
        expect(isValidSemver(r.first)).toBe(true);
        expect(r.second).toBe(r.first);
        // the written form is canonical: writing it again changes nothing
        expect(okValue<string>(await iso.run('fromSemver', r.second, 'pep440'), r.second)).toBe(r.written);
      }),
      fuzzParams(400, 3000),
    );
  });

  it('arbitrary strings give a valid semver or a ShipverError (exit 2), in both schemes', async () => {
    await fc.assert(
      fc.asyncProperty(versionish, fc.constantFrom('semver' as const, 'pep440' as const), async (raw, scheme) => {
        tally.add('toSemver / fromSemver on arbitrary strings');
        const o = await iso.run('toSemver', raw, scheme);
        expectVersionError(o, { raw, scheme });
        if (o.kind === 'ok') expect(isValidSemver(o.value as string)).toBe(true);
        const w = await iso.run('fromSemver', raw, scheme);
        expectVersionError(w, { raw, scheme });
        if (w.kind === 'ok' && scheme === 'semver') expect(w.value).toBe(raw);
      }),
      fuzzParams(400, 3000),
    );
  });
});

// ---------------------------------------------------------------------------------------
// adapters

type Edit = { before: Occurrence[]; out: string; after: Occurrence[] };

function checkOccurrences(text: string, occ: Occurrence[]): void {
  let last = -1;
  for (const o of [...occ].sort((a, b) => a.start - b.start)) {
    expect(o.start).toBeGreaterThanOrEqual(0);
    expect(o.end).toBeGreaterThanOrEqual(o.start);
    expect(o.end).toBeLessThanOrEqual(text.length);
    expect(o.start).toBeGreaterThanOrEqual(last); // no overlap
    last = o.end;
    expect(typeof o.key).toBe('string');
  }
}

/** The write changed exactly the occurrences: out = text with each [start, end) replaced by value. */
function checkCleanEdit(text: string, e: Edit, value: string): void {
  checkOccurrences(text, e.before);
  let expected = '';
  let pos = 0;
  for (const o of [...e.before].sort((a, b) => a.start - b.start)) {
    expected += text.slice(pos, o.start) + value;
    pos = o.end;
  }
  expected += text.slice(pos);
  expect(e.out).toBe(expected);
  expect(e.after.map((o) => o.value)).toEqual(e.before.map(() => value));
}

const ADAPTER_IDS = ['package-json', 'package-lock', 'python-module', 'setup-cfg', 'pyproject', 'plain'] as const;
const FILE_OF: Record<string, string> = {
  'package-json': 'package.json',
  'package-lock': 'package-lock.json',
  'python-module': 'pkg/version.py',
  'setup-cfg': 'setup.cfg',
  pyproject: 'pyproject.toml',
  plain: 'VERSION',
  pattern: 'Chart.yaml',
};

/** A version in the file's own scheme (PEP 440 for the Python files). */
const fileVersion = (id: string) =>
  mappable.map((v) => {
    if (!['python-module', 'setup-cfg', 'pyproject'].includes(id)) return v;
    const m = /^(\d+\.\d+\.\d+)(?:-(alpha|beta|rc|dev)\.(\d+))?$/.exec(v)!;
    return m[2] ? `${m[1]}${m[2] === 'dev' ? '.dev' : { alpha: 'a', beta: 'b', rc: 'rc' }[m[2]]}${m[3]}` : m[1]!;
  });

const nl = fc.constantFrom('\n', '\r\n');
/** a line of noise; one in ten keeps a lone CR / U+2028 / U+2029 (see BUG-12), the rest do not */
const lineNoise = (n: number) => fc.tuple(trickyLine(n), fc.nat(9)).map(([l, k]) => (k === 0 ? l : l.replace(/[\r\u2028\u2029]/g, ' ')));
const bom = fc.constantFrom('', '', '\ufeff');
/** a JSON string value with unicode, escapes and control characters (JSON.stringify escapes them) */
const jsonString = fc.oneof(anyText(12), trickyText(12), fc.constantFrom('version', '1.0.0', '"', '\\', '\u2028'));
const jsonLeaf = fc.oneof(jsonString, fc.integer(), fc.boolean(), fc.constant(null), fc.double({ noNaN: true, noDefaultInfinity: true }));
const jsonish: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof({ depthSize: 'small', withCrossShrink: true }, jsonLeaf, fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(jsonString, tie('v'), { maxKeys: 3 })),
})).v;

/** A JSON document with "version" at the given paths, random keys and values around it, random layout. */
function jsonDoc(versionPaths: string[][], v: fc.Arbitrary<string>) {
  return fc
    .tuple(fc.dictionary(jsonString.filter((k) => k !== 'version' && k !== 'packages'), jsonish, { maxKeys: 6 }), v, fc.constantFrom(0, 1, 2, 4, '\t', ' \u00a0'), nl, bom, fc.constantFrom('', '\n', '\r\n', '  ', '\n\n'), fc.boolean())
    .map(([extra, version, indent, eol, b, trail, escapeKey]) => {
      const doc: Record<string, unknown> = { ...extra };
      for (const p of versionPaths) {
        let node = doc;
        for (const k of p.slice(0, -1)) node = (node[k] ??= { noise: extra }) as Record<string, unknown>;
        node[p.at(-1)!] = version;
      }
      let text = JSON.stringify(doc, null, typeof indent === 'string' && indent.includes('\u00a0') ? 2 : indent);
      if (escapeKey) text = text.replace('"version"', '"vers\\u0069on"'); // the same key to JSON.parse
      if (eol === '\r\n') text = text.replace(/\n/g, '\r\n');
      return { text: b + text + trail, version };
    });
}

const pyNoise = fc.oneof(
  lineNoise(30).map((l) => [`# ${l}`]),
  fc.constantFrom(['import os'], ['"""doc"""'], ['"""', '__version__ = "0.0.0"', 'text', '"""'], ["'''", "x'''"], [`x = "__version__ = '0'"`], ['    __version__ = "0.0.0"'], ['def f():', '    return 1'], ['']),
  fc.string({ unit: 'grapheme-ascii', maxLength: 20 }).map((s) => [`s = ${JSON.stringify(s)}`]),
);
const pythonDoc = fc
  .tuple(
    fc.array(pyNoise, { maxLength: 6 }),
    fileVersion('python-module'),
    fc.constantFrom("__version__ = '%'", '__version__ = "%"', "__version__: str = '%'", '__version__="%"  # pinned', "__version__ = u'%'", '__version__ : Final[str] = "%"', '__version__ = "%"  # é 🚀'),
    fc.array(pyNoise, { maxLength: 4 }),
    nl,
    bom,
  )
  .map(([before, version, line, after, eol, b]) => ({ text: b + [...before.flat(), line.replace('%', version), ...after.flat()].join(eol) + eol, version }));

const iniValue = lineNoise(25).map((s) => s.replace(/^[\s[;#]+/, '').trim());
const iniSection = fc
  .tuple(fc.stringMatching(/^[a-z][a-z0-9_.:]{0,10}$/).filter((n) => n !== 'bumpversion' && n !== 'metadata'), fc.array(fc.oneof(fc.tuple(fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/), fc.constantFrom(' = ', '=', ': '), iniValue).map(([k, d, v]) => `${k}${d}${v}`), lineNoise(20).map((l) => `# ${l}`), lineNoise(20).map((l) => `; ${l}`), fc.constant('')), { maxLength: 4 }))
  .map(([n, es]) => [`[${n}]`, ...es]);
const setupCfgDoc = fc
  .tuple(fc.array(iniSection, { maxLength: 3 }), fileVersion('setup-cfg'), fc.constantFrom('bumpversion', 'metadata'), fc.constantFrom(' = ', '=', ': ', ' :\t'), fc.constantFrom('', '  # note', ' ; é', '\t# 🚀'), fc.array(iniSection, { maxLength: 3 }), nl, bom)
  .map(([before, version, section, delim, comment, after, eol, b]) => ({
    text: b + [...before.flat(), `[${section}]`, `${section === 'metadata' ? 'version' : 'current_version'}${delim}${version}${comment}`, ...after.flat()].join(eol) + eol,
    version,
  }));

const tomlString = lineNoise(20).map((s) => s.replace(/["\\\r\u0000-\u001f\u007f]/g, ''));
const pyprojectDoc = fc
  .tuple(
    fc.array(fc.tuple(fc.stringMatching(/^[a-z][a-z0-9_-]{0,8}$/), fc.array(fc.tuple(fc.stringMatching(/^[a-z][a-z0-9_-]{0,8}$/), tomlString), { maxLength: 3 })), { maxLength: 3 }),
    fileVersion('pyproject'),
    fc.constantFrom('[project]', '[tool.poetry]', '[tool.bumpversion]', '[ project ]', '["project"]'),
    fc.constantFrom('"', "'"),
    fc.constantFrom('', ' # é 🚀', '\t#'),
    nl,
    bom,
  )
  .map(([tables, version, table, q, comment, eol, b]) => {
    const key = table.includes('bumpversion') ? 'current_version' : 'version';
    const other = tables
      .filter(([n], i, all) => all.findIndex(([m]) => m === n) === i)
      .map(([n, es]) => [`[other.${n}]`, ...es.filter(([k], i, all) => all.findIndex(([m]) => m === k) === i).map(([k, v]) => `${k} = "${v}"`)].join(eol));
    return { text: b + [...other, table, `${key} = ${q}${version}${q}${comment}`, 'name = "x"'].join(eol) + eol, version };
  });

const plainDoc = fc
  .tuple(fc.constantFrom('', ' ', '\n', '\r\n', '\t', '  \n\n'), fc.constantFrom('', 'v', 'V'), mappable, fc.constantFrom('', '\n', '\r\n', ' \n', '\n\n'), bom)
  .map(([pre, v, version, post, b]) => ({ text: `${b}${pre}${v}${version}${post}`, version }));

const DOCS: Record<string, fc.Arbitrary<{ text: string; version: string }>> = {
  'package-json': jsonDoc([['version']], mappable),
  'package-lock': fc.oneof(jsonDoc([['version'], ['packages', '', 'version']], mappable), jsonDoc([['version']], mappable)),
  'python-module': pythonDoc,
  'setup-cfg': setupCfgDoc,
  pyproject: pyprojectDoc,
  plain: plainDoc,
};

/** Random input for an adapter: noise, format-shaped text with noise spliced in, or a valid doc. */
function arbitraryInput(id: string): fc.Arbitrary<string> {
  return fc.oneof(
    fileText,
    anyText(200),
    fc.tuple(DOCS[id]!, fc.nat(), fileNoise).map(([d, at, noise]) => {
      const i = at % (d.text.length + 1);
      return d.text.slice(0, i) + noise + d.text.slice(i);
    }),
    fc.tuple(DOCS[id]!, fc.nat(), fc.nat(5)).map(([d, at, n]) => {
      const i = at % (d.text.length + 1);
      return d.text.slice(0, i) + d.text.slice(i + n); // a few characters cut out
    }),
    // long whitespace runs and big files: what a backtracking regex chokes on
    fc.tuple(fc.constantFrom('__version__:', '__version__ :', '__version__ = ', 'k', '[a]\nk', '[a]\nk = x', '[project]\nversion =', 'version = "1', '{"version":', ''), fc.integer({ min: 100, max: 60_000 }), fc.constantFrom(' ', '\t', ' \t', '\u00a0'), fc.constantFrom('', 'x', '= "1.0.0"', ':', '"1.0.0"}'))
      .map(([a, n, w, b]) => a + w.repeat(n).slice(0, n) + b),
    fc.tuple(DOCS[id]!, fc.integer({ min: 1, max: 20_000 }), fc.constantFrom('# filler line é\n', '\n', 'x = 1\n', ' ')).map(([d, n, filler]) => (id.startsWith('package') ? d.text.replace('{', `{"filler": "${'x'.repeat(n * 10)}",`) : filler.repeat(n) + d.text + filler.repeat(n))),
    fc.constantFrom('', '\ufeff', '{}', '[]', 'null', '{"version": 1}', '{"version": "1.0.0", "version": "2.0.0"}', '{"a":' + '['.repeat(3000) + ']'.repeat(3000) + '}', '__version__ = "1.0.0" # x', '[metadata]\nversion = attr: x.__version__', '[project]\ndynamic = ["version"]', 'v', '1.0.0 1.0.0'),
  );
}

describe('version-file adapters', () => {
  for (const id of ADAPTER_IDS) {
    it(`${id}: arbitrary text gives occurrences that point at their value, or a ShipverError (exit 2)`, async () => {
      await fc.assert(
        fc.asyncProperty(arbitraryInput(id), async (text) => {
          if (knownBugFor(id, text)) return;
          tally.add(`${id}: arbitrary text`);
          const o = await iso.run('adapterRead', id, text, FILE_OF[id]!);
          expectVersionError(o, text);
          if (o.kind === 'error') {
            expect(o.error.message).toContain(FILE_OF[id]!); // the error names the file
            return;
          }
          const occ = okValue<Occurrence[]>(o, text);
          checkOccurrences(text, occ);
          // the span holds the value as written (JSON files: its escaped spelling)
          for (const x of occ) expect(id.startsWith('package') ? JSON.parse(`"${text.slice(x.start, x.end)}"`) : text.slice(x.start, x.end)).toBe(x.value);
        }),
        fuzzParams(250, 3000),
      );
    }, 30_000);

    it(`${id}: read → write keeps every byte around the version (unicode, CRLF, BOM, comments)`, async () => {
      await fc.assert(
        fc.asyncProperty(DOCS[id]!, fileVersion(id), async ({ text, version }, next) => {
          if (knownBugFor(id, text) || knownBugFor(`${id} layout`, text)) return;
          tally.add(`${id}: read → write`);
          const e = okValue<Edit>(await iso.run('adapterEdit', id, text, FILE_OF[id]!, next), { text, next });
          expect(e.before.length).toBeGreaterThan(0);
          for (const o of e.before) expect(o.value).toBe(version);
          checkCleanEdit(text, e, next);
        }),
        fuzzParams(200, 3000),
      );
    }, 30_000);
  }

  it('any text where an adapter finds versions: write replaces exactly those spans', async () => {
    // a valid doc with noise spliced in a few times: whatever still reads must still write cleanly
    const mutated = fc
      .constantFrom(...ADAPTER_IDS)
      .chain((id) => fc.tuple(fc.constant(id), DOCS[id]!, fc.array(fc.tuple(fc.nat(), fileNoise), { maxLength: 3 })))
      .map(([id, doc, noise]) => {
        let text = doc.text;
        for (const [at, n] of noise) {
          const i = at % (text.length + 1);
          text = text.slice(0, i) + n + text.slice(i);
        }
        return { id, text };
      });
    await fc.assert(
      fc.asyncProperty(mutated, async ({ id, text }) => {
        if (knownBugFor(id, text)) return;
        tally.add('mutated docs: write after read');
        const o = await iso.run('adapterEdit', id, text, FILE_OF[id]!, '9.8.7');
        expectVersionError(o, text);
        if (o.kind === 'ok') checkCleanEdit(text, o.value as Edit, '9.8.7');
      }),
      fuzzParams(300, 4000),
    );
  }, 30_000);
});

describe('pattern adapter (patternAdapter)', () => {
  const literal = fc.oneof(trickyText(12), fc.constantFrom('appVersion: "', '"', 'LABEL version=', '\n', '\r\n', 'v', '.', '(', ')', '*', '+', '?', '$', '^', '|', '\\', '{{', '}}', ' '));
  const template = fc
    .tuple(fc.array(literal, { maxLength: 3 }), fc.constantFrom('{version}', '{current_version}'), fc.array(literal, { maxLength: 3 }))
    .map(([a, ph, b]) => a.join('') + ph + b.join(''))
    .filter((t) => !/\{(?!\{)[^}]*$/.test(t.replace(/\{\{|\}\}/g, '')));
  const anyTemplate = fc.oneof(template, trickyText(20), fc.constantFrom('{version', 'version}', '{}', '{x}', '{{version}}', '{version}{version}', '{new_version}', ''));

  it('patternAdapter: any search/replace template gives an adapter or a ShipverError (exit 2)', async () => {
    await fc.assert(
      fc.asyncProperty(anyTemplate, anyTemplate, fc.constantFrom('semver' as const, 'pep440' as const), async (search, replace, scheme) => {
        tally.add('patternAdapter templates');
        const o = await iso.run('patternAdapter', { search, replace, scheme });
        expectVersionError(o, { search, replace });
      }),
      fuzzParams(300, 3000),
    );
  });

  it('pattern read on arbitrary text: occurrences or a ShipverError; search == replace keeps every other byte', async () => {
    await fc.assert(
      fc.asyncProperty(
        template,
        fc.constantFrom('semver' as const, 'pep440' as const),
        fc.array(fc.oneof(fileNoise, fc.constant('@')), { maxLength: 8 }),
        mappable,
        fc.array(fc.constantFrom('\n', '\r\n'), { minLength: 1, maxLength: 4 }),
        async (search, scheme, parts, version, eols) => {
          const opts: PatternOptions = { search, replace: search, scheme };
          const pep = scheme === 'pep440' ? okValue<string>(await iso.run('fromSemver', version, 'pep440'), version) : version;
          // "@" marks where the searched text goes; each of its line ends is LF or CRLF
          let k = 0;
          const hit = search.replace(/\{\{/g, '{').replace(/\}\}/g, '}').replace(/\{(current_)?version\}/g, pep).replace(/\r?\n/g, () => eols[k++ % eols.length]!);
          const text = parts.map((p) => (p === '@' ? hit : p)).join('');
          // a version written right before a letter or digit reads back longer ("1.0.0-rc.1" + "E")
          const tail = hit.slice(hit.lastIndexOf(pep) + pep.length);
          const adjacent = parts.some((q, i) => q === '@' && /^[0-9A-Za-z._+-]/.test(tail + (parts[i + 1] === '@' ? hit : (parts[i + 1] ?? ''))));
          if (knownBugFor('pattern', { search, text, adjacent })) return;
          const o = await iso.run('adapterRead', 'pattern', text, 'Chart.yaml', opts);
          if (o.kind === 'error' && o.error.code === 'E_VERSION_PATTERN') return; // template refused
          tally.add('pattern read/write');
          expectVersionError(o, { text, opts });
          if (o.kind !== 'ok' || !(o.value as Occurrence[]).length) return;
          const next = scheme === 'pep440' ? '9.8.7rc1' : '9.8.7-rc.1';
          const e = await iso.run('adapterEdit', 'pattern', text, 'Chart.yaml', next, opts);
          checkCleanEdit(text, okValue<Edit>(e, { text, opts }), next);
        },
      ),
      fuzzParams(300, 4000),
    );
  }, 30_000);
});

