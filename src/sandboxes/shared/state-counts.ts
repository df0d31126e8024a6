/**
 * The size of every collection in a sandbox's state, by field name (paymentIntents,
 * transactions, payments...). It lets a test in another process count what reached the
 * processor, as an in-process test reads `state.<collection>.size`. Shared by the three
 * sandboxes, whose states all keep their objects in Maps.
 */
export function stateCounts(state: object): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [name, value] of Object.entries(state)) {
    if (value instanceof Map) counts[name] = value.size;
  }
  return counts;
}
