// Rendering a stream of items section by section: each marker starts a version's section,
// the entries after it are rendered with it (render.ts) once the next marker (or the end)
// arrives; a section with nothing to list gets one line saying so.
import { renderSection, type RenderOptions } from './render.js';
import type { Entry, Item, Marker } from './items.js';

/**
 * Renders `items` (each section starts with a marker; entries before the first marker
 * are dropped), handing each rendered section to `sink` as soon as the next marker (or
 * the end) arrives: exactly what conventional-changelog-writer yields (see render.ts).
 * A section with nothing to list gets NOTHING_NOTABLE under its heading, or, with
 * `emptySections: false`, is left out; the versions left out are returned.
 */
export async function renderSections(
  items: AsyncIterable<Item> | Iterable<Item>,
  sink: (chunk: string) => void,
  options: RenderOptions,
  opts: { emptySections?: boolean } = {},
): Promise<{ leftOut: string[] }> {
  const keepEmpty = opts.emptySections ?? true;
  const leftOut: string[] = [];
  let header: Marker | null = null;
  let entries: Entry[] = [];
  let first = true;
  const take = (item: Item) => {
    if ((item as Partial<Marker>).__section !== true) {
      entries.push(item as Entry);
      return;
    }
    flush();
    header = item as Marker;
  };
  const flush = () => {
    if (header) {
      const rendered = renderSection(header, entries, options);
      if (!keepEmpty && headingOnly(rendered)) leftOut.push(header.version);
      else {
        const section = noteIfEmpty(rendered);
        sink(first ? section : `\n${section}`);
        first = false;
      }
    }
    entries = [];
  };
  if (Symbol.asyncIterator in items) for await (const item of items) take(item);
  else for (const item of items) take(item);
  flush();
  return { leftOut };
}

/** The line under a version heading with nothing to list (only hidden or non-conventional commits, or none). */
export const NOTHING_NOTABLE = 'No notable changes.';

/**
 * A rendered section (no leading newline) that is its heading alone gets NOTHING_NOTABLE
 * under it: the version stays in the changelog, and the reader sees it is empty on purpose.
 * (conventional-changelog-writer leaves the heading bare; this is shipver's one addition.)
 */
export function noteIfEmpty(section: string): string {
  return headingOnly(section) ? `${section}\n${NOTHING_NOTABLE}\n` : section;
}

function headingOnly(section: string): boolean {
  return section.indexOf('\n') === section.length - 1;
}
