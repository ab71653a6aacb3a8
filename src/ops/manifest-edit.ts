// Deciding the edit: for each reference found, the new text at its place in the file and
// the change to the document's data it must make (what the written result is checked
// against). A reference shipver cannot edit safely is refused here, the first in
// document order.
import { isScalar } from 'yaml';
import { usageError, type ShipverError } from '../errors.js';
import { setEnvVar } from './manifest-env.js';
import type { AliasedImage, ContainerImage, ImageReference, KustomizationImage } from './manifest-find.js';
import type { Edit, Patch } from './manifest-write.js';
import type { SourceText } from './yaml-source.js';
import { Splicer } from './yaml-splice.js';

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

export interface ManifestEdit {
  edits: Edit[];
  patches: Patch[];
  matches: ManifestMatch[];
  /** image references given a new value */
  changed: number;
  /** env var values set or added */
  envChanged: number;
}

export function planEdit(src: SourceText, refs: readonly ImageReference[], tag: string, envVar: string | undefined): ManifestEdit {
  const splicer = new Splicer(src);
  const plan: ManifestEdit = { edits: splicer.edits, patches: [], matches: [], changed: 0, envChanged: 0 };
  for (const ref of refs) {
    if (ref.type === 'alias') throw aliasRefused(src, ref);
    if (ref.type === 'container') editContainer(plan, splicer, src, ref, tag, envVar);
    else editKustomization(plan, splicer, src, ref, tag);
  }
  return plan;
}

function aliasRefused(src: SourceText, ref: AliasedImage): ShipverError {
  return usageError('E_MANIFEST_EDIT', `the image of ${ref.label} is an alias (*${ref.node.source})${src.where(ref.node)}`, 'write the image in full there; shipver does not edit anchors');
}

/** `image: NAME:OLD` → `image: NAME:TAG` (and the env var with --env). */
function editContainer(plan: ManifestEdit, splicer: Splicer, src: SourceText, ref: ContainerImage, tag: string, envVar: string | undefined): void {
  const next = `${ref.imageName}:${tag}`;
  plan.matches.push({ doc: ref.doc, kind: ref.kind, resource: ref.resource, container: ref.name, list: ref.list, line: src.lineOf(ref.node.range![0]), from: ref.value, to: next });
  if (ref.value !== next) {
    splicer.setScalar(ref.node, next);
    plan.changed++;
  }
  plan.patches.push({ doc: ref.doc, path: [...ref.path, 'image'], op: 'set', value: next });
  if (envVar === undefined) return;
  const env = setEnvVar(splicer, src, ref, envVar, tag);
  if (env.changed) plan.envChanged++;
  plan.patches.push(env.patch);
}

/** A kustomization images entry: its newTag set (or added); a digest would win over it, so it is refused. */
function editKustomization(plan: ManifestEdit, splicer: Splicer, src: SourceText, ref: KustomizationImage, tag: string): void {
  const { entry, name } = ref;
  if (entry.has('digest')) {
    throw usageError('E_MANIFEST_EDIT', `the kustomization images entry for ${name} has a digest${src.where(entry)}`, 'remove its digest: a digest wins over newTag and would keep the old image');
  }
  const tagNode = entry.get('newTag', true) as unknown;
  const from = isScalar(tagNode) ? String(tagNode.value) : '';
  plan.matches.push({ doc: ref.doc, kind: 'Kustomization', resource: null, container: null, list: 'images', line: src.lineOf(entry.range![0]), from: from ? `${name}:${from}` : name, to: `${name}:${tag}` });
  if (tagNode === undefined) {
    splicer.append(entry, (ind) => [`${' '.repeat(ind)}newTag: ${JSON.stringify(tag)}`], `newTag: ${JSON.stringify(tag)}`);
    plan.changed++;
  } else if (isScalar(tagNode) && tagNode.range && tagNode.range[0] !== tagNode.range[1]) {
    if (tagNode.value !== tag) {
      splicer.setScalar(tagNode, tag);
      plan.changed++;
    }
  } else {
    throw usageError('E_MANIFEST_EDIT', `newTag of the kustomization images entry ${name} has a value shipver cannot edit${src.where(entry)}`, 'write it as newTag: "1.0.0"');
  }
  plan.patches.push({ doc: ref.doc, path: [...ref.path, 'newTag'], op: 'set', value: tag });
}
