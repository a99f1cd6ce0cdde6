/** Guards for values that came from anywhere (stack config, JSON text, a resource's properties). */

/** A plain object: not null, not a list. */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
    typeof value === "object" && value !== null && !Array.isArray(value);
