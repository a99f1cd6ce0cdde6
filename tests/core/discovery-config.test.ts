import * as assert from "assert";
import Ajv from "ajv";
import { DISCOVER_CONFIG_SCHEMA, DISCOVERY_BOUNDS, parseDiscoverConfig } from "../../core/discovery-config";
import { REDIS_TAG_KEY } from "../../core/redis-documents";

/** What the CLI checks (the JSON schema), beside what the pack checks itself. */
const schemaAccepts = new Ajv({ strict: false }).compile(DISCOVER_CONFIG_SCHEMA);

const BAD: Array<[string, unknown, RegExp]> = [
    [
        "a misspelt setting, by its nearest name",
        { regions: ["us-east-1"], regoins: [] },
        /^discover\.regoins: is not a setting of discover \(did you mean "regions"\?\); its settings: regions, accounts, roleArn, /,
    ],
    ["another misspelt setting", { regions: ["us-east-1"], cacheSecond: 60 }, /discover\.cacheSecond: .*did you mean "cacheSeconds"/],
    ["no regions", {}, /^discover\.regions: is required/],
    ["an empty region list", { regions: [] }, /^discover\.regions: must be a non-empty list of AWS region names/],
    [
        "a misspelt region",
        { regions: ["us-eest-1"] },
        /^discover\.regions\[0\]: must be AWS region names such as us-east-1 \("us-eest-1"\)/,
    ],
    ["a region twice", { regions: ["eu-west-1", "eu-west-1"] }, /^discover\.regions\[1\]: "eu-west-1" is listed twice/],
    ["a short account ID", { regions: ["us-east-1"], accounts: ["12345"] }, /^discover\.accounts\[0\]: must be 12-digit AWS account IDs/],
    [
        "a user ARN for the role",
        { regions: ["us-east-1"], roleArn: "arn:aws:iam::123456789012:user/x" },
        /^discover\.roleArn: must be an IAM role ARN/,
    ],
    ["a negative cache", { regions: ["us-east-1"], cacheSeconds: -1 }, /^discover\.cacheSeconds: must be a whole number from 0 to 86400/],
    [
        "a call deadline of a minute and more",
        { regions: ["us-east-1"], callTimeoutMs: 60_001 },
        /^discover\.callTimeoutMs: must be a whole number from 100 to 60000/,
    ],
    ["a fractional deadline", { regions: ["us-east-1"], totalTimeoutMs: 1500.5 }, /^discover\.totalTimeoutMs: must be a whole number/],
    [
        "a total deadline shorter than one call's",
        { regions: ["us-east-1"], callTimeoutMs: 10_000, totalTimeoutMs: 5_000 },
        /^discover\.totalTimeoutMs: must be at least callTimeoutMs \(10000\)/,
    ],
    ["an unknown failure mode", { regions: ["us-east-1"], onFailure: "warn" }, /^discover\.onFailure: must be "mandatory" or "advisory"/],
    ["not an object", ["us-east-1"], /^discover: must be an object such as \{"regions": \["us-east-1"\]\}/],
];

describe("core/discovery-config: the discover setting of redis-managed-ids-protected", () => {
    it("fills every default for the smallest config", () => {
        assert.deepStrictEqual(parseDiscoverConfig({ regions: ["us-east-1"] }), {
            config: {
                regions: ["us-east-1"],
                tagKey: REDIS_TAG_KEY,
                cacheSeconds: DISCOVERY_BOUNDS.cacheSeconds.default,
                callTimeoutMs: DISCOVERY_BOUNDS.callTimeoutMs.default,
                totalTimeoutMs: DISCOVERY_BOUNDS.totalTimeoutMs.default,
                onFailure: "mandatory",
            },
            problems: [],
        });
        assert.ok(schemaAccepts({ regions: ["us-east-1"] }));
    });

    it("keeps every setting of a full config, and the schema accepts it too", () => {
        const full = {
            regions: ["us-east-1", "eu-west-2", "us-gov-west-1", "ap-southeast-5"],
            accounts: ["123456789012", "210987654321"],
            roleArn: "arn:aws:iam::{account}:role/platform/redis-discovery",
            tagKey: "RedisLabsIdentifier",
            cacheSeconds: 0,
            callTimeoutMs: 100,
            totalTimeoutMs: 300_000,
            onFailure: "advisory",
        };
        assert.deepStrictEqual(parseDiscoverConfig(full), { config: full, problems: [] });
        assert.ok(schemaAccepts(full), JSON.stringify(schemaAccepts.errors));
        assert.deepStrictEqual(parseDiscoverConfig({ ...full, roleArn: "arn:aws-us-gov:iam::123456789012:role/r" }).problems, []);
    });

    for (const [title, value, expected] of BAD) {
        it(`refuses ${title}, naming the field and what is allowed; the CLI's schema refuses it too`, () => {
            const { config, problems } = parseDiscoverConfig(value);
            assert.strictEqual(config, undefined);
            assert.ok(
                problems.some((problem) => expected.test(problem)),
                problems.join("\n"),
            );
            // Only the cross-field bound is beyond JSON schema; everything else the CLI refuses as well.
            if (!/shorter than one call/.test(title)) assert.strictEqual(schemaAccepts(value), false, title);
        });
    }

    it("never quotes a value that is not name-like (a whole ARN, free text)", () => {
        const { problems } = parseDiscoverConfig({ regions: ["AKIAIOSFODNN7EXAMPLE secret text"], roleArn: "wJalrXUtnFEMI/K7MDENG" });
        assert.strictEqual(problems.length, 2);
        for (const problem of problems) assert.doesNotMatch(problem, /AKIA|secret|wJalr/);
    });
});
