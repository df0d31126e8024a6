import { readFileSync } from 'node:fs';
import { validate, type OpenApiDocument, type Schema } from './schema-validator.js';

/**
 * Adyen's published specifications (test/reference/specs, MIT-licensed by Adyen):
 * Checkout API v72 and standard webhooks v1. Read once per test file.
 */
interface OperationDocument extends OpenApiDocument {
  paths?: Record<string, Record<string, Operation>>;
  webhooks?: Record<string, Record<string, Operation>>;
}

interface Operation {
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

function load(file: string): OperationDocument {
  const url = new URL(`../../../../test/reference/specs/${file}`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as OperationDocument;
}

export const CHECKOUT_SPEC = load('adyen-CheckoutService-v72.json');
export const WEBHOOKS_SPEC = load('adyen-Webhooks-v1.json');

/** The schema Checkout declares for one operation's response, e.g. ('/payments', 'post', 200). */
export function responseSchema(path: string, method: string, status: number): Schema {
  const schema = CHECKOUT_SPEC.paths?.[path]?.[method]?.responses?.[String(status)]?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`Checkout v72 declares no ${status} response for ${method.toUpperCase()} ${path}`);
  return schema;
}

/** The request schema Checkout declares for one operation. */
export function requestSchema(path: string, method: string): Schema {
  const schema = CHECKOUT_SPEC.paths?.[path]?.[method]?.requestBody?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`Checkout v72 declares no request body for ${method.toUpperCase()} ${path}`);
  return schema;
}

/** The body schema of one standard webhook, e.g. 'AUTHORISATION'. */
export function webhookSchema(eventCode: string): Schema {
  const schema = WEBHOOKS_SPEC.webhooks?.[`/${eventCode}`]?.post?.requestBody?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`Webhooks v1 declares no ${eventCode} notification`);
  return schema;
}

/** Violations of a Checkout response schema, strictly (no undeclared fields). */
export function checkoutViolations(schema: Schema | string, value: unknown): string[] {
  return validate(CHECKOUT_SPEC, schema, value, { strict: true });
}

/** Violations of a webhook body schema (those schemas forbid undeclared fields themselves). */
export function webhookViolations(eventCode: string, body: unknown): string[] {
  return validate(WEBHOOKS_SPEC, webhookSchema(eventCode), body, { strict: true });
}
