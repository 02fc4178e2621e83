/**
 * `images` (new names, tags and digests for container images) and `replicas` (replica counts by resource name).
 */
import { KustomizeBuildError } from '../errors.js';
import type { FieldSpec, Image, Replica } from '../kustfile/types.js';
import { gvkSelected, gvkString } from '../resource/resid.js';
import type { ResMap } from '../resource/resmap.js';
import { isMap } from '../yaml/value.js';
import type { YMap, YValue } from '../yaml/value.js';
import { walkFieldSpec } from './fieldspec.js';

/** kustomize's image.Split: name, tag and digest of an image reference (a registry port is not a tag). */
export function splitImage(image: string): { name: string; tag: string; digest: string } {
  let search = image;
  let slash = image.indexOf('/');
  if (slash > 0) search = image.slice(slash);
  else slash = 0;
  let id = search.indexOf('@');
  let ic = search.indexOf(':');
  if (ic < 0 && id < 0) return { name: image, tag: '', digest: '' };
  if (id >= 0 && (id < ic || ic < 0)) {
    id += slash;
    return { name: image.slice(0, id), tag: '', digest: image.slice(id + 1) };
  }
  if (id >= 0 && ic >= 0) {
    id += slash;
    ic += slash;
    return { name: image.slice(0, ic), tag: image.slice(ic + 1, id), digest: image.slice(id + 1) };
  }
  ic += slash;
  return { name: image.slice(0, ic), tag: image.slice(ic + 1), digest: '' };
}

function imageMatcher(name: string): (value: string) => boolean {
  let re: RegExp;
  try {
    re = new RegExp(`^${name}(@sha256)?(:[a-zA-Z0-9_.{}-]*)?$`);
  } catch {
    return () => false;
  }
  return (value) => re.test(value);
}

function newImageValue(value: string, img: Image): string {
  let { name, tag, digest } = splitImage(value);
  if (img.newName) name = img.newName;
  if (img.newTag && img.digest) {
    tag = img.newTag;
    digest = img.digest;
  } else if (img.newTag) {
    tag = img.newTag;
    digest = '';
  } else if (img.digest) {
    tag = '';
    digest = img.digest;
  }
  if (img.tagSuffix) tag += img.tagSuffix;
  let out = name;
  if (tag) out += `:${tag}`;
  if (digest) out += `@${digest}`;
  return out;
}

function updateImageField(holder: YMap, key: string, img: Image, matches: (v: string) => boolean): void {
  const v = holder[key];
  if (typeof v !== 'string') {
    if (v === undefined || v === null) return;
    if (typeof v === 'object') throw new KustomizeBuildError(`wrong node kind: expected ScalarNode for image`);
  }
  const text = String(v);
  if (matches(text)) holder[key] = newImageValue(text, img);
}

/** Updates `image` of every container list (`containers`, `initContainers`) at any depth, then the field specs. */
export function transformImages(m: ResMap, img: Image, specs: readonly FieldSpec[]): void {
  const matches = imageMatcher(img.name ?? '');
  for (const r of m.resources()) {
    if (r.kind !== 'CustomResourceDefinition') visitContainers(r.obj, img, matches);
    for (const fs of specs) walkFieldSpec(r, fs, undefined, (holder, key) => updateImageField(holder, key, img, matches));
  }
}

function visitContainers(v: YValue, img: Image, matches: (v: string) => boolean): void {
  if (Array.isArray(v)) {
    for (const el of v) visitContainers(el, img, matches);
    return;
  }
  if (!isMap(v)) return;
  for (const k of Object.keys(v)) {
    const child = v[k]!;
    visitContainers(child, img, matches);
    if ((k === 'containers' || k === 'initContainers') && Array.isArray(child)) {
      for (const c of child) if (isMap(c) && 'image' in c) updateImageField(c, 'image', img, matches);
    }
  }
}

/** Sets the replica count of the resources named `replica.name` whose kind has a replicas field spec. */
export function transformReplicas(m: ResMap, replica: Replica, specs: readonly FieldSpec[]): void {
  let found = false;
  for (const fs of specs) {
    const matching = m.resources().filter((r) => [...r.prevIds(), r.curId()].some((id) => id.name === replica.name && gvkSelected(id, fs)));
    if (matching.length > 0) found = true;
    for (const r of matching) {
      walkFieldSpec(r, fs, 'scalar', (holder, key) => {
        holder[key] = replica.count ?? 0;
      });
    }
  }
  if (!found) {
    const gvks = specs.map((s) => gvkString({ group: s.group ?? '', version: s.version ?? '', kind: s.kind ?? '' }));
    throw new KustomizeBuildError(`resource with name ${replica.name ?? ''} does not match a config with the following GVK [${gvks.join(' ')}]`);
  }
}
