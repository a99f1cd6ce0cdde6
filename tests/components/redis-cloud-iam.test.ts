import * as assert from "assert";
import { ACCESS_KEY_RETIREMENT_GATE_TYPE } from "../../core/type-tokens";
import * as pulumi from "@pulumi/pulumi";
import {
    ConsoleRolePolicy,
    REDIS_CLOUD_IAM_TYPE,
    REDIS_IAM_NAMES,
    RedisCloudIam,
    RedisCloudIamArgs,
    consoleRoleTrustPolicy,
    instanceRolePolicy,
    nodeRoleTrustPolicy,
    userRestrictedPolicy,
} from "../../components";
import { TEST_PGP_PUBLIC_KEY } from "../helpers";
import { MOCK_SECRETS, RegisteredResource, isSecret, maskSecrets, revealSecrets, runOnMockEngine, valueOf } from "../../plan/mock-engine";

const T = {
    policy: "aws:iam/policy:Policy",
    role: "aws:iam/role:Role",
    profile: "aws:iam/instanceProfile:InstanceProfile",
    user: "aws:iam/user:User",
    key: "aws:iam/accessKey:AccessKey",
    login: "aws:iam/userLoginProfile:UserLoginProfile",
    roleAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    userAttachment: "aws:iam/userPolicyAttachment:UserPolicyAttachment",
};

async function build(args: RedisCloudIamArgs = {}, name = "redis") {
    const run = await runOnMockEngine(() => new RedisCloudIam(name, args));
    const children = run.resources.filter((r) => r.type !== REDIS_CLOUD_IAM_TYPE);
    const byName = (logical: string): RegisteredResource => {
        const found = children.find((r) => r.name === `${name}-${logical}`);
        assert.ok(found, `child ${name}-${logical} was registered`);
        return found;
    };
    return { ...run, children, byName, component: run.result };
}

const inputs = (r: RegisteredResource) => revealSecrets(r.inputs) as Record<string, unknown>;
const parsed = (r: RegisteredResource, field: string) => JSON.parse(inputs(r)[field] as string);

