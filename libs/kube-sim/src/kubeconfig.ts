/** The kubeconfig that points kubectl and client libraries at the simulated server as its admin. */
import { stringify } from 'yaml';

/** What the kubeconfig says. */
export interface KubeconfigParams {
  readonly server: string;
  readonly token: string;
  /** PEM of the CA to trust (HTTPS only). */
  readonly caPem: string | undefined;
  /** Cluster, user and context name. */
  readonly name: string;
}

/** Renders a kubeconfig (YAML) with one cluster, one token user and one current context in namespace default. */
export function renderKubeconfig(p: KubeconfigParams): string {
  const cluster: Record<string, string | boolean> = { server: p.server };
  if (p.caPem) cluster['certificate-authority-data'] = Buffer.from(p.caPem).toString('base64');
  // @kubernetes/client-node refuses http:// servers unless TLS verification is explicitly off.
  else cluster['insecure-skip-tls-verify'] = true;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: p.name, cluster }],
    users: [{ name: `${p.name}-admin`, user: { token: p.token } }],
    contexts: [{ name: p.name, context: { cluster: p.name, user: `${p.name}-admin`, namespace: 'default' } }],
    'current-context': p.name,
    preferences: {},
  });
}
