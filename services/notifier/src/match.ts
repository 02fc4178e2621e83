/**
 * Which Alerts an event matches, with notification-controller's rules (`internal/server/event_handlers.go`):
 *
 * - suspended Alerts match nothing;
 * - an event source matches when kind and namespace are equal (namespace defaulting to the Alert's; `*` is not a
 *   namespace wildcard), the severity passes (`info` Alerts take every event, `error` Alerts only errors), the name
 *   is equal or `*`, and, when `matchLabels` is set, the involved object (fetched) has those labels;
 * - then the message must match one `inclusionList` regex (when there is a list) and no `exclusionList` regex;
 *   regexes that do not compile are skipped and reported.
 *
 * The logic is pure apart from the injected label lookup; problems come back as data for the caller to record as
 * Events on the Alert, as Flux does.
 */
import type { Alert } from '@sluice/api';
import { errorMessage } from '@sluice/errors';
import type { KubeObject } from '@sluice/runtime';
import { describeInvolved, type FluxEvent, type FluxObjectReference } from './flux-event.js';
import { compileGoRegexp } from './go-regexp.js';
import { labelsMatch, selectorProblems } from './labels.js';

/** Reasons of the Warning Events Flux records on an Alert while matching. */
export const MATCH_PROBLEM_REASONS = { invalidConfig: 'InvalidConfig', sourceFetchFailed: 'SourceFetchFailed' } as const;

/** Something wrong with an Alert found while matching (recorded as a Warning Event on it). */
export interface AlertProblem {
  readonly reason: (typeof MATCH_PROBLEM_REASONS)[keyof typeof MATCH_PROBLEM_REASONS];
  readonly message: string;
}

/** An Alert ready for matching: parsed, with its regexes compiled once. */
export interface CompiledAlert {
  /** The object as read from the API (for Events on it). */
  readonly object: KubeObject;
  readonly alert: Alert;
  readonly namespace: string;
  readonly name: string;
  readonly inclusion: readonly RegExp[];
  readonly exclusion: readonly RegExp[];
  /** Regexes that did not compile; reported with every event evaluated against the Alert, as Flux does. */
  readonly regexProblems: readonly AlertProblem[];
}

/** Labels of the involved object; throws when it cannot be read (then the source does not match). */
export type LabelLookup = (ref: FluxObjectReference) => Promise<Readonly<Record<string, string>> | undefined>;

/** Result of {@link matchAlert}. */
export interface AlertMatch {
  readonly matched: boolean;
  readonly problems: readonly AlertProblem[];
}

/** Prepares an Alert for matching; call when the informer delivers a new version of it. */
export function compileAlert(object: KubeObject, alert: Alert): CompiledAlert {
  const regexProblems: AlertProblem[] = [];
  const compile = (list: readonly string[] | undefined, which: string): RegExp[] => (list ?? []).flatMap((exp) => {
    try {
      return [compileGoRegexp(exp)];
    } catch (err) {
      regexProblems.push({ reason: 'InvalidConfig', message: `failed to compile ${which} regex: ${exp}: ${errorMessage(err)}` });
      return [];
    }
  });
  return {
    object, alert,
    namespace: alert.metadata.namespace ?? '',
    name: alert.metadata.name,
    inclusion: compile(alert.spec.inclusionList, 'inclusion'),
    exclusion: compile(alert.spec.exclusionList, 'exclusion'),
    regexProblems,
  };
}

type EventSource = Alert['spec']['eventSources'][number];

/** Whether `event` goes to this Alert's Provider. */
export async function matchAlert(event: FluxEvent, compiled: CompiledAlert, labelsOf: LabelLookup): Promise<AlertMatch> {
  const { alert } = compiled;
  if (alert.spec.suspend) return { matched: false, problems: [] };
  const problems: AlertProblem[] = [];
  let sourceMatched = false;
  for (const source of alert.spec.eventSources) {
    // Labels are read only for sources that match on everything else (one API read, as Flux does).
    if (!sourcePrematches(event, compiled, source)) continue;
    if (source.matchLabels === undefined || await labelsPass(event.involvedObject, source, labelsOf, problems)) {
      sourceMatched = true;
      break;
    }
  }
  if (!sourceMatched) return { matched: false, problems };
  problems.push(...compiled.regexProblems);
  const hasInclusions = (alert.spec.inclusionList ?? []).length > 0;
  if (hasInclusions && !compiled.inclusion.some((r) => r.test(event.message))) return { matched: false, problems };
  if (compiled.exclusion.some((r) => r.test(event.message))) return { matched: false, problems };
  return { matched: true, problems };
}

/** Severity rule: an `error` Alert takes only errors, an `info` Alert everything. */
export function severityPasses(eventSeverity: string, alertSeverity: string | undefined): boolean {
  const wanted = alertSeverity || 'info';
  return eventSeverity === wanted || wanted === 'info';
}

/** Kind, namespace (the Alert's when the source has none), severity and name. */
function sourcePrematches(event: FluxEvent, compiled: CompiledAlert, source: EventSource): boolean {
  const o = event.involvedObject;
  return o.namespace === (source.namespace || compiled.namespace) && o.kind === source.kind
    && severityPasses(event.severity, compiled.alert.spec.eventSeverity)
    && (source.name === '*' || source.name === o.name);
}

async function labelsPass(o: FluxObjectReference, source: EventSource, labelsOf: LabelLookup, problems: AlertProblem[]): Promise<boolean> {
  const matchLabels = source.matchLabels ?? {};
  let labels: Readonly<Record<string, string>> | undefined;
  try {
    labels = await labelsOf(o);
  } catch {
    problems.push({ reason: 'SourceFetchFailed', message: `error getting source object ${describeInvolved(o)}` });
    return false;
  }
  const invalid = selectorProblems(matchLabels);
  if (invalid.length > 0) {
    const namespace = source.namespace || o.namespace;
    problems.push({ reason: 'InvalidConfig', message: `error using matchLabels from event source ${source.kind}/${namespace}/${source.name}: ${invalid.join('; ')}` });
    return false;
  }
  return labelsMatch(matchLabels, labels);
}

/**
 * Flux's `--no-cross-namespace-refs`: when on, an Alert only takes events about objects in its own namespace. The
 * message of the refusal, or undefined when allowed.
 */
export function crossNamespaceRefusal(event: FluxEvent, compiled: Pick<CompiledAlert, 'namespace' | 'name'>, noCrossNamespaceRefs: boolean): string | undefined {
  if (!noCrossNamespaceRefs || event.involvedObject.namespace === compiled.namespace) return undefined;
  return `discarding event, access denied to cross-namespace sources: alert '${compiled.namespace}/${compiled.name}' can't process event from '${describeInvolved(event.involvedObject)}', cross-namespace references have been blocked`;
}
