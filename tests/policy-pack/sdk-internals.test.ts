/**
 * The pack's copies of `@pulumi/policy` internals against the installed SDK:
 * an upgrade that renames or changes one fails here, not silently in a preview.
 */
import * as assert from "assert";
import { UnknownValueError, unknownCheckingProxy } from "@pulumi/policy";
import {
    ENGINE_UNKNOWN,
    PROXY_TARGET_KEY,
    UNKNOWN_VALUE_SENTINELS,
    isUnknownSentinel,
    rawProps,
} from "../../policy-pack/lib/sdk-internals";

/* eslint-disable @typescript-eslint/no-require-imports -- the values are @internal, kept out of the SDK's typings */
const sdkProxy = require("@pulumi/policy/proxy") as Record<string, unknown>;
const sdkRpc = require("@pulumi/pulumi/runtime/rpc") as Record<string, unknown>;
/* eslint-enable @typescript-eslint/no-require-imports */

/** The SDK's export name for each kind the pack names. */
const SDK_NAMES: Record<keyof typeof UNKNOWN_VALUE_SENTINELS, string> = {
    boolean: "unknownBooleanValue",
    number: "unknownNumberValue",
    string: "unknownStringValue",
    array: "unknownArrayValue",
    asset: "unknownAssetValue",
    archive: "unknownArchiveValue",
    object: "unknownObjectValue",
};

describe("the pack's copies of @pulumi/policy internals", () => {
    it("each unknown-value sentinel equals the SDK's, and the SDK has no sentinel the pack lacks", () => {
        for (const [kind, sdkName] of Object.entries(SDK_NAMES)) {
            assert.strictEqual(UNKNOWN_VALUE_SENTINELS[kind as keyof typeof SDK_NAMES], sdkProxy[sdkName], `${kind} (${sdkName})`);
        }
        const sdkSentinels = Object.keys(sdkProxy).filter((name) => /^unknown\w+Value$/.test(name));
        assert.deepStrictEqual(sdkSentinels.sort(), Object.values(SDK_NAMES).sort());
    });

    it("the SDK's proxy throws UnknownValueError on every sentinel, so each is one the pack must pass over", () => {
        for (const sentinel of Object.values(UNKNOWN_VALUE_SENTINELS)) {
            const props = unknownCheckingProxy({ field: sentinel }) as Record<string, unknown>;
            assert.throws(() => props.field, UnknownValueError);
            assert.strictEqual(isUnknownSentinel(sentinel), true);
        }
        assert.strictEqual(isUnknownSentinel("04da6b54"), false);
        assert.strictEqual(isUnknownSentinel(undefined), false);
    });

    it("the proxy-target key is the SDK's, and rawProps returns the object behind the proxy", () => {
        assert.strictEqual(PROXY_TARGET_KEY, sdkProxy.getSpecialProxyTarget);
        const target = { role: UNKNOWN_VALUE_SENTINELS.string, name: "app" };
        assert.strictEqual(rawProps(unknownCheckingProxy(target)), target);
        assert.strictEqual(rawProps(target), target, "a plain object is its own target");
        assert.strictEqual(rawProps("text"), "text");
    });

    it("the engine's wire marker for an unknown is the SDK runtime's", () => {
        assert.strictEqual(ENGINE_UNKNOWN, sdkRpc.unknownValue);
    });
});
