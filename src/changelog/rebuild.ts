// `shipver changelog --from-start`: the whole history up to --to, one section per released
// version (history.ts walks and renders it), streamed to a sink or collected.
import { renderHistory, writeHistory, type HistoryOptions, type HistoryResult } from './history.js';
import { realPaths, resolveRef, type ChangelogTarget } from './target.js';

/** The history walk's options for the target, up to `to` (checked first: it must name a commit). */
async function historyOptions(t: ChangelogTarget, to: string): Promise<HistoryOptions> {
  await resolveRef(t.git, to, '--to');
  return {
    matcher: t.matcher,
    to,
    paths: realPaths(t.paths),
    collapsePrereleases: t.config.changelog.collapsePrereleases,
    emptySections: t.config.changelog.emptySections,
    remote: t.remote,
    types: t.config.changelog.types,
    // released versions only, each dated by its tag; unreleased commits are counted
    unreleased: null,
  };
}

/** Renders the history up to `to`, handing each section to `sink` as soon as it is rendered. */
export async function streamHistory(t: ChangelogTarget, to: string, sink: (chunk: string) => void): Promise<HistoryResult> {
  return writeHistory(t.git, await historyOptions(t, to), sink);
}

/** The history up to `to`, rendered whole. */
export async function collectHistory(t: ChangelogTarget, to: string): Promise<HistoryResult & { markdown: string }> {
  return renderHistory(t.git, await historyOptions(t, to));
}
