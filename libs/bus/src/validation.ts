/**
 * A few composable runtime checks for JSON received from the bus. Each reports problems as `path: what was
 * expected`, so a terminated message names the field that was wrong.
 */

/** Adds a problem to `problems` for each way `value` (found at `path`) breaks the rule. */
export type Check = (value: unknown, path: string, problems: string[]) => void;

const RFC3339_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value) : typeof value;
}

/** A string (optionally non-empty). */
export function str(opts: { readonly nonEmpty?: boolean } = {}): Check {
  return (value, path, problems) => {
    if (typeof value !== 'string') problems.push(`${path}: expected a string, got ${describe(value)}`);
    else if (opts.nonEmpty && value === '') problems.push(`${path}: must not be empty`);
  };
}

/** An RFC 3339 timestamp string. */
export function timestamp(): Check {
  return (value, path, problems) => {
    if (typeof value !== 'string' || !RFC3339_RE.test(value) || Number.isNaN(Date.parse(value))) {
      problems.push(`${path}: expected an RFC 3339 timestamp, got ${describe(value)}`);
    }
  };
}

/** A finite number, optionally a non-negative integer. */
export function num(opts: { readonly count?: boolean } = {}): Check {
  return (value, path, problems) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) problems.push(`${path}: expected a number, got ${describe(value)}`);
    else if (opts.count && (!Number.isInteger(value) || value < 0)) problems.push(`${path}: expected a non-negative integer, got ${value}`);
  };
}

/** A boolean. */
export function bool(): Check {
  return (value, path, problems) => {
    if (typeof value !== 'boolean') problems.push(`${path}: expected a boolean, got ${describe(value)}`);
  };
}

/** One of the listed strings. */
export function oneOf(allowed: readonly string[]): Check {
  return (value, path, problems) => {
    if (typeof value !== 'string' || !allowed.includes(value)) {
      problems.push(`${path}: expected one of ${allowed.join(', ')}, got ${describe(value)}`);
    }
  };
}

/** Marks an object field as optional (absent is fine; present must pass `check`). */
export function optional(check: Check): Check & { readonly optional: true } {
  return Object.assign((value: unknown, path: string, problems: string[]) => check(value, path, problems), { optional: true as const });
}

/** A plain object whose listed fields pass their checks; other fields are allowed (forward compatibility). */
export function object(shape: Readonly<Record<string, Check>>): Check {
  return (value, path, problems) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      problems.push(`${path}: expected an object, got ${describe(value)}`);
      return;
    }
    const record = value as Record<string, unknown>;
    for (const [key, check] of Object.entries(shape)) {
      const field = record[key];
      if (field === undefined) {
        if (!('optional' in check)) problems.push(`${path}.${key}: required`);
        continue;
      }
      check(field, `${path}.${key}`, problems);
    }
  };
}

/** `check`, plus: exactly one of `fields` is present (the object itself already passed `check`'s shape rules). */
export function exactlyOneOf(fields: readonly string[], check: Check): Check {
  return (value, path, problems) => {
    check(value, path, problems);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
    const present = fields.filter((f) => (value as Record<string, unknown>)[f] !== undefined);
    if (present.length !== 1) problems.push(`${path}: expected exactly one of ${fields.join(', ')}, got ${present.length === 0 ? 'none' : present.join(' and ')}`);
  };
}

/** An object whose values all pass `check` (e.g. a string map). */
export function recordOf(check: Check): Check {
  return (value, path, problems) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      problems.push(`${path}: expected an object, got ${describe(value)}`);
      return;
    }
    for (const [key, field] of Object.entries(value)) check(field, `${path}.${key}`, problems);
  };
}

/** An array whose items all pass `check`. */
export function arrayOf(check: Check): Check {
  return (value, path, problems) => {
    if (!Array.isArray(value)) {
      problems.push(`${path}: expected an array, got ${describe(value)}`);
      return;
    }
    value.forEach((item, i) => check(item, `${path}[${i}]`, problems));
  };
}

/** Picks the check by a discriminator field (`result: 'built' | 'failed'`). */
export function union(discriminator: string, variants: Readonly<Record<string, Check>>): Check {
  return (value, path, problems) => {
    const tag = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[discriminator] : undefined;
    const check = typeof tag === 'string' ? variants[tag] : undefined;
    if (!check) {
      problems.push(`${path}.${discriminator}: expected one of ${Object.keys(variants).join(', ')}, got ${describe(tag)}`);
      return;
    }
    check(value, path, problems);
  };
}

/** Runs `check` on `value` and returns the problems (empty when valid). */
export function validate(check: Check, value: unknown, root: string): string[] {
  const problems: string[] = [];
  check(value, root, problems);
  return problems;
}
