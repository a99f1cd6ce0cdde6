/**
 * Property-based: thousands of random and malformed resources through every
 * policy. No policy may throw (only the SDK's own unknown-value signal may
 * leave a policy), the last-resort "could not read" fallback must never be
 * needed, and no message may contain a generated value.
 */
import * as assert from "assert";
import * as path from "path";
import fc from "fast-check";
import { UnknownValueError, unknownCheckingProxy } from "@pulumi/policy";
import type { ResourceValidationArgs } from "@pulumi/policy";
import { REDIS_GUARD_POLICIES } from "../../policy-pack/policies";
import { MANAGED_RESOURCE_TARGETS } from "../../policy-pack/lib/managed-resource-targets";
import { GRANT_TYPES, NAMED_TYPES } from "../../policy-pack/lib/redis-iam";
import { ID_REFERENCE_USES, TAG_KEY_REFERENCE_USES } from "../../policy-pack/lib/reference-uses";
import { MAX_DEPTH, MAX_JSON_TEXT, MAX_YAML_TEXT } from "../../policy-pack/lib/property-scan";
import { REDIS_IAM_NAMES } from "../../core/redis-documents";
import { AnalyzerClient, UNKNOWN } from "../../plan/analyzer-client";
import { ALL_CASES } from "./all-cases";
import { REDIS_IDS, REDIS_IDS_CONFIG } from "./policy-cases";
import { REPO_ROOT } from "../helpers";

const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
// eslint-disable-next-line @typescript-eslint/no-require-imports -- protobuf from @pulumi/pulumi's own tree, as the SDK uses it
const { Struct } = require(require.resolve("google-protobuf/google/protobuf/struct_pb.js", { paths: [pulumiDir] }));
/** The SDK's own deserializer, as its analyzer applies it to every request (internal module: no typings). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { deserializeProperties } = require("@pulumi/policy/deserialize") as {
    deserializeProperties(s: unknown, keepSecrets: boolean): object;
};

interface FuzzResource {
    type: string;
    props: Record<string, unknown>;
    protect: boolean;
    parent?: string;
    additionalSecretOutputs: string[];
}

/** Every generated free-text value carries this marker; no message may contain it. */
const MARK = "S3CR3T";
const COMPONENT_URN = "urn:pulumi:s::p::redis-cloud-byoc-aws:index:RedisCloudIam::redis";

const types = [
    ...Object.keys(MANAGED_RESOURCE_TARGETS),
    ...Object.keys(GRANT_TYPES),
    ...Object.keys(NAMED_TYPES),
    "aws:ec2/tag:Tag",
    "aws:autoscaling/tag:Tag",
    "pulumi:providers:aws",
    "aws:ec2/launchTemplate:LaunchTemplate",
    ...[...ID_REFERENCE_USES, ...TAG_KEY_REFERENCE_USES].map((use) => use.type).filter((type) => type !== "*"),
    "aws:cloudformation/stack:Stack",
    "aws:cloudcontrol/resource:Resource",
    "pulumi:providers:aws-native",
];
const fieldNames = [
    ...new Set([
        ...Object.values(MANAGED_RESOURCE_TARGETS).flatMap((t) => t.targets),
        ...Object.values(GRANT_TYPES).flatMap((g) => Object.values(g.fields).flat()),
        "name",
        "policy",
        "assumeRolePolicy",
        "path",
        "tags",
        "key",
        "tag",
        "defaultTags",
        "role",
        "user",
        "pgpKey",
        "iamInstanceProfile",
        "managedPolicyArns",
        "inlinePolicies",
        ...[...ID_REFERENCE_USES, ...TAG_KEY_REFERENCE_USES].flatMap((use) => use.fields.map((field) => field.split(/[.[]/)[0])),
        "templateBody",
        "desiredState",
        "ignoreTags",
        "targets",
        "alarmActions",
        "type",
    ]),
];
const meaningfulStrings = [...Object.values(REDIS_IAM_NAMES), ...Object.values(REDIS_IDS), "RedisLabsIdentifier", UNKNOWN, "{", "/", ""];

const secretString = fc.string({ maxLength: 30 }).map((s) => `${MARK}${s}`);
const leaf = fc.oneof(
    secretString,
    { arbitrary: fc.constantFrom(...meaningfulStrings), weight: 4 },
    { arbitrary: fc.constantFrom(...meaningfulStrings).map((s) => [s]), weight: 2 },
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    secretString.map((s) => JSON.stringify({ Statement: [{ Effect: "Allow", Action: s, Resource: "*", Sid: s }], Version: s })),
    secretString.map((s) => JSON.stringify({ tags: { RedisLabsIdentifier: s, [s]: s } })),
    // The default-deny scanner's inputs: IDs in ARNs, beside secrets, behind JSON escapes, in selectors.
    fc.tuple(secretString, fc.constantFrom(...Object.values(REDIS_IDS))).map(([s, id]) => `arn:aws:ec2:us-east-1:${s}:volume/${id}`),
    fc
        .tuple(secretString, fc.constantFrom(...Object.values(REDIS_IDS)))
        .map(([s, id]) => JSON.stringify({ [s]: [s, id.replace("-", "\\u002d")] }).replace(/\\\\/g, "\\")),
    secretString.map((s) => JSON.stringify({ Key: "RedisLabsIdentifier", Value: s, selector: `tag:RedisLabsIdentifier=${s}` })),
    fc.constantFrom("alarm", "arn:aws:sns:us-east-1:1:t", "arn:aws:automate:us-east-1:ec2:stop", "SERVICE_CONTROL_POLICY", "TAG_POLICY"),
);
const value = fc.letrec((tie) => ({
    node: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        leaf,
        fc.array(tie("node"), { maxLength: 4 }),
        fc.dictionary(fc.oneof(fc.constantFrom(...fieldNames, "RedisLabsIdentifier", "key", "arn", "name"), secretString), tie("node"), {
            maxKeys: 4,
        }),
    ),
})).node;

