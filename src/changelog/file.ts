// CHANGELOG.md: put a new version's section on top and leave everything below it
// byte for byte as it was, so hand-written edits survive. Pure string functions.
import path from 'node:path';
import type { Config, ProjectConfig } from '../config/types.js';

export const DEFAULT_TITLE = '# Changelog';

export interface InsertOptions {
  /** the title a new file gets (default "# Changelog") */
  title?: string;
  /**
   * Replace a section at the insertion point whose heading is the one shipver writes
   * for unreleased changes (`## Unreleased (YYYY-MM-DD)` or `## [Unreleased](url) (YYYY-MM-DD)`),
   * instead of stacking a second one above it. Nothing else is ever removed.
   */
  replaceUnreleased?: boolean;
}

interface Line {
  start: number;
  /** the line without its end of line */
  text: string;
  /** offset just after its end of line (or the end of the text) */
  end: number;
  inFence: boolean;
}

function splitLines(text: string, from: number): Line[] {
  const lines: Line[] = [];
  let pos = from;
  let fence: string | null = null;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl === -1 ? text.length : nl + 1;
    const raw = text.slice(pos, nl === -1 ? text.length : nl);
    const t = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const fenceMatch = /^ {0,3}(`{3,}|~{3,})/.exec(t);
    let inFence = fence !== null;
    if (fenceMatch) {
      if (fence === null) {
        fence = fenceMatch[1]!;
        inFence = true;
      } else if (fenceMatch[1]![0] === fence[0] && fenceMatch[1]!.length >= fence.length) {
        fence = null;
        inFence = true;
      }
    }
    lines.push({ start: pos, text: t, end, inFence });
    pos = end;
  }
  return lines;
}

const ATX = /^ {0,3}(#{1,6})(?:[ \t]|$)/;

function headingLevel(l: Line): number {
  if (l.inFence) return 0;
  const m = ATX.exec(l.text);
  return m ? m[1]!.length : 0;
}

const ANCHOR = /^\s*<a\s+(?:name|id)=["'][^"']*["']\s*(?:\/>|><\/a>)\s*$/i;

const GENERATED_UNRELEASED = /^## (?:Unreleased|\[Unreleased\]\([^()\s]*\)) \(\d{4}-\d{2}-\d{2}\)[ \t]*$/;

/**
 * Prepends `section` (Markdown starting with its heading) to a changelog.
 * - no file (null) or an empty one: `# Changelog`, a blank line, the section;
 * - a title (the first `# ` heading, before any other heading): the section goes under it,
 *   before the first heading that follows (the previous release), after any intro text;
 *   with no heading after the title, right under the title;
 * - no title (or only odd headings): at the very top.
 * CRLF files get CRLF; a UTF-8 BOM stays first. Everything from the insertion point on is
 * kept byte for byte (except a replaced generated Unreleased section, see InsertOptions).
 */
export function insertSection(existing: string | null, section: string, opts: InsertOptions = {}): string {
  const body = normalizeSection(section);
  if (existing === null || existing.replace(/^\uFEFF/, '').trim() === '') {
    const bom = existing?.startsWith('\uFEFF') ? '\uFEFF' : '';
    const eol = existing?.includes('\r\n') ? '\r\n' : '\n';
    return bom + `${opts.title ?? DEFAULT_TITLE}\n\n${body}`.replace(/\n/g, eol);
  }
  const firstNl = existing.indexOf('\n');
  const eol = firstNl > 0 && existing[firstNl - 1] === '\r' ? '\r\n' : '\n';
  const sec = body.replace(/\n/g, eol);
  const bomLength = existing.startsWith('\uFEFF') ? 1 : 0;
  const lines = splitLines(existing, bomLength);

  // the title: the first level-1 heading (ATX or setext) before any other heading
  let titleEnd = -1; // index of the last line of the title
  for (let i = 0; i < lines.length; i++) {
    const lvl = headingLevel(lines[i]!);
    if (lvl === 1) {
      titleEnd = i;
      break;
    }
    if (lvl > 1) break;
    const next = lines[i + 1];
    if (!lines[i]!.inFence && lines[i]!.text.trim() !== '' && next && !next.inFence && /^ {0,3}=+[ \t]*$/.test(next.text)) {
      titleEnd = i + 1;
      break;
    }
  }

  let at: number; // index into lines where the section goes (lines.length = end of file)
  if (titleEnd === -1) {
    at = 0;
  } else {
    at = -1;
    for (let i = titleEnd + 1; i < lines.length; i++) {
      if (headingLevel(lines[i]!) > 0) {
        at = i;
        break;
      }
    }
    if (at === -1) {
      // nothing that looks like a release below the title: right under it
      at = titleEnd + 1;
      while (at < lines.length && lines[at]!.text.trim() === '') at++;
    }
  }

  // standard-version / conventional-changelog put an anchor (<a name="1.0.0"></a>) on the
  // line(s) above each release heading: keep it with its heading, below the new section.
  while (at > titleEnd + 1 && at <= lines.length && ANCHOR.test(lines[at - 1]!.text)) at--;
  const pos = at < lines.length ? lines[at]!.start : existing.length;
  let rest = existing.slice(pos);
  if (opts.replaceUnreleased && at < lines.length && GENERATED_UNRELEASED.test(lines[at]!.text)) {
    let stop = lines.length;
    for (let i = at + 1; i < lines.length; i++) {
      const lvl = headingLevel(lines[i]!);
      if (lvl === 1 || lvl === 2) {
        stop = i;
        break;
      }
    }
    rest = stop < lines.length ? existing.slice(lines[stop]!.start) : '';
  }

  let before = existing.slice(0, pos);
  if (before.length > bomLength) {
    if (!before.endsWith('\n')) before += eol;
    if (!/(?:\r?\n){2}$/.test(before)) before += eol; // one blank line above the section
  }
  return before + sec + (rest ? eol + rest : '');
}

/**
 * A regenerated file (`shipver changelog --from-start`): the title and every version's
 * section; it keeps the line ends of the file it replaces (CRLF when its first line has one).
 */
export function regeneratedFile(existing: string | null, sections: string): string {
  const content = `${DEFAULT_TITLE}\n\n${sections.replace(/\n*$/, '\n')}`;
  if (existing && /\r\n/.test(existing.slice(0, existing.indexOf('\n') + 1))) return content.replace(/\n/g, '\r\n');
  return content;
}

/** LF line ends, no leading blank lines, exactly one final newline. */
function normalizeSection(section: string): string {
  return section.replace(/\r\n?/g, '\n').replace(/^\n+/, '').replace(/\n*$/, '\n');
}

/** Where a project's changelog lives (absolute): its own `changelog:` file, else changelog.file. */
export function changelogFileFor(config: Config, project: ProjectConfig | null): string {
  return path.resolve(config.root, project?.changelogFile ?? config.changelog.file);
}
