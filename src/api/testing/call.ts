import pino from 'pino';
import type { CallContext } from '../../server/call-context.js';

/** A CallContext for handler-level tests, recording the headers the handler sets. */
export function testCall(tenant: string, method = 'tender.v1.PaymentService/Charge') {
  const headers = new Map<string, string>();
  const call: CallContext = {
    method,
    principal: { keyId: 'test-key', tenant, scopes: new Set(['*']) },
    signal: new AbortController().signal,
    requestId: 'req-test',
    logger: pino({ level: 'silent' }),
    setHeader: (key, value) => void headers.set(key, value),
  };
  return { call, headers };
}
