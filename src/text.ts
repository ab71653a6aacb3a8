// Text from outside shipver (a file, a tag, a commit subject, a registry's or a status
// endpoint's answer) shown on a terminal: its control characters, which could move the
// cursor, recolour the screen or hide what follows, become "?". One rule for every such place.
const CONTROL = /[\x00-\x1f\x7f-\x9f]/g;
/** the same, but tabs and line ends kept (text shown as the lines it has) */
const CONTROL_BUT_LINES = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

export function printable(text: string, opts: { lines?: boolean } = {}): string {
  return text.replace(opts.lines ? CONTROL_BUT_LINES : CONTROL, '?');
}
