import type { DescMessage, DescMethod, MessageShape } from '@bufbuild/protobuf';
import { PaymentStatus } from '../gen/tender/v1/common_pb.js';
import {
  ChargeRequestSchema, ChargeResponseSchema, PayInvoiceRequestSchema, PayInvoiceResponseSchema,
  PaymentService, RefundPaymentRequestSchema, RefundPaymentResponseSchema, RefundStatus,
  type Payment as PaymentMessage,
} from '../gen/tender/v1/payments_pb.js';
import type { ApiDeps } from '../api/deps.js';
import { charge, payInvoice } from '../api/services/charges.js';
import { refundPayment } from '../api/services/refunds.js';
import type { CallContext } from '../server/call-context.js';

/**
 * A mutating RPC whose unknown outcome the reconciler settles by running it again, as
 * the caller's own retry with the same idempotency key would: the same handler, the same
 * idempotency section, the same processor key.
 */
export interface ReplayableCall<Req extends DescMessage = DescMessage, Res extends DescMessage = DescMessage> {
  requestSchema: Req;
  responseSchema: Res;
  run(deps: ApiDeps, request: MessageShape<Req>, call: CallContext): Promise<MessageShape<Res>>;
  /** False while the response still says the outcome is unknown. */
  isFinal(response: MessageShape<Res>): boolean;
  /** The payment a response carries, for calls that make one. */
  paymentOf?(response: MessageShape<Res>): PaymentMessage | undefined;
}

const pathOf = (method: DescMethod): string => `${method.parent.typeName}/${method.name}`;

/** A call whose response carries the payment it made (Charge, PayInvoice). */
function paymentCall<Req extends DescMessage, Res extends DescMessage>(
  requestSchema: Req,
  responseSchema: Res,
  run: ReplayableCall<Req, Res>['run'],
): ReplayableCall<Req, Res> {
  const paymentOf = (response: MessageShape<Res>) => (response as { payment?: PaymentMessage }).payment;
  const isFinal = (response: MessageShape<Res>) => {
    const payment = paymentOf(response);
    return payment !== undefined && payment.status !== PaymentStatus.OUTCOME_UNKNOWN;
  };
  return { requestSchema, responseSchema, run, paymentOf, isFinal };
}

const CALLS = new Map<string, ReplayableCall>([
  [pathOf(PaymentService.method.charge), paymentCall(ChargeRequestSchema, ChargeResponseSchema, charge)],
  [pathOf(PaymentService.method.payInvoice), paymentCall(PayInvoiceRequestSchema, PayInvoiceResponseSchema, payInvoice)],
  [pathOf(PaymentService.method.refundPayment), {
    requestSchema: RefundPaymentRequestSchema,
    responseSchema: RefundPaymentResponseSchema,
    run: (deps, request, call) => refundPayment(deps, request, call),
    isFinal: (response) => response.refund !== undefined && response.refund.status !== RefundStatus.OUTCOME_UNKNOWN,
  } satisfies ReplayableCall<typeof RefundPaymentRequestSchema, typeof RefundPaymentResponseSchema>],
] as [string, ReplayableCall][]);

/** The call for a full method name ("tender.v1.PaymentService/Charge"), if it is one. */
export function replayableCall(method: string): ReplayableCall | undefined {
  return CALLS.get(method);
}
