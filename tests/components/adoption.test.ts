/**
 * Adoption under the mock engine: every child carries the import ID the AWS
 * provider documents and the agreed ignoreChanges; the key hand-over; bad
 * adoption args; and the audit's `adopt` object, fed to `npm run plan -- --config`,
 * plans exactly those imports.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
    AdoptableChild,
    RedisCloudIam,
    RedisCloudIamArgs,
    REDIS_IAM_NAMES,
    ConsoleRolePolicy,
    consoleRoleTrustPolicy,
    nodeRoleTrustPolicy,
} from "../../components";
import { adoptionImportIds } from "../../core/adoption";
import { instanceRolePolicy, userRestrictedPolicy } from "../../core/redis-documents";
import { auditAccount } from "../../audit/findings";
import type { AccountSnapshot } from "../../audit/snapshot";
import { RegisteredResource, runOnMockEngine } from "../../plan/mock-engine";
import { parseArgs, plan } from "../../plan/plan";
import { REPO_ROOT } from "../helpers";

const ACCOUNT = "210987654321";
const KEY = "AKIAEXAMPLE000000001";

/** What may differ in an old account, by resource type: the agreement the component's table must keep. */
const EXPECTED_IGNORE_CHANGES: Record<string, string[]> = {
    "aws:iam/policy:Policy": ["policy", "description", "path", "tags"],
    "aws:iam/role:Role": ["assumeRolePolicy", "description", "maxSessionDuration", "path", "permissionsBoundary", "tags"],
    "aws:iam/instanceProfile:InstanceProfile": ["role", "path", "tags"],
    "aws:iam/user:User": ["path", "permissionsBoundary", "tags"],
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": [],
    "aws:iam/userPolicyAttachment:UserPolicyAttachment": [],
    "aws:iam/accessKey:AccessKey": ["pgpKey", "status"],
    "aws:iam/userLoginProfile:UserLoginProfile": ["pgpKey", "passwordLength", "passwordResetRequired"],
    // An old account may hold more than Redis's grants: the lists are ignored until adoption is off, then converge.
    "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive": ["policyArns"],
    "aws:iam/rolePoliciesExclusive:RolePoliciesExclusive": ["policyNames"],
    "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive": ["policyArns"],
    "aws:iam/userPoliciesExclusive:UserPoliciesExclusive": ["policyNames"],
};

/** Each principal's two exclusive lists, by Pulumi name suffix, and the principal (their import ID). */
const EXCLUSIVE_LISTS: [string, string][] = [
    ["node-role-attachments-exclusive", REDIS_IAM_NAMES.nodeRole],
    ["node-role-inline-policies-exclusive", REDIS_IAM_NAMES.nodeRole],
    ["console-role-attachments-exclusive", REDIS_IAM_NAMES.consoleRole],
    ["console-role-inline-policies-exclusive", REDIS_IAM_NAMES.consoleRole],
    ["user-attachments-exclusive", REDIS_IAM_NAMES.user],
    ["user-inline-policies-exclusive", REDIS_IAM_NAMES.user],
];

/** The example import ID of a type, from the "Import" section of its declaration in @pulumi/aws. */
function providerExampleImportId(type: string): string {
    const module = type.split("/")[1].split(":")[0];
    const text = fs.readFileSync(path.join(REPO_ROOT, "node_modules", "@pulumi", "aws", "iam", `${module}.d.ts`), "utf8");
    const example = text.match(new RegExp(`\\$ pulumi import ${type.replace(/[/.]/g, "\\$&")} \\S+ (\\S+)`));
    assert.ok(example, `no import example for ${type}`);
    return example[1];
}
/** An ID's structure: names become `x`, separators stay. */
const shape = (id: string) => id.replace(/[\w-]+/g, "x");

async function adopt(args: RedisCloudIamArgs) {
    return (await runOnMockEngine(() => new RedisCloudIam("redis", args))).resources;
}
const byName = (resources: RegisteredResource[], suffix: string) => resources.find((r) => r.name === `redis-${suffix}`);

