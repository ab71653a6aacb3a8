// A small schema language checked directly against the YAML syntax tree, so every
// error can name the file, the line and the key (a JSON-schema validator would only
// know the path). Pure: text in, value and errors out.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';

export type Schema =
  | { kind: 'string'; enum?: readonly string[]; check?: (v: string) => string | null; doc?: string }
  | { kind: 'boolean' }
  | { kind: 'number'; min?: number; max?: number; integer?: boolean }
  | { kind: 'array'; items: Schema; minItems?: number }
  | { kind: 'object'; keys: Record<string, Schema>; required?: readonly string[] }
  | { kind: 'map'; values: Schema; keyCheck?: (k: string) => string | null }
  | { kind: 'oneOf'; options: readonly Schema[]; describe: string };

export interface SchemaIssue {
  line: number;
  column: number;
  /** dotted path of the key, e.g. environments.prod.deploy.command */
  path: string;
  message: string;
  hint?: string;
}

export interface ValidationResult {
  value: unknown;
  issues: SchemaIssue[];
}

function levenshtein(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0]!;
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = d[j]!;
      d[j] = Math.min(d[j]! + 1, d[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return d[b.length]!;
}

/** The closest known word, if it is close enough to be a likely typo. */
export function didYouMean(word: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const dist = levenshtein(word.toLowerCase(), k.toLowerCase());
    if (dist < bestD) {
      bestD = dist;
      best = k;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function typeName(node: Node | null | undefined): string {
  if (node == null) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const v = node.value;
    if (v === null) return 'null';
    return typeof v === 'string' ? `the string "${v}"` : `${typeof v} ${String(v)}`;
  }
  return 'an unsupported YAML node';
}

function expected(s: Schema): string {
  switch (s.kind) {
    case 'string':
      return s.enum ? `one of ${s.enum.map((e) => `"${e}"`).join(', ')}` : 'a string';
    case 'boolean':
      return 'true or false';
    case 'number':
      return s.integer ? 'a whole number' : 'a number';
    case 'array':
      return `a list of ${expected(s.items).replace(/^an? /, '')}s`;
    case 'object':
    case 'map':
      return 'a mapping';
    case 'oneOf':
      return s.describe;
  }
}

/** Validates a YAML text against a schema; returns the plain value and every issue found. */
export function validateYaml(text: string, schema: Schema): ValidationResult & { syntaxError?: SchemaIssue } {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: true, prettyErrors: false });
  const pos = (node: Node | null | undefined) => {
    const off = node?.range?.[0] ?? 0;
    const p = lc.linePos(off);
    return { line: p.line, column: p.col };
  };
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    const p = lc.linePos(e.pos[0]);
    return {
      value: undefined,
      issues: [],
      syntaxError: { line: p.line, column: p.col, path: '', message: e.message.split('\n')[0]! },
    };
  }
  const issues: SchemaIssue[] = [];
  const walk = (node: Node | null | undefined, s: Schema, path: string, keyNode?: Node): unknown => {
    const at = pos(node ?? keyNode);
    const fail = (message: string, hint?: string) => {
      issues.push({ ...at, path, message, hint });
      return undefined;
    };
    switch (s.kind) {
      case 'string': {
        if (!isScalar(node) || (typeof node.value !== 'string' && typeof node.value !== 'number')) {
          return fail(`"${path}" must be ${expected(s)}, found ${typeName(node)}`);
        }
        const v = String(node.value);
        if (s.enum && !s.enum.includes(v)) {
          const guess = didYouMean(v, s.enum);
          return fail(`"${path}" must be ${expected(s)}, found "${v}"`, guess ? `did you mean "${guess}"?` : undefined);
        }
        const bad = s.check?.(v);
        if (bad) return fail(`"${path}": ${bad}`);
        return v;
      }
      case 'boolean':
        if (!isScalar(node) || typeof node.value !== 'boolean') return fail(`"${path}" must be true or false, found ${typeName(node)}`);
        return node.value;
      case 'number': {
        if (!isScalar(node) || typeof node.value !== 'number') return fail(`"${path}" must be ${expected(s)}, found ${typeName(node)}`);
        const n = node.value;
        if (!Number.isFinite(n)) return fail(`"${path}" must be a finite number, found ${n}`);
        if (s.integer && !Number.isInteger(n)) return fail(`"${path}" must be a whole number, found ${n}`);
        if (s.min !== undefined && n < s.min) return fail(`"${path}" must be at least ${s.min}, found ${n}`);
        if (s.max !== undefined && n > s.max) return fail(`"${path}" must be at most ${s.max}, found ${n}`);
        return n;
      }
      case 'array': {
        if (!isSeq(node)) return fail(`"${path}" must be ${expected(s)}, found ${typeName(node)}`);
        if (s.minItems !== undefined && node.items.length < s.minItems) return fail(`"${path}" must have at least ${s.minItems} item(s)`);
        return node.items.map((item, i) => walk(item as Node, s.items, `${path}[${i}]`));
      }
      case 'object':
      case 'map': {
        if (!isMap(node)) return fail(`"${path || 'shipver.yaml'}" must be a mapping, found ${typeName(node)}`);
        const out: Record<string, unknown> = {};
        for (const pair of node.items) {
          const kNode = pair.key as Node;
          const key = isScalar(kNode) ? String(kNode.value) : '';
          const sub = path ? `${path}.${key}` : key;
          if (s.kind === 'object') {
            const child = s.keys[key];
            if (!child) {
              const guess = didYouMean(key, Object.keys(s.keys));
              issues.push({
                ...pos(kNode),
                path: sub,
                message: `unknown key "${key}"${path ? ` in "${path}"` : ''}`,
                hint: guess ? `did you mean "${guess}"?` : `known keys: ${Object.keys(s.keys).join(', ')}`,
              });
              continue;
            }
            out[key] = walk(pair.value as Node, child, sub, kNode);
          } else {
            const bad = s.keyCheck?.(key);
            if (bad) {
              issues.push({ ...pos(kNode), path: sub, message: `"${sub}": ${bad}` });
              continue;
            }
            out[key] = walk(pair.value as Node, s.values, sub, kNode);
          }
        }
        if (s.kind === 'object') {
          for (const r of s.required ?? []) {
            if (!(r in out)) issues.push({ ...at, path: path ? `${path}.${r}` : r, message: `"${path}" needs the key "${r}"` });
          }
        }
        return out;
      }
      case 'oneOf': {
        // Pick the option whose shape matches the node, then validate against it fully.
        const shapeOf = (o: Schema) =>
          o.kind === 'object' || o.kind === 'map' ? isMap(node) : o.kind === 'array' ? isSeq(node) : isScalar(node);
        const option = s.options.find(shapeOf);
        if (!option) return fail(`"${path}" must be ${s.describe}, found ${typeName(node)}`);
        return walk(node, option, path, keyNode);
      }
    }
  };
  const root = doc.contents as Node | null;
  // An empty file (or only comments) is an empty config.
  const value = root == null || (isScalar(root) && root.value == null) ? {} : walk(root, schema, '');
  return { value, issues };
}
