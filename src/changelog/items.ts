// What the notes engine (engine.ts) makes of commits: a classification per commit, the
// entries it keeps (only what the templates read), the section markers that start each
// version's section, and the counts the callers report.
import type { CommitReference } from 'conventional-commits-parser';

export interface NotesCounts {
  /** commits looked at */
  commits: number;
  /** commits shown in the notes */
  included: number;
  /** messages that are not conventional commits (left out) */
  notConventional: number;
  /** conventional commits of a hidden or unlisted type, with no breaking change (left out) */
  hidden: number;
}

export function zeroCounts(): NotesCounts {
  return { commits: 0, included: 0, notConventional: 0, hidden: 0 };
}

/** What the templates read of a commit; everything else is dropped at parse time. */
export interface Entry {
  hash: string;
  shortHash: string;
  header: string | null;
  /** the section title (the preset maps the type to its section); entries are grouped by it */
  type: string | null;
  scope: string | null;
  subject: string | null;
  notes: Array<{ title: string; text: string }>;
  references: CommitReference[];
  revert: Record<string, string | null> | null;
}

export type Classified = { kind: 'not-conventional' } | { kind: 'hidden' } | { kind: 'included'; entry: Entry };

/** The heading of one section: `## [version](compare previousTag...tag) (date)`. */
export interface SectionHeader {
  /** shown in the heading: a version, or a label such as "Unreleased" */
  version: string;
  /** the ref the section ends at (a tag, or HEAD); the right side of the compare link */
  tag: string;
  /** the left side of the compare link; null = no compare link (first release) */
  previousTag: string | null;
  /** YYYY-MM-DD */
  date: string;
}

export interface Marker {
  __section: true;
  version: string;
  currentTag: string;
  previousTag: string | null;
  linkCompare: boolean;
  date: string;
  /** markers pass through the writer's grouping like commits: they need these */
  notes: [];
  revert: null;
}

export type Item = Marker | Entry;
