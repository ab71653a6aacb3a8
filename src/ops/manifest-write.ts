// Writing the edit: the new text spliced into the original at the edits' ranges, then
// read back. The result must hold the input's data with exactly the intended changes
// (the patches), else nothing is returned.
import { parseAllDocuments, type Document } from 'yaml';
import { usageError, type ShipverError } from '../errors.js';

/** Replace text[start, end) with `text` (an insert when start = end). */
export interface Edit {
  start: number;
  end: number;
  text: string;
}

export type PathKey = string | number;

/** An intended change to a document's data: a value set at a path, or pushed onto a list there. */
export interface Patch {
  doc: number;
  path: PathKey[];
  op: 'set' | 'push';
  value: unknown;
}

export function applyEdits(text: string, edits: readonly Edit[]): string {
  // Stable order: by position; several inserts at one spot keep the order they were made in.
  const sorted = edits.map((e, i) => ({ ...e, i })).sort((a, b) => a.start - b.start || a.end - b.end || a.i - b.i);
  for (let k = 1; k < sorted.length; k++) {
    const prev = sorted[k - 1]!;
    if (sorted[k]!.start < prev.end) throw new Error('overlapping manifest edits');
  }
  let out = '';
  let pos = 0;
  for (const e of sorted) {
    out += text.slice(pos, e.start) + e.text;
    pos = e.end;
  }
  return out + text.slice(pos);
}

/**
 * The output must hold the input's data with exactly the intended changes. Anything wrong
 * with the output is shipver's edit's fault, never the user's file (exported for tests).
 */
export function verify(before: Document.Parsed[], out: string, patches: Patch[], shown: string): void {
  const fail = (why: string) =>
    usageError('E_MANIFEST_EDIT', `shipver could not edit ${shown} safely (${why}); nothing was changed`, 'please report this with the file; meanwhile edit the tag by hand');
  const after = parseAllDocuments(out);
  if (!Array.isArray(after) || after.length !== before.length) throw fail('the number of documents changed');
  for (let i = 0; i < before.length; i++) {
    if (after[i]!.errors.length) throw fail(`the result does not parse: ${after[i]!.errors[0]!.message.split('\n')[0]}`);
    const expected = data(before[i]!, i, shown);
    let exp = expected;
    for (const p of patches.filter((x) => x.doc === i)) exp = applyPatch(exp, p);
    const got = data(after[i]!, i, shown, (why) => fail(`the result cannot be read as YAML data: ${why}`));
    if (JSON.stringify(exp) !== JSON.stringify(got)) throw fail(`document ${i + 1} does not hold the expected values`);
  }
}

/**
 * A document's data, with yaml's default alias limit: an alias bomb (aliases of aliases,
 * 10^8 nodes from a few lines) is refused instead of expanded until memory runs out. An
 * alias with no anchor, or one over the limit, is the file's problem: a usage error naming
 * it (`error` says otherwise when the document is shipver's own output).
 */
function data(
  doc: Document.Parsed,
  i: number,
  shown: string,
  error: (why: string) => ShipverError = (why) =>
    usageError('E_MANIFEST_YAML', `${shown} cannot be read as YAML data (document ${i + 1}): ${why}`, 'define every anchor (&name) before its aliases (*name), and do not nest aliases of aliases'),
): unknown {
  try {
    return doc.toJS() as unknown;
  } catch (e) {
    throw error(e instanceof Error ? e.message.split('\n')[0]! : String(e));
  }
}

function applyPatch(root: unknown, p: Patch): unknown {
  if (p.path.length === 0) return p.op === 'set' ? p.value : root;
  let node = root as Record<PathKey, unknown>;
  for (const k of p.path.slice(0, -1)) node = node[k] as Record<PathKey, unknown>;
  const last = p.path[p.path.length - 1]!;
  if (p.op === 'set') node[last] = structuredClone(p.value);
  else (node[last] as unknown[]).push(structuredClone(p.value));
  return root;
}
