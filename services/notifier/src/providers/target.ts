/**
 * Resolving a Provider into a {@link ProviderTarget}: `spec` plus the keys notification-controller reads from the
 * `secretRef` Secret (`address`, `headers`, `token`, `username`, `password`) and the `certSecretRef` Secret
 * (`ca.crt`, `tls.crt`, `tls.key`, or the older `caFile`, `certFile`, `keyFile`). The pure part takes decoded Secret
 * data; {@link readProviderTarget} reads the Secrets.
 */
import { providerTimeoutMs, type Provider } from '@sluice/api';
import type { KubeClient, KubeObject } from '@sluice/runtime';
import { parse as parseYaml } from 'yaml';
import { NotificationConfigError, NotificationObjectNotFoundError } from '../errors.js';
import type { ProviderTarget, TlsSettings } from './types.js';

/** A Secret's `data`, base64-decoded to text. */
export type SecretData = Readonly<Record<string, string>>;

const MAX_ADDRESS_LENGTH = 2048;

/** `Provider/<namespace>/<name>`. */
export function providerSubject(provider: Pick<Provider, 'metadata'>): string {
  return `Provider/${provider.metadata.namespace ?? ''}/${provider.metadata.name}`;
}

/** The target of `provider` given its Secrets' data; pure. Throws `NotificationConfigError` for unusable settings. */
export function providerTarget(provider: Provider, secret: SecretData | undefined, certSecret?: SecretData): ProviderTarget {
  const subject = providerSubject(provider);
  rejectUnsupported(provider, subject, secret);
  const spec = provider.spec;
  const secretAddress = secret?.['address'];
  if (secretAddress !== undefined && Buffer.byteLength(secretAddress) > MAX_ADDRESS_LENGTH) {
    throw new NotificationConfigError(subject, `invalid address in secret: address exceeds maximum length of ${MAX_ADDRESS_LENGTH} bytes`);
  }
  const token = secret?.['token']?.trim();
  const username = secret?.['username'] ?? spec.username;
  const password = secret?.['password'];
  const tls = certSecret ? tlsSettings(certSecret) : undefined;
  return {
    subject,
    type: spec.type,
    address: secretAddress !== undefined ? secretAddress.trim() : (spec.address ?? ''),
    addressIsSecret: secretAddress !== undefined,
    headers: secret?.['headers'] !== undefined ? parseHeaders(secret['headers'], subject) : {},
    timeoutMs: providerTimeoutMs(provider),
    ...(token ? { token } : {}),
    ...(username ? { username } : {}),
    ...(password ? { password } : {}),
    ...(spec.channel ? { channel: spec.channel } : {}),
    ...(tls ? { tls } : {}),
  };
}

/** Settings Flux honours that Sluice cannot yet: refusing beats silently sending another way. */
function rejectUnsupported(provider: Provider, subject: string, secret: SecretData | undefined): void {
  const spec = provider.spec;
  if (spec.proxy || spec.proxySecretRef || secret?.['proxy'] !== undefined) {
    throw new NotificationConfigError(subject, 'sending through a proxy (spec.proxy, spec.proxySecretRef, the proxy key of the Secret) is not supported by Sluice yet');
  }
  if (spec.serviceAccountName) {
    throw new NotificationConfigError(subject, 'spec.serviceAccountName (workload identity) is not supported by Sluice yet');
  }
}

/** The Secret's `headers` key: a YAML map of strings, as `sigs.k8s.io/yaml` reads it into `map[string]string`. */
export function parseHeaders(text: string, subject: string): Record<string, string> {
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (err) {
    throw new NotificationConfigError(subject, `failed to read headers from secret: ${(err as Error).message}`);
  }
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new NotificationConfigError(subject, 'failed to read headers from secret: expected a map of header names to values');
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw new NotificationConfigError(subject, `failed to read headers from secret: header ${JSON.stringify(k)}: expected a string value, found ${JSON.stringify(v)}`);
    headers[k] = v;
  }
  return headers;
}

function tlsSettings(data: SecretData): TlsSettings | undefined {
  const ca = data['ca.crt'] ?? data['caFile'];
  const cert = data['tls.crt'] ?? data['certFile'];
  const key = data['tls.key'] ?? data['keyFile'];
  if (!ca && !cert && !key) return undefined;
  return { ...(ca ? { ca } : {}), ...(cert ? { cert } : {}), ...(key ? { key } : {}) };
}

/** Decodes a Secret's `data` (base64) and `stringData` into text. */
export function secretData(secret: KubeObject): SecretData {
  const data = (secret['data'] ?? {}) as Record<string, string>;
  const stringData = (secret['stringData'] ?? {}) as Record<string, string>;
  const decoded = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
  return { ...decoded, ...stringData };
}

/** Reads the Provider's Secrets (in its namespace) and resolves its target. */
export async function readProviderTarget(kube: KubeClient, provider: Provider): Promise<ProviderTarget> {
  const namespace = provider.metadata.namespace ?? '';
  const read = async (name: string | undefined, field: string): Promise<SecretData | undefined> => {
    if (!name) return undefined;
    const secret = await kube.get({ apiVersion: 'v1', kind: 'Secret', namespace, name });
    if (!secret) throw new NotificationObjectNotFoundError(providerSubject(provider), `Secret '${namespace}/${name}' (${field})`);
    return secretData(secret);
  };
  const [secret, certSecret] = await Promise.all([read(provider.spec.secretRef?.name, 'spec.secretRef'), read(provider.spec.certSecretRef?.name, 'spec.certSecretRef')]);
  return providerTarget(provider, secret, certSecret);
}
