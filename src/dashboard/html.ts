// HTML from tagged templates: every interpolated value is escaped with escape-html (text
// and double-quoted attribute values alike) unless it is already Html made here, so
// untrusted text (commit subjects, tag messages, status answers, names) never becomes
// markup. Arrays are joined; null, undefined and false render as nothing.
import escapeHtml from 'escape-html';

export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type Renderable = Html | string | number | boolean | null | undefined | Renderable[];

function render(v: Renderable): string {
  if (v instanceof Html) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  if (v === null || v === undefined || v === false) return '';
  return escapeHtml(String(v));
}

export function html(strings: TemplateStringsArray, ...values: Renderable[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new Html(out);
}

/** Markup this module's callers wrote themselves (styles, the script): never untrusted text. */
export function trusted(markup: string): Html {
  return new Html(markup);
}

/** An href only for http(s) URLs; anything else renders no link target at all. */
export function safeHref(url: string | null | undefined): string | null {
  return url && /^https?:\/\/[^\s"'<>]+$/.test(url) ? url : null;
}

/**
 * JSON for a <script type="application/json"> element: `<` (so no `</script>` or `<!--`
 * can end or change the element), and the line separators JavaScript once took as line
 * ends, written as \u escapes; JSON.parse reads them back unchanged.
 */
export function jsonForScript(value: unknown): Html {
  return new Html(JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029'));
}
