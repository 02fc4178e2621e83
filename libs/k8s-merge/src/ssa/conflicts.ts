import { compareStrings, goQuote } from '../go-json.js';
import type { FieldSet } from './field-set.js';
import { parseManagerIdentifier } from './managed-fields.js';
import { printFieldPath } from './path.js';

/**
 * A field another manager owns that the apply would change; `field` printed as the API server prints it:
 * `.spec.replicas`, `.spec.template.spec.containers[name="app"].image`, `.metadata.labels.app`.
 */
export interface ApplyConflict {
  /** The other manager's name (`fieldManager`). */
  manager: string;
  /** The contested field. */
  field: string;
  /** The Status cause message the API server attaches: `conflict with "kubectl" using apps/v1`. */
  message: string;
}

/** How the API server names a manager in conflict messages: `"name"`, plus `using <apiVersion>` for updaters. */
function printManager(id: string): string {
  const info = parseManagerIdentifier(id);
  let out = goQuote(info.manager);
  if (info.subresource) out += ` with subresource ${goQuote(info.subresource)}`;
  if (info.operation === 'Update') out += ` using ${info.apiVersion}`;
  return out;
}

/** Conflicts per manager identifier, in the order the API server reports them: managers sorted, paths in set order. */
export function conflictList(conflicts: ReadonlyMap<string, FieldSet>): { id: string; conflict: ApplyConflict }[] {
  const ids = [...conflicts.keys()].sort(compareStrings);
  return ids.flatMap((id) =>
    conflicts.get(id)!.paths().map((path) => ({
      id,
      conflict: { manager: parseManagerIdentifier(id).manager, field: printFieldPath(path), message: `conflict with ${printManager(id)}` },
    })),
  );
}

/**
 * The API server's 409 message: `Apply failed with 1 conflict: conflict with "m" using apps/v1: .spec.replicas`, or
 * for several `Apply failed with N conflicts: conflicts with "m":` and one `- <field>` line per field, by manager.
 */
export function conflictMessage(list: readonly { id: string; conflict: ApplyConflict }[]): string {
  if (list.length === 1) {
    const only = list[0]!;
    return `Apply failed with 1 conflict: conflict with ${printManager(only.id)}: ${only.conflict.field}`;
  }
  const lines: string[] = [];
  let current: string | undefined;
  for (const { id, conflict } of list) {
    if (id !== current) {
      lines.push(`conflicts with ${printManager(id)}:`);
      current = id;
    }
    lines.push(`- ${conflict.field}`);
  }
  return `Apply failed with ${list.length} conflicts: ${lines.join('\n')}`;
}
