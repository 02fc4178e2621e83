import { InvalidObjectError } from './errors.js';
import { describeType, strictListField } from './fields.js';
import { isMapping } from './object-ref.js';
import type { KubeObject } from './types.js';

/** The fields of a `status.conditions` entry that kstatus reads; absent fields read as `''`. */
export interface BasicCondition {
  readonly type: string;
  readonly status: string;
  readonly reason: string;
  readonly message: string;
}

const conditionFields = ['type', 'status', 'reason', 'message'] as const;

function readCondition(entry: unknown, field: string, subject: string): BasicCondition {
  if (entry === null || entry === undefined) return { type: '', status: '', reason: '', message: '' };
  if (!isMapping(entry)) throw new InvalidObjectError(subject, field, `must be a mapping, got ${describeType(entry)}`);
  const values = conditionFields.map((name) => {
    const value = entry[name];
    if (value === undefined || value === null) return '';
    if (typeof value !== 'string') {
      throw new InvalidObjectError(subject, `${field}.${name}`, `must be a string, got ${describeType(value)}`);
    }
    return value;
  });
  const [type, status, reason, message] = values as [string, string, string, string];
  return { type, status, reason, message };
}

/**
 * The object's `status.conditions`, in order; empty when there are none. Throws {@link InvalidObjectError} naming
 * the field when the list or one of its entries is malformed, as kstatus fails to convert such an object.
 */
export function readConditions(object: KubeObject, subject: string): readonly BasicCondition[] {
  const entries = strictListField(object, 'status.conditions', subject) ?? [];
  return entries.map((entry, i) => readCondition(entry, `status.conditions[${i}]`, subject));
}

/** The first condition of the given type and status, if any. */
export function findCondition(
  conditions: readonly BasicCondition[],
  type: string,
  status: string,
): BasicCondition | undefined {
  return conditions.find((c) => c.type === type && c.status === status);
}
