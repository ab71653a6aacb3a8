// Glob patterns as bump2version / bump-my-version (Python's glob, `**` across directories)
// and npm / pnpm workspaces write them: `*` and `?` within one path segment, `[abc]` /
// `[!abc]` classes, `**` for any number of directories. As in Python's glob, a `*` does not
// match a name that starts with "." unless the pattern's segment does. Pure: patterns and
// path lists in, matches out; the callers list the files (a work tree or a commit's tree).

/** Whether a path segment or pattern holds glob syntax. */
export function hasMagic(s: string): boolean {
  return /[*?[]/.test(s);
}

function segmentSource(seg: string): string {
  let out = seg.startsWith('.') ? '' : '(?!\\.)';
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i]!;
    if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const close = seg.indexOf(']', i + 2);
      if (close === -1) {
        out += '\\[';
        continue;
      }
      let body = seg.slice(i + 1, close);
      const negate = body.startsWith('!') || body.startsWith('^');
      if (negate) body = body.slice(1);
      out += `[${negate ? '^/' : ''}${body.replace(/[\\\]]/g, '\\$&')}]`;
      i = close;
    } else out += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return out;
}

/** The pattern as a regular expression over "/"-separated relative paths. */
export function globRegExp(pattern: string): RegExp {
  const segs = pattern.replace(/\\/g, '/').replace(/^(\.\/)+/, '').split('/').filter((s, i, all) => s !== '' || i === all.length - 1);
  let src = '';
  segs.forEach((seg, i) => {
    const last = i === segs.length - 1;
    if (seg === '**') src += last ? '(?:(?!\\.)[^/]*(?:/(?!\\.)[^/]*)*)?' : '(?:(?!\\.)[^/]*/)*';
    else src += segmentSource(seg) + (last ? '' : '/');
  });
  return new RegExp(`^${src}$`);
}

/** The directories before the first segment with glob syntax ("" when it starts with one). */
export function globBase(pattern: string): string {
  const segs = pattern.replace(/\\/g, '/').replace(/^(\.\/)+/, '').split('/');
  const fixed: string[] = [];
  for (const s of segs.slice(0, -1)) {
    if (hasMagic(s)) break;
    fixed.push(s);
  }
  return fixed.join('/');
}

/** How many segments a match has, or null when `**` lets it have any number. */
export function globDepth(pattern: string): number | null {
  const segs = pattern.replace(/\\/g, '/').replace(/^(\.\/)+/, '').split('/');
  return segs.includes('**') ? null : segs.length;
}

/** The paths (relative, "/"-separated) the pattern matches and no exclusion does, sorted. */
export function globFilter(pattern: string, paths: readonly string[], exclude: readonly string[] = []): string[] {
  const re = globRegExp(pattern);
  const ex = exclude.map(globRegExp);
  return paths.filter((p) => re.test(p) && !ex.some((x) => x.test(p))).sort();
}
