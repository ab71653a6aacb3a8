// Reading big git outputs record by record, as git writes them: parsing runs while git is
// still walking the history (Git.stream: spawn + stdout chunks); output is queued only
// while the parser has not caught up with git.
//
// The readers work on bytes and decode each field on its own, so a field is a fresh string
// and keeping it (a sha in the commit graph, a message's subject) keeps nothing else of the
// output alive; a string sliced from a decoded 64 KB chunk would keep the whole chunk. NUL
// and newline bytes never occur inside a multi-byte UTF-8 character, so splitting on them
// first is exact. The readers await once per chunk and call `each` synchronously per
// record (an async generator would cost a few promises per record: at 100k commits ~0.1 s).

export type FieldEncoding = 'utf8' | 'latin1';

/** Collects the bytes of one field across chunks without copying the common one-chunk case. */
class FieldBytes {
  private parts: Buffer[] = [];

  add(part: Buffer): void {
    if (part.length) this.parts.push(part);
  }

  /** The field ending with `last`, decoded; the collector is empty again afterwards. */
  take(last: Buffer, encoding: FieldEncoding): string {
    if (!this.parts.length) return last.toString(encoding);
    this.parts.push(last);
    const whole = Buffer.concat(this.parts);
    this.parts = [];
    return whole.toString(encoding);
  }

  get empty(): boolean {
    return this.parts.length === 0;
  }
}

/**
 * Records of `n` NUL-terminated fields (`git log -z --format=%H%x00...`), across chunk
 * boundaries. `encodings[i]` decodes field i (default utf8; latin1 is exact and faster for
 * hex shas).
 */
export async function eachNulRecord(
  chunks: AsyncIterable<Buffer> | Iterable<Buffer>,
  n: number,
  each: (fields: string[]) => void,
  encodings: readonly FieldEncoding[] = [],
): Promise<void> {
  const pending = new FieldBytes();
  let fields: string[] = [];
  const push = (field: string) => {
    // git puts a newline between records in some formats; a sha never starts with one
    fields.push(fields.length === 0 && field.charCodeAt(0) === 10 ? field.slice(1) : field);
  };
  for await (const chunk of chunks) {
    let pos = 0;
    for (;;) {
      const z = chunk.indexOf(0, pos);
      if (z === -1) break;
      push(pending.take(chunk.subarray(pos, z), encodings[fields.length] ?? 'utf8'));
      pos = z + 1;
      if (fields.length === n) {
        each(fields);
        fields = [];
      }
    }
    pending.add(chunk.subarray(pos));
  }
  // a last field without its NUL
  if (!pending.empty) push(pending.take(Buffer.alloc(0), encodings[fields.length] ?? 'utf8'));
  if (fields.length === n) each(fields);
}

/** Lines (latin1: git's sha lists) across chunk boundaries; empty lines are skipped. */
export async function eachLine(chunks: AsyncIterable<Buffer> | Iterable<Buffer>, each: (line: string) => void, encoding: FieldEncoding = 'latin1'): Promise<void> {
  const pending = new FieldBytes();
  for await (const chunk of chunks) {
    let pos = 0;
    for (;;) {
      const nl = chunk.indexOf(10, pos);
      if (nl === -1) break;
      const line = pending.take(chunk.subarray(pos, nl), encoding);
      if (line) each(line);
      pos = nl + 1;
    }
    pending.add(chunk.subarray(pos));
  }
  const last = pending.take(Buffer.alloc(0), encoding);
  if (last) each(last);
}
