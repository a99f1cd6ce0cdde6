import * as assert from "assert";
import * as library from "../../components";
import { ConsoleRolePolicy, GuardrailMode, RedisCloudIam, type RedisCloudIamArgs, type RedisManagedGuardrailArgs } from "../../components";
import { runOnMockEngine } from "../../plan/mock-engine";

/** The package's runtime exports, one by one: adding or removing one is a deliberate change to this list and the CHANGELOG. */
const PUBLIC_VALUES = [
    "AdoptableChild",
    "CONSOLE_ROLE_POLICY_NAMES",
    "ConsoleRolePolicy",
    "GuardrailMode",
    "KeyRetirementGate",
    "REDIS_CLOUD_ACCOUNT_ID",
    "REDIS_CLOUD_IAM_TYPE",
    "REDIS_DOCUMENTS_REVISION",
    "REDIS_DOCUMENT_REVISIONS",
    "REDIS_IAM_NAMES",
    "REDIS_MANAGED_GUARDRAIL_TYPE",
    "REDIS_POLICIES",
    "REDIS_TAG_KEY",
    "REDIS_TAG_VALUE",
    "REDIS_TRUST_POLICIES",
    "RedisCloudAccount",
    "RedisCloudIam",
    "RedisManagedGuardrail",
    "consoleRoleTrustPolicy",
    "describePolicyDifferences",
    "guardrailPolicyDocuments",
    "instanceRolePolicy",
    "normalizePolicy",
    "nodeRoleTrustPolicy",
    "userRestrictedPolicy",
];

// Compile-time checks (npm test type-checks this file): enum-typed args take their strings, and args may be left out.
const withStrings: RedisCloudIamArgs = { consoleRolePolicy: "user-restricted-policy" };
const withMembers: RedisCloudIamArgs = { consoleRolePolicy: ConsoleRolePolicy.UserRestrictedPolicy };
const auditByString: RedisManagedGuardrailArgs = { mode: "audit" };
const auditByMember: RedisManagedGuardrailArgs = { mode: GuardrailMode.Audit };
// @ts-expect-error a string that is not one of the values is still refused by the compiler
const notAValue: RedisCloudIamArgs = { consoleRolePolicy: "instance-policy" };

describe("the package's public surface", () => {
    it("exports exactly the deliberate names, and no internals (argError, validate*Args, limits)", () => {
        assert.deepStrictEqual(Object.keys(library).sort(), [...PUBLIC_VALUES].sort());
        for (const internal of [
            "argError",
            "validateRedisCloudIamArgs",
            "validateRedisManagedGuardrailArgs",
            "ACCESS_KEY_LIMITS",
            "signInUrlForUserArn",
        ])
            assert.ok(!(internal in library), internal);
    });

    it("enum values are plain strings, the same whether written as member or as string", () => {
        assert.deepStrictEqual(withStrings, withMembers);
        assert.deepStrictEqual(auditByString, auditByMember);
        assert.deepStrictEqual(Object.values(ConsoleRolePolicy), ["instance-role-policy", "user-restricted-policy"]);
        assert.deepStrictEqual(Object.values(GuardrailMode), ["enforce", "audit"]);
        assert.strictEqual(notAValue.consoleRolePolicy, "instance-policy");
    });

    it("new RedisCloudIam(name) with no args builds the defaults: sixteen children", async () => {
        const { resources } = await runOnMockEngine(() => new RedisCloudIam("redis-cloud"));
        assert.strictEqual(resources.length, 17);
        const attachment = resources.find((r) => r.name === "redis-cloud-console-role-policy");
        assert.match(String(attachment?.inputs.policyArn), /RedisLabsInstanceRolePolicy$/);
    });

    it("a string value of an enum arg works like its member", async () => {
        const { resources } = await runOnMockEngine(() => new RedisCloudIam("redis-cloud", withStrings));
        const attachment = resources.find((r) => r.name === "redis-cloud-console-role-policy");
        assert.match(String(attachment?.inputs.policyArn), /RedislabsIAMUserRestrictedPolicy$/);
    });
});
