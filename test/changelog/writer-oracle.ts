// The reference renderer for render.ts: conventional-changelog-writer 8 itself, with the
// conventionalcommits preset's templates (Handlebars), driven as shipver drove it before
// render.ts replaced it. Tests only.
import { writeChangelog, type Options as WriterOptions, type Context as WriterContext } from 'conventional-changelog-writer';
import type { NotesEngine } from '../../src/changelog/engine.js';
import type { Item, Marker } from '../../src/changelog/items.js';

/** What NotesEngine.render hands to its sink, rendered by the writer. */
export async function renderWithWriter(engine: NotesEngine, items: Iterable<Item>): Promise<string[]> {
  const { options: writerOpts, context: linkContext } = engine.writer;
  // The writer groups by key in a plain object, where a title that is an Object.prototype
  // key ("constructor", "__proto__") finds a function and throws: group by the title behind
  // a prefix no such key starts with, and take it off again before sorting.
  const groupPrefix = '\u0000';
  const untitled = <G extends { title: string }>(g: G): G => (g.title.startsWith(groupPrefix) ? { ...g, title: g.title.slice(groupPrefix.length) } : g);
  const context: WriterContext & Record<string, unknown> = { ...linkContext, linkReferences: Boolean(engine.remote), version: '', date: '' };
  const isMarker = (c: object): boolean => (c as Partial<Marker>).__section === true;
  type Group = { title: string; commits: object[] };
  const groupSort = writerOpts.commitGroupsSort as ((a: Group, b: Group) => number) | undefined;
  const options: WriterOptions = {
    ...writerOpts,
    groupBy: 'group' as never,
    commitGroupsSort: (typeof groupSort === 'function' ? (a: Group, b: Group) => groupSort(untitled(a), untitled(b)) : groupSort) as never,
    transform: null as unknown as undefined,
    generateOn: (c) => isMarker(c),
    finalizeContext: (ctx) => {
      const commitGroups = (ctx.commitGroups ?? [])
        .map((g) => untitled(g.commits.some(isMarker) ? { ...g, commits: g.commits.filter((c) => !isMarker(c)) } : g))
        .filter((g) => g.commits.length > 0);
      return Object.assign({}, ctx, { commitGroups });
    },
    doFlush: false,
    formatDate: (d: string | Date) => (typeof d === 'string' ? d : ''),
  };
  const chunks: string[] = [];
  async function* feed() {
    for (const item of items) yield isMarker(item) ? item : { ...item, group: (item as { type: string | null }).type ? groupPrefix + (item as { type: string }).type : null };
  }
  for await (const chunk of writeChangelog(context, options)(feed() as AsyncIterable<never>)) {
    const s = chunk as string;
    chunks.push(chunks.length === 0 ? s.replace(/^\n/, '') : s);
  }
  return chunks;
}
