// Reading big git outputs record by record, as git writes them: parsing and rendering run
// while git is still walking the history (Git.stream: spawn + stdout chunks decoded with
// a StringDecoder); output is queued only while the parser has not caught up with git.
//
// The readers await once per chunk and call `each` synchronously per record: an async
// generator would cost a few promises per record (at 100k commits, ~0.1 s and the garbage).

/**
 * Records of `n` NUL-terminated fields (`git log -z --format=%H%x00...`), across chunk
 * boundaries. Fields are slices of the chunk they came in; nothing is copied twice.
 */
export async function eachNulRecord(chunks: AsyncIterable<string> | Iterable<string>, n: number, each: (fields: string[]) => void): Promise<void> {
  let carry = '';
  let fields: string[] = [];
  for await (const chunk of chunks) {
    const text = carry ? carry + chunk : chunk;
    let pos = 0;
    for (;;) {
      const z = text.indexOf('\0', pos);
      if (z === -1) break;
      // git puts a newline between records in some formats; a sha never starts with one
      fields.push(fields.length === 0 && text.charCodeAt(pos) === 10 ? text.slice(pos + 1, z) : text.slice(pos, z));
      pos = z + 1;
      if (fields.length === n) {
        each(fields);
        fields = [];
      }
    }
    carry = text.slice(pos);
  }
  if (carry) fields.push(carry);
  if (fields.length === n) each(fields);
}

/** Lines of a text output across chunk boundaries (empty lines skipped). */
export async function eachLine(chunks: AsyncIterable<string> | Iterable<string>, each: (line: string) => void): Promise<void> {
  let carry = '';
  for await (const chunk of chunks) {
    const text = carry ? carry + chunk : chunk;
    let pos = 0;
    for (;;) {
      const nl = text.indexOf('\n', pos);
      if (nl === -1) break;
      if (nl > pos) each(text.slice(pos, nl));
      pos = nl + 1;
    }
    carry = text.slice(pos);
  }
  if (carry) each(carry);
}
