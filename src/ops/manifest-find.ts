// Finding where a file names an image: the container images of the workload kinds (at
// each kind's pod spec, inside List items too) and the kustomization `images` entries.
// Nothing is decided or refused here: an image given as an alias is reported as such,
// and editing refuses it in document order.
import { isAlias, isMap, isSeq, type Alias, type Document, type Node, type Scalar, type YAMLMap } from 'yaml';
import { splitRegistry, splitTagDigest } from './image-ref.js';
import type { PathKey } from './manifest-write.js';
import { stringOf, type SourceText } from './yaml-source.js';

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

/** A container whose image is the one asked for. */
export interface ContainerImage {
  type: 'container';
  /** 0-based index of the YAML document */
  doc: number;
  kind: string;
  /** metadata.name, or null */
  resource: string | null;
  container: YAMLMap;
  /** the container's name, or null */
  name: string | null;
  list: 'containers' | 'initContainers';
  /** the container's path in the document's data */
  path: PathKey[];
  /** the image value, as written */
  node: Scalar;
  value: string;
  /** the image name without its tag or digest, as written */
  imageName: string;
  /** how far the list's "-" is indented past its key (an env list added to the container follows it) */
  seqOffset: number;
  /** "container app of Deployment web", for messages */
  label: string;
}

/** A container whose image is an alias (*name) of any image. */
export interface AliasedImage {
  type: 'alias';
  node: Alias;
  label: string;
}

/** A kustomization images entry for the image asked for. */
export interface KustomizationImage {
  type: 'kustomization';
  doc: number;
  entry: YAMLMap;
  name: string;
  /** the entry's path in the document's data */
  path: PathKey[];
}

export type ImageReference = ContainerImage | AliasedImage | KustomizationImage;

export interface FoundImages {
  /** the references to edit (and the aliases to refuse), in document order */
  refs: ImageReference[];
  /** every image named anywhere, for the message when none is the one asked for */
  images: string[];
}

/** Canonical registry/repository for comparing names: "nginx" = "docker.io/library/nginx". */
export function canonicalName(name: string): string {
  const { registry, repository } = splitRegistry(name);
  return `${registry.toLowerCase()}/${repository}`;
}

export function findImageReferences(docs: Document.Parsed[], image: string, src: SourceText): FoundImages {
  const finder = new Finder(canonicalName(image), src);
  docs.forEach((d, di) => finder.visit(di, d.contents, []));
  return { refs: finder.refs, images: [...finder.images] };
}

class Finder {
  readonly refs: ImageReference[] = [];
  readonly images = new Set<string>();

  constructor(private readonly target: string, private readonly src: SourceText) {}

  visit(doc: number, node: unknown, resPath: PathKey[]): void {
    if (!isMap(node)) return;
    const kind = stringOf(node.get('kind', true));
    if (kind === 'List') {
      const items = node.get('items', true) as unknown;
      if (isSeq(items)) items.items.forEach((it, i) => this.visit(doc, it, [...resPath, 'items', i]));
      return;
    }
    if (kind === 'Kustomization' || (kind === null && isSeq(node.get('images', true)))) {
      this.kustomization(doc, node, resPath);
      return;
    }
    const podPath = kind ? POD_SPEC[kind] : undefined;
    if (kind && podPath) this.containers(doc, node, kind, podPath, resPath);
  }

  private containers(doc: number, res: YAMLMap, kind: string, podPath: PathKey[], resPath: PathKey[]): void {
    const pod = res.getIn(podPath, true) as unknown;
    if (!isMap(pod)) return;
    const resource = stringOf(res.getIn(['metadata', 'name'], true));
    for (const list of ['initContainers', 'containers'] as const) {
      const listKey = pod.items.find((p) => stringOf(p.key) === list);
      const seq = listKey?.value as unknown;
      if (!isSeq(seq)) continue;
      const keyNode = listKey!.key as Node;
      const seqOffset = !seq.flow && seq.range && keyNode.range ? Math.max(0, this.src.colOf(seq.range[0]) - this.src.colOf(keyNode.range[0])) : 2;
      seq.items.forEach((c, ci) => {
        if (!isMap(c)) return;
        const imageNode = c.get('image', true) as unknown;
        const name = stringOf(c.get('name', true));
        const label = `container ${name ?? `#${ci + 1}`} of ${kind} ${resource ?? ''}`.trim();
        if (isAlias(imageNode)) {
          this.refs.push({ type: 'alias', node: imageNode, label });
          return;
        }
        const value = stringOf(imageNode);
        if (value === null) return;
        this.images.add(value);
        const imageName = splitTagDigest(value).name;
        if (canonicalName(imageName) !== this.target) return;
        const path = [...resPath, ...podPath, list, ci];
        this.refs.push({ type: 'container', doc, kind, resource, container: c, name, list, path, node: imageNode as Scalar, value, imageName, seqOffset, label });
      });
    }
  }

  private kustomization(doc: number, res: YAMLMap, resPath: PathKey[]): void {
    const images = res.get('images', true) as unknown;
    if (!isSeq(images)) return;
    images.items.forEach((entry, ei) => {
      if (!isMap(entry)) return;
      const name = stringOf(entry.get('name', true));
      if (name === null) return;
      this.images.add(`${name} (kustomization images)`);
      if (canonicalName(splitTagDigest(name).name) !== this.target) return;
      this.refs.push({ type: 'kustomization', doc, entry, name, path: [...resPath, 'images', ei] });
    });
  }
}
