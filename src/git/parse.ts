// What git prints, read into data: object ids, `git log` records, tree entries, ls-remote
// and for-each-ref lines, and the lines git hands a hook on stdin. Pure: strings in, data out.

/** The all-zero object id git uses for "no object" (a created or deleted ref), SHA-1 or SHA-256. */
export const ZERO_SHA = /^0{40}$|^0{64}$/;
/** A full object id, SHA-1 or SHA-256. */
export const OBJECT_ID = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

export interface CommitRecord {
  sha: string;
  parents: string[];
  message: string;
}

/** One entry of a tree (git ls-tree): mode, object type ('blob', 'tree', 'commit'), object id, path. */
export interface TreeEntry {
  mode: string;
  type: string;
  oid: string;
  file: string;
}

/** A tag as for-each-ref describes it (Git.tagRecords): its object, what an annotated tag points at, its date. */
export interface TagRecord {
  name: string;
  type: string;
  sha: string;
  peeledType: string;
  peeledSha: string;
  /** YYYY-MM-DD: the tagger date, the commit date for a lightweight tag */
  date: string;
}

/** The `git log` format parseLogRecords reads: sha, parents, message. */
export const LOG_RECORDS = '--format=%H%x00%P%x00%B';

/** Parses `git log -z --format=%H%x00%P%x00%B`: records are separated by NUL, fields too. */
export function parseLogRecords(out: string): CommitRecord[] {
  const parts = out.split('\0');
  const records: CommitRecord[] = [];
  for (let i = 0; i + 2 < parts.length; i += 3) {
    // with -z, git separates records by a NUL, which lands at the start of the next sha field
    const sha = parts[i]!.replace(/^\n/, '');
    if (!sha) break;
    records.push({ sha, parents: parts[i + 1]!.split(' ').filter(Boolean), message: parts[i + 2]! });
  }
  return records;
}

/** Parses `git ls-tree -z`: `<mode> <type> <oid>\t<path>`, NUL-terminated. */
export function parseTreeEntries(out: string): TreeEntry[] {
  return out
    .split('\0')
    .filter(Boolean)
    .map((line) => {
      const tab = line.indexOf('\t');
      const [mode, type, oid] = line.slice(0, tab).split(' ') as [string, string, string];
      return { mode, type, oid, file: line.slice(tab + 1) };
    });
}

/** Parses `git ls-remote`: `<oid>\t<ref>` lines, as full ref name → object id. */
export function parseLsRemote(out: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const line of out.split('\n')) {
    const tab = line.indexOf('\t');
    if (tab > 0) found.set(line.slice(tab + 1), line.slice(0, tab));
  }
  return found;
}

/** The short names under `prefix` (e.g. 'refs/tags/') of full ref names, leaving out peeled `^{}` entries. */
export function namesUnder(prefix: string, refs: Iterable<string>): string[] {
  const names: string[] = [];
  for (const ref of refs) if (ref.startsWith(prefix) && !ref.endsWith('^{}')) names.push(ref.slice(prefix.length));
  return names;
}

/** The for-each-ref format parseTagRecords reads, one tag a line. */
export const TAG_RECORDS = '--format=%(refname)%00%(objecttype)%00%(objectname)%00%(*objecttype)%00%(*objectname)%00%(creatordate:short)';

export function parseTagRecords(out: string): TagRecord[] {
  const records: TagRecord[] = [];
  for (const line of out.split('\n')) {
    const [ref, type, sha, peeledType, peeledSha, date] = line.split('\0');
    if (!ref?.startsWith('refs/tags/')) continue;
    records.push({ name: ref.slice('refs/tags/'.length), type: type ?? '', sha: sha ?? '', peeledType: peeledType ?? '', peeledSha: peeledSha ?? '', date: date ?? '' });
  }
  return records;
}

/** The for-each-ref format parseTagMessages reads: records start with two NULs (a message may hold newlines). */
export const TAG_MESSAGES = '--format=%00%00%(refname)%00%(objecttype)%00%(contents:subject)%00%(contents:body)';

/** The annotated tags among the records (lightweight ones have no message), with their subject and body. */
export function parseTagMessages(out: string): Array<{ tag: string; subject: string; body: string }> {
  const tags: Array<{ tag: string; subject: string; body: string }> = [];
  for (const rec of out.split('\0\0')) {
    const [ref, type, subject, body] = rec.split('\0');
    if (!ref?.startsWith('refs/tags/') || type !== 'tag') continue;
    tags.push({ tag: ref.slice('refs/tags/'.length), subject: subject ?? '', body: body ?? '' });
  }
  return tags;
}

/**
 * The lines git hands a hook on stdin (pre-push, pre-receive), split at spaces, with their
 * 1-based line numbers; a CR before the LF is tolerated and blank lines are skipped.
 */
export function hookInputLines(text: string): Array<{ n: number; parts: string[] }> {
  const out: Array<{ n: number; parts: string[] }> = [];
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.replace(/\r$/, '');
    if (line !== '') out.push({ n: i + 1, parts: line.split(' ') });
  }
  return out;
}
