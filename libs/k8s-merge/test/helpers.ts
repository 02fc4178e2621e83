import { readFileSync } from 'node:fs';
import { builtinSchema, crdObjectSchema, type FieldSchema } from '@sluice/k8s-schema';
import type { JsonObject, JsonValue } from '../src/index.js';

/** Parsed JSON fixture from `test/fixtures/<relative>`. */
export function fixture<T = JsonValue>(relative: string): T {
  return JSON.parse(readFileSync(new URL(`fixtures/${relative}`, import.meta.url), 'utf8')) as T;
}

/** A deep copy of a value, to check that functions do not mutate their inputs. */
export function snapshot<T>(value: T): T {
  return structuredClone(value);
}

/** The Deployment schema of the bundled 1.36 spec. */
export function deploymentSchema(): FieldSchema {
  return builtinSchema({ group: 'apps', version: 'v1', kind: 'Deployment' })!;
}

/** The schema of a built-in kind. */
export function schemaOf(group: string, version: string, kind: string): FieldSchema {
  const schema = builtinSchema({ group, version, kind });
  if (!schema) throw new Error(`no schema for ${group}/${version} ${kind}`);
  return schema;
}

/** The whole-object schema of a custom resource from its openAPIV3Schema. */
export function crdSchema(openAPIV3Schema: JsonObject): FieldSchema {
  return crdObjectSchema(openAPIV3Schema);
}

/** A minimal Deployment with one container, for apply and update tests. */
export function deployment(spec: { replicas?: number; image?: string; containers?: JsonValue[]; labels?: JsonObject } = {}): JsonObject {
  const labels = spec.labels ?? { app: 'web' };
  const deploymentSpec: JsonObject = {
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: spec.containers ?? [{ name: 'app', image: spec.image ?? 'nginx:1.25' }] },
    },
  };
  if (spec.replicas !== undefined) deploymentSpec.replicas = spec.replicas;
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default', labels }, spec: deploymentSpec };
}
