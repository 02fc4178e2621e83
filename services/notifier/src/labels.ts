/**
 * `matchLabels` as a Kubernetes label selector: every key must be a qualified name and every value a label value
 * (`metav1.LabelSelectorAsSelector` rejects the selector otherwise), and an object matches when it has each label
 * with exactly that value.
 */

const NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Why `matchLabels` is not a valid selector, one line per bad key or value; empty when valid. */
export function selectorProblems(matchLabels: Readonly<Record<string, string>>): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(matchLabels)) {
    const keyProblem = labelKeyProblem(key);
    if (keyProblem) problems.push(`key ${JSON.stringify(key)}: ${keyProblem}`);
    if (value.length > 63 || !VALUE.test(value)) {
      problems.push(`values[0][${key}]: Invalid value: ${JSON.stringify(value)}: a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (at most 63 characters)`);
    }
  }
  return problems;
}

function labelKeyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) {
    return 'prefix part must be a lowercase DNS subdomain (at most 253 characters)';
  }
  if (name.length === 0 || name.length > 63 || !NAME.test(name)) {
    return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (at most 63 characters)";
  }
  return undefined;
}

/** True when `labels` has every label of `matchLabels` with the same value (an empty selector matches all). */
export function labelsMatch(matchLabels: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>> | undefined): boolean {
  return Object.entries(matchLabels).every(([k, v]) => labels !== undefined && Object.hasOwn(labels, k) && labels[k] === v);
}
