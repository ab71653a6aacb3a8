// Generators shared by the fuzz tests: hostile-looking text of every kind.
import fc from 'fast-check';

/** Any code points, including lone surrogates' neighbours, control characters and NUL. */
export const anyText = (maxLength = 40) => fc.string({ unit: 'binary', maxLength });

/** Mostly ASCII, with the characters parsers trip over mixed in. */
export const trickyChar = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.constantFrom('\0', '\r', '\n', '\t', '\v', '\f', '\x1b', '\x7f', '\u0085', '\u00a0', '\u2028', '\u2029', '\ufeff', '\u200b') },
  { weight: 2, arbitrary: fc.constantFrom('#', '!', ':', '(', ')', '"', "'", '`', '$', ';', '|', '&', '\\', '{', '}', '[', ']', '*', '@', '%', '=', '-', '.', '/') },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.constantFrom('é', 'ß', '日本', '🚀', '👩‍👩‍👧', 'Ω', 'İ', 'ﬁ', '\ud800', '\udfff') },
);

export const trickyText = (maxLength = 40) => fc.array(trickyChar, { maxLength }).map((a) => a.join(''));

/** A line (no \n) of tricky text. */
export const trickyLine = (maxLength = 40) => trickyText(maxLength).map((s) => s.replace(/\n/g, ' '));

/** Line ends as they come: LF, CRLF, a bare CR, or a mix. */
export const lineEnd = fc.constantFrom('\n', '\n', '\r\n', '\r');

export function joinLines(lines: string[], ends: string[]): string {
  return lines.map((l, i) => l + (i < lines.length - 1 ? (ends[i % Math.max(1, ends.length)] ?? '\n') : '')).join('');
}

/** Commit types: the usual, odd spellings, words that are Object.prototype keys, and noise. */
export const commitType = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('feat', 'fix', 'perf', 'chore', 'docs', 'refactor', 'test', 'build', 'ci', 'style', 'revert', 'feature') },
  { weight: 2, arbitrary: fc.constantFrom('Feat', 'FIX', 'feat ', ' fix', 'fix!', 'feat!!', 'wip', '', 'feat-x', 'fix_1', 'fıx', 'ＦＥＡＴ') },
  { weight: 1, arbitrary: fc.constantFrom('constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf') },
  { weight: 1, arbitrary: fc.stringMatching(/^\w{0,12}$/) },
);

const scope = fc.option(fc.oneof(fc.stringMatching(/^[a-z0-9/_.-]{0,10}$/), trickyLine(12), fc.constantFrom('api', '', '()', '(x)', ')(')), { nil: null, freq: 2 });

/** A conventional-ish header: type(scope)!: subject, with odd separators now and then. */
export const header = fc
  .record({
    type: commitType,
    scope,
    bang: fc.boolean(),
    sep: fc.constantFrom(': ', ': ', ': ', ':', ' : ', ':\t', ':  ', ''),
    subject: fc.oneof({ weight: 3, arbitrary: fc.lorem({ maxCount: 6 }) }, { weight: 2, arbitrary: trickyLine(60) }),
  })
  .map(({ type, scope, bang, sep, subject }) => `${type}${scope === null ? '' : `(${scope})`}${bang ? '!' : ''}${sep}${subject}`);

/** Footers and body lines a parser treats specially. */
export const specialLine = fc.constantFrom(
  'BREAKING CHANGE: the API changed',
  'BREAKING-CHANGE: removed x',
  'BREAKING CHANGE:',
  'BREAKING CHANGE',
  'BREAKING CHANGES: plural',
  'breaking change: lower case',
  '  BREAKING CHANGE: indented',
  '* BREAKING CHANGE: bulleted',
  '| BREAKING CHANGE: piped',
  'BREAKING CHANGE:no space',
  'BREAKING CHANGE : spaced',
  'BREAKING\u00a0CHANGE: nbsp',
  'Refs: #123',
  'Closes #1, fixes #2',
  'fixes owner/repo#3',
  'Signed-off-by: A <a@example.org>',
  'Co-authored-by: B <b@example.org>',
  'Release-As: 2.0.0',
  'Reviewed-by: Z',
  'This reverts commit 0123456789abcdef0123456789abcdef01234567.',
  '# a comment line',
  '#',
  '# ------------------------ >8 ------------------------',
  '; ------------------------ >8 ------------------------',
  'gpg: Signature made',
  'Merge branch \'main\' into feature',
  '@someone please look',
  'https://example.org/x#anchor',
  '-----BEGIN PGP SIGNATURE-----',
);

/** A message: header, then body and footer lines, with mixed line ends. */
export const message = fc
  .tuple(
    fc.oneof({ weight: 6, arbitrary: header }, { weight: 1, arbitrary: trickyLine(80) }, { weight: 1, arbitrary: fc.constantFrom('Revert "feat: x"', 'revert: feat: x', 'Merge pull request #1 from a/b', 'fixup! feat: x', 'squash! x', 'Initial commit', '', ' ', '\t') }),
    fc.array(fc.oneof({ weight: 3, arbitrary: trickyLine(80) }, { weight: 2, arbitrary: specialLine }, { weight: 2, arbitrary: fc.constant('') }, { weight: 2, arbitrary: fc.lorem({ maxCount: 12 }) }), { maxLength: 12 }),
    fc.array(lineEnd, { minLength: 1, maxLength: 3 }),
    fc.constantFrom('', '', '\n', '\r\n', '\n\n'),
    fc.constantFrom('', '', '', '\n', '\ufeff'),
  )
  .map(([h, body, ends, tail, lead]) => lead + joinLines(body.length ? [h, '', ...body] : [h], ends) + tail);

