import { pathParam, type ApiCall } from '../api-call.js';
import { resourceMissing } from '../errors.js';
import type { StripeEvent } from '../events.js';
import { LIST_PARAMS, listResponse, timestampFilter } from '../list.js';
import { allowOnly, optionalArray, optionalBoolean, optionalString } from '../params.js';
import { newestFirst } from '../state.js';

/**
 * GET /v1/events, newest first: what a receiver reads to catch up on events it missed
 * (Stripe keeps them 30 days). `type` may end in `*` (`checkout.session.*`) and `types`
 * lists several, as on Stripe; `created` takes one time or a range; `delivery_success`
 * false lists the events a webhook endpoint has not acknowledged yet.
 */
export function listEvents({ state, params }: ApiCall) {
  allowOnly(params, [...LIST_PARAMS, 'type', 'types', 'created', 'delivery_success']);
  const type = optionalString(params, 'type');
  const types = optionalArray(params, 'types')?.filter((entry): entry is string => typeof entry === 'string');
  const delivered = optionalBoolean(params, 'delivery_success');
  const created = timestampFilter(params, 'created');
  const matches = (event: StripeEvent) =>
    typeMatches(event.type, type) &&
    (types === undefined || types.some((wanted) => typeMatches(event.type, wanted))) &&
    (delivered === undefined || (event.pending_webhooks === 0) === delivered) &&
    created(event.created);
  return listResponse(newestFirst(state.events.values()), params, '/v1/events', matches);
}

export function retrieveEvent(call: ApiCall): StripeEvent {
  allowOnly(call.params, []);
  const id = pathParam(call, 'id');
  const event = call.state.events.get(id);
  if (!event) throw resourceMissing('event', id);
  return event;
}

function typeMatches(actual: string, wanted: string | undefined): boolean {
  if (wanted === undefined) return true;
  return wanted.endsWith('*') ? actual.startsWith(wanted.slice(0, -1)) : actual === wanted;
}
