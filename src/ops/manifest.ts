// Sets an image's tag in Kubernetes YAML (the ops deploy's "interpolate the tag" step),
// keeping every other byte of the file as it was.
//
// The `yaml` document API finds the places (each node knows its source range); the new
// values are spliced into the original text at those ranges. Re-printing the documents
// with doc.toString() is not used for the output because it re-indents sequences
// (`containers:\n- name` → `  - name`), respaces comments and flow collections, so it
// would rewrite lines nobody asked to change. After splicing, the output is parsed again
// and must equal the input's data with exactly the intended changes, else nothing is
// returned.
import { parseAllDocuments, parse as parseYaml, isMap, isScalar, isSeq, isAlias, type Document, type Scalar, type YAMLMap, type YAMLSeq, type Node } from 'yaml';
import { refusal, usageError, type ShipverError } from '../errors.js';
import { TAG_RE, parseImageRef, splitRegistry, splitTagDigest } from './registry.js';

export interface ManifestMatch {
  /** 0-based index of the YAML document in the file */
  doc: number;
  /** Deployment, CronJob, Kustomization, ... */
  kind: string;
  /** metadata.name, or null */
  resource: string | null;
  /** container name (null for a kustomization images entry) */
  container: string | null;
  /** containers, initContainers or images (kustomization) */
  list: 'containers' | 'initContainers' | 'images';
  /** 1-based line of the image value */
  line: number;
  from: string;
  to: string;
}

export interface SetImageTagResult {
  text: string;
  /** how many image references got a new value (matches already at the tag are not counted) */
  changed: number;
  /** every image reference that names the image, changed or not */
  matches: ManifestMatch[];
  /** how many env var values were set or added (with envVar) */
  envChanged: number;
}

export interface SetImageTagOptions {
  /** also set an env var of this name to the tag on every matching container */
  envVar?: string;
  /** the file name, for messages */
  file?: string;
}

/** Pod spec locations by kind. */
const POD_SPEC: Record<string, string[]> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  PodTemplate: ['template', 'spec'],
};

const ENV_NAME_RE = /^[A-Za-z_.][A-Za-z0-9_.-]*$/;

interface Edit {
  start: number;
  end: number;
  text: string;
}

type PathKey = string | number;
type Patch = { doc: number; path: PathKey[]; op: 'set'; value: unknown } | { doc: number; path: PathKey[]; op: 'push'; value: unknown };

/** The tag must be a valid OCI tag (which also rules out newlines, spaces and shell syntax). */
export function assertImageTag(tag: string): string {
  if (!TAG_RE.test(tag)) {
    const why = /\+/.test(tag) ? ' (image tags cannot hold "+": drop the build metadata)' : '';
    throw usageError(
      'E_IMAGE_TAG',
      `"${tag.replace(/[\x00-\x1f\x7f]/g, '?').slice(0, 200)}" is not a valid image tag${why}`,
      'a tag is 1-128 letters, digits, "_", "." or "-", not starting with "." or "-" (e.g. 1.2.0 or 1.3.0-beta.1)',
    );
  }
  return tag;
}

/** Canonical registry/repository for comparing names: "nginx" = "docker.io/library/nginx". */
function canonicalName(name: string): string {
  const { registry, repository } = splitRegistry(name);
  return `${registry.toLowerCase()}/${repository}`;
}