describe("RedisCloudIam under the mock engine", () => {
    it("declares the 8 pieces plus the node and user policy attachments, all children of the component", async () => {
        const { resources, children } = await build();
        assert.strictEqual(resources.length, 17, "component + 16 children");
        const component = resources.find((r) => r.type === REDIS_CLOUD_IAM_TYPE);
        assert.ok(component);
        assert.deepStrictEqual(
            children.map((r) => `${r.type} ${r.name}`).sort(),
            [
                `${T.key} redis-access-key-1`,
                `${T.profile} redis-instance-profile`,
                `${T.policy} redis-instance-role-policy`,
                `${T.policy} redis-user-policy`,
                `${T.role} redis-console-role`,
                `${T.role} redis-node-role`,
                `${T.roleAttachment} redis-console-role-policy`,
                `${T.roleAttachment} redis-node-role-policy`,
                `${T.user} redis-user`,
                `${T.userAttachment} redis-user-policy-attachment`,
                // Each principal's attached and inline policies, managed exclusively.
                "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive redis-node-role-attachments-exclusive",
                "aws:iam/rolePoliciesExclusive:RolePoliciesExclusive redis-node-role-inline-policies-exclusive",
                "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive redis-console-role-attachments-exclusive",
                "aws:iam/rolePoliciesExclusive:RolePoliciesExclusive redis-console-role-inline-policies-exclusive",
                "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive redis-user-attachments-exclusive",
                "aws:iam/userPoliciesExclusive:UserPoliciesExclusive redis-user-inline-policies-exclusive",
            ].sort(),
        );
        for (const child of children) assert.strictEqual(child.parent, component.urn, `${child.name} is parented`);
    });

    it("manages each principal's attached and inline policies exclusively: its one Redis policy, no inline policy", async () => {
        const { byName } = await build();
        const arnOf = (name: string) => `arn:aws:iam::123456789012:policy/${name}`;
        for (const [suffix, field, principal, policy] of [
            ["node-role", "roleName", REDIS_IAM_NAMES.nodeRole, REDIS_IAM_NAMES.instanceRolePolicy],
            ["console-role", "roleName", REDIS_IAM_NAMES.consoleRole, REDIS_IAM_NAMES.instanceRolePolicy],
            ["user", "userName", REDIS_IAM_NAMES.user, REDIS_IAM_NAMES.userRestrictedPolicy],
        ]) {
            assert.deepStrictEqual(inputs(byName(`${suffix}-attachments-exclusive`)), { [field]: principal, policyArns: [arnOf(policy)] });
            assert.deepStrictEqual(inputs(byName(`${suffix}-inline-policies-exclusive`)), { [field]: principal, policyNames: [] });
        }
        const { byName: withUserPolicy } = await build({ consoleRolePolicy: ConsoleRolePolicy.UserRestrictedPolicy });
        assert.deepStrictEqual(inputs(withUserPolicy("console-role-attachments-exclusive")).policyArns, [
            arnOf(REDIS_IAM_NAMES.userRestrictedPolicy),
        ]);
    });

    it("names every resource as Redis expects and serialises the canonical documents", async () => {
        const { byName } = await build();
        assert.strictEqual(inputs(byName("instance-role-policy")).name, REDIS_IAM_NAMES.instanceRolePolicy);
        assert.deepStrictEqual(parsed(byName("instance-role-policy"), "policy"), instanceRolePolicy);
        assert.strictEqual(inputs(byName("user-policy")).name, REDIS_IAM_NAMES.userRestrictedPolicy);
        assert.deepStrictEqual(parsed(byName("user-policy"), "policy"), userRestrictedPolicy);
        assert.strictEqual(inputs(byName("node-role")).name, "redislabs-cluster-node-role");
        assert.strictEqual(inputs(byName("user")).name, "redislabs-user");
        assert.strictEqual(inputs(byName("console-role")).name, "redislabs-role");
        for (const child of ["node-role", "console-role", "user", "instance-profile"]) {
            assert.strictEqual(inputs(byName(child)).path, undefined, `${child} has no IAM path: PassRole names the bare ARN`);
        }
    });

    it("writes both trust policies exactly: EC2 for the node role, Redis's account with MFA and no external ID for the console role", async () => {
        const { byName } = await build();
        assert.deepStrictEqual(parsed(byName("node-role"), "assumeRolePolicy"), {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
        });
        const consoleTrust = parsed(byName("console-role"), "assumeRolePolicy");
        assert.deepStrictEqual(consoleTrust, {
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Allow",
                    Principal: { AWS: "arn:aws:iam::168085023892:root" },
                    Action: "sts:AssumeRole",
                    Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } },
                },
            ],
        });
        assert.ok(!JSON.stringify(consoleTrust).includes("sts:ExternalId"));
        assert.deepStrictEqual(consoleTrust, consoleRoleTrustPolicy);
        assert.deepStrictEqual(parsed(byName("node-role"), "assumeRolePolicy"), nodeRoleTrustPolicy);
    });

    it("gives the instance profile the node role's name and role", async () => {
        const { byName } = await build();
        assert.deepStrictEqual(
            { name: inputs(byName("instance-profile")).name, role: inputs(byName("instance-profile")).role },
            { name: "redislabs-cluster-node-role", role: "redislabs-cluster-node-role" },
        );
    });

    it("attaches the instance policy to the node role and the user policy to the user", async () => {
        const { byName } = await build();
        assert.deepStrictEqual(inputs(byName("node-role-policy")), {
            role: "redislabs-cluster-node-role",
            policyArn: "arn:aws:iam::123456789012:policy/RedisLabsInstanceRolePolicy",
        });
        assert.deepStrictEqual(inputs(byName("user-policy-attachment")), {
            user: "redislabs-user",
            policyArn: "arn:aws:iam::123456789012:policy/RedislabsIAMUserRestrictedPolicy",
        });
    });

    for (const [choice, policyName] of [
        [undefined, "RedisLabsInstanceRolePolicy"],
        [ConsoleRolePolicy.InstanceRolePolicy, "RedisLabsInstanceRolePolicy"],
        [ConsoleRolePolicy.UserRestrictedPolicy, "RedislabsIAMUserRestrictedPolicy"],
    ] as const) {
        it(`attaches ${policyName} to the console role when consoleRolePolicy is ${choice ?? "unset"}`, async () => {
            const { byName, component } = await build({ consoleRolePolicy: choice });
            assert.strictEqual(inputs(byName("console-role-policy")).policyArn, `arn:aws:iam::123456789012:policy/${policyName}`);
            assert.strictEqual(await valueOf(component.consoleRolePolicyName), policyName);
        });
    }

    it("protects every child by default, and none when protectResources is false", async () => {
        const protectedRun = await build();
        for (const child of protectedRun.children) assert.strictEqual(child.protect, true, `${child.name} is protected`);
        const open = await build({ protectResources: false });
        assert.strictEqual(open.children.length, 16);
        for (const child of open.children) assert.strictEqual(child.protect, false, `${child.name} is not protected`);
    });

    it("keeps the secret access key secret in every output, and marks the key's secret fields", async () => {
        const { component, byName } = await build();
        assert.strictEqual(await isSecret(component.secretAccessKey), true);
        assert.strictEqual(await isSecret(component.encryptedSecretAccessKey), true);
        assert.strictEqual(await isSecret(component.redisCloudConsole), true);
        assert.strictEqual(await isSecret(component.accessKeyId), false);
        assert.strictEqual(await valueOf(component.secretAccessKey), MOCK_SECRETS.secret);
        assert.deepStrictEqual(await valueOf(component.redisCloudConsole), {
            accessKeyId: await valueOf(component.accessKeyId),
            secretAccessKey: MOCK_SECRETS.secret,
            iamRoleName: "redislabs-role",
        });
        const key = byName("access-key-1");
        for (const field of ["secret", "encryptedSecret", "sesSmtpPasswordV4"])
            assert.ok(key.additionalSecretOutputs.includes(field), field);
        assert.strictEqual(component.consolePassword, undefined, "no login profile unless asked for");
    });

    it("creates an opt-in console login with a secret password and the sign-in URL", async () => {
        const { component, byName, resources } = await build({ consoleLogin: true, consolePasswordLength: 40 });
        assert.strictEqual(resources.length, 18);
        const login = byName("console-login");
        assert.deepStrictEqual(inputs(login), { user: "redislabs-user", passwordLength: 40, passwordResetRequired: false });
        assert.ok(login.additionalSecretOutputs.includes("password"));
        assert.strictEqual(login.protect, true);
        assert.strictEqual(await isSecret(component.consolePassword!), true);
        assert.strictEqual(await valueOf(component.consolePassword!), MOCK_SECRETS.password);
        assert.strictEqual(await valueOf(component.consoleUsername!), "redislabs-user");
        assert.strictEqual(await valueOf(component.signInUrl!), "https://123456789012.signin.aws.amazon.com/console");
    });

    it("with pgpKey, passes the key on and returns encrypted secrets, still marked secret", async () => {
        const { component, byName } = await build({ pgpKey: "keybase:redisops", consoleLogin: true });
        assert.strictEqual(inputs(byName("access-key-1")).pgpKey, "keybase:redisops");
        assert.strictEqual(inputs(byName("console-login")).pgpKey, "keybase:redisops");
        assert.strictEqual(await valueOf(component.secretAccessKey), "");
        assert.strictEqual(await isSecret(component.encryptedSecretAccessKey), true);
        assert.strictEqual(await valueOf(component.encryptedSecretAccessKey), "bW9jay1lbmNyeXB0ZWQ=");
        assert.strictEqual((await valueOf(component.redisCloudConsole)).secretAccessKey, "bW9jay1lbmNyeXB0ZWQ=");
        assert.strictEqual(await isSecret(component.encryptedConsolePassword!), true);
    });

    it("rotates keys: two generations live at once, the newest is current and protected, the retiring one is not", async () => {
        const { component, byName, resources } = await build({ accessKeyGenerations: ["2026a", "2026b"] });
        assert.strictEqual(resources.length, 19, "the component, sixteen children, the second key and its retirement gate");
        // The gate depends on the retiring key, so removing the old generation deletes the gate (its check) first.
        const gate = byName("access-key-2026a-retirement-gate");
        assert.strictEqual(gate.type, ACCESS_KEY_RETIREMENT_GATE_TYPE);
        assert.strictEqual(gate.protect, false, "removable with the old generation");
        assert.ok(gate.dependencies.includes(byName("access-key-2026a").urn), "the gate depends on the retiring key");
        assert.strictEqual(gate.inputs.mode, "refuse", "refuses by default");
        const [old, current] = [byName("access-key-2026a"), byName("access-key-2026b")];
        assert.strictEqual(old.protect, false);
        assert.strictEqual(current.protect, true);
        assert.strictEqual(await valueOf(component.accessKeyId), "AKIAREDISACCESSKEY2026B");
        assert.ok(
            current.dependencies.some((urn) => urn.endsWith("redis-user-policy-attachment")),
            "key waits for its policy",
        );
    });

    it("applies tags and the permissions boundary to every taggable child", async () => {
        const boundary = "arn:aws:iam::123456789012:policy/OrgBoundary";
        const tags = { team: "platform", "cost-center": "42" };
        const { byName } = await build({ tags, permissionsBoundaryArn: boundary });
        for (const child of ["instance-role-policy", "user-policy", "node-role", "console-role", "instance-profile", "user"]) {
            assert.deepStrictEqual(inputs(byName(child)).tags, tags, `${child} is tagged`);
        }
        for (const child of ["node-role", "console-role", "user"]) {
            assert.strictEqual(inputs(byName(child)).permissionsBoundary, boundary, `${child} has the boundary`);
        }
    });

    it("never shows a secret in masked inputs", async () => {
        const { resources } = await build({ consoleLogin: true });
        const masked = JSON.stringify(resources.map((r) => maskSecrets(r.inputs)));
        for (const secret of Object.values(MOCK_SECRETS)) assert.ok(!masked.includes(secret));
    });
});