describe("adopting an account's existing Redis resources", () => {
    it("imports every child with the provider's documented import ID and ignores what may differ", async () => {
        const resources = await adopt({
            adoptAccountId: ACCOUNT,
            consoleLogin: true,
            consoleRolePolicy: ConsoleRolePolicy.UserRestrictedPolicy,
        });
        assert.strictEqual(resources.length, 18, "component + 16 children + login profile");
        const ids = adoptionImportIds(ACCOUNT, REDIS_IAM_NAMES.userRestrictedPolicy);
        for (const child of Object.values(AdoptableChild)) {
            const resource = byName(resources, child);
            assert.ok(resource, child);
            assert.strictEqual(resource.importId, ids[child], child);
            assert.deepStrictEqual(resource.ignoreChanges, EXPECTED_IGNORE_CHANGES[resource.type], child);
            assert.strictEqual(shape(resource.importId), shape(providerExampleImportId(resource.type)), `${child}: ${resource.importId}`);
            assert.ok(resource.protect, `${child} stays protected`);
        }
        assert.strictEqual(
            byName(resources, "console-role-policy")?.importId,
            `redislabs-role/arn:aws:iam::${ACCOUNT}:policy/RedislabsIAMUserRestrictedPolicy`,
        );
        // No key was named: the one key is new.
        assert.strictEqual(byName(resources, "access-key-1")?.importId, "");
        for (const [suffix, principal] of EXCLUSIVE_LISTS) {
            const list = byName(resources, suffix);
            assert.ok(list, suffix);
            assert.strictEqual(list.importId, principal, suffix);
            assert.deepStrictEqual(list.ignoreChanges, EXPECTED_IGNORE_CHANGES[list.type], suffix);
            assert.strictEqual(shape(list.importId), shape(providerExampleImportId(list.type)), suffix);
            assert.ok(list.protect, `${suffix} stays protected`);
        }
    });

    it("hands the key over: the existing key is the retiring generation (imported, unprotected), a new one is current", async () => {
        const resources = await adopt({ adoptAccountId: ACCOUNT, adoptAccessKeyId: KEY, accessKeyGenerations: ["adopted", "1"] });
        const [retiring, current] = [byName(resources, "access-key-adopted"), byName(resources, "access-key-1")];
        assert.strictEqual(retiring?.importId, KEY);
        assert.deepStrictEqual(retiring?.ignoreChanges, EXPECTED_IGNORE_CHANGES["aws:iam/accessKey:AccessKey"]);
        assert.strictEqual(shape(KEY), shape(providerExampleImportId("aws:iam/accessKey:AccessKey")));
        assert.strictEqual(retiring?.protect, false, "removable once Redis has the new key");
        assert.strictEqual(current?.importId, "");
        assert.strictEqual(current?.protect, true);
    });

    it("creates what adoptCreate lists instead of importing it", async () => {
        const resources = await adopt({ adoptAccountId: ACCOUNT, adoptCreate: [AdoptableChild.InstanceProfile] });
        assert.strictEqual(resources.length, 17);
        assert.strictEqual(byName(resources, "instance-profile")?.importId, "");
        assert.deepStrictEqual(byName(resources, "instance-profile")?.ignoreChanges, []);
        assert.strictEqual(resources.filter((r) => r.importId).length, 14);
        // A principal that is created gets its exclusive lists created with it.
        const withoutUser = await adopt({
            adoptAccountId: ACCOUNT,
            adoptCreate: [AdoptableChild.User, AdoptableChild.UserPolicyAttachment],
        });
        for (const [suffix, principal] of EXCLUSIVE_LISTS) {
            assert.strictEqual(byName(withoutUser, suffix)?.importId, principal === REDIS_IAM_NAMES.user ? "" : principal, suffix);
        }
    });

    it("without adoptAccountId, imports nothing and ignores nothing", async () => {
        const resources = await adopt({});
        assert.strictEqual(resources.length, 17);
        assert.ok(resources.every((r) => r.importId === "" && r.ignoreChanges.length === 0));
    });

    it("refuses bad adoption args before anything is registered, naming the arg", async () => {
        for (const [args, message] of [
            [{ adoptAccountId: "12345" }, /args\.adoptAccountId: must be the 12-digit ID/],
            [{ adoptAccessKeyId: KEY }, /args\.adoptAccessKeyId: is only used with adoptAccountId/],
            [{ adoptCreate: ["user"] }, /args\.adoptCreate: is only used with adoptAccountId/],
            [{ adoptAccountId: ACCOUNT, adoptAccessKeyId: "secret-looking-value" }, /args\.adoptAccessKeyId: must be an access key ID/],
            [
                { adoptAccountId: ACCOUNT, adoptAccessKeyId: KEY },
                /args\.accessKeyGenerations: must list two generations with adoptAccessKeyId/,
            ],
            [{ adoptAccountId: ACCOUNT, adoptCreate: ["everything"] }, /args\.adoptCreate: must be a list of "instance-role-policy"/],
        ] as [RedisCloudIamArgs, RegExp][]) {
            const run = runOnMockEngine(() => new RedisCloudIam("bad", args));
            await assert.rejects(run, message);
        }
        const { resources } = await runOnMockEngine(() => {
            try {
                new RedisCloudIam("bad", { adoptAccountId: "x" });
            } catch {
                // expected
            }
        });
        assert.strictEqual(resources.length, 0);
    });
});