export function setImageTag(yamlText: string, image: string, tag: string, opts: SetImageTagOptions = {}): SetImageTagResult {
  assertImageTag(tag);
  const shown = opts.file ?? 'the manifest';
  const parts = splitTagDigest(image);
  if (parts.tag !== null || parts.digest !== null) {
    throw usageError('E_IMAGE_NAME', `--image "${image}" includes a tag or digest`, `give the image name alone, e.g. --image ${parts.name}`);
  }
  parseImageRef(image); // validates the name
  if (opts.envVar !== undefined && !ENV_NAME_RE.test(opts.envVar)) {
    throw usageError('E_ENV_NAME', `"${opts.envVar}" is not a valid environment variable name`, 'use letters, digits and "_" (e.g. VERSION)');
  }
  const target = canonicalName(image);
  const text = yamlText;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs)) {
    // an empty stream gives an EmptyStream object: no documents, so nothing matches
    throw refusal('E_MANIFEST_NO_IMAGE', `no container image named ${image} in ${shown}: it holds no YAML documents`);
  }
  for (const d of docs) {
    const err = d.errors[0];
    if (err) {
      const line = err.linePos?.[0]?.line;
      throw usageError('E_MANIFEST_YAML', `${shown} is not valid YAML: ${err.message.split('\n')[0]}${line ? ` (line ${line})` : ''}`, 'fix the YAML first');
    }
  }

  const edits: Edit[] = [];
  const patches: Patch[] = [];
  const matches: ManifestMatch[] = [];
  const found = new Set<string>();
  let changed = 0;
  let envChanged = 0;

  const lineOf = (offset: number) => {
    let n = 1;
    for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) n++;
    return n;
  };
  const colOf = (offset: number) => offset - (text.lastIndexOf('\n', offset - 1) + 1);
  const loc = (offset: number) => (opts.file ? `${opts.file}:${lineOf(offset)}` : `line ${lineOf(offset)}`);
  const where = (node: Node | undefined) => (node?.range ? ` (${loc(node.range[0])})` : '');

  /** Replaces a scalar's source text with a value, in the scalar's own quoting style. */
  const setScalar = (node: Scalar, value: string): void => {
    const [start, end] = node.range!;
    let out: string;
    switch (node.type) {
      case 'QUOTE_DOUBLE':
        out = JSON.stringify(value);
        break;
      case 'QUOTE_SINGLE':
        out = `'${value.replace(/'/g, "''")}'`;
        break;
      case 'PLAIN':
      case undefined:
        out = plainSafe(value) ? value : JSON.stringify(value);
        break;
      default:
        throw usageError('E_MANIFEST_EDIT', `the value at ${loc(start)} is a block scalar; shipver only edits plain or quoted values`, 'write it on one line, e.g. image: app:1.0');
    }
    edits.push({ start, end, text: out });
  };

  /** Appends lines (block) or an entry (flow) at the end of a collection. */
  const append = (coll: YAMLMap | YAMLSeq, block: (indent: number) => string[], flow: string): void => {
    const [start, end] = coll.range!;
    if (coll.flow) {
      const close = end - 1;
      if (text[close] !== ']' && text[close] !== '}') throw usageError('E_MANIFEST_EDIT', `cannot add to the collection at ${loc(start)}`, 'write it in block style');
      const last = coll.items[coll.items.length - 1] as unknown;
      if (last === undefined) {
        edits.push({ start: start + 1, end: start + 1, text: flow });
      } else {
        const lastNode = (isMap(coll) ? ((last as { value?: Node; key?: Node }).value ?? (last as { key?: Node }).key) : last) as Node | undefined;
        const at = lastNode?.range?.[1] ?? close;
        edits.push({ start: at, end: at, text: `, ${flow}` });
      }
      return;
    }
    // a block map's indent is its first key's column; a block sequence's is its first "-"
    const firstKey = isMap(coll) ? ((coll.items[0] as { key?: Node } | undefined)?.key ?? undefined) : undefined;
    const indent = colOf(firstKey?.range?.[0] ?? start);
    const lines = block(indent);
    // after the collection's last line (its range ends after that line's newline, or at EOF)
    let at = end;
    if (at > 0 && text[at - 1] !== '\n') {
      const nl = text.indexOf('\n', at);
      at = nl === -1 ? text.length : nl + 1;
    }
    if (at === text.length && text.length > 0 && !text.endsWith('\n')) edits.push({ start: at, end: at, text: eol + lines.join(eol) });
    else edits.push({ start: at, end: at, text: lines.join(eol) + eol });
  };

  const str = (n: unknown): string | null => (isScalar(n) && typeof n.value === 'string' ? n.value : null);
  const quoted = (v: string) => JSON.stringify(v);

  const setEnv = (di: number, container: YAMLMap, cpath: PathKey[], seqOffset: number, label: string): void => {
    const name = opts.envVar!;
    const env = container.get('env', true) as unknown;
    if (env === undefined) {
      append(
        container,
        (ind) => {
          const pad = ' '.repeat(ind);
          const dash = ' '.repeat(ind + seqOffset);
          return [`${pad}env:`, `${dash}- name: ${name}`, `${dash}  value: ${quoted(tag)}`];
        },
        `env: [{name: ${name}, value: ${quoted(tag)}}]`,
      );
      patches.push({ doc: di, path: [...cpath, 'env'], op: 'set', value: [{ name, value: tag }] });
      envChanged++;
      return;
    }
    if (isScalar(env) && (env.value === null || env.value === '')) {
      throw usageError('E_MANIFEST_EDIT', `env of ${label} is empty${where(env)}`, 'write env: [] or remove the empty env: key');
    }
    if (!isSeq(env)) {
      throw usageError('E_MANIFEST_EDIT', `env of ${label} is not a list${where(env as Node)}`, 'write env as a list of {name, value}');
    }
    const idx = env.items.findIndex((it) => isMap(it) && str(it.get('name', true)) === name);
    if (idx === -1) {
      append(
        env,
        (ind) => {
          const firstItem = env.items[0];
          const firstKey = isMap(firstItem) && !firstItem.flow ? (firstItem.items[0]?.key as Node | undefined) : undefined;
          const keyCol = firstKey?.range ? colOf(firstKey.range[0]) : ind + 2;
          const gap = Math.max(1, keyCol - ind - 1);
          return [`${' '.repeat(ind)}-${' '.repeat(gap)}name: ${name}`, `${' '.repeat(ind + 1 + gap)}value: ${quoted(tag)}`];
        },
        `{name: ${name}, value: ${quoted(tag)}}`,
      );
      patches.push({ doc: di, path: [...cpath, 'env'], op: 'push', value: { name, value: tag } });
      envChanged++;
      return;
    }
    const item = env.items[idx] as YAMLMap;
    if (item.has('valueFrom')) {
      throw usageError('E_MANIFEST_EDIT', `env ${name} of ${label} is set with valueFrom${where(item)}`, `remove its valueFrom, or choose another --env name`);
    }
    const value = item.get('value', true) as unknown;
    if (value === undefined) {
      append(item, (ind) => [`${' '.repeat(ind)}value: ${quoted(tag)}`], `value: ${quoted(tag)}`);
      envChanged++;
    } else if (isScalar(value) && value.range && !(value.range[0] === value.range[1])) {
      if (value.value !== tag || typeof value.value !== 'string') {
        setScalar(value, tag);
        envChanged++;
      }
    } else {
      throw usageError('E_MANIFEST_EDIT', `env ${name} of ${label} has a value shipver cannot edit${where(item)}`, 'write it as value: "1.0.0"');
    }
    patches.push({ doc: di, path: [...cpath, 'env', idx, 'value'], op: 'set', value: tag });
  };

  const visitContainers = (di: number, res: YAMLMap, kind: string, podPath: PathKey[], resPath: PathKey[]) => {
    const pod = res.getIn(podPath, true) as unknown;
    if (!isMap(pod)) return;
    const resource = str(res.getIn(['metadata', 'name'], true));
    for (const list of ['initContainers', 'containers'] as const) {
      const listKey = pod.items.find((p) => str(p.key) === list);
      const seq = listKey?.value as unknown;
      if (!isSeq(seq)) continue;
      const keyNode = listKey!.key as Node;
      const seqOffset = !seq.flow && seq.range && keyNode.range ? Math.max(0, colOf(seq.range[0]) - colOf(keyNode.range[0])) : 2;
      seq.items.forEach((c, ci) => {
        if (!isMap(c)) return;
        const imageNode = c.get('image', true) as unknown;
        const cname = str(c.get('name', true));
        const label = `container ${cname ?? `#${ci + 1}`} of ${kind} ${resource ?? ''}`.trim();
        if (isAlias(imageNode)) {
          throw usageError('E_MANIFEST_EDIT', `the image of ${label} is an alias (*${imageNode.source})${where(imageNode)}`, 'write the image in full there; shipver does not edit anchors');
        }
        const value = str(imageNode);
        if (value === null) return;
        found.add(value);
        const parts = splitTagDigest(value);
        if (canonicalName(parts.name) !== target) return;
        const next = `${parts.name}:${tag}`;
        const node = imageNode as Scalar;
        const cpath = [...resPath, ...podPath, list, ci];
        matches.push({ doc: di, kind, resource, container: cname, list, line: lineOf(node.range![0]), from: value, to: next });
        if (value !== next) {
          setScalar(node, next);
          changed++;
        }
        patches.push({ doc: di, path: [...cpath, 'image'], op: 'set', value: next });
        if (opts.envVar !== undefined) setEnv(di, c, cpath, seqOffset, label);
      });
    }
  };

  const visitKustomization = (di: number, res: YAMLMap, resPath: PathKey[]) => {
    const images = res.get('images', true) as unknown;
    if (!isSeq(images)) return;
    images.items.forEach((entry, ei) => {
      if (!isMap(entry)) return;
      const name = str(entry.get('name', true));
      if (name === null) return;
      found.add(`${name} (kustomization images)`);
      if (canonicalName(splitTagDigest(name).name) !== target) return;
      if (entry.has('digest')) {
        throw usageError('E_MANIFEST_EDIT', `the kustomization images entry for ${name} has a digest${where(entry)}`, 'remove its digest: a digest wins over newTag and would keep the old image');
      }
      const tagNode = entry.get('newTag', true) as unknown;
      const from = isScalar(tagNode) ? String(tagNode.value) : '';
      matches.push({ doc: di, kind: 'Kustomization', resource: null, container: null, list: 'images', line: lineOf(entry.range![0]), from: from ? `${name}:${from}` : name, to: `${name}:${tag}` });
      if (tagNode === undefined) {
        append(entry, (ind) => [`${' '.repeat(ind)}newTag: ${quoted(tag)}`], `newTag: ${quoted(tag)}`);
        changed++;
      } else if (isScalar(tagNode) && tagNode.range && tagNode.range[0] !== tagNode.range[1]) {
        if (tagNode.value !== tag) {
          setScalar(tagNode, tag);
          changed++;
        }
      } else {
        throw usageError('E_MANIFEST_EDIT', `newTag of the kustomization images entry ${name} has a value shipver cannot edit${where(entry)}`, 'write it as newTag: "1.0.0"');
      }
      patches.push({ doc: di, path: [...resPath, 'images', ei, 'newTag'], op: 'set', value: tag });
    });
  };

  const visit = (di: number, node: unknown, resPath: PathKey[]) => {
    if (!isMap(node)) return;
    const kind = str(node.get('kind', true));
    if (kind === 'List') {
      const items = node.get('items', true) as unknown;
      if (isSeq(items)) items.items.forEach((it, i) => visit(di, it, [...resPath, 'items', i]));
      return;
    }
    if (kind === 'Kustomization' || (kind === null && isSeq(node.get('images', true)))) {
      visitKustomization(di, node, resPath);
      return;
    }
    const podPath = kind ? POD_SPEC[kind] : undefined;
    if (kind && podPath) visitContainers(di, node, kind, podPath, resPath);
  };

  docs.forEach((d, di) => visit(di, d.contents, []));

  if (matches.length === 0) {
    const list = [...found];
    throw refusal(
      'E_MANIFEST_NO_IMAGE',
      `no container image named ${image} in ${shown}`,
      list.length ? 'pass --image with the name of one of the images found (without its tag)' : 'the file has no Deployment, StatefulSet, DaemonSet, Job, CronJob or Pod containers, and no kustomization images',
      list.length ? ['images found:', ...list.map((i) => `  ${i}`)] : [],
    );
  }

  const out = applyEdits(text, edits);
  verify(docs, out, patches, shown);
  return { text: out, changed, matches, envChanged };
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

function applyEdits(text: string, edits: Edit[]): string {
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
