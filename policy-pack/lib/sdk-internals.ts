/**
 * Everything the pack takes from `@pulumi/policy`'s internals, in one place.
 * The SDK marks these `@internal` and exports them from `proxy.js` only, not
 * from its typed entry point, so the pack keeps its own copy; the test
 * `tests/policy-pack/sdk-internals.test.ts` compares every value here with the
 * installed SDK's and fails when an upgrade changes one.
 *
 * Why the pack needs them: the SDK hands a policy its props wrapped in a proxy
 * that throws on any value unknown at preview. The property walks read the
 * proxy's raw target instead and pass over the sentinels where they stand, so
 * that every known value is judged now and only the unknown ones wait for `up`.
 */

/** The SDK's sentinel for each kind of value unknown at preview (`proxy.js`, `unknown<Kind>Value`). */
export const UNKNOWN_VALUE_SENTINELS = {
    boolean: "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
    number: "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
    string: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
    array: "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
    asset: "030794c1-ac77-496b-92df-f27374a8bd58",
    archive: "e48ece36-62e2-4504-bad9-02848725956a",
    object: "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
} as const;

/** What the engine sends over the analyzer protocol for any unknown value: the string sentinel. */
export const ENGINE_UNKNOWN = UNKNOWN_VALUE_SENTINELS.string;

/** The property that returns the SDK proxy's raw target (`proxy.js`, `getSpecialProxyTarget`). */
export const PROXY_TARGET_KEY = "__getSpecialProxyTarget";

const SENTINELS: ReadonlySet<string> = new Set(Object.values(UNKNOWN_VALUE_SENTINELS));

/** Whether `value` is a value unknown at preview, as the SDK deserializes it. */
export const isUnknownSentinel = (value: unknown): boolean => typeof value === "string" && SENTINELS.has(value);

/** The raw object behind the SDK's unknown-checking proxy (or `props` itself when it is not one). */
export function rawProps(props: unknown): unknown {
    if (typeof props !== "object" || props === null) return props;
    const target = (props as Record<string, unknown>)[PROXY_TARGET_KEY];
    return target !== undefined ? target : props;
}
