/**
 * `buildMetadata: [originAnnotations, transformerAnnotations]`: where each resource came from
 * (`config.kubernetes.io/origin`) and which transformers touched it (`alpha.config.kubernetes.io/transformations`),
 * printed as kustomize prints its Origin struct.
 */

/** kustomize's Origin: a file path, or the generator/transformer configuration that made or changed a resource. */
export interface Origin {
  readonly path?: string;
  readonly configuredIn?: string;
  readonly configuredBy?: { readonly apiVersion: string; readonly kind: string; readonly name?: string; readonly namespace?: string };
}

function lines(o: Origin): string[] {
  const out: string[] = [];
  if (o.path !== undefined) out.push(`path: ${o.path}`);
  if (o.configuredIn !== undefined) out.push(`configuredIn: ${o.configuredIn}`);
  if (o.configuredBy) {
    out.push('configuredBy:');
    const by = o.configuredBy;
    out.push(`  apiVersion: ${by.apiVersion}`, `  kind: ${by.kind}`);
    if (by.name) out.push(`  name: ${by.name}`);
    if (by.namespace) out.push(`  namespace: ${by.namespace}`);
  }
  return out;
}

/** The origin annotation's value. */
export function originText(o: Origin): string {
  return `${lines(o).join('\n')}\n`;
}

/** The transformations annotation's value (a YAML list of origins). */
export function transformationsText(list: readonly Origin[]): string {
  return list.map((o) => lines(o).map((l, i) => (i === 0 ? `- ${l}` : `  ${l}`)).join('\n')).join('\n').concat('\n');
}
