import type { FormObject } from './form.js';
import type { StripeState } from './state.js';

/** What a route handler receives: parsed parameters and the `{id}` parts of the path. */
export interface ApiCall {
  state: StripeState;
  params: FormObject;
  pathParams: Record<string, string>;
}

/** Returns the response object, or throws a StripeFailure. Runs synchronously, so state never interleaves. */
export type ApiHandler = (call: ApiCall) => unknown;

/** Path parameters are always present once a route matched. */
export function pathParam(call: ApiCall, name: string): string {
  return call.pathParams[name] ?? '';
}