describe("RedisCloudIam rejects bad input before registering anything", () => {
    const cases: [string, RedisCloudIamArgs, RegExp][] = [
        [
            "a reserved Redis tag key",
            { tags: { RedisLabsIdentifier: "x" } },
            /args\.tags: key "RedisLabsIdentifier" is reserved for Redis Cloud/,
        ],
        ["the Redis tag key in another case", { tags: { redislabsidentifier: "x" } }, /args\.tags: key "RedisLabsIdentifier" is reserved/],
        [
            "an aws: tag key",
            { tags: { "aws:cloudformation:stack-name": "x" } },
            /args\.tags: key "aws:cloudformation:stack-name" uses the "aws:" prefix/,
        ],
        ["an over-long tag key", { tags: { ["k".repeat(129)]: "x" } }, /args\.tags: key "k+" must be 1 to 128 characters/],
        ["an over-long tag value", { tags: { team: "v".repeat(257) } }, /args\.tags: the value of key "team" must be 0 to 256 characters/],
        ["a tag value with forbidden characters", { tags: { team: "a;b" } }, /args\.tags: the value of key "team" must be/],
        [
            "too many tags",
            { tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"])) },
            /args\.tags: has 51 tags; IAM allows at most 50/,
        ],
        [
            "a malformed boundary ARN",
            { permissionsBoundaryArn: "arn:aws:iam::123:role/x" },
            /args\.permissionsBoundaryArn: must be an IAM policy ARN/,
        ],
        [
            "an armoured PGP key",
            { pgpKey: "-----BEGIN PGP PUBLIC KEY BLOCK-----\nabc" },
            /args\.pgpKey: is ASCII-armoured; it must be "keybase:<username>" or the base64-encoded binary public key/,
        ],
        ["a PGP key that is not base64", { pgpKey: "not a key!" }, /args\.pgpKey: is not valid base64/],
        [
            "base64 that is not a PGP key",
            { pgpKey: Buffer.alloc(80, 1).toString("base64") },
            /args\.pgpKey: does not decode to an OpenPGP public key/,
        ],
        [
            "an unknown console-role policy",
            { consoleRolePolicy: "admin" as ConsoleRolePolicy },
            /args\.consoleRolePolicy: must be one of "instance-role-policy", "user-restricted-policy"/,
        ],
        [
            "two generations with the same id",
            { accessKeyGenerations: ["a", "a"] },
            /args\.accessKeyGenerations: generation "a" is listed twice/,
        ],
        [
            "more than two live keys",
            { accessKeyGenerations: ["a", "b", "c"] },
            /args\.accessKeyGenerations: lists 3 keys; an IAM user may hold at most 2/,
        ],
        ["no key at all", { accessKeyGenerations: [] }, /args\.accessKeyGenerations: must be a list of one or two/],
        [
            "a generation id with spaces",
            { accessKeyGenerations: ["my key"] },
            /args\.accessKeyGenerations: entry 0: each generation id must be 1 to 32/,
        ],
        [
            "a list with an empty entry, as `pulumi config set --path 'accessKeyGenerations[1]'` leaves on an unset list",
            { accessKeyGenerations: [null, "2"] as unknown as string[] },
            /args\.accessKeyGenerations: entry 0 is empty; set it \(for example `pulumi config set --path 'accessKeyGenerations\[0\]' 1`\)/,
        ],
        [
            "a short console password",
            { consoleLogin: true, consolePasswordLength: 8 },
            /args\.consolePasswordLength: must be a whole number from 20 to 128/,
        ],
        [
            "a non-boolean protectResources",
            { protectResources: "no" as unknown as boolean },
            /args\.protectResources: must be true or false/,
        ],
    ];
    for (const [what, args, message] of cases) {
        it(`rejects ${what}`, async () => {
            const { resources } = await runOnMockEngine(() => {
                assert.throws(
                    () => new RedisCloudIam("bad", args),
                    (err: Error) => {
                        assert.ok(pulumi.InputPropertyError.isInstance(err), "an InputPropertyError the engine can point at");
                        assert.match(err.message, message);
                        return true;
                    },
                );
            });
            assert.strictEqual(resources.length, 0, "nothing was registered");
        });
    }

    it("never echoes the PGP key in its error", () => {
        const secretish = "c2VjcmV0LWxvb2tpbmc=";
        assert.throws(
            () => new RedisCloudIam("bad", { pgpKey: secretish }),
            (err: Error) => !err.message.includes(secretish),
        );
    });

    it("accepts a binary OpenPGP public key in base64", async () => {
        const { resources } = await runOnMockEngine(() => new RedisCloudIam("good", { pgpKey: TEST_PGP_PUBLIC_KEY }));
        assert.strictEqual(resources.length, 17);
    });

    it("checks Output values where they become known, with the same message", async () => {
        const { validateRedisCloudIamArgs } = await import("../../components/redis-cloud-iam-args");
        await runOnMockEngine(async () => {
            const checked = validateRedisCloudIamArgs({
                tags: pulumi.output({ RedisLabsIdentifier: "x" }),
                permissionsBoundaryArn: pulumi.output("nope"),
            });
            await assert.rejects(valueOf(checked.tags as pulumi.Output<unknown>), /args\.tags: key "RedisLabsIdentifier" is reserved/);
            await assert.rejects(
                valueOf(checked.permissionsBoundaryArn as pulumi.Output<unknown>),
                /args\.permissionsBoundaryArn: must be/,
            );
            const good = validateRedisCloudIamArgs({ tags: { team: pulumi.output("platform") } });
            assert.deepStrictEqual(await valueOf(good.tags as pulumi.Output<unknown>), { team: "platform" });
        });
    });
});
