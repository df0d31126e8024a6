import type { Params } from './params.js';
import type { BraintreeState } from './state.js';
import type { XmlValue } from './xml.js';

/** One routed API request, as a handler sees it. */
export interface ApiCall {
  state: BraintreeState;
  body: Params;
  pathParams: Readonly<Record<string, string>>;
}

/** A successful answer: HTTP status, root element and its content. */
export interface ApiResult {
  status: number;
  root: string;
  value: XmlValue;
}

/** Handlers throw BraintreeFailure (errors.ts) for every other answer. */
export type ApiHandler = (call: ApiCall) => ApiResult;

export function answer(root: string, value: XmlValue, status = 200): ApiResult {
  return { status, root, value };
}
