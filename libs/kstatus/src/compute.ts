import { InvalidObjectError } from './errors.js';
import { describeType } from './fields.js';
import { checkGenericProperties, checkReadyCondition } from './generic.js';
import type { HealthExpressionEvaluator } from './cel/health-expressions.js';
import { groupKindOf, isMapping, objectRef } from './object-ref.js';
import { current, unknownResult } from './results.js';
import type { RuleContext } from './rules/rule.js';
import { kindRuleKey, kindRules } from './rules/table.js';
import type { KubeObject, StatusResult } from './types.js';

/** Options of {@link computeStatus}. */
export interface ComputeOptions {
  /** Current time in milliseconds since the epoch; the Pod rule gives a pod 15 s from creation to be scheduled. */
  readonly now: number;
  /** Compiled `healthCheckExprs`; an object whose group and kind match one is judged by it, not by kstatus. */
  readonly expressions: readonly HealthExpressionEvaluator[];
}

/** Every {@link ComputeOptions} with its default: the clock read now, no health expressions. */
export function defaultComputeOptions(): ComputeOptions {
  return { now: Date.now(), expressions: [] };
}

/**
 * kstatus's decision for a well-formed mapping: generic checks, then the per-kind rule, then the `Ready`
 * condition, then Current. Throws {@link InvalidObjectError} for malformed fields.
 */
export function computeKstatus(object: KubeObject, context: RuleContext): StatusResult {
  const generic = checkGenericProperties(object, context.subject);
  if (generic !== undefined) return generic;
  const { group, kind } = groupKindOf(object);
  const rule = kindRules.get(kindRuleKey(group, kind));
  if (rule !== undefined) return rule(object, context);
  return checkReadyCondition(object, context.subject) ?? current('Resource is current');
}

/**
 * The health of one object, computed as Flux computes it: by the first matching health expression if any, else by
 * kstatus's rules (deletion → Terminating, unobserved generation → InProgress, `Reconciling`/`Stalled`, per-kind
 * rules, the `Ready` condition). Call it whenever a watched object changes; it never throws and never does I/O.
 * A malformed object gets status Unknown with the offending field in `error`.
 */
export function computeStatus(object: unknown, options: Partial<ComputeOptions> = {}): StatusResult {
  const { now, expressions } = { ...defaultComputeOptions(), ...options };
  const subject = objectRef(object);
  if (!isMapping(object)) {
    return unknownResult(new InvalidObjectError(subject, '(root)', `must be a mapping, got ${describeType(object)}`));
  }
  const expression = expressions.find((candidate) => candidate.matches(object));
  if (expression !== undefined) return expression.evaluate(object);
  try {
    return computeKstatus(object, { subject, now });
  } catch (err) {
    if (err instanceof InvalidObjectError) return unknownResult(err);
    throw err;
  }
}
