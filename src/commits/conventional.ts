// Conventional-commit parsing with conventional-commits-parser and the
// conventionalcommits preset's options (so `feat(api)!: x` and BREAKING CHANGE
// footers are understood exactly as commitlint and conventional-changelog do). Pure.
import { CommitParser } from 'conventional-commits-parser';
import createPreset from 'conventional-changelog-conventionalcommits';
import './parser-guard.js';
import { mergeRevertOf, revertOf, type Reverted } from './revert.js';

export interface ParsedCommit {
  type: string | null;
  scope: string | null;
  subject: string | null;
  header: string;
  /** BREAKING CHANGE notes; a `!` in the header counts as one */
  breaking: boolean;
  /** `Revert "..."` commits, a merge's revert included (commits/revert.ts) */
  revert: boolean;
  /** what it reverts, when the message says (header and hash) */
  reverts: Reverted | null;
}

let parser: CommitParser | null = null;

function headerOnly(message: string, header: string): ParsedCommit {
  const m = /^(\w*)(?:\((.*)\))?!?: (.*)$/.exec(header);
  return { type: m?.[1] || null, scope: m?.[2] || null, subject: m?.[3] || null, header, breaking: false, revert: /^revert/i.test(message), reverts: mergeRevertOf(message) };
}

export function parseCommit(message: string): ParsedCommit {
  const header = message.split('\n', 1)[0]!.replace(/\r$/, '');
  if (!message.trim()) return { type: null, scope: null, subject: null, header, breaking: false, revert: false, reverts: null };
  parser ??= new CommitParser(createPreset().parser);
  let c;
  try {
    c = parser.parse(message);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    // Thousands of note lines overflow the parser's recursion: the header and a scan for the keywords decide.
    return { ...headerOnly(message, header), breaking: /^BREAKING[ -]CHANGE:/m.test(message) || /^\w*(\([^)]*\))?!: /.test(header) };
  }
  const reverts = revertOf(message, c.revert as Record<string, string | null> | null);
  return {
    type: c.type ? String(c.type) : null,
    scope: c.scope ? String(c.scope) : null,
    subject: c.subject ? String(c.subject) : null,
    header,
    breaking: c.notes.length > 0,
    revert: Boolean(c.revert) || reverts !== null,
    reverts,
  };
}
