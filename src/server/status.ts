import * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { isTenderError, type ErrorCode } from '../core/errors.js';
import { scrubText } from './scrub.js';

/**
 * The single place where Tender's error codes become gRPC status codes (see
 * src/core/errors.ts). The codes share their meaning with the canonical gRPC codes
 * (https://grpc.github.io/grpc/core/md_doc_statuscodes.html), so the map is one to one;
 * a Record keeps it exhaustive at compile time.
 */
const GRPC_STATUS: Readonly<Record<ErrorCode, grpc.status>> = {
  invalid_argument: grpc.status.INVALID_ARGUMENT,
  not_found: grpc.status.NOT_FOUND,
  already_exists: grpc.status.ALREADY_EXISTS,
  failed_precondition: grpc.status.FAILED_PRECONDITION,
  unimplemented: grpc.status.UNIMPLEMENTED,
  unauthenticated: grpc.status.UNAUTHENTICATED,
  permission_denied: grpc.status.PERMISSION_DENIED,
  resource_exhausted: grpc.status.RESOURCE_EXHAUSTED,
  aborted: grpc.status.ABORTED,
  unavailable: grpc.status.UNAVAILABLE,
  deadline_exceeded: grpc.status.DEADLINE_EXCEEDED,
  internal: grpc.status.INTERNAL,
};

export function grpcStatusFor(code: ErrorCode): grpc.status {
  return GRPC_STATUS[code];
}

/** Trailing metadata key naming the request field a TenderError is about. */
export const FIELD_TRAILER = 'tender-field';

/**
 * A call's final gRPC status. It is shaped as grpc-js's ServerErrorResponse, so it can
 * go straight to the unary callback; `metadata` holds the trailers.
 */
export class RpcStatusError extends Error {
  readonly code: grpc.status;
  readonly details: string;
  readonly metadata: grpc.Metadata;

  constructor(code: grpc.status, details: string, trailers: grpc.Metadata = new grpc.Metadata()) {
    super(details);
    this.name = 'RpcStatusError';
    this.code = code;
    this.details = details;
    this.metadata = trailers;
  }
}

export interface ErrorScope {
  logger: Logger;
  requestId: string;
}

/**
 * Turns whatever a handler threw into the status the client sees. A TenderError was
 * written for the caller: its message goes out as the details (scrubbed, in case it
 * quotes input) and its field as the `tender-field` trailer. Anything else is a bug or
 * an unexpected failure: it is logged in full and the client gets INTERNAL with the
 * request id only, because its message may name internals or carry data.
 */
export function toRpcStatusError(error: unknown, scope: ErrorScope): RpcStatusError {
  if (error instanceof RpcStatusError) return error;
  if (isTenderError(error)) {
    const trailers = new grpc.Metadata();
    if (error.field !== undefined) trailers.set(FIELD_TRAILER, error.field);
    return new RpcStatusError(grpcStatusFor(error.code), scrubText(error.message), trailers);
  }
  scope.logger.error({ err: error }, 'unexpected error in call');
  return new RpcStatusError(grpc.status.INTERNAL, `internal error (request id ${scope.requestId})`);
}

/** The status code an error carries once mapped; INTERNAL for anything unmapped. */
export function statusCodeOf(error: unknown): grpc.status {
  return error instanceof RpcStatusError ? error.code : grpc.status.INTERNAL;
}
