import { readFileSync } from 'node:fs';

/** The OpenAPI v2 document's shape, as far as this package reads it. */
export interface SwaggerDocument {
  readonly definitions: Readonly<Record<string, RawSchema>>;
  readonly paths: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly [key: string]: unknown;
}

/** An OpenAPI schema object as found in the spec or in a CRD; every field is optional and untrusted. */
export type RawSchema = Readonly<Record<string, unknown>>;

let cached: SwaggerDocument | undefined;

/**
 * The Kubernetes 1.36 OpenAPI v2 document (`data/swagger-v1.36.json`), parsed on first use and shared afterwards.
 * Serve it as `/openapi/v2`; do not mutate it.
 */
export function openApiV2Document(): SwaggerDocument {
  cached ??= JSON.parse(readFileSync(new URL('../data/swagger-v1.36.json', import.meta.url), 'utf8')) as SwaggerDocument;
  return cached;
}
