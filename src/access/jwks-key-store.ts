import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';

/**
 * Signing keys from an identity provider's JWKS endpoint (Entra ID / OIDC), cached by key id.
 * An unknown kid triggers at most one refetch per 30 s, so a stream of forged kids cannot make
 * us hammer the provider. Written on node:crypto (jwks-rsa 4 pulls in ES-module-only jose,
 * which Jest on Node 20 cannot load).
 */
export class JwksKeyStore {
  private keys = new Map<string, KeyObject>();
  private fetchedAt = 0;
  private inflight: Promise<void> | undefined;

  constructor(
    private readonly uri: string,
    private readonly minRefetchMs = 30_000,
    private readonly maxAgeMs = 10 * 60_000,
  ) {}

  async key(kid: string | undefined): Promise<KeyObject | undefined> {
    const stale = Date.now() - this.fetchedAt > this.maxAgeMs;
    const missing = kid === undefined ? this.keys.size === 0 : !this.keys.has(kid);
    if (stale || (missing && Date.now() - this.fetchedAt > this.minRefetchMs)) await this.refresh();
    if (kid === undefined) return this.keys.size === 1 ? [...this.keys.values()][0] : undefined;
    return this.keys.get(kid);
  }

  private refresh(): Promise<void> {
    this.inflight ??= this.fetchKeys().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async fetchKeys(): Promise<void> {
    this.fetchedAt = Date.now();
    const response = await fetch(this.uri, { signal: AbortSignal.timeout(5000) });
    if (!response.ok) throw new Error(`JWKS endpoint answered ${response.status}`);
    const body = (await response.json()) as { keys?: Array<JsonWebKey & { kid?: string; use?: string }> };
    const keys = new Map<string, KeyObject>();
    for (const jwk of body.keys ?? []) {
      if (jwk.use !== undefined && jwk.use !== 'sig') continue;
      try {
        keys.set(jwk.kid ?? '', createPublicKey({ key: jwk, format: 'jwk' }));
      } catch {
        // A key type we cannot use: skip it, the others still serve.
      }
    }
    this.keys = keys;
  }
}
