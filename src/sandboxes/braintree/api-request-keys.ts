/**
 * Braintree's idempotency: a transaction request may carry `api_request_key` (SDK
 * option `apiRequestKey`, processor-wire.md "Surprises first" 5). The SDK's validation
 * codes name the rules (Transaction.ApiRequestKey*): the same key with the same request
 * answers the first result again; with another request it is refused (915232); while
 * the first is still running it is refused as in flight (915233). A request refused by
 * validation saves nothing, so the key stays usable, as on Stripe.
 */
export interface StoredResponse {
  status: number;
  body: string;
}

export type KeyOutcome =
  | { kind: 'new' }
  | { kind: 'replay'; response: StoredResponse }
  | { kind: 'mismatch' }
  | { kind: 'in_flight' };

interface Entry {
  fingerprint: string;
  response?: StoredResponse;
}

export class ApiRequestKeys {
  private readonly entries = new Map<string, Entry>();

  begin(key: string, fingerprint: string): KeyOutcome {
    const entry = this.entries.get(key);
    if (!entry) {
      this.entries.set(key, { fingerprint });
      return { kind: 'new' };
    }
    if (entry.fingerprint !== fingerprint) return { kind: 'mismatch' };
    if (!entry.response) return { kind: 'in_flight' };
    return { kind: 'replay', response: entry.response };
  }

  complete(key: string, response: StoredResponse): void {
    const entry = this.entries.get(key);
    if (entry) entry.response = response;
  }

  release(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
