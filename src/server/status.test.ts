import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { TenderError, type ErrorCode } from '../core/errors.js';
import { capturingLogger } from './testing/test-server.js';
import { FIELD_TRAILER, grpcStatusFor, RpcStatusError, toRpcStatusError } from './status.js';

describe('grpcStatusFor', () => {
  it('maps each Tender error code to the gRPC code of the same name', () => {
    const codes: ErrorCode[] = [
      'invalid_argument', 'not_found', 'already_exists', 'failed_precondition', 'unimplemented', 'unauthenticated',
      'permission_denied', 'resource_exhausted', 'aborted', 'unavailable', 'deadline_exceeded', 'internal',
    ];
    for (const code of codes) {
      expect(grpc.status[grpcStatusFor(code)]).toBe(code.toUpperCase());
    }
  });
});

describe('toRpcStatusError', () => {
  it('keeps a TenderError message and puts its field in the trailer', () => {
    const { logger, output } = capturingLogger();
    const mapped = toRpcStatusError(new TenderError('failed_precondition', 'key reused', { field: 'idempotency_key' }), {
      logger,
      requestId: 'r1',
    });
    expect(mapped).toMatchObject({ code: grpc.status.FAILED_PRECONDITION, details: 'key reused' });
    expect(mapped.metadata.get(FIELD_TRAILER)).toEqual(['idempotency_key']);
    expect(output()).toBe('');
  });

  it('hides any other error behind INTERNAL and logs it', () => {
    const { logger, lines } = capturingLogger();
    const mapped = toRpcStatusError(new TypeError('cannot read x of undefined'), { logger, requestId: 'r2' });
    expect(mapped).toMatchObject({ code: grpc.status.INTERNAL, details: 'internal error (request id r2)' });
    expect(lines()[0]).toMatchObject({ level: 50, err: { message: 'cannot read x of undefined' } });
  });

  it('passes an already mapped status through', () => {
    const status = new RpcStatusError(grpc.status.CANCELLED, 'gone');
    expect(toRpcStatusError(status, { logger: capturingLogger().logger, requestId: 'r3' })).toBe(status);
  });
});
