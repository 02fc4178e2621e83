/** Splits `apps/v1` into `{ group: 'apps', version: 'v1' }` and `v1` into `{ group: '', version: 'v1' }`. */
export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  if (slash < 0) return { group: '', version: apiVersion };
  return { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** Joins a group and version the way `apiVersion` fields spell them (`v1` for the core group). */
export function formatApiVersion(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

/** True for versions such as `v1alpha1` or `v2beta3`, which a default cluster does not serve. */
export function isPrereleaseVersion(version: string): boolean {
  return /^v\d+(alpha|beta)\d*$/.test(version);
}
