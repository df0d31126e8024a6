import { create } from '@bufbuild/protobuf';
import { durationFromMs, timestampFromMs } from '@bufbuild/protobuf/wkt';
import {
  DeclineLimitSchema,
  DeclineLimitScope,
  GetDeclineLimitsResponseSchema,
  ResetDeclineLimitsResponseSchema,
  type OperationsService,
} from '../../gen/tender/v1/operations_pb.js';
import { invalidField } from '../../core/errors.js';
import { formatId, formatOptionalId } from '../../core/ids.js';
import type { LimitScope, LimitSubject, ScopeReading } from '../../store/decline-limits.js';
import type { ServiceHandlers } from '../../server/bridge.js';
import type { CallContext } from '../../server/call-context.js';
import { audit } from '../audit.js';
import type { ApiDeps } from '../deps.js';
import { runIdempotent } from '../idempotent.js';
import type { AccountEntry } from '../registry.js';
import { localIdIn } from './lookups.js';

const SCOPE: Readonly<Record<LimitScope, DeclineLimitScope>> = {
  customer_declines: DeclineLimitScope.CUSTOMER_DECLINES,
  method_attempts: DeclineLimitScope.PAYMENT_METHOD_ATTEMPTS,
  method_declines: DeclineLimitScope.PAYMENT_METHOD_DECLINES,
  method_blocked: DeclineLimitScope.PAYMENT_METHOD_HARD_DECLINE,
};

/**
 * OperationsService: decline limits for the people who run Tender (scopes
 * operations:read and operations:write, src/server/scopes.ts). Ids resolve like
 * everywhere else, so another tenant's customer answers NOT_FOUND. No processor is asked:
 * the limits are Tender's own counts.
 */
export function operationsHandlers(deps: ApiDeps): ServiceHandlers<typeof OperationsService> {
  return {
    async getDeclineLimits(request, call) {
      const { subject } = limitSubject(deps, call, request);
      return create(GetDeclineLimitsResponseSchema, limitsView(await deps.limits.read(subject)));
    },

    async resetDeclineLimits(request, call) {
      const { account, subject, localIds } = limitSubject(deps, call, request);
      const reason = request.reason.trim();
      if (reason === '') throw invalidField('reason', 'required: say why the limits are reset');
      return runIdempotent(deps.idempotency, call, {
        key: request.idempotencyKey, request, responseSchema: ResetDeclineLimitsResponseSchema,
      }, async () => {
        await deps.limits.reset(subject);
        await audit(deps, call, account, 'decline_limits.reset', { ...localIds, reason });
        call.logger.info({ ...localIds }, 'decline limits reset');
        return { response: create(ResetDeclineLimitsResponseSchema, limitsView(await deps.limits.read(subject))), final: true };
      });
    },
  };
}

function limitSubject(
  deps: ApiDeps,
  call: CallContext,
  request: { customerId: string; paymentMethodId: string },
): { account: AccountEntry; subject: LimitSubject; localIds: { customerId: string; paymentMethodId: string } } {
  const { account, localId: customerId } = deps.registry.resolve(call.principal.tenant, 'customer_id', request.customerId);
  const paymentMethodId = localIdIn(deps, call, account, 'payment_method_id', request.paymentMethodId);
  return {
    account,
    subject: {
      tenant: call.principal.tenant, customerId: formatId(account.id, customerId), paymentMethodId: formatOptionalId(account.id, paymentMethodId),
    },
    localIds: { customerId, paymentMethodId },
  };
}

/** The readings as the API shows them: waits become the moments they end. */
function limitsView(readings: readonly ScopeReading[], now = Date.now()) {
  const until = (waitMs: number) => (waitMs > 0 ? timestampFromMs(now + waitMs) : undefined);
  const wait = Math.max(0, ...readings.map((reading) => reading.retryAfterMs));
  return {
    limits: readings.map((reading) => create(DeclineLimitSchema, {
      scope: SCOPE[reading.scope],
      count: reading.count,
      inFlight: reading.inFlight,
      limit: reading.limit,
      window: durationFromMs(reading.windowMs),
      blockedUntil: until(reading.retryAfterMs),
    })),
    blocked: wait > 0,
    blockedUntil: until(wait),
  };
}