/** Messages of 64 KB to ~1 MB: long bodies, many lines, one very long line. */
export const hugeMessage = fc
  .tuple(
    header,
    fc.constantFrom('words', 'lines', 'one-line', 'mixed', 'unicode', 'hash'),
    fc.integer({ min: 64 * 1024, max: 1024 * 1024 }),
    fc.constantFrom('', '\n\nBREAKING CHANGE: big', '\n\nRefs: #42'),
  )
  .map(([h, kind, size, footer]) => {
    const unit = {
      words: 'lorem ipsum dolor ',
      lines: 'a line of the body\n',
      'one-line': 'x',
      mixed: 'fix: not a header\n\nBREAKING CHANGE no colon\n\t\r\n',
      unicode: 'é🚀\u2028\r',
      hash: 'ported the C# client; see the a#b notes, nothing to link here at all\n',
    }[kind]!;
    return `${h}\n\n${unit.repeat(Math.ceil(size / unit.length)).slice(0, size)}${footer}`;
  });

/** Long lines that contain "#" (an issue prefix), in the header or the body. */
export const longHashLine = fc
  .tuple(fc.integer({ min: 200, max: 5000 }), fc.constantFrom('a', 'ab ', 'x-', '日'), fc.constantFrom('#', ' #', '#12', 'owner/repo#', '# '), fc.boolean())
  .map(([n, unit, hash, inHeader]) => {
    const line = unit.repeat(Math.ceil(n / unit.length)).slice(0, n) + hash;
    return inHeader ? `fix: ${line}` : `fix: x\n\n${line}`;
  });

/** Valid semver versions, well beyond the mappable subset: any pre-release ids, build metadata. */
const numId = fc.oneof(fc.nat(20), fc.nat(), fc.constant(Number.MAX_SAFE_INTEGER)).map(String);
const alnumId = fc.stringMatching(/^[0-9A-Za-z-]{1,8}$/).filter((s) => !/^\d+$/.test(s) || s === '0' || !s.startsWith('0'));
export const semverVersion = fc
  .tuple(numId, numId, numId, fc.option(fc.array(fc.oneof(alnumId, numId), { minLength: 1, maxLength: 3 })), fc.option(fc.array(fc.stringMatching(/^[0-9A-Za-z-]{1,6}$/), { minLength: 1, maxLength: 2 })))
  .map(([a, b, c, pre, build]) => `${a}.${b}.${c}${pre ? `-${pre.join('.')}` : ''}${build ? `+${build.join('.')}` : ''}`);

/** PEP 440 spellings, valid and not: epochs, post, dev, local, odd separators and cases. */
export const pep440ish = fc
  .tuple(
    fc.constantFrom('', '', 'v', 'V', ' ', '1!', '0!'),
    fc.array(fc.nat(30), { minLength: 1, maxLength: 5 }),
    fc.option(fc.tuple(fc.constantFrom('-', '_', '.', ''), fc.constantFrom('a', 'b', 'c', 'rc', 'alpha', 'beta', 'pre', 'preview', 'RC', 'Alpha'), fc.constantFrom('', '-', '.', '_'), fc.option(fc.nat(99), { nil: null }))),
    fc.option(fc.constantFrom('.post1', '-1', 'post2', '.rev3', 'r', '.post')),
    fc.option(fc.constantFrom('.dev0', 'dev1', '-dev', '_dev3', '.DEV4')),
    fc.option(fc.constantFrom('+local', '+abc.1', '+', '+x_y-z')),
    fc.constantFrom('', '', ' ', '\n', '\t'),
  )
  .map(([prefix, release, pre, post, dev, local, suffix]) => {
    const p = pre ? `${pre[0]}${pre[1]}${pre[2]}${pre[3] ?? ''}` : '';
    return `${prefix}${release.join('.')}${p}${post ?? ''}${dev ?? ''}${local ?? ''}${suffix}`;
  });

/** A mappable semver (X.Y.Z with an optional alpha/beta/rc/dev.N), as the version tests use. */
export const mappable = fc
  .tuple(fc.nat(2000), fc.nat(2000), fc.nat(2000), fc.option(fc.tuple(fc.constantFrom('alpha', 'beta', 'rc', 'dev'), fc.nat(500))))
  .map(([a, b, c, pre]) => `${a}.${b}.${c}${pre ? `-${pre[0]}.${pre[1]}` : ''}`);

/** Strings that look like versions or almost do, and random ones. */
export const versionish = fc.oneof(
  semverVersion,
  pep440ish,
  fc.stringMatching(/^[vV=]?\d{1,3}(\.\d{1,3}){0,4}([-+._][0-9A-Za-z.-]{0,8})?$/),
  anyText(30),
  trickyText(30),
  fc.constantFrom('', ' ', 'v', '1', '1.2', '01.2.3', '1.2.3-', '1.2.3+', '1.2.3-01', '99999999999999999999.0.0', '1.2.3\n', '-1.2.3', '1.2.3 ', '1.2.3;rm -rf /', '1..2', '1.2.3-beta..1'),
);

/** Text fragments that surround a version in a file: comments, quotes, braces, unicode, line ends. */
export const fileNoise = fc.oneof(
  { weight: 3, arbitrary: trickyText(30) },
  { weight: 2, arbitrary: anyText(20) },
  { weight: 1, arbitrary: fc.constantFrom('\n', '\r\n', '\r', '"', "'", '"""', "'''", '#', ';', '[', ']', '{', '}', '=', ':', ' = ', '\\', '\ufeff', '\0', '__version__ = "1.0.0"', 'version = "1.0.0"', '"version": "1.0.0"', '[project]', '[bumpversion]', 'current_version = 1.0.0') },
);
export const fileText = fc.array(fileNoise, { maxLength: 20 }).map((a) => a.join(''));
