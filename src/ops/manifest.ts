// Sets an image's tag in Kubernetes YAML (the ops deploy's "interpolate the tag" step),
// keeping every other byte of the file as it was. Three steps:
//
// - find (manifest-find.ts): the `yaml` document API finds where the file names the image
//   (each node knows its source range);
// - decide (manifest-edit.ts, manifest-env.ts): the new text for those ranges, in the
//   style of the text around them, and the data change each must make;
// - write (manifest-write.ts): the new text spliced into the original, parsed again, and
//   checked to hold the input's data with exactly those changes, else nothing is returned.
//
// Re-printing the documents with doc.toString() is not used for the output because it
// re-indents sequences (`containers:\n- name` → `  - name`), respaces comments and flow
// collections, so it would rewrite lines nobody asked to change.
import { shortPrintable } from './image-ref.js';
import { parseAllDocuments, type Document } from 'yaml';
import { refusal, usageError } from '../errors.js';
import { TAG_RE, parseImageRef, splitTagDigest } from './image-ref.js';
import { planEdit, type ManifestMatch } from './manifest-edit.js';
import { findImageReferences } from './manifest-find.js';
import { applyEdits, verify } from './manifest-write.js';
import { SourceText } from './yaml-source.js';

export type { ManifestMatch } from './manifest-edit.js';

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

const ENV_NAME_RE = /^[A-Za-z_.][A-Za-z0-9_.-]*$/;

/** The tag must be a valid OCI tag (which also rules out newlines, spaces and shell syntax). */
export function assertImageTag(tag: string): string {
  if (!TAG_RE.test(tag)) {
    const why = /\+/.test(tag) ? ' (image tags cannot hold "+": drop the build metadata)' : '';
    throw usageError(
      'E_IMAGE_TAG',
      `"${shortPrintable(tag)}" is not a valid image tag${why}`,
      'a tag is 1-128 letters, digits, "_", "." or "-", not starting with "." or "-" (e.g. 1.2.0 or 1.3.0-beta.1)',
    );
  }
  return tag;
}

export function setImageTag(yamlText: string, image: string, tag: string, opts: SetImageTagOptions = {}): SetImageTagResult {
  checkArguments(image, tag, opts.envVar);
  const shown = opts.file ?? 'the manifest';
  const docs = parseManifest(yamlText, image, shown);
  const src = new SourceText(yamlText, opts.file);
  const found = findImageReferences(docs, image, src);
  const plan = planEdit(src, found.refs, tag, opts.envVar);
  if (plan.matches.length === 0) throw noImage(image, shown, found.images);
  const out = applyEdits(yamlText, plan.edits);
  verify(docs, out, plan.patches, shown);
  return { text: out, changed: plan.changed, matches: plan.matches, envChanged: plan.envChanged };
}

/** The tag, the image name (without tag or digest) and the env var name, before the file is read. */
function checkArguments(image: string, tag: string, envVar: string | undefined): void {
  assertImageTag(tag);
  const parts = splitTagDigest(image);
  if (parts.tag !== null || parts.digest !== null) {
    throw usageError('E_IMAGE_NAME', `--image "${image}" includes a tag or digest`, `give the image name alone, e.g. --image ${parts.name}`);
  }
  parseImageRef(image); // validates the name
  if (envVar !== undefined && !ENV_NAME_RE.test(envVar)) {
    throw usageError('E_ENV_NAME', `"${envVar}" is not a valid environment variable name`, 'use letters, digits and "_" (e.g. VERSION)');
  }
}

/** The file's YAML documents; YAML that does not parse is the file's problem, named with its line. */
function parseManifest(text: string, image: string, shown: string): Document.Parsed[] {
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
  return docs;
}

function noImage(image: string, shown: string, images: string[]) {
  return refusal(
    'E_MANIFEST_NO_IMAGE',
    `no container image named ${image} in ${shown}`,
    images.length ? 'pass --image with the name of one of the images found (without its tag)' : 'the file has no Deployment, StatefulSet, DaemonSet, Job, CronJob or Pod containers, and no kustomization images',
    images.length ? ['images found:', ...images.map((i) => `  ${i}`)] : [],
  );
}
