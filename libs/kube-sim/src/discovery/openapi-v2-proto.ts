/**
 * `/openapi/v2` in the gnostic protobuf encoding kubectl asks for (`application/com.github.proto-openapi.spec.v2
 * @v1.0+protobuf`). Reduced to what kubectl reads from it: which PATCH operation serves which kind and takes which
 * query parameters (to learn that the server validates fields). Definitions are left out, so kubectl's client-side
 * schema validation has nothing to check and leaves validation to the server, as it does with the v3 documents.
 */
import { isJsonObject, type JsonObject, type JsonValue } from '../json.js';
import { WireWriter } from '../protobuf/writer.js';

/** Media type of the protobuf OpenAPI v2 document. */
export const OPENAPI_V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';

function gvkYaml(gvk: JsonObject): string {
  return `group: ${JSON.stringify(String(gvk.group ?? ''))}\nkind: ${JSON.stringify(String(gvk.kind ?? ''))}\nversion: ${JSON.stringify(String(gvk.version ?? ''))}\n`;
}

function queryParameter(name: string): WireWriter {
  const sub = new WireWriter().string(2, 'query').string(4, name).string(6, 'string');
  const nonBody = new WireWriter().message(3, sub);
  const parameter = new WireWriter().message(2, nonBody);
  return new WireWriter().message(1, parameter);
}

function patchOperation(op: JsonObject, resolve: (p: JsonValue) => JsonObject | undefined): WireWriter | undefined {
  const gvk = op['x-kubernetes-group-version-kind'];
  if (!isJsonObject(gvk)) return undefined;
  const w = new WireWriter();
  for (const raw of Array.isArray(op.parameters) ? op.parameters : []) {
    const p = resolve(raw);
    if (p && p.in === 'query' && typeof p.name === 'string') w.message(8, queryParameter(p.name));
  }
  const ext = new WireWriter().string(1, 'x-kubernetes-group-version-kind').message(2, new WireWriter().string(2, gvkYaml(gvk)));
  return w.message(13, ext);
}

/** Encodes the PATCH operations of `paths` (swagger 2.0 path items) as a gnostic OpenAPI v2 document. */
export function openApiV2Protobuf(paths: Readonly<Record<string, JsonValue>>, parameters: Readonly<Record<string, JsonValue>>, version: string): Buffer {
  const resolve = (p: JsonValue): JsonObject | undefined => {
    if (!isJsonObject(p)) return undefined;
    if (typeof p.$ref !== 'string') return p;
    const target = parameters[p.$ref.replace('#/parameters/', '')];
    return isJsonObject(target) ? target : undefined;
  };
  const pathsMsg = new WireWriter();
  for (const [path, item] of Object.entries(paths)) {
    if (!isJsonObject(item) || !isJsonObject(item.patch)) continue;
    const op = patchOperation(item.patch, resolve);
    if (!op) continue;
    pathsMsg.message(2, new WireWriter().string(1, path).message(2, new WireWriter().message(8, op)));
  }
  return new WireWriter()
    .string(1, '2.0')
    .message(2, new WireWriter().string(1, 'Kubernetes').string(2, version))
    .message(8, pathsMsg)
    .finish();
}
