// Positions in a YAML file's text, for messages and for edits that keep every other byte.
import { isScalar, type Node } from 'yaml';

export class SourceText {
  /** the file's line ending: an added line uses the same */
  readonly eol: string;

  /** `file`: the name messages give (else they say "line N") */
  constructor(readonly text: string, private readonly file?: string) {
    this.eol = text.includes('\r\n') ? '\r\n' : '\n';
  }

  /** The 1-based line of an offset. */
  lineOf(offset: number): number {
    let n = 1;
    for (let i = this.text.indexOf('\n'); i !== -1 && i < offset; i = this.text.indexOf('\n', i + 1)) n++;
    return n;
  }

  /** The 0-based column of an offset. */
  colOf(offset: number): number {
    return offset - (this.text.lastIndexOf('\n', offset - 1) + 1);
  }

  /** "FILE:LINE" (or "line N") of an offset. */
  loc(offset: number): string {
    return this.file ? `${this.file}:${this.lineOf(offset)}` : `line ${this.lineOf(offset)}`;
  }

  /** " (FILE:LINE)" of a node, or nothing when it has no position. */
  where(node: Node | undefined): string {
    return node?.range ? ` (${this.loc(node.range[0])})` : '';
  }
}

/** A node's string value, or null when it is not a string scalar. */
export function stringOf(n: unknown): string | null {
  return isScalar(n) && typeof n.value === 'string' ? n.value : null;
}
