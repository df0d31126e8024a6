/**
 * Stripe error bodies and the HTTP statuses that make stripe-node pick the right error
 * class (processor-wire.md, "Surprises first" 3): 400/404 invalid_request_error
 * (idempotency_error -> StripeIdempotencyError), 401 authentication, 402 card errors,
 * 409 idempotency_key_in_use, 500 api_error.
 */
export interface StripeErrorBody {
  type: 'invalid_request_error' | 'card_error' | 'idempotency_error' | 'api_error';
  message: string;
  code?: string;
  param?: string;
  decline_code?: string;
  doc_url?: string;
  charge?: string;
  payment_intent?: unknown;
  payment_method?: unknown;
}

/** Thrown by handlers; the server turns it into the error response. */
export class StripeFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: StripeErrorBody,
  ) {
    super(body.message);
  }
}

export function docUrl(code: string): string {
  return `https://stripe.com/docs/error-codes/${code.replace(/_/g, '-')}`;
}

export function invalidRequest(
  message: string,
  details: { param?: string; code?: string; status?: number } = {},
): StripeFailure {
  const { status = 400, code, param } = details;
  return new StripeFailure(status, {
    type: 'invalid_request_error',
    message,
    ...(code ? { code, doc_url: docUrl(code) } : {}),
    ...(param ? { param } : {}),
  });
}

/**
 * A missing object: 404 when it is the object named in the URL (param `id`), 400 when
 * it is referenced from a parameter, as Stripe answers.
 */
export function resourceMissing(kind: string, id: string, param = 'id'): StripeFailure {
  return invalidRequest(`No such ${kind}: '${id}'`, {
    code: 'resource_missing',
    param,
    status: param === 'id' ? 404 : 400,
  });
}

export function missingParam(param: string): StripeFailure {
  return invalidRequest(`Missing required param: ${param}.`, { code: 'parameter_missing', param });
}

export function unknownParam(param: string): StripeFailure {
  return invalidRequest(`Received unknown parameter: ${param}`, { code: 'parameter_unknown', param });
}

export function cardFailure(body: Omit<StripeErrorBody, 'type'>): StripeFailure {
  return new StripeFailure(402, { type: 'card_error', ...body });
}

export function idempotencyMismatch(key: string, detail: string): StripeFailure {
  return new StripeFailure(400, {
    type: 'idempotency_error',
    message: `${detail} Try using a key other than '${key}' if you meant to execute a different request.`,
  });
}

export function idempotencyKeyInUse(): StripeFailure {
  return invalidRequest(
    'There is currently another in-progress request using this Idempotent Key (probably because of a timeout). Please retry in a moment.',
    { code: 'idempotency_key_in_use', status: 409 },
  );
}

/** The key is never echoed: only its `sk_test_` style prefix survives (common.md). */
export function authenticationFailure(presentedKey: string | undefined): StripeFailure {
  if (!presentedKey) {
    return invalidRequest(
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
      { status: 401 },
    );
  }
  const prefix = /^[a-z]+_(test|live)_/.exec(presentedKey)?.[0] ?? '';
  return invalidRequest(`Invalid API Key provided: ${prefix}${'*'.repeat(8)}`, { status: 401 });
}

export function apiError(message = 'An unknown error occurred while processing your request.'): StripeFailure {
  return new StripeFailure(500, { type: 'api_error', message });
}

export function errorResponseBody(failure: StripeFailure): { error: StripeErrorBody } {
  return { error: failure.body };
}
