// escape-html ships without type declarations.
declare module 'escape-html' {
  /** Escapes &, <, >, " and ' for use in HTML text and quoted attribute values. */
  export default function escapeHtml(text: string): string;
}
