// A conventional commit message from its parts, and the parts of a message (for
// `shipver commit --retry`). Pure: strings in, data out.
//
//   type(scope)!: subject
//
//   body
//
//   BREAKING CHANGE: description
//   Closes #12
//   Refs #7
//   Signed-off-by: ...        (other trailers of a retried message, kept as they were)

/** The answers `shipver commit` asks for, in the order it asks. */
export const PART_NAMES = ['type', 'scope', 'subject', 'body', 'breaking', 'closes', 'refs'] as const;
export type PartName = (typeof PART_NAMES)[number];

export interface CommitParts {
  type: string;
  scope: string;
  subject: string;
  /** free text, several lines allowed ('' for none) */
  body: string;
  /** the BREAKING CHANGE description ('' for none); one makes the header `type!:` */
  breaking: string;
  /** a "!" in the header without a description (a retried message had one) */
  bang: boolean;
  /** issue numbers, without "#" */
  closes: string[];
  refs: string[];
  /** footer lines other than the above, kept as they were (Signed-off-by, Co-authored-by, ...) */
  trailers: string[];
}

export function emptyParts(): CommitParts {
  return { type: '', scope: '', subject: '', body: '', breaking: '', bang: false, closes: [], refs: [], trailers: [] };
}

/** Text as `git commit` stores it: no trailing blanks on a line, no blank lines at either end, no runs of them. */
export function tidyText(text: string): string {
  const out: string[] = [];
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.replace(/\s+$/, '');
    if (line === '' && (out.length === 0 || out[out.length - 1] === '')) continue;
    out.push(line);
  }
  while (out.length && out[out.length - 1] === '') out.pop();
  return out.join('\n');
}

export function composeHeader(p: CommitParts): string {
  const bang = p.bang || p.breaking.trim() !== '' ? '!' : '';
  return `${p.type}${p.scope ? `(${p.scope})` : ''}${bang}: ${p.subject}`;
}

/** The message, ending in a newline, exactly as git will store it. */
export function composeMessage(p: CommitParts): string {
  const blocks = [composeHeader(p)];
  const body = tidyText(p.body);
  if (body) blocks.push(body);
  const breaking = tidyText(p.breaking);
  const footer = [
    ...(breaking ? [`BREAKING CHANGE: ${breaking}`] : []),
    ...p.closes.map((n) => `Closes #${n}`),
    ...p.refs.map((n) => `Refs #${n}`),
    ...p.trailers,
  ];
  if (footer.length) blocks.push(footer.join('\n'));
  return `${blocks.join('\n\n')}\n`;
}

// the header pattern of the conventionalcommits preset (what commitlint parses with), with the "!" kept
const HEADER = /^(\w*)(?:\((.*)\))?(!)?: (.*)$/;
const BREAKING = /^BREAKING[ -]CHANGE:\s?(.*)$/;
const TRAILER = /^(?:BREAKING[ -]CHANGE|[A-Za-z][\w-]*)(?:: | #)/;
const CLOSES = /^(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?):? (#\d+(?:,? +#\d+)*)$/i;
const REFS = /^(?:refs?|references?|see|related(?: to)?):? (#\d+(?:,? +#\d+)*)$/i;
const numbers = (list: string): string[] => list.split(/[\s,]+/).filter(Boolean).map((n) => n.slice(1));

/**
 * The parts of a message (as git cleans it). A header that is not conventional becomes the
 * subject, with no type: `added the thing` → subject "added the thing".
 */
export function parseMessage(message: string): CommitParts {
  const p = emptyParts();
  const lines = tidyText(message).split('\n');
  const header = lines[0] ?? '';
  const m = HEADER.exec(header);
  if (m && m[1]) {
    p.type = m[1];
    p.scope = m[2] ?? '';
    p.bang = m[3] === '!';
    p.subject = m[4]!.trim();
  } else {
    p.subject = header.trim();
  }
  const rest = lines.slice(1);
  // the footer: from a BREAKING CHANGE line on, else the last paragraph when it is all trailers
  let start = rest.findIndex((l) => BREAKING.test(l));
  if (start < 0) {
    const lastBlank = rest.lastIndexOf('');
    const last = rest.slice(lastBlank + 1);
    if (lastBlank >= 0 && last.length && last.every((l) => TRAILER.test(l))) start = lastBlank + 1;
  }
  const footer = start < 0 ? [] : rest.slice(start);
  p.body = tidyText((start < 0 ? rest : rest.slice(0, start)).join('\n'));
  let inBreaking = false;
  const breaking: string[] = [];
  for (const line of footer) {
    const b = BREAKING.exec(line);
    if (b) {
      inBreaking = true;
      breaking.push(b[1]!);
      continue;
    }
    if (inBreaking && !TRAILER.test(line)) {
      breaking.push(line);
      continue;
    }
    inBreaking = false;
    if (line === '') continue;
    const c = CLOSES.exec(line);
    const r = c ? null : REFS.exec(line);
    if (c) p.closes.push(...numbers(c[1]!));
    else if (r) p.refs.push(...numbers(r[1]!));
    else p.trailers.push(line);
  }
  p.breaking = tidyText(breaking.join('\n'));
  if (p.breaking) p.bang = false; // the description brings the "!" back
  return p;
}

/** Issue numbers from an answer such as "12 34", "#12, #34"; the first token that is not one. */
export function parseIssues(text: string): { numbers: string[]; bad: string | null } {
  const out: string[] = [];
  for (const token of text.split(/[\s,]+/).filter(Boolean)) {
    const m = /^#?(\d+)$/.exec(token);
    if (!m) return { numbers: out, bad: token };
    if (!out.includes(m[1]!)) out.push(m[1]!);
  }
  return { numbers: out, bad: null };
}

/** What shipver itself refuses in an answer, before any commitlint rule: the rule and what is wrong. */
export function answerProblem(part: PartName, value: string): { rule: string; message: string } | null {
  const multiline = /[\r\n]/.test(value);
  switch (part) {
    case 'type':
      if (multiline || (value !== '' && !/^\w+$/.test(value))) return { rule: 'type-word', message: `the type must be one word (letters, digits, "_"), not "${value.replace(/\r?\n/g, '⏎')}"` };
      return null;
    case 'scope':
      if (multiline) return { rule: 'scope-single-line', message: 'the scope must be on one line' };
      return null;
    case 'subject':
      if (multiline) return { rule: 'subject-single-line', message: 'the subject must be on one line: put the rest in the body' };
      return null;
    case 'closes':
    case 'refs': {
      const { bad } = parseIssues(value);
      if (bad !== null) return { rule: 'issue-number', message: `"${bad}" is not an issue number (write 12 or #12)` };
      return null;
    }
    default:
      return null;
  }
}

/** The answer a commitlint rule is about, so the user can change just that; null when no one answer is. */
export function partForRule(rule: string): PartName | null {
  if (rule.startsWith('type-')) return 'type';
  if (rule.startsWith('scope-')) return 'scope';
  if (rule.startsWith('subject-') || rule.startsWith('header-')) return 'subject';
  if (rule.startsWith('body-')) return 'body';
  if (rule.startsWith('footer-') || rule === 'breaking-change-exclamation-mark') return 'breaking';
  if (rule === 'references-empty') return 'closes';
  return null;
}
