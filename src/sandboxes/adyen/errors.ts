import { newPspReference } from './ids.js';

/**
 * Adyen's error body (`ServiceError` in the Checkout v72 spec) and the HTTP statuses
 * that make @adyen/api-library throw `HttpClientException` with `statusCode`,
 * `errorCode` and `apiError` (it does so for any non-2xx JSON body with a `status`;
 * processor-wire.md, Adyen). Codes follow Adyen's published error list
 * (docs.adyen.com/development-resources/error-codes): 000 generic, 010 not allowed,
 * 100 missing amount, 137 invalid amount, 167 original pspReference, 702 unparsable
 * message, 704 request already processed or in progress, 803 payment detail not found,
 * 901 invalid merchant account, 14_030 return URL missing; 00_422 where Adyen's newer per-category code is the
 * only one documented.
 */
export interface ServiceErrorBody {
  status: number;
  errorCode: string;
  message: string;
  errorType: string;
  pspReference: string;
}

/** Thrown by handlers; the server renders it with its status and headers. */
export class AdyenFailure extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    readonly errorType: 'validation' | 'security' | 'configuration' | 'internal' = 'validation',
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  body(): ServiceErrorBody {
    return {
      status: this.status,
      errorCode: this.errorCode,
      message: this.message,
      errorType: this.errorType,
      pspReference: newPspReference(),
    };
  }
}

export function validation(errorCode: string, message: string): AdyenFailure {
  return new AdyenFailure(422, errorCode, message);
}

export function malformed(message: string): AdyenFailure {
  return new AdyenFailure(400, '702', message);
}

/** Adyen never echoes the presented key, whatever it was. */
export function unauthorized(): AdyenFailure {
  return new AdyenFailure(401, '000', 'HTTP Status Response - Unauthorized', 'security');
}

export function invalidMerchantAccount(): AdyenFailure {
  return new AdyenFailure(403, '901', 'Invalid Merchant Account', 'security');
}

export function notAllowed(message = 'Not allowed'): AdyenFailure {
  return new AdyenFailure(403, '010', message, 'security');
}

export function notFound(): AdyenFailure {
  return new AdyenFailure(404, '000', 'Not Found');
}

/**
 * Another request holding the same Idempotency-Key is still running: Adyen marks this
 * failure transient (header `Transient-Error: true`), so the same request may be retried.
 */
export function idempotencyInProgress(): AdyenFailure {
  return new AdyenFailure(422, '704', 'request already processed or in progress', 'validation', {
    'Transient-Error': 'true',
  });
}

/** A key reused for a different request: not transient, the key must not be retried. */
export function idempotencyMismatch(): AdyenFailure {
  return new AdyenFailure(
    422,
    '704',
    'request already processed or in progress: the Idempotency-Key was used for a different request',
  );
}

export function internalError(): AdyenFailure {
  return new AdyenFailure(500, '99_500', 'Error processing request', 'internal');
}
