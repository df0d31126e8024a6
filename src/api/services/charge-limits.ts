import * as grpc from '@grpc/grpc-js';
import { formatId, formatOptionalId } from '../../core/ids.js';
import type { Payment } from '../../core/types.js';
import { chargeWithinLimits, type LimitedCharge } from '../../limits/charge-guard.js';
import { DeclineLimitReached } from '../../limits/refusal.js';
import type { CallContext } from '../../server/call-context.js';
import { FIELD_TRAILER, RpcStatusError, grpcStatusFor } from '../../server/status.js';
import { audit } from '../audit.js';
import type { ApiDeps } from '../deps.js';
import type { AccountEntry } from '../registry.js';

/** Trailing metadata of a refusal by a decline limit: whole seconds until the next attempt. */
export const RETRY_AFTER_TRAILER = 'retry-after-seconds';

/**
 * Sends a charge of a customer's saved payment method under the tenant's decline limits
 * (src/limits/). Ids are the account's own; `paymentMethodId` is '' for the customer's
 * default. A refusal never reaches the processor: it is RESOURCE_EXHAUSTED with the wait
 * in the message and in the "retry-after-seconds" trailer, logged and audited for
 * operations. Runs inside runIdempotent's work, so a replay never counts. Returns the
 * reservation with the payment: an unknown outcome keeps it, so that settling the truth
 * later counts it against the same slot (src/reconcile/).
 */
export async function chargeUnderLimits(
  deps: ApiDeps,
  call: CallContext,
  account: AccountEntry,
  ids: { customerId: string; paymentMethodId: string },
  send: () => Promise<Payment>,
): Promise<Omit<LimitedCharge, 'ticket'> & { ticket?: LimitedCharge['ticket'] }> {
  // Nobody to count against (an invoice without a customer): the processor decides alone.
  if (ids.customerId === '') return { payment: await send(), counted: Promise.resolve() };
  const neutral = (localId: string) => formatOptionalId(account.id, localId);
  try {
    return await chargeWithinLimits(deps.limits, {
      subject: { tenant: call.principal.tenant, customerId: formatId(account.id, ids.customerId), paymentMethodId: neutral(ids.paymentMethodId) },
      send,
      methodOf: (payment) => neutral(payment.paymentMethodId),
      resolveDefault: async () => neutral((await account.adapter.listPaymentMethods(ids.customerId)).find((method) => method.isDefault)?.id ?? ''),
      logger: call.logger,
    });
  } catch (error) {
    if (!(error instanceof DeclineLimitReached)) throw error;
    const scopes = error.refusedBy.map((reading) => reading.scope).join(',');
    call.logger.info({ scopes, retryAfterSeconds: error.retryAfterSeconds }, 'charge refused by decline limits');
    await audit(deps, call, account, 'decline_limits.refused', {
      customerId: ids.customerId, paymentMethodId: ids.paymentMethodId, scopes, retryAfterSeconds: error.retryAfterSeconds,
    });
    throw refusalStatus(error);
  }
}

function refusalStatus(error: DeclineLimitReached): RpcStatusError {
  const trailers = new grpc.Metadata();
  trailers.set(RETRY_AFTER_TRAILER, String(error.retryAfterSeconds));
  if (error.field !== undefined) trailers.set(FIELD_TRAILER, error.field);
  return new RpcStatusError(grpcStatusFor(error.code), error.message, trailers);
}
