// `ops manifest --env NAME`: the container's env var NAME set to the tag, added (with the
// env list itself when there is none) in the style of the lines around it.
import { isMap, isScalar, isSeq, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import { usageError } from '../errors.js';
import type { ContainerImage } from './manifest-find.js';
import type { Patch } from './manifest-write.js';
import { stringOf, type SourceText } from './yaml-source.js';
import type { Splicer } from './yaml-splice.js';

export interface EnvEdit {
  /** the change to the document's data */
  patch: Patch;
  /** whether the value was set or added (false: it already was the tag) */
  changed: boolean;
}

const quoted = (v: string) => JSON.stringify(v);

/** Sets env var `name` of the container to `tag`; refuses an env it cannot edit safely. */
export function setEnvVar(splicer: Splicer, src: SourceText, ref: ContainerImage, name: string, tag: string): EnvEdit {
  const env = ref.container.get('env', true) as unknown;
  const envPath = [...ref.path, 'env'];
  if (env === undefined) {
    addEnvList(splicer, ref, name, tag);
    return { patch: { doc: ref.doc, path: envPath, op: 'set', value: [{ name, value: tag }] }, changed: true };
  }
  if (isScalar(env) && (env.value === null || env.value === '')) {
    throw usageError('E_MANIFEST_EDIT', `env of ${ref.label} is empty${src.where(env)}`, 'write env: [] or remove the empty env: key');
  }
  if (!isSeq(env)) {
    throw usageError('E_MANIFEST_EDIT', `env of ${ref.label} is not a list${src.where(env as Node)}`, 'write env as a list of {name, value}');
  }
  const idx = env.items.findIndex((it) => isMap(it) && stringOf(it.get('name', true)) === name);
  if (idx === -1) {
    addEnvItem(splicer, src, env, name, tag);
    return { patch: { doc: ref.doc, path: envPath, op: 'push', value: { name, value: tag } }, changed: true };
  }
  const changed = setEnvValue(splicer, src, env.items[idx] as YAMLMap, ref.label, name, tag);
  return { patch: { doc: ref.doc, path: [...envPath, idx, 'value'], op: 'set', value: tag }, changed };
}

/** A container without env: `env:` with the one var, indented as the container's keys and lists are. */
function addEnvList(splicer: Splicer, ref: ContainerImage, name: string, tag: string): void {
  splicer.append(
    ref.container,
    (ind) => {
      const pad = ' '.repeat(ind);
      const dash = ' '.repeat(ind + ref.seqOffset);
      return [`${pad}env:`, `${dash}- name: ${name}`, `${dash}  value: ${quoted(tag)}`];
    },
    `env: [{name: ${name}, value: ${quoted(tag)}}]`,
  );
}

/** An env list without the var: one more item, spaced as its first item is. */
function addEnvItem(splicer: Splicer, src: SourceText, env: YAMLSeq, name: string, tag: string): void {
  splicer.append(
    env,
    (ind) => {
      const firstItem = env.items[0];
      const firstKey = isMap(firstItem) && !firstItem.flow ? (firstItem.items[0]?.key as Node | undefined) : undefined;
      const keyCol = firstKey?.range ? src.colOf(firstKey.range[0]) : ind + 2;
      const gap = Math.max(1, keyCol - ind - 1);
      return [`${' '.repeat(ind)}-${' '.repeat(gap)}name: ${name}`, `${' '.repeat(ind + 1 + gap)}value: ${quoted(tag)}`];
    },
    `{name: ${name}, value: ${quoted(tag)}}`,
  );
}

/** The var's item exists: its value set (or added); whether anything changed. */
function setEnvValue(splicer: Splicer, src: SourceText, item: YAMLMap, label: string, name: string, tag: string): boolean {
  if (item.has('valueFrom')) {
    throw usageError('E_MANIFEST_EDIT', `env ${name} of ${label} is set with valueFrom${src.where(item)}`, `remove its valueFrom, or choose another --env name`);
  }
  const value = item.get('value', true) as unknown;
  if (value === undefined) {
    splicer.append(item, (ind) => [`${' '.repeat(ind)}value: ${quoted(tag)}`], `value: ${quoted(tag)}`);
    return true;
  }
  if (isScalar(value) && value.range && !(value.range[0] === value.range[1])) {
    if (value.value === tag && typeof value.value === 'string') return false;
    splicer.setScalar(value, tag);
    return true;
  }
  throw usageError('E_MANIFEST_EDIT', `env ${name} of ${label} has a value shipver cannot edit${src.where(item)}`, 'write it as value: "1.0.0"');
}
