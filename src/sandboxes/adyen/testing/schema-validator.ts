/**
 * A validator for the subset of JSON Schema (OpenAPI 3.1 flavour) that Adyen's
 * published specifications use: $ref, type, properties, required,
 * additionalProperties, items, enum, oneOf/anyOf/allOf, format (date-time, date,
 * int32, int64), minLength/maxLength and minimum/maximum. Other keywords are ignored.
 *
 * `strict` also reports properties an object schema does not declare (where it says
 * nothing about additionalProperties): Adyen's specs list every field a response can
 * carry, so an undeclared one is a field the sandbox invented.
 */
export interface Schema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  enum?: unknown[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
}

export interface OpenApiDocument {
  components: { schemas: Record<string, Schema> };
}

export interface ValidationOptions {
  strict?: boolean;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INTEGER_RANGES: Record<string, [number, number]> = {
  int32: [-(2 ** 31), 2 ** 31 - 1],
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

/** Every violation as "path: problem"; empty when `value` is valid. */
export function validate(doc: OpenApiDocument, schema: Schema | string, value: unknown, options: ValidationOptions = {}, path = '$'): string[] {
  const resolved = typeof schema === 'string' ? resolve(doc, `#/components/schemas/${schema}`) : schema;
  const check = (s: Schema, v: unknown, p: string) => validate(doc, s, v, options, p);
  if (resolved.$ref) return check(resolve(doc, resolved.$ref), value, path);

  const errors: string[] = [];
  if (resolved.allOf) for (const part of resolved.allOf) errors.push(...check(part, value, path));
  for (const [keyword, branches] of [['oneOf', resolved.oneOf], ['anyOf', resolved.anyOf]] as const) {
    if (!branches) continue;
    const matches = branches.filter((branch) => check(branch, value, path).length === 0).length;
    if (keyword === 'oneOf' ? matches !== 1 : matches === 0) errors.push(`${path}: matches ${matches} of the ${keyword} branches`);
  }
  if (resolved.enum && !resolved.enum.includes(value)) errors.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(resolved.enum)}`);
  if (resolved.type !== undefined && !typeMatches(resolved.type, value)) {
    return [...errors, `${path}: ${kindOf(value)} instead of ${String(resolved.type)}`];
  }
  if (typeof value === 'string') errors.push(...stringProblems(resolved, value, path));
  if (typeof value === 'number') errors.push(...numberProblems(resolved, value, path));
  if (Array.isArray(value) && resolved.items) value.forEach((item, i) => errors.push(...check(resolved.items as Schema, item, `${path}[${i}]`)));
  if (kindOf(value) === 'object' && (resolved.properties || resolved.additionalProperties !== undefined || resolved.required)) {
    const object = value as Record<string, unknown>;
    for (const name of resolved.required ?? []) if (!(name in object)) errors.push(`${path}.${name}: required`);
    for (const [name, field] of Object.entries(object)) {
      const declared = resolved.properties?.[name];
      if (declared) errors.push(...check(declared, field, `${path}.${name}`));
      else if (typeof resolved.additionalProperties === 'object') errors.push(...check(resolved.additionalProperties, field, `${path}.${name}`));
      else if (resolved.additionalProperties === false || (options.strict && resolved.additionalProperties === undefined)) {
        errors.push(`${path}.${name}: not declared by the schema`);
      }
    }
  }
  return errors;
}

function resolve(doc: OpenApiDocument, ref: string): Schema {
  const name = ref.replace('#/components/schemas/', '');
  const schema = doc.components.schemas[name];
  if (!schema) throw new Error(`unknown schema ${ref}`);
  return schema;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(type: string | string[], value: unknown): boolean {
  const kind = kindOf(value);
  return (Array.isArray(type) ? type : [type]).some((t) => t === kind || (t === 'number' && kind === 'integer'));
}

function stringProblems(schema: Schema, value: string, path: string): string[] {
  const problems: string[] = [];
  if (schema.minLength !== undefined && value.length < schema.minLength) problems.push(`${path}: shorter than ${schema.minLength}`);
  if (schema.maxLength !== undefined && value.length > schema.maxLength) problems.push(`${path}: longer than ${schema.maxLength}`);
  if (schema.format === 'date-time' && !DATE_TIME.test(value)) problems.push(`${path}: not a date-time`);
  if (schema.format === 'date' && !DATE.test(value)) problems.push(`${path}: not a date`);
  return problems;
}

function numberProblems(schema: Schema, value: number, path: string): string[] {
  const range = schema.format ? INTEGER_RANGES[schema.format] : undefined;
  const problems: string[] = [];
  if (range && (value < range[0] || value > range[1])) problems.push(`${path}: outside ${schema.format}`);
  if (schema.minimum !== undefined && value < schema.minimum) problems.push(`${path}: below ${schema.minimum}`);
  if (schema.maximum !== undefined && value > schema.maximum) problems.push(`${path}: above ${schema.maximum}`);
  return problems;
}
