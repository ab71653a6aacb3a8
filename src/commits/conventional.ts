// Conventional-commit parsing with conventional-commits-parser and the
// conventionalcommits preset's options (so `feat(api)!: x` and BREAKING CHANGE
// footers are understood exactly as commitlint and conventional-changelog do). Pure.
import { CommitParser } from 'conventional-commits-parser';
import createPreset from 'conventional-changelog-conventionalcommits';
import './parser-guard.js';

export interface ParsedCommit {
  type: string | null;
  scope: string | null;
  subject: string | null;
  header: string;
  /** BREAKING CHANGE notes; a `!` in the header counts as one */
  breaking: boolean;
  /** `Revert "..."` commits */
  revert: boolean;
}

let parser: CommitParser | null = null;

// The level depends on the header and on note keywords at the start of a line, never on
// what follows far into a line; cutting long lines keeps the parser's reference regex
// (cubic on long lines, see parser-guard.ts) out of the release decision.
const MAX_HEADER = 500;
const MAX_LINE = 120;
function boundLines(message: string): string {
  if (message.length <= MAX_LINE) return message;
  const lines = message.split('\n');
  let changed = false;
  for (let i = 0; i < lines.length; i++) {
    const max = i === 0 ? MAX_HEADER : MAX_LINE;
    if (lines[i]!.length > max) {
      lines[i] = lines[i]!.slice(0, max);
      changed = true;
    }
  }
  return changed ? lines.join('\n') : message;
}

export function parseCommit(message: string): ParsedCommit {
  const header = message.split('\n', 1)[0]!.replace(/\r$/, '');
  if (!message.trim()) return { type: null, scope: null, subject: null, header, breaking: false, revert: false };
  parser ??= new CommitParser(createPreset().parser);
  const c = parser.parse(boundLines(message));
  return {
    type: c.type ? String(c.type) : null,
    scope: c.scope ? String(c.scope) : null,
    subject: c.subject ? String(c.subject) : null,
    header,
    breaking: c.notes.length > 0,
    revert: Boolean(c.revert),
  };
}