const resource: fc.Arbitrary<FuzzResource> = fc.record({
    type: fc.oneof({ arbitrary: fc.constantFrom(...types), weight: 9 }, secretString),
    props: fc.dictionary(fc.oneof(fc.constantFrom(...fieldNames), secretString), value, { maxKeys: 8 }),
    protect: fc.boolean(),
    parent: fc.option(fc.oneof(fc.constant(COMPONENT_URN), secretString), { nil: undefined }),
    additionalSecretOutputs: fc.array(fc.oneof(fc.constantFrom("secret", "password", "sesSmtpPasswordV4"), secretString), { maxLength: 3 }),
});

/** Realistic resources (the hand-written cases, all policies' kinds) with one field replaced by a random value. */
const plainCases = Object.values(ALL_CASES)
    .flat()
    .flatMap((c) => (typeof c.resource === "function" ? [] : [c.resource]));
const mutatedCase = fc
    .record({ index: fc.nat(plainCases.length - 1), replace: fc.boolean(), value })
    .map(({ index, replace, value: replacement }) => {
        const base = plainCases[index];
        const keys = Object.keys(base.properties);
        const props = { ...base.properties };
        if (replace && keys.length) props[keys[index % keys.length]] = replacement;
        else props[`${MARK}extra`] = replacement;
        return {
            type: base.type,
            props,
            protect: base.protect ?? false,
            parent: base.parent,
            additionalSecretOutputs: base.additionalSecretOutputs ?? [],
        };
    });
const anyResource: fc.Arbitrary<FuzzResource> = fc.oneof(resource, mutatedCase);

/** Runs every policy on one resource in-process, with props shaped exactly as the SDK's analyzer shapes them. */
function runEveryPolicy(r: FuzzResource, config: Record<string, unknown>): string[] {
    const messages: string[] = [];
    const props = unknownCheckingProxy(deserializeProperties(Struct.fromJavaScript(JSON.parse(JSON.stringify(r.props))), false));
    for (const policy of REDIS_GUARD_POLICIES) {
        const args = {
            type: r.type,
            props,
            urn: `urn:pulumi:s::p::${r.type}::x`,
            name: "x",
            opts: {
                protect: r.protect,
                parent: r.parent,
                additionalSecretOutputs: r.additionalSecretOutputs,
                ignoreChanges: [],
                aliases: [],
                customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
            },
            stackTags: new Map(),
            isType: () => false,
            asType: () => undefined,
            getConfig: () => config[policy.name] ?? {},
            notApplicable: () => {
                throw new Error("not used");
            },
        } as unknown as ResourceValidationArgs;
        try {
            const validate = policy.validateResource;
            if (typeof validate === "function") validate(args, (message) => messages.push(message));
        } catch (error) {
            if (!(error instanceof UnknownValueError)) throw error;
        }
    }
    return messages;
}

