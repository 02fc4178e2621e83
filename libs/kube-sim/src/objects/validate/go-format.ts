/**
 * Go `%#v` renderings of the few values the real server prints in Invalid messages (label maps, label selectors,
 * role refs, string slices), so messages read as on a real cluster.
 */
import { isJsonObject, type JsonValue } from '../../json.js';

/** `map[string]string{"app":"web"}`. */
export function goStringMap(v: JsonValue | undefined): string {
  if (!isJsonObject(v)) return 'map[string]string(nil)';
  const entries = Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${JSON.stringify(String(v[k]))}`);
  return `map[string]string{${entries.join(', ')}}`;
}

/** `[]string{"a", "b"}`. */
export function goStringSlice(v: readonly string[] | undefined): string {
  if (!v) return '[]string(nil)';
  return `[]string{${v.map((s) => JSON.stringify(s)).join(', ')}}`;
}

/** `v1.LabelSelector{MatchLabels:map[string]string{"app":"web"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}`. */
export function goLabelSelector(v: JsonValue | undefined): string {
  if (!isJsonObject(v)) return '(*v1.LabelSelector)(nil)';
  const labels = isJsonObject(v.matchLabels) ? goStringMap(v.matchLabels) : 'map[string]string(nil)';
  const exprs = Array.isArray(v.matchExpressions)
    ? `[]v1.LabelSelectorRequirement{${v.matchExpressions.filter(isJsonObject).map((e) =>
      `v1.LabelSelectorRequirement{Key:${JSON.stringify(String(e.key ?? ''))}, Operator:${JSON.stringify(String(e.operator ?? ''))}, Values:${goStringSlice(Array.isArray(e.values) ? e.values.map(String) : undefined)}}`).join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return `v1.LabelSelector{MatchLabels:${labels}, MatchExpressions:${exprs}}`;
}

/** `rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"ClusterRole", Name:"view"}`. */
export function goRoleRef(v: JsonValue | undefined): string {
  const r = isJsonObject(v) ? v : {};
  return `rbac.RoleRef{APIGroup:${JSON.stringify(String(r.apiGroup ?? ''))}, Kind:${JSON.stringify(String(r.kind ?? ''))}, Name:${JSON.stringify(String(r.name ?? ''))}}`;
}

/** `core.PodTemplateSpec{...}` with the value's JSON inside: the real message dumps the whole Go struct. */
export function goStruct(typeName: string, v: JsonValue | undefined): string {
  return `${typeName}{${v === undefined ? '' : JSON.stringify(v)}}`;
}

/**
 * A value wrapped so that field errors print it verbatim (Go-formatted) instead of JSON-quoting it: the marker
 * is a string starting with U+0000 that {@link renderBadValue} strips.
 */
export function goValue(rendered: string): string {
  return `\u0000${rendered}`;
}
