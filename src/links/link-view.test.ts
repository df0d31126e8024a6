import { describe, expect, it } from 'vitest';
import type { HostedLink } from '../store/payment-link-store.js';
import { newLinkId } from './link-id.js';
import { conditionOf, linkView } from './link-view.js';

const NOW = 1_800_000_000_000;
const link = (overrides: Partial<HostedLink> = {}): HostedLink => ({
  id: 'Xq3vYb2JkL0mN4pQ8rS6tA', tenant: 'acme', accountId: 'acme-braintree', amount: { amount: 4200, currency: 'USD' },
  customerId: 'cust_1', description: 'Invoice 7', savePaymentMethod: false, createdAt: NOW - 1000, expiresAt: NOW + 1000,
  state: 'open', attempts: 0, failures: 0, paymentId: '', ...overrides,
});

describe('where a Tender-held link stands', () => {
  it.each([
    ['open', link(), 'open', 'open'],
    ['being charged', link({ state: 'paying', expiresAt: NOW - 1 }), 'paying', 'open'],
    ['paid', link({ state: 'completed', paymentId: 'txn_1', expiresAt: NOW - 1 }), 'completed', 'completed'],
    ['past its expiry', link({ expiresAt: NOW }), 'expired', 'expired'],
    ['at its failure cap', link({ failures: 3 }), 'exhausted', 'expired'],
  ] as const)('reads a link %s', (_name, stored, condition, apiStatus) => {
    expect(conditionOf(stored, NOW, 3)).toBe(condition);
    expect(linkView(stored, 'https://pay.example.com/t', condition).status).toBe(apiStatus);
  });

  it('puts the id under /pay/ of the public URL and reports no invoice', () => {
    expect(linkView(link(), 'https://pay.example.com/t', 'open')).toMatchObject({
      id: 'Xq3vYb2JkL0mN4pQ8rS6tA', url: 'https://pay.example.com/t/pay/Xq3vYb2JkL0mN4pQ8rS6tA', invoiceId: '',
      expiresAt: new Date(NOW + 1000),
    });
  });

  it('makes ids of 128 random bits in base64url', () => {
    const ids = new Set(Array.from({ length: 1000 }, newLinkId));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});
