import type { ApiKeyConfig } from '../config/types.js';
import { TenderError } from '../core/errors.js';
import type { Principal } from './call-context.js';
import { matchApiKey, presentedApiKey } from './api-key.js';
import type { CallStage } from './pipeline.js';
import { mayCall, requiredScope } from './scopes.js';

/** The part of TenderConfig that authentication reads. */
export interface AuthConfig {
  apiKeys: readonly ApiKeyConfig[];
}

/**
 * Authentication and authorization: the key must be known (else UNAUTHENTICATED) and
 * hold the method's scope (else PERMISSION_DENIED). Neither message repeats the key.
 */
export function authenticationStage(auth: AuthConfig): CallStage {
  const entries = auth.apiKeys.map((key) => ({
    sha256: key.sha256.toLowerCase(),
    principal: { keyId: key.id, tenant: key.tenant, scopes: new Set(key.scopes) } satisfies Principal,
  }));
  return async (call, next) => {
    const key = presentedApiKey(call.metadata);
    if (key === undefined) {
      throw new TenderError('unauthenticated', 'missing API key: send "authorization: Bearer <key>" or "x-api-key: <key>"');
    }
    const principal = matchApiKey(entries, key)?.principal;
    if (principal === undefined) throw new TenderError('unauthenticated', 'unknown API key');
    call.principal = principal;
    if (!mayCall(principal.scopes, call.method)) {
      const scope = requiredScope(call.method);
      throw new TenderError(
        'permission_denied',
        scope === undefined
          ? `${call.method} is not open to API keys`
          : `API key "${principal.keyId}" lacks scope ${scope}, required by ${call.method}`,
      );
    }
    return next();
  };
}
