// The conventionalcommits preset's writer transform (v9), reimplemented for the options
// shipver gives it: which commits the notes show, under which section title, with issue
// and @user links in the subject. engine.ts runs it at parse time (classify).
import type { Commit } from 'conventional-commits-parser';
import type { ChangelogType } from '../config/types.js';
import type { urlFormats } from './remote.js';
import type { Entry } from './items.js';

// What the preset's transform matches in a subject, and how it fills its URL formats
// (expandTemplate: one String.replace per placeholder, in this order, with the value as
// the replacement string).
const RELEASE_AS = /release-as:\s*\w*@?([0-9]+\.[0-9]+\.[0-9a-z]+(-[0-9a-z.]+)?)\s*/i;
const ISSUE_IN_SUBJECT = /(#)([a-z0-9]+)/g; // (issuePrefixes.join('|'))([a-z0-9]+), prefixes ['#']
const USER_IN_SUBJECT = /`[^`]*`|\B@([a-z0-9](?:-?[a-z0-9/]){0,38})/g;
const PLACEHOLDER = { host: /{{host}}/g, owner: /{{owner}}/g, repository: /{{repository}}/g, id: /{{id}}/g, prefix: /{{prefix}}/g, user: /{{user}}/g };

/** The remote's fields, then an issue's (id, prefix) or a user's, as expandTemplate fills them. */
function expandUrl(format: string, context: Record<string, unknown>, more: { id: string; prefix: string } | { user: string }): string {
  const s = format.replace(PLACEHOLDER.host, String(context.host)).replace(PLACEHOLDER.owner, String(context.owner)).replace(PLACEHOLDER.repository, String(context.repository));
  if ('user' in more) return s.replace(PLACEHOLDER.user, more.user);
  return s.replace(PLACEHOLDER.id, more.id).replace(PLACEHOLDER.prefix, more.prefix);
}

/**
 * The conventionalcommits preset's writer transform (v9), for the options shipver gives
 * it (its types, no scope filter, issue prefix "#"), without its per-commit costs: a
 * copy of the commit, a RegExp built per commit and per URL placeholder. The same
 * regexes and replace calls, so the same strings; classifyExact runs the preset's own
 * and the tests compare the two on the corpus. `formats` null: no remote, no links.
 */
export function presetTransform(
  c: Commit,
  sha: string,
  types: readonly ChangelogType[],
  formats: ReturnType<typeof urlFormats> | null,
  linkContext: Record<string, unknown>,
): Partial<Entry> | undefined {
  const typeKey = (c.revert ? 'revert' : c.type || '').toLowerCase();
  const entry = types.find((t) => t.type === typeKey);
  let discard = !((c.footer && RELEASE_AS.test(c.footer)) || (c.body && RELEASE_AS.test(c.body)));
  const notes = c.notes.map((note) => {
    discard = false;
    return { ...note, title: 'BREAKING CHANGES' };
  });
  if (discard && (entry === undefined || entry.hidden)) return undefined;
  const issues: string[] = [];
  let subject = c.subject;
  if (typeof subject === 'string') {
    subject = subject.replace(ISSUE_IN_SUBJECT, (_, prefix: string, issue: string) => {
      issues.push(prefix + issue);
      return formats ? `[${prefix}${issue}](${expandUrl(formats.issueUrlFormat, linkContext, { id: issue, prefix })})` : '';
    });
    if (formats) {
      subject = subject.replace(USER_IN_SUBJECT, (match: string, user: string | undefined) => {
        if (!user) return match;
        if (user.includes('/')) return `@${user}`;
        return `[@${user}](${expandUrl(formats.userUrlFormat, linkContext, { user })})`;
      });
    }
  }
  return {
    notes,
    type: entry ? entry.section : c.type,
    scope: c.scope === '*' ? '' : c.scope,
    shortHash: sha.substring(0, 7),
    subject,
    references: c.references.filter((r) => !issues.includes(r.prefix + r.issue)),
  };
}
