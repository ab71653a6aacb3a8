// Tag names from tag.format ("v{version}", "{project}-v{version}") and back. Pure. A leaf
// of version-tags.ts (the module for version tags), which re-exports these.
import { isValidSemver } from '../version/scheme.js';
import { isSafeRefName } from '../git/refs.js';

export function renderTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{(version|project|tag|env)\}/g, (m, k: string) => values[k] ?? m);
}

export function tagName(format: string, version: string, project: string): string {
  return renderTemplate(format, { version, project });
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The version a tag name holds under the format, or null when it is not one of ours. */
export function versionOfTag(format: string, name: string, project: string): string | null {
  const [before, after] = format.split('{version}') as [string, string];
  const prefix = before.replace(/\{project\}/g, project);
  const suffix = after.replace(/\{project\}/g, project);
  const m = new RegExp(`^${escapeRe(prefix)}(.+)${escapeRe(suffix)}$`).exec(name);
  if (!m) return null;
  const v = m[1]!;
  return isValidSemver(v) && !v.includes('+') ? v : null;
}

export { tagGlobs } from './tag-glob.js';

/** A version safe to put in a tag name, a commit message and a deploy command. */
export function isSafeVersion(v: string): boolean {
  return isValidSemver(v) && isSafeRefName(v);
}
