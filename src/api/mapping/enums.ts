/**
 * Domain enums are lower-case names of the API's enum values ("outcome_unknown" is
 * PaymentStatus.OUTCOME_UNKNOWN), so one pair of functions maps every enum both ways
 * and a value added on one side without the other fails the type check or lands on
 * UNSPECIFIED, never on a wrong value.
 */
type EnumObject = Record<string, string | number>;

export function toEnum<E extends EnumObject>(enumObject: E, name: string): E[keyof E] {
  const value = enumObject[name.toUpperCase()];
  return (typeof value === 'number' ? value : 0) as E[keyof E];
}

/** The domain name of an API enum value, or undefined for UNSPECIFIED and unknowns. */
export function fromEnum<T extends string>(enumObject: EnumObject, value: number): T | undefined {
  const name = enumObject[value];
  return typeof name === 'string' && value !== 0 ? (name.toLowerCase() as T) : undefined;
}