describe("the guard pack on random and malformed resources", function () {
    const config = { "redis-managed-ids-protected": REDIS_IDS_CONFIG["redis-managed-ids-protected"].properties };

    describe("the default-deny scan is bounded and fails closed, naming the policy", () => {
        const nested = (depth: number, leaf: unknown): unknown => {
            let value = leaf;
            for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { [`${MARK}${i}`]: value };
            return value;
        };
        const [ids, tag, nodeRole, documents, lockout] = [
            "redis-managed-ids-protected",
            "redis-managed-tag-reserved",
            "redis-node-role-reserved",
            "redis-iam-documents",
            // It reads the control, key and endpoint policies a template declares: a template it cannot decode, it cannot allow.
            "redis-lockout",
        ];
        /** Each case, and the policies that must fail closed on it: those whose matcher asks to decode the text (a match, an escape). */
        const cases: [string, Record<string, unknown>, RegExp, string[]][] = [
            [
                "JSON text nested 100,000 deep",
                { templateBody: "[".repeat(100_000) + `"${REDIS_IDS.vpc}", "RedisLabsIdentifier"` + "]".repeat(100_000) },
                /cannot inspect field "templateBody"/,
                [ids, tag, documents],
            ],
            [
                "JSON text nested deeper than the bound around an escaped ID",
                { templateBody: "[".repeat(MAX_DEPTH + 5) + '"sg\\u002d0"' + "]".repeat(MAX_DEPTH + 5) },
                /cannot inspect field "templateBody" \(it is nested deeper than 64 levels\)/,
                [ids, tag, nodeRole, documents, lockout],
            ],
            [
                "JSON text over 1 MiB with an escape to decode",
                { desiredState: JSON.stringify({ pad: "x".repeat(MAX_JSON_TEXT), id: "\\u0073g" }) },
                /cannot inspect field "desiredState" \(it holds JSON text larger than 1048576 characters\)/,
                [ids, tag, nodeRole, documents],
            ],
            [
                "YAML text over 256 KiB with a !Join to decode",
                { templateBody: `Resources:\n  Pad: '${"x".repeat(MAX_YAML_TEXT)}'\n  Name: !Join ['', [sg-, '0']]\n` },
                /cannot inspect field "templateBody" \(it holds YAML text larger than 262144 characters\)/,
                [ids, tag, nodeRole, documents, lockout],
            ],
            [
                "YAML text with more aliases than the bound, around a Redis name",
                {
                    content: [
                        "a: &a [redislabs-user]",
                        "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]",
                        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]",
                        "d: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]",
                    ].join("\n"),
                },
                /cannot inspect field "content" \(it holds YAML text with more than 100 aliases\)/,
                [nodeRole, documents],
            ],
            [
                "inputs nested deeper than the bound",
                { spec: nested(MAX_DEPTH + 10, REDIS_IDS.vpc) },
                /cannot inspect field "spec" \(it is nested deeper than 64 levels\)/,
                [ids, tag, nodeRole, documents],
            ],
        ];
        for (const [title, props, message, policies] of cases) {
            it(`${title}: one violation from each policy that must decode it, no throw, no value echoed`, () => {
                const started = process.hrtime.bigint();
                const messages = runEveryPolicy(
                    { type: "aws:cloudformation/stack:Stack", props, protect: false, additionalSecretOutputs: [] },
                    config,
                );
                assert.ok(process.hrtime.bigint() - started < 5_000_000_000n, "bounded work");
                const failClosed = messages.filter((m) => message.test(m));
                assert.deepStrictEqual(failClosed.map((m) => m.split(" ")[0]).sort(), [...policies].sort(), messages.join("\n"));
                for (const m of messages) assert.ok(!m.includes(MARK));
            });
        }

        it("a huge plain string (no JSON to decode) is matched as text, without a bound", () => {
            const messages = runEveryPolicy(
                {
                    // A parameter may hand a Redis ID on (a reviewed use): a tag resource's value is text like any other.
                    type: "aws:ec2/tag:Tag",
                    props: { value: "x ".repeat(MAX_JSON_TEXT) + REDIS_IDS.subnet },
                    protect: false,
                    additionalSecretOutputs: [],
                },
                config,
            );
            assert.deepStrictEqual(
                messages.map((m) => /Field "value" names a Redis-managed resource/.test(m)),
                [true],
            );
        });
    });

    it("10,000 resources in-process through every policy: no throw, no fallback, no generated value in a message", () => {
        let violations = 0;
        fc.assert(
            fc.property(anyResource, (r) => {
                const messages = runEveryPolicy(r, config);
                violations += messages.length;
                for (const message of messages) {
                    assert.ok(!message.includes(MARK), `a message echoes a generated value: ${message.slice(0, 200)}`);
                    assert.ok(!message.includes("could not read"), `the fallback fired: ${message}`);
                }
            }),
            { numRuns: 10_000, seed: 20261127 },
        );
        assert.ok(violations > 1_000, `the generator reaches violations too (${violations})`);
    });

    it("500 resources over the real analyzer protocol: every call answers, no generated value in a message", async function () {
        const analyzer = await AnalyzerClient.start(path.join(REPO_ROOT, "policy-pack"));
        try {
            await analyzer.configure(REDIS_IDS_CONFIG);
            const samples = fc.sample(anyResource, { numRuns: 500, seed: 7 });
            let answered = 0;
            for (const r of samples) {
                const diagnostics = await analyzer.analyze({
                    type: r.type,
                    name: "x",
                    properties: r.props,
                    protect: r.protect,
                    parent: r.parent,
                    additionalSecretOutputs: r.additionalSecretOutputs,
                });
                answered++;
                for (const d of diagnostics) assert.ok(!d.message.includes(MARK), `echoed: ${d.message.slice(0, 200)}`);
            }
            assert.strictEqual(answered, 500);
        } finally {
            await analyzer.stop();
        }
    });
});
