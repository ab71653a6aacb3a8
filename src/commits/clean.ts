// Cleans a commit message the way `git commit` does before it records it
// (cleanup mode "strip"), so the hook lints what will actually be committed.

const SCISSORS = '------------------------ >8 ------------------------';

export interface DecodeResult {
  text: string;
  /** problems that make the message unusable as text */
  problem?: 'invalid-utf8' | 'nul-byte';
}

/** Bytes → text: strips a UTF-8 BOM, refuses NUL bytes and invalid UTF-8 (git would store them, nobody can read them). */
export function decodeMessage(bytes: Buffer): DecodeResult {
  let b = bytes;
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) b = b.subarray(3);
  if (b.includes(0)) return { text: '', problem: 'nul-byte' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(b) };
  } catch {
    return { text: '', problem: 'invalid-utf8' };
  }
}

/**
 * git's "strip" cleanup: CRLF → LF, drop everything from the scissors line down
 * (`git commit -v`), drop comment lines, strip trailing whitespace on each line,
 * collapse runs of blank lines, drop leading and trailing blank lines.
 * `commentChar` is core.commentChar ('#' by default; null for "auto" = detect).
 */
export function cleanMessage(raw: string, commentChar: string | null = '#'): string {
  const lines = raw.replace(/\r\n?/g, '\n').split('\n');
  const cc = commentChar ?? detectCommentChar(lines);
  const scissors = `${cc} ${SCISSORS}`;
  const out: string[] = [];
  for (const line of lines) {
    if (line === scissors) break;
    if (line.startsWith(cc)) continue;
    out.push(line.replace(/\s+$/, ''));
  }
  const collapsed: string[] = [];
  for (const l of out) {
    if (l === '' && (collapsed.length === 0 || collapsed[collapsed.length - 1] === '')) continue;
    collapsed.push(l);
  }
  while (collapsed.length && collapsed[collapsed.length - 1] === '') collapsed.pop();
  return collapsed.join('\n');
}

// core.commentChar=auto: git picks the first of these not starting a line of the
// message; the comment block it wrote always contains its scissors or a known line.
const AUTO_CANDIDATES = '#;@!$%^&|:';
export function detectCommentChar(lines: string[]): string {
  for (const c of AUTO_CANDIDATES) {
    if (lines.some((l) => l === `${c} ${SCISSORS}` || l.startsWith(`${c} Please enter the commit message`))) return c;
  }
  return '#';
}
