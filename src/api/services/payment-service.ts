import { create } from '@bufbuild/protobuf';
import {
  GetPaymentLinkResponseSchema,
  GetPaymentResponseSchema,
  type PaymentService,
} from '../../gen/tender/v1/payments_pb.js';
import { TenderError } from '../../core/errors.js';
import { isUnsettledRef } from '../../reconcile/unsettled-ref.js';
import type { ServiceHandlers } from '../../server/bridge.js';
import type { ApiDeps } from '../deps.js';
import { paymentLinkMessage, paymentMessage } from '../mapping/payments.js';
import { charge, payInvoice } from './charges.js';
import { createPaymentLink, hostsOwnPage } from './payment-links.js';
import { refundPayment } from './refunds.js';
import { unsettledPayment } from './unsettled-payments.js';

export function paymentHandlers(deps: ApiDeps): ServiceHandlers<typeof PaymentService> {
  return {
    charge: (request, call) => charge(deps, request, call),
    payInvoice: (request, call) => payInvoice(deps, request, call),
    refundPayment: (request, call) => refundPayment(deps, request, call),
    createPaymentLink: (request, call) => createPaymentLink(deps, request, call),

    async getPayment(request, call) {
      const { account, localId } = deps.registry.resolve(call.principal.tenant, 'payment_id', request.paymentId);
      const found = isUnsettledRef(localId)
        ? await unsettledPayment(deps, call, account, localId)
        : await account.adapter.getPayment(localId).then((payment) => payment && paymentMessage(account, payment));
      if (!found) throw new TenderError('not_found', 'payment_id: not found', { field: 'payment_id' });
      return create(GetPaymentResponseSchema, { payment: found });
    },

    async getPaymentLink(request, call) {
      const tenant = call.principal.tenant;
      const { account, localId } = deps.registry.resolve(tenant, 'payment_link_id', request.paymentLinkId);
      const link = hostsOwnPage(account)
        ? await deps.hostedLinks.get(account, tenant, localId)
        : await account.adapter.getPaymentLink(localId);
      if (!link) throw new TenderError('not_found', 'payment_link_id: not found', { field: 'payment_link_id' });
      return create(GetPaymentLinkResponseSchema, { paymentLink: paymentLinkMessage(account, link) });
    },
  };
}