describe("the audit's adopt object, fed to npm run plan -- --config", () => {
    /** An old CloudFormation-made account, without its instance profile. */
    const snapshot: AccountSnapshot = {
        accountId: ACCOUNT,
        policies: {
            [REDIS_IAM_NAMES.instanceRolePolicy]: { arn: "", document: JSON.stringify(instanceRolePolicy) },
            [REDIS_IAM_NAMES.userRestrictedPolicy]: { arn: "", document: JSON.stringify(userRestrictedPolicy) },
        },
        roles: {
            [REDIS_IAM_NAMES.nodeRole]: {
                trust: JSON.stringify(nodeRoleTrustPolicy),
                attachedPolicies: [{ name: REDIS_IAM_NAMES.instanceRolePolicy, arn: "" }],
                inlinePolicyNames: [],
            },
            [REDIS_IAM_NAMES.consoleRole]: {
                trust: JSON.stringify(consoleRoleTrustPolicy),
                attachedPolicies: [{ name: REDIS_IAM_NAMES.userRestrictedPolicy, arn: "" }],
                inlinePolicyNames: [],
            },
        },
        user: {
            attachedPolicies: [{ name: REDIS_IAM_NAMES.userRestrictedPolicy, arn: "" }],
            inlinePolicyNames: [],
            groups: [],
            accessKeys: [{ id: KEY, active: true, created: new Date("2024-01-01"), lastUsed: new Date("2026-01-01") }],
            loginProfile: true,
            sshPublicKeyIds: [],
            signingCertificateIds: [],
            serviceSpecificCredentialIds: [],
        },
        organization: { readable: false, reason: "AccessDenied" },
        unimplementedCalls: [],
    };

    it("plans exactly the imports of what exists, and creates the instance profile and the new key", async () => {
        const { adopt: config } = auditAccount(snapshot, { now: new Date("2026-06-01"), maxKeyAgeDays: 90, guardrailPolicyName: "G" });
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "adopt-plan-"));
        const file = path.join(dir, "adopt.json");
        fs.writeFileSync(file, JSON.stringify(config));
        const lines: string[] = [];
        const log = console.log;
        console.log = (...parts: unknown[]) => lines.push(parts.join(" "));
        let code: number;
        try {
            code = await plan(parseArgs(["--config", file, "--out", path.join(dir, "review")]));
        } finally {
            console.log = log;
        }
        assert.strictEqual(code, 0, lines.join("\n"));
        const planned = JSON.parse(fs.readFileSync(path.join(dir, "review", "plan.json"), "utf8")).resources as {
            name: string;
            importId?: string;
            ignoreChanges?: string[];
        }[];
        const ids = adoptionImportIds(ACCOUNT, REDIS_IAM_NAMES.userRestrictedPolicy);
        const expected = Object.fromEntries([
            ...Object.values(AdoptableChild)
                .filter((child) => child !== AdoptableChild.InstanceProfile)
                .map((child) => [`redis-cloud-${child}`, ids[child]]),
            ["redis-cloud-access-key-adopted", KEY],
            ...EXCLUSIVE_LISTS.map(([suffix, principal]) => [`redis-cloud-${suffix}`, principal]),
        ]);
        const imported = Object.fromEntries(planned.filter((r) => r.importId).map((r) => [r.name, r.importId]));
        assert.deepStrictEqual(imported, expected);
        assert.deepStrictEqual(
            planned.filter((r) => !r.importId).map((r) => r.name),
            // The new key, and the gate that keeps the adopted key until IAM reports the new one used.
            ["redis-cloud", "redis-cloud-instance-profile", "redis-cloud-access-key-1", "redis-cloud-access-key-adopted-retirement-gate"],
        );
        assert.match(lines.join("\n"), /Resources \(20; 16 adopted with Pulumi's import option, marked =\)/);
    });
});
