/**
 * Subjects: `<prefix>.v1.<topic>.<kind>.<namespace>.<name>`. Kubernetes names may contain `.`, NATS's token
 * separator, so `.` is written `_` inside a token (reversible: DNS names never contain `_`); an empty namespace
 * (cluster-scoped objects) is written `-`, which no DNS label can be.
 */
import { BUS_ERROR_CODES, BusError } from './errors.js';
import { isTopic, type Topic } from './topics.js';

/** Subject version; bumped only with an incompatible payload change, and then both versions run side by side. */
export const SUBJECT_VERSION = 'v1';
/** Prefix unless configured otherwise. */
export const DEFAULT_PREFIX = 'sluice';

/** The object a subject is about. */
export interface SubjectObject {
  /** Kind, any case (`GitRepository`); written lowercase. */
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

/** A parsed subject. */
export interface SubjectParts extends SubjectObject {
  readonly prefix: string;
  readonly topic: Topic;
}

const PREFIX_RE = /^[a-z][a-z0-9_-]{0,31}$/;
const KIND_RE = /^[a-z][a-z0-9]{0,62}$/;
const DNS_SUBDOMAIN_RE = /^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/;
const EMPTY_NAMESPACE = '-';

/** Throws unless `prefix` is usable in subjects, stream names (upper-cased) and bucket names. */
export function assertPrefix(prefix: string): string {
  if (!PREFIX_RE.test(prefix)) {
    throw new BusError(BUS_ERROR_CODES.subject, `prefix ${JSON.stringify(prefix)}`, 'must match [a-z][a-z0-9_-]{0,31}');
  }
  return prefix;
}

/** Encodes a Kubernetes name or namespace as one subject token. */
export function encodeToken(value: string, field: 'namespace' | 'name'): string {
  if (field === 'namespace' && value === '') return EMPTY_NAMESPACE;
  if (!DNS_SUBDOMAIN_RE.test(value)) {
    throw new BusError(BUS_ERROR_CODES.subject, `${field} ${JSON.stringify(value)}`, 'is not a lowercase DNS subdomain name');
  }
  return value.replaceAll('.', '_');
}

/** Inverse of {@link encodeToken}. */
export function decodeToken(token: string): string {
  return token === EMPTY_NAMESPACE ? '' : token.replaceAll('_', '.');
}

/** The kind as a subject token (`GitRepository` → `gitrepository`). */
export function kindToken(kind: string): string {
  const token = kind.toLowerCase();
  if (!KIND_RE.test(token)) throw new BusError(BUS_ERROR_CODES.subject, `kind ${JSON.stringify(kind)}`, 'is not an alphanumeric Kubernetes kind');
  return token;
}

/** The subject a message about `object` on `topic` is published to. */
export function buildSubject(prefix: string, topic: Topic, object: SubjectObject): string {
  return [assertPrefix(prefix), SUBJECT_VERSION, topic, kindToken(object.kind), encodeToken(object.namespace, 'namespace'),
    encodeToken(object.name, 'name')].join('.');
}

/**
 * The filter matching every message on `topic` (optionally only for one kind): `sluice.v1.reconcile.>` or
 * `sluice.v1.reconcile.gitrepository.>`. Streams and consumers are defined with these.
 */
export function topicFilter(prefix: string, topic: Topic, kind?: string): string {
  const parts = [assertPrefix(prefix), SUBJECT_VERSION, topic];
  if (kind !== undefined) parts.push(kindToken(kind));
  return `${parts.join('.')}.>`;
}

/** Parses a subject built by {@link buildSubject}; the kind comes back lowercase. Throws a BusError otherwise. */
export function parseSubject(subject: string): SubjectParts {
  const tokens = subject.split('.');
  const [prefix, version, topic, kind, namespace, name] = tokens;
  const fail = (why: string): never => {
    throw new BusError(BUS_ERROR_CODES.subject, `subject ${JSON.stringify(subject)}`, why);
  };
  if (tokens.length !== 6) fail('expected <prefix>.v1.<topic>.<kind>.<namespace>.<name>');
  if (!PREFIX_RE.test(prefix!)) fail('bad prefix');
  if (version !== SUBJECT_VERSION) fail(`unsupported version ${JSON.stringify(version)}`);
  if (!isTopic(topic!)) fail(`unknown topic ${JSON.stringify(topic)}`);
  if (!KIND_RE.test(kind!)) fail('bad kind token');
  const decodedNamespace = decodeToken(namespace!);
  const decodedName = decodeToken(name!);
  if (decodedNamespace !== '' && !DNS_SUBDOMAIN_RE.test(decodedNamespace)) fail('bad namespace token');
  if (!DNS_SUBDOMAIN_RE.test(decodedName)) fail('bad name token');
  return { prefix: prefix!, topic: topic as Topic, kind: kind!, namespace: decodedNamespace, name: decodedName };
}
