// Edits to YAML source text that leave every other byte alone: a scalar's value replaced
// in its own quoting style, lines or an entry appended to a collection in its own style.
import { isMap, parse as parseYaml, type Node, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { usageError } from '../errors.js';
import type { Edit } from './manifest-write.js';
import type { SourceText } from './yaml-source.js';

export class Splicer {
  readonly edits: Edit[] = [];

  constructor(private readonly src: SourceText) {}

  /** Replaces a scalar's source text with a value, in the scalar's own quoting style. */
  setScalar(node: Scalar, value: string): void {
    const [start, end] = node.range!;
    this.edits.push({ start, end, text: this.scalarText(node, value, start) });
  }

  private scalarText(node: Scalar, value: string, start: number): string {
    switch (node.type) {
      case 'QUOTE_DOUBLE':
        return JSON.stringify(value);
      case 'QUOTE_SINGLE':
        return `'${value.replace(/'/g, "''")}'`;
      case 'PLAIN':
      case undefined:
        return plainSafe(value) ? value : JSON.stringify(value);
      default:
        throw usageError('E_MANIFEST_EDIT', `the value at ${this.src.loc(start)} is a block scalar; shipver only edits plain or quoted values`, 'write it on one line, e.g. image: app:1.0');
    }
  }

  /** Appends lines (block style; `block` gets the collection's indent) or an entry (flow style) at the end of a collection. */
  append(coll: YAMLMap | YAMLSeq, block: (indent: number) => string[], flow: string): void {
    if (coll.flow) this.appendFlow(coll, flow);
    else this.appendBlock(coll, block);
  }

  private appendFlow(coll: YAMLMap | YAMLSeq, flow: string): void {
    const [start, end] = coll.range!;
    const close = end - 1;
    const text = this.src.text;
    if (text[close] !== ']' && text[close] !== '}') throw usageError('E_MANIFEST_EDIT', `cannot add to the collection at ${this.src.loc(start)}`, 'write it in block style');
    const last = coll.items[coll.items.length - 1] as unknown;
    if (last === undefined) {
      this.edits.push({ start: start + 1, end: start + 1, text: flow });
      return;
    }
    const lastNode = (isMap(coll) ? ((last as { value?: Node; key?: Node }).value ?? (last as { key?: Node }).key) : last) as Node | undefined;
    const at = lastNode?.range?.[1] ?? close;
    this.edits.push({ start: at, end: at, text: `, ${flow}` });
  }

  private appendBlock(coll: YAMLMap | YAMLSeq, block: (indent: number) => string[]): void {
    const [start, end] = coll.range!;
    const { text, eol } = this.src;
    // a block map's indent is its first key's column; a block sequence's is its first "-"
    const firstKey = isMap(coll) ? ((coll.items[0] as { key?: Node } | undefined)?.key ?? undefined) : undefined;
    const lines = block(this.src.colOf(firstKey?.range?.[0] ?? start));
    // after the collection's last line (its range ends after that line's newline, or at EOF)
    let at = end;
    if (at > 0 && text[at - 1] !== '\n') {
      const nl = text.indexOf('\n', at);
      at = nl === -1 ? text.length : nl + 1;
    }
    if (at === text.length && text.length > 0 && !text.endsWith('\n')) this.edits.push({ start: at, end: at, text: eol + lines.join(eol) });
    else this.edits.push({ start: at, end: at, text: lines.join(eol) + eol });
  }
}

/** A plain scalar that reads back as this same string. */
function plainSafe(v: string): boolean {
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.:/@-]*$/.test(v) || /: |:$/.test(v)) return false;
  try {
    return parseYaml(v) === v;
  } catch {
    return false;
  }
}
