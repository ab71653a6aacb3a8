// The reference renderer for render.ts: conventional-changelog-writer 8 itself, with the
// conventionalcommits preset's templates (Handlebars), driven as shipver drove it before
// render.ts replaced it. Tests only.
import { writeChangelog, type Options as WriterOptions, type Context as WriterContext } from 'conventional-changelog-writer';
import type { Item, Marker, NotesEngine } from '../../src/changelog/engine.js';

/** What NotesEngine.render hands to its sink, rendered by the writer. */
export async function renderWithWriter(engine: NotesEngine, items: Iterable<Item>): Promise<string[]> {
  const { options: writerOpts, context: linkContext, groupPrefix } = engine.writer;
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
    yield* items;
  }
  for await (const chunk of writeChangelog(context, options)(feed() as AsyncIterable<never>)) {
    const s = chunk as string;
    chunks.push(chunks.length === 0 ? s.replace(/^\n/, '') : s);
  }
  return chunks;
}
