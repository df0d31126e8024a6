import { create, fromBinary } from '@bufbuild/protobuf';
import { PaymentStatus, Processor } from '../../gen/tender/v1/common_pb.js';
import { PaymentSchema, type ChargeRequest, type Payment as PaymentMessage } from '../../gen/tender/v1/payments_pb.js';
import { formatId, parseId } from '../../core/ids.js';
import { paymentSentence } from '../../core/caller-messages.js';
import { replayableCall, type ReplayableCall } from '../../reconcile/replayable-calls.js';
import type { CallContext } from '../../server/call-context.js';
import type { UnsettledCall } from '../../store/unsettled-calls.js';
import type { ApiDeps } from '../deps.js';
import { timestamp } from '../mapping/common.js';
import { toEnum } from '../mapping/enums.js';
import { paymentMessage } from '../mapping/payments.js';
import type { AccountEntry } from '../registry.js';

/**
 * GetPayment for the reference a caller got with OUTCOME_UNKNOWN ("<account>:unsettled_…",
 * src/reconcile/unsettled-ref.ts). Once settled, by the reconciler or by the caller's
 * own retry with the same key, it reads as the payment the processor made, under the
 * processor's id, as it stands now (refunds included); until then as OUTCOME_UNKNOWN
 * with what the call asked for. Undefined when the tenant has no such call on `account`.
 */
export async function unsettledPayment(
  deps: ApiDeps, call: CallContext, account: AccountEntry, ref: string,
): Promise<PaymentMessage | undefined> {
  const tenant = call.principal.tenant;
  const unsettled = await deps.store.unsettled.get(tenant, ref);
  const replayable = unsettled && replayableCall(unsettled.method);
  if (!unsettled || unsettled.accountId !== account.id || !replayable?.paymentOf) return undefined;
  const body = unsettled.response ?? (await storedResult(deps, tenant, unsettled));
  const settled = body === undefined
    ? undefined
    : replayable.paymentOf(fromBinary(replayable.responseSchema, Buffer.from(body, 'base64')));
  if (!settled || settled.status === PaymentStatus.OUTCOME_UNKNOWN) return stillUnknown(account, unsettled, replayable);
  const now = await account.adapter.getPayment(parseId('payment_id', settled.id).localId).catch(() => undefined);
  return now ? paymentMessage(account, now) : settled;
}

/** The final result the caller's own retry stored under the call's idempotency key, if any. */
async function storedResult(deps: ApiDeps, tenant: string, unsettled: UnsettledCall): Promise<string | undefined> {
  const record = await deps.idempotency.store.get(tenant, unsettled.idempotencyKey);
  return record?.outcome.kind === 'response' ? record.outcome.body : undefined;
}

/**
 * What is known of a payment whose outcome is not: what the call asked for, and no
 * confirmation code. (The sentence for an unknown outcome names no amount.)
 */
function stillUnknown(account: AccountEntry, unsettled: UnsettledCall, replayable: ReplayableCall): PaymentMessage {
  const asked = fromBinary(replayable.requestSchema, Buffer.from(unsettled.request, 'base64')) as Partial<ChargeRequest>;
  return create(PaymentSchema, {
    id: formatId(account.id, unsettled.ref),
    accountId: account.id,
    processor: toEnum(Processor, account.processor),
    customerId: asked.customerId ?? '',
    paymentMethodId: asked.paymentMethodId ?? '',
    invoiceId: asked.invoiceId ?? '',
    amount: asked.amount,
    status: PaymentStatus.OUTCOME_UNKNOWN,
    callerMessage: paymentSentence('outcome_unknown', { amount: 0, currency: 'USD' }, '', ''),
    createdAt: timestamp(new Date(unsettled.createdAt)),
    description: asked.description ?? '',
  });
}
