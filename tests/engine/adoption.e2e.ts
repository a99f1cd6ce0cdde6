/**
 * Adoption through the real Pulumi CLI: an account that Redis's console steps
 * set up long ago (an older, wider policy; a trust with an external ID; the
 * key Redis holds) is taken over with Pulumi's `import` option, following the
 * steps of docs/audit-and-adoption.md. The stand-in aws provider serves that account from a file
 * (`STANDIN_AWS_EXISTING`); the engine's import, ignoreChanges and diff are real.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { StandInIamLastUsed } from "../harness/standin-iam-last-used";
import { PulumiCli, exportState } from "../harness/pulumi-cli";
import {
    REDIS_IAM_NAMES,
    consoleRoleTrustPolicy,
    instanceRolePolicy,
    nodeRoleTrustPolicy,
    userRestrictedPolicy,
} from "../../core/redis-documents";
import { STANDIN_ACCOUNT_ID } from "../harness/standin-aws-provider/secrets";

const REPOSITORY = path.join(__dirname, "..", "..");
const EXISTING_KEY_ID = "AKIAEXISTINGKEY00001";
const policyArn = (name: string) => `arn:aws:iam::${STANDIN_ACCOUNT_ID}:policy/${name}`;
const EXTRA_ATTACHED = "arn:aws:iam::aws:policy/AdministratorAccess";
const EXTRA_INLINE = "added-by-hand";

/** The account as Redis's console steps left it years ago, keyed as the stand-in reads it: "<type> <import id>". */
function oldAccount(): Record<string, Record<string, unknown>> {
    const widerInstancePolicy = {
        ...instanceRolePolicy,
        Statement: [...instanceRolePolicy.Statement, { Effect: "Allow", Action: "ec2:*", Resource: "*" }],
    };
    const trustWithExternalId = {
        ...consoleRoleTrustPolicy,
        Statement: consoleRoleTrustPolicy.Statement.map((s) => ({ ...s, Condition: { StringEquals: { "sts:ExternalId": "old" } } })),
    };
    const {
        nodeRole,
        consoleRole,
        user,
        instanceProfile,
        instanceRolePolicy: instanceName,
        userRestrictedPolicy: userPolicyName,
    } = REDIS_IAM_NAMES;
    return {
        [`aws:iam/policy:Policy ${policyArn(instanceName)}`]: {
            name: instanceName,
            path: "/",
            policy: JSON.stringify(widerInstancePolicy),
        },
        [`aws:iam/policy:Policy ${policyArn(userPolicyName)}`]: {
            name: userPolicyName,
            path: "/",
            policy: JSON.stringify(userRestrictedPolicy),
        },
        [`aws:iam/role:Role ${nodeRole}`]: { name: nodeRole, path: "/", assumeRolePolicy: JSON.stringify(nodeRoleTrustPolicy) },
        [`aws:iam/role:Role ${consoleRole}`]: { name: consoleRole, path: "/", assumeRolePolicy: JSON.stringify(trustWithExternalId) },
        [`aws:iam/instanceProfile:InstanceProfile ${instanceProfile}`]: { name: instanceProfile, path: "/", role: nodeRole },
        [`aws:iam/user:User ${user}`]: { name: user, path: "/" },
        [`aws:iam/rolePolicyAttachment:RolePolicyAttachment ${nodeRole}/${policyArn(instanceName)}`]: {
            role: nodeRole,
            policyArn: policyArn(instanceName),
        },
        [`aws:iam/rolePolicyAttachment:RolePolicyAttachment ${consoleRole}/${policyArn(userPolicyName)}`]: {
            role: consoleRole,
            policyArn: policyArn(userPolicyName),
        },
        [`aws:iam/userPolicyAttachment:UserPolicyAttachment ${user}/${policyArn(userPolicyName)}`]: {
            user,
            policyArn: policyArn(userPolicyName),
        },
        [`aws:iam/accessKey:AccessKey ${EXISTING_KEY_ID}`]: { user, status: "Active" },
        // Grants made by hand since, which the audit reports as extra-grant: an attached and an inline policy on the console role.
        [`aws:iam/rolePolicyAttachment:RolePolicyAttachment ${consoleRole}/${EXTRA_ATTACHED}`]: {
            role: consoleRole,
            policyArn: EXTRA_ATTACHED,
        },
        [`aws:iam/rolePolicy:RolePolicy ${consoleRole}:${EXTRA_INLINE}`]: {
            role: consoleRole,
            name: EXTRA_INLINE,
            policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] }),
        },
    };
}

