// Reading big git outputs record by record, as git writes them: parsing and rendering run
// while git is still walking the history (Git.stream: spawn + stdout chunks decoded with
// a StringDecoder); output is queued only while the parser has not caught up with git.

/**
 * Records of `n` NUL-terminated fields (`git log -z --format=%H%x00...`), across chunk
 * boundaries. Fields are slices of the chunk they came in; nothing is copied twice.
 */
export async function* nulRecords(chunks: AsyncIterable<string> | Iterable<string>, n: number): AsyncGenerator<string[]> {
  let carry = '';
  let fields: string[] = [];
  for await (const chunk of chunks) {
    const text = carry ? carry + chunk : chunk;
    let pos = 0;
    for (;;) {
      const z = text.indexOf('\0', pos);
      if (z === -1) break;
      fields.push(text.slice(pos, z));
      pos = z + 1;
      if (fields.length === n) {
        // git puts a newline between records in some formats; a sha never starts with one
        if (fields[0]!.startsWith('\n')) fields[0] = fields[0]!.slice(1);
        yield fields;
        fields = [];
      }
    }
    carry = text.slice(pos);
  }
  if (carry) fields.push(carry);
  if (fields.length === n) yield fields;
}

/** Lines of a text output across chunk boundaries (empty lines skipped). */
export async function* textLines(chunks: AsyncIterable<string> | Iterable<string>): AsyncGenerator<string> {
  let carry = '';
  for await (const chunk of chunks) {
    const text = carry ? carry + chunk : chunk;
    let pos = 0;
    for (;;) {
      const nl = text.indexOf('\n', pos);
      if (nl === -1) break;
      if (nl > pos) yield text.slice(pos, nl);
      pos = nl + 1;
    }
    carry = text.slice(pos);
  }
  if (carry) yield carry;
}
