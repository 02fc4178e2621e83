/**
 * Parses an RFC 6901 JSON pointer into its reference tokens (`~1` → `/`, `~0` → `~`); `''` is the whole document.
 * Returns an error message instead of tokens when the pointer is malformed.
 */
export function parseJsonPointer(pointer: string): string[] | { error: string } {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) return { error: 'a JSON pointer must be empty or start with "/"' };
  const tokens: string[] = [];
  for (const raw of pointer.slice(1).split('/')) {
    if (/~(?![01])/.test(raw)) return { error: `invalid escape in reference token ${JSON.stringify(raw)}` };
    tokens.push(raw.replace(/~1/g, '/').replace(/~0/g, '~'));
  }
  return tokens;
}

/** The array index a reference token names: digits without leading zeros, or undefined when it is not one. */
export function arrayIndex(token: string): number | undefined {
  return /^(0|[1-9][0-9]*)$/.test(token) ? Number(token) : undefined;
}