/** What the console role holds in the stand-in's account now: its attached policy ARNs and inline policy names. */
function consoleRoleGrants(file: string): { attached: string[]; inline: string[] } {
    const account = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, { role?: string; policyArn?: string; name?: string }>;
    const of = (type: string) =>
        Object.entries(account).filter(([key, r]) => key.startsWith(`${type} `) && r.role === REDIS_IAM_NAMES.consoleRole);
    return {
        attached: of("aws:iam/rolePolicyAttachment:RolePolicyAttachment").map(([, r]) => String(r.policyArn)),
        inline: of("aws:iam/rolePolicy:RolePolicy").map(([, r]) => String(r.name)),
    };
}

describe("adoption of an existing account through the real Pulumi CLI (stand-in aws provider and Node.js host)", function () {
    const existing = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "redis-byoc-account-")), "existing.json");
    fs.writeFileSync(existing, JSON.stringify(oldAccount()));
    const cli = new PulumiCli({ STANDIN_AWS_EXISTING: existing });
    const projectDir = cli.projectCopy(REPOSITORY, "adoption");
    const stack = "adopt";
    const config = (...args: string[]) => cli.ok(["config", ...args], projectDir, stack);
    const operations = (kind: string) => cli.providerOperations().filter((op) => op.operation === kind);

    it("step 1: every existing resource is imported, not recreated; only the new key is created", async () => {
        await cli.initStack(stack, projectDir);
        // The settings the audit prints for this account (docs/audit-and-adoption.md, "Adopt").
        await config("set", "adoptAccountId", STANDIN_ACCOUNT_ID);
        await config("set", "adoptAccessKeyId", EXISTING_KEY_ID);
        await config("set", "--path", "accessKeyGenerations[0]", "adopted");
        await config("set", "--path", "accessKeyGenerations[1]", "1");
        await config("set", "consoleRolePolicy", "user-restricted-policy");
        const up = await cli.ok(["up", "--yes"], projectDir, stack);
        // Ten resources, and each principal's two exclusive lists (imported by the principal's name, their lists ignored).
        assert.match(up.output, /16 imported/);
        assert.deepStrictEqual(
            operations("create").map((op) => op.urn.split("::").pop()),
            ["redis-cloud-access-key-1"],
            "nothing but the new key was created",
        );
        // The preview that `pulumi up` runs first reads them too.
        assert.strictEqual(new Set(operations("read").map((op) => op.urn)).size, 16, "all sixteen existing resources were read");
        assert.deepStrictEqual(consoleRoleGrants(existing).inline, [EXTRA_INLINE], "adopting removes nothing yet");
        const keys = (await exportState(cli, projectDir, stack)).filter((r) => r.type === "aws:iam/accessKey:AccessKey");
        assert.deepStrictEqual(keys.map((k) => [k.id === EXISTING_KEY_ID, k.protect ?? false]).sort(), [
            [false, true],
            [true, false],
        ]);
    });

    it("step 2: with adoption off, the preview shows the old account's differences as updates (nothing replaced, deleted or created), and up converges them", async () => {
        await config("rm", "adoptAccountId");
        await config("rm", "adoptAccessKeyId");
        const preview = await cli.ok(["preview", "--diff"], projectDir, stack);
        assert.match(preview.output, /~ aws:iam\/policy:Policy: \(update\)[\s\S]*redis-cloud-instance-role-policy/);
        assert.match(preview.output, /~ aws:iam\/role:Role: \(update\)[\s\S]*redis-cloud-console-role/);
        // The stand-in cannot preview an update (the Node provider SDK offers no preview), so the updated policy's ARN is
        // unknown at preview and its attachment shows as a possible update too; `up` below updates only the two.
        assert.match(
            preview.output,
            /~ aws:iam\/rolePolicyAttachment:RolePolicyAttachment: \(update\)[\s\S]*~ policyArn: "[^"]+" => \[unknown\]/,
        );
        // The grants made by hand show as removals from the console role's exclusive lists.
        assert.match(
            preview.output,
            /~ aws:iam\/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive: \(update\)[\s\S]*redis-cloud-console-role-attachments-exclusive[\s\S]*~ policyArns: \[[\s\S]*- \[\d\]: "arn:aws:iam::aws:policy\/AdministratorAccess"/,
        );
        assert.match(
            preview.output,
            /~ aws:iam\/rolePoliciesExclusive:RolePoliciesExclusive: \(update\)[\s\S]*redis-cloud-console-role-inline-policies-exclusive[\s\S]*~ policyNames: \[[\s\S]*- \[0\]: "added-by-hand"/,
        );
        // The two policies' and the role's updates, the node role's attachment and exclusive list (its policy ARN unknown
        // at preview, as above), and the console role's two exclusive lists.
        assert.match(preview.output, /6 to update/);
        assert.doesNotMatch(preview.output, /to replace|to delete|to create/);
        await cli.ok(["up", "--yes", "--skip-preview"], projectDir, stack);
        assert.deepStrictEqual(
            operations("update")
                .map((op) => op.urn.split("::").pop())
                .sort(),
            [
                "redis-cloud-console-role",
                "redis-cloud-console-role-attachments-exclusive",
                "redis-cloud-console-role-inline-policies-exclusive",
                "redis-cloud-instance-role-policy",
            ],
        );
        assert.strictEqual(operations("delete").length, 0);
        // The account ends with neither grant made by hand: Redis's policy alone, no inline policy.
        assert.deepStrictEqual(consoleRoleGrants(existing), { attached: [policyArn(REDIS_IAM_NAMES.userRestrictedPolicy)], inline: [] });
        assert.deepStrictEqual(
            operations("detach").map((op) => op.policy),
            [EXTRA_ATTACHED],
        );
        assert.deepStrictEqual(
            operations("delete-inline").map((op) => op.policy),
            [EXTRA_INLINE],
        );
        const after = await cli.ok(["preview", "--refresh"], projectDir, stack);
        assert.doesNotMatch(after.output, /to update|to replace|to delete|to create/, "converged: a refreshed preview has nothing to do");
    });

    it("later, a grant made out of band shows in `pulumi preview --refresh` and goes at `pulumi up --refresh`", async () => {
        const account = JSON.parse(fs.readFileSync(existing, "utf8")) as Record<string, unknown>;
        account[`aws:iam/userPolicyAttachment:UserPolicyAttachment ${REDIS_IAM_NAMES.user}/${EXTRA_ATTACHED}`] = {
            user: REDIS_IAM_NAMES.user,
            policyArn: EXTRA_ATTACHED,
        };
        fs.writeFileSync(existing, JSON.stringify(account));
        const preview = await cli.ok(["preview", "--refresh", "--diff"], projectDir, stack);
        assert.match(
            preview.output,
            /~ aws:iam\/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive: \(update\)[\s\S]*~ policyArns: \[[\s\S]*- \[\d\]: "arn:aws:iam::aws:policy\/AdministratorAccess"/,
        );
        assert.match(preview.output, /1 to update/);
        const detached = operations("detach").length;
        await cli.ok(["up", "--refresh", "--yes", "--skip-preview"], projectDir, stack);
        assert.deepStrictEqual(
            operations("detach")
                .slice(detached)
                .map((op) => [op.principal, op.policy]),
            [[REDIS_IAM_NAMES.user, EXTRA_ATTACHED]],
        );
    });

    it("step 3: once Redis uses the new key, retiring the adopted one deletes only it, past the retirement gate", async () => {
        // Redis Cloud has the new key and uses it, which IAM records: a stand-in of GetAccessKeyLastUsed says so to the gate.
        const iam = new StandInIamLastUsed();
        const iamEnv = iam.env(await iam.start());
        try {
            const newKey = (await exportState(cli, projectDir, stack)).find(
                (r) => r.type === "aws:iam/accessKey:AccessKey" && r.id !== EXISTING_KEY_ID,
            )!;
            iam.markUsed(newKey.id!);
            await config("set", "--path", "accessKeyGenerations", '["1"]');
            await cli.ok(["up", "--yes", "--skip-preview"], projectDir, stack, iamEnv);
            assert.deepStrictEqual(iam.asked, [newKey.id], "the gate asked IAM about the new key");
        } finally {
            await iam.stop();
        }
        const deleted = operations("delete");
        assert.deepStrictEqual(
            deleted.map((op) => op.id),
            [EXISTING_KEY_ID],
        );
    });
});
