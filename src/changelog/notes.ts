// Release notes for one range of commits: Markdown for CHANGELOG.md and the same notes
// as plain text for the annotated tag's message. Pure: the date, the remote and the
// commits are passed in; nothing here reads git or the clock.
import type { ChangelogType } from '../config/types.js';
import { NotesEngine } from './engine.js';
import { zeroCounts, type Item, type NotesCounts } from './items.js';
import type { RemoteInfo } from './remote.js';

export type { NotesCounts } from './items.js';

export interface NotesCommit {
  sha: string;
  /** the raw full message, as `git log --format=%B` gives it */
  message: string;
}

export interface NotesContext {
  /** shown in the heading: the version being released (or a label such as "Unreleased") */
  version: string;
  /** the tag (or ref) the notes end at: right side of the compare link */
  tag: string;
  /** the previous version's tag: left side of the compare link; null = no compare link */
  previousTag: string | null;
  /** YYYY-MM-DD */
  date: string;
  /** null = plain text, no links */
  remote: RemoteInfo | null;
  types: readonly ChangelogType[];
}

export interface Notes {
  /** the section, starting with its `## ` heading, ending with a newline */
  markdown: string;
  /** the same notes without Markdown syntax, for an annotated tag's message */
  plain: string;
  counts: NotesCounts;
}

/** Renders the notes for `commits` (newest first, as git log gives them). Never throws on a message. */
export async function renderNotes(commits: Iterable<NotesCommit> | AsyncIterable<NotesCommit>, ctx: NotesContext): Promise<Notes> {
  const engine = new NotesEngine({ remote: ctx.remote, types: ctx.types });
  const counts = zeroCounts();
  async function* items(): AsyncGenerator<Item> {
    yield engine.marker({ version: ctx.version, tag: ctx.tag, previousTag: ctx.previousTag, date: ctx.date });
    for await (const c of commits as AsyncIterable<NotesCommit>) {
      counts.commits++;
      const r = engine.classify(c.sha, typeof c.message === 'string' ? c.message : '');
      if (r.kind === 'not-conventional') counts.notConventional++;
      else if (r.kind === 'hidden') counts.hidden++;
      else {
        counts.included++;
        yield r.entry;
      }
    }
  }
  let markdown = '';
  await engine.render(items(), (chunk) => {
    markdown += chunk;
  });
  return { markdown, plain: toPlainText(markdown), counts };
}

// [text](url) — the URL part has no spaces and at most one level of parentheses
const LINK = /\[([^\]\n]*)\]\((?:[^()\s]|\([^()\s]*\))*\)/g;

/**
 * Markdown notes → plain text: links become their text, `**bold**` its text, heading
 * markers are dropped. (A tag message with lines starting with `#` would lose them to
 * git's default message cleanup.)
 */
export function toPlainText(markdown: string): string {
  return markdown
    .split('\n')
    .map((line) =>
      line
        .replace(/^#{1,6}[ \t]+/, '')
        .replace(LINK, '$1')
        .replace(/\*\*([^*\n]+?)\*\*/g, '$1'),
    )
    .join('\n');
}
