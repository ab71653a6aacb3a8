// Kept apart from tag-format.ts (and its semver imports) so entry/prefetch.ts can use it
// before anything else loads. Pure.

/** git glob patterns (for describe/for-each-ref) matching this project's tags: all, and stable only. */
export function tagGlobs(format: string, project: string): { all: string; prerelease: string } {
  const [before, after] = format.split('{version}') as [string, string];
  const esc = (s: string) => s.replace(/\{project\}/g, project).replace(/[*?[\]\\]/g, '\\$&');
  return { all: `${esc(before)}*${esc(after)}`, prerelease: `${esc(before)}*-*${esc(after)}` };
}
