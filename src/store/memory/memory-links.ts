import { randomUUID } from 'node:crypto';
import { LINK_RETENTION_MS, checkLinkId, checkedChargeResult, checkedClaim, checkedNewLink, linkIdTaken } from '../link-rules.js';
import type { ClaimResult, HostedLink, PaymentLinkStore } from '../payment-link-store.js';

/** A link with its claim: who holds it, until when, and the nonce of its charge. */
interface Held {
  link: HostedLink;
  token: string;
  leaseUntil: number;
  nonce: string;
}

/**
 * Payment links for one process. Each method runs to completion between awaits, so a
 * claim is a compare-and-set by construction. Links are dropped LINK_RETENTION_MS after
 * they expire, when next touched.
 */
export function createMemoryLinkStore(): PaymentLinkStore {
  const links = new Map<string, Held>();

  const live = (id: string): Held | undefined => {
    const held = links.get(checkLinkId(id));
    if (held && held.link.expiresAt + LINK_RETENTION_MS <= Date.now()) {
      links.delete(id);
      return undefined;
    }
    return held;
  };
  const copy = (link: HostedLink): HostedLink => structuredClone(link);

  return {
    async create(input): Promise<void> {
      const link = checkedNewLink(input);
      if (live(link.id)) throw linkIdTaken();
      links.set(link.id, {
        link: { ...link, state: 'open', attempts: 0, failures: 0, paymentId: '' },
        token: '', leaseUntil: 0, nonce: '',
      });
    },

    async get(id): Promise<HostedLink | undefined> {
      const held = live(id);
      return held ? copy(held.link) : undefined;
    },

    async claim(id, options): Promise<ClaimResult> {
      const { nonce, leaseMs, maxFailures } = checkedClaim(options);
      const held = live(id);
      if (!held) return { state: 'not_found' };
      const { link } = held;
      const now = Date.now();
      if (link.state === 'completed') return { state: 'completed', link: copy(link) };
      if (link.state === 'paying') {
        if (held.leaseUntil > now) return { state: 'busy', link: copy(link) };
        Object.assign(held, { token: randomUUID(), leaseUntil: now + leaseMs });
        return { state: 'claimed', link: copy(link), token: held.token, attempt: link.attempts, nonce: held.nonce, resumed: true };
      }
      if (link.expiresAt <= now) return { state: 'expired', link: copy(link) };
      if (link.failures >= maxFailures) return { state: 'exhausted', link: copy(link) };
      if (nonce === undefined) return { state: 'open', link: copy(link) };
      link.state = 'paying';
      link.attempts += 1;
      Object.assign(held, { token: randomUUID(), leaseUntil: now + leaseMs, nonce });
      return { state: 'claimed', link: copy(link), token: held.token, attempt: link.attempts, nonce, resumed: false };
    },

    async finish(id, token, given): Promise<boolean> {
      const result = checkedChargeResult(given);
      const held = live(id);
      if (!held || held.link.state !== 'paying' || held.token !== token || token === '') return false;
      const { link } = held;
      switch (result.kind) {
        case 'completed':
          Object.assign(link, { state: 'completed', paymentId: result.paymentId });
          break;
        case 'failed':
          Object.assign(link, { state: 'open', failures: link.failures + 1 });
          break;
        case 'not_sent':
          link.state = 'open';
          break;
        case 'unknown':
          held.leaseUntil = 0;
          return true;
      }
      Object.assign(held, { token: '', leaseUntil: 0, nonce: '' });
      return true;
    },
  };
}
