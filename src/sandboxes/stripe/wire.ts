/**
 * Shapes shared by every simulated Stripe object. Each resource declares the fields the
 * sandbox reads or writes; the index signature carries the rest of the fields Stripe
 * returns (per stripe-fixtures3.json), which the sandbox only renders.
 */
export interface WireObject {
  id: string;
  object: string;
  [field: string]: unknown;
}

export type Metadata = Record<string, string>;

export interface ListObject<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  url: string;
}

/** Deep copy through JSON, so a response never aliases the stored object. */
export function snapshot<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * The API version stripe@23.1.0 pins; answered in Stripe-Version when a client sends
 * none. Kept as a constant: code outside src/adapters never imports a processor SDK
 * (DESIGN.md).
 */
export const API_VERSION = '2026-10-28.endive';
