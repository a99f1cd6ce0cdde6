/**
 * `npm run audit` against moto: each fixture reported correctly, in both
 * output forms, with the exit codes of the README; and every call it makes
 * allowed by its read-only policy, on the IAM simulator.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as iam from "@aws-sdk/client-iam";
import { REDIS_IAM_NAMES } from "../../core/redis-documents";
import { FindingCode, type AuditReport } from "../../audit/findings";
import { audit, type AuditRun } from "./run-audit";
import { AccountReader } from "../../audit/read-account";
import { auditReadOnlyPolicy } from "../../audit/read-only-policy";
import { simulateIdentityPolicy } from "../../evidence/simulate";
import type { IamAction } from "../../core/policy-document";
import { REPO_ROOT } from "../helpers";
import { AdoptableChild, adoptionImportIds } from "../../core/adoption";
import { parseArgs, plan } from "../../plan/plan";
import { MOTO_ACCOUNT_ID } from "./moto-server";
import { useAccountWithManagedPolicies, useVariant } from "./hooks";
import {
    ADMINISTRATOR_ACCESS,
    Built,
    addAccessKey,
    buildRedisAccount,
    client,
    cloudFormation,
    consoleSteps,
    organizationWithGuardrail,
    sshPublicKey,
    trustWithExternalId,
    trustWithoutMfa,
    useAccessKey,
    widerOldUserPolicy,
} from "./fixtures";

type Run = AuditRun;

async function auditJson(...argv: string[]): Promise<Run & { report: AuditReport }> {
    const run = await audit("--json", ...argv);
    return { ...run, report: JSON.parse(run.stdout) as AuditReport };
}

const codes = (report: AuditReport) => [...new Set(report.findings.map((finding) => finding.code))].sort();
const findingsOf = (report: AuditReport, code: FindingCode) => report.findings.filter((finding) => finding.code === code);
const policyArn = (name: string) => `arn:aws:iam::${MOTO_ACCOUNT_ID}:policy/${name}`;

function assertNoSecret(built: Built, ...texts: string[]) {
    assert.ok(built.secrets.length > 0);
    for (const secret of built.secrets) for (const text of texts) assert.ok(!text.includes(secret), "a secret was printed");
}

describe("npm run audit, against moto", () => {
    describe("accounts as Redis's sources leave them", () => {
        it("Redis's console steps: only the unused new key and the missing guardrail; exit 0; adopt keeps the instance-role-policy choice", async () => {
            const built = await consoleSteps();
            const { code, report, stdout } = await auditJson();
            assert.strictEqual(code, 0);
            assert.deepStrictEqual(Object.keys(report), ["account", "findings", "adopt"]);
            assert.strictEqual(report.account, MOTO_ACCOUNT_ID);
            for (const finding of report.findings)
                assert.deepStrictEqual(Object.keys(finding), ["code", "severity", "resource", "message"]);
            assert.deepStrictEqual(codes(report), [FindingCode.AccessKeyUnused, FindingCode.NoGuardrail]);
            assert.deepStrictEqual(report.adopt, {
                adoptAccountId: MOTO_ACCOUNT_ID,
                adoptAccessKeyId: built.accessKeyIds[0],
                accessKeyGenerations: ["adopted", "1"],
                consoleRolePolicy: "instance-role-policy",
            });
            const table = await audit();
            assert.strictEqual(table.code, 0);
            assert.match(table.stdout, /^Redis Cloud BYOC audit of AWS account 123456789012 \(read-only\)/);
            assert.match(table.stdout, /SEVERITY +CODE +RESOURCE +MESSAGE/);
            assert.match(table.stdout, new RegExp(`low +access-key-unused +user/redislabs-user/access-key/${built.accessKeyIds[0]}`));
            assert.match(table.stdout, /2 finding\(s\), 0 of severity high or critical/);
            assert.match(table.stdout, /pulumi config set adoptAccountId 123456789012/);
            assert.match(table.stdout, /pulumi config set --path 'accessKeyGenerations\[0\]' adopted/);
            assertNoSecret(built, stdout, table.stdout, table.stderr);
        });

        it("Redis's CloudFormation template: the user policy on the console role, and its console password as a low extra credential", async () => {
            const built = await cloudFormation();
            const { code, report, stdout } = await auditJson();
            assert.strictEqual(code, 0);
            assert.deepStrictEqual(codes(report), [FindingCode.AccessKeyUnused, FindingCode.ExtraCredential, FindingCode.NoGuardrail]);
            assert.deepStrictEqual(
                findingsOf(report, FindingCode.ExtraCredential).map((f) => [f.severity, f.resource]),
                [["low", "user/redislabs-user"]],
            );
            assert.strictEqual(report.adopt.consoleRolePolicy, "user-restricted-policy");
            assert.strictEqual(report.adopt.consoleLogin, true);
            assertNoSecret(built, stdout);
        });

        it("an empty account: every resource missing, exit 1, nothing to adopt", async () => {
            const { code, report } = await auditJson();
            assert.strictEqual(code, 1);
            assert.strictEqual(findingsOf(report, FindingCode.MissingResource).length, 6);
            assert.deepStrictEqual(report.adopt, {});
        });
    });

    describe("each finding code: a fixture that raises it, and the console steps that do not", () => {
        it("missing-resource: the instance profile missing (the API does not create it), and adoption creates it", async () => {
            await buildRedisAccount({ consolePolicy: REDIS_IAM_NAMES.instanceRolePolicy, instanceProfile: false, loginProfile: false });
            const { code, report } = await auditJson();
            assert.strictEqual(code, 1);
            assert.deepStrictEqual(
                findingsOf(report, FindingCode.MissingResource).map((f) => [f.severity, f.resource]),
                [["high", "instance-profile/redislabs-cluster-node-role"]],
            );
            assert.deepStrictEqual(report.adopt.adoptCreate, ["instance-profile"]);
        });

        it("policy-not-canonical: an older, wider user policy, naming the extra statement's count", async () => {
            await buildRedisAccount({
                consolePolicy: REDIS_IAM_NAMES.instanceRolePolicy,
                instanceProfile: true,
                loginProfile: false,
                userPolicy: widerOldUserPolicy,
            });
            const { code, report } = await auditJson();
            assert.strictEqual(code, 1);
            const [finding, ...more] = findingsOf(report, FindingCode.PolicyNotCanonical);
            assert.strictEqual(more.length, 0);
            assert.strictEqual(finding.resource, `policy/${REDIS_IAM_NAMES.userRestrictedPolicy}`);
            assert.match(finding.message, /1 statement\(s\) not in Redis's document/);
        });

        for (const [label, trust, severity, cause] of [
            ["with an external ID", trustWithExternalId, "high", /requires an sts:ExternalId/],
            ["without MFA", trustWithoutMfa, "critical", /without MFA/],
        ] as const) {
            it(`trust-not-canonical: the console role's trust ${label}`, async () => {
                await buildRedisAccount({
                    consolePolicy: REDIS_IAM_NAMES.instanceRolePolicy,
                    instanceProfile: true,
                    loginProfile: false,
                    consoleTrust: trust,
                });
                const { code, report } = await auditJson();
                assert.strictEqual(code, 1);
                const found = findingsOf(report, FindingCode.TrustNotCanonical);
                assert.deepStrictEqual(
                    found.map((f) => [f.severity, f.resource]),
                    [[severity, "role/redislabs-role"]],
                );
                assert.match(found[0].message, cause);
            });
        }

        it("instance-profile-role: a profile that holds no role", async () => {
            await buildRedisAccount({ consolePolicy: REDIS_IAM_NAMES.instanceRolePolicy, instanceProfile: false, loginProfile: false });
            await client().send(new iam.CreateInstanceProfileCommand({ InstanceProfileName: REDIS_IAM_NAMES.instanceProfile }));
            const { report } = await auditJson();
            assert.deepStrictEqual(
                findingsOf(report, FindingCode.InstanceProfileRole).map((f) => f.message),
                ["instance profile holds no role; it must hold redislabs-cluster-node-role"],
            );
            assert.strictEqual(findingsOf(report, FindingCode.MissingResource).length, 0);
        });

        it("console-role-policy: both Redis policies on the console role; adoption keeps the user policy", async () => {
            await consoleSteps();
            await client().send(
                new iam.AttachRolePolicyCommand({
                    RoleName: REDIS_IAM_NAMES.consoleRole,
                    PolicyArn: policyArn(REDIS_IAM_NAMES.userRestrictedPolicy),
                }),
            );
            const { report } = await auditJson();
            assert.strictEqual(findingsOf(report, FindingCode.ConsoleRolePolicy).length, 1);
            assert.strictEqual(report.adopt.consoleRolePolicy, "user-restricted-policy");
            assert.strictEqual(findingsOf(report, FindingCode.ExtraGrant).length, 0, "Redis's own policies are not extra grants");
        });

        it("extra-grant: AdministratorAccess on redislabs-role (critical), an inline policy and a group on redislabs-user, a boundary (info)", async () => {
            await useAccountWithManagedPolicies();
            await consoleSteps();
            const aws = client();
            await aws.send(new iam.AttachRolePolicyCommand({ RoleName: REDIS_IAM_NAMES.consoleRole, PolicyArn: ADMINISTRATOR_ACCESS }));
            await aws.send(
                new iam.PutUserPolicyCommand({
                    UserName: REDIS_IAM_NAMES.user,
                    PolicyName: "debug-s3",
                    PolicyDocument: JSON.stringify({
                        Version: "2012-10-17",
                        Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }],
                    }),
                }),
            );
            await aws.send(new iam.CreateGroupCommand({ GroupName: "ops" }));
            await aws.send(new iam.AttachGroupPolicyCommand({ GroupName: "ops", PolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }));
            await aws.send(new iam.AddUserToGroupCommand({ GroupName: "ops", UserName: REDIS_IAM_NAMES.user }));
            await aws.send(
                new iam.PutRolePermissionsBoundaryCommand({
                    RoleName: REDIS_IAM_NAMES.nodeRole,
                    PermissionsBoundary: policyArn(REDIS_IAM_NAMES.instanceRolePolicy),
                }),
            );
            const { code, report } = await auditJson();
            assert.strictEqual(code, 1);
            assert.deepStrictEqual(
                findingsOf(report, FindingCode.ExtraGrant).map((f) => [f.severity, f.resource]),
                [
                    ["info", "role/redislabs-cluster-node-role"],
                    ["critical", "role/redislabs-role"],
                    ["high", "user/redislabs-user"],
                    ["high", "user/redislabs-user"],
                ],
            );
            assert.match(
                report.findings.map((f) => f.message).join("\n"),
                /group "ops", which grants arn:aws:iam::aws:policy\/ReadOnlyAccess/,
            );
        });

        it("extra-credential: an SSH public key on redislabs-user (high)", async () => {
            await consoleSteps();
            await client().send(new iam.UploadSSHPublicKeyCommand({ UserName: REDIS_IAM_NAMES.user, SSHPublicKeyBody: sshPublicKey() }));
            const { code, report, stderr } = await auditJson();
            assert.strictEqual(code, 1);
            const found = findingsOf(report, FindingCode.ExtraCredential);
            assert.deepStrictEqual(
                found.map((f) => f.severity),
                ["high"],
            );
            assert.match(found[0].message, /SSH public key APK/);
            // moto does not implement ListServiceSpecificCredentials; the audit says so instead of failing or guessing.
            assert.match(stderr, /does not implement iam:ListServiceSpecificCredentials/);
        });

        it("access-key-age: a key older than --max-key-age-days (moto cannot backdate a key, so 0 days here)", async () => {
            const built = await consoleSteps();
            const aged = await auditJson("--max-key-age-days", "0");
            assert.deepStrictEqual(
                findingsOf(aged.report, FindingCode.AccessKeyAge).map((f) => f.resource),
                [`user/redislabs-user/access-key/${built.accessKeyIds[0]}`],
            );
            const fresh = await auditJson();
            assert.strictEqual(findingsOf(fresh.report, FindingCode.AccessKeyAge).length, 0);
        });

        it("access-key-unused: gone once Redis has used the key; adoption picks the used key", async () => {
            const built = await consoleSteps();
            await addAccessKey(built);
            await useAccessKey(built.accessKeyIds[0], built.secrets[0]);
            const { report } = await auditJson();
            assert.deepStrictEqual(
                findingsOf(report, FindingCode.AccessKeyUnused).map((f) => f.resource),
                [`user/redislabs-user/access-key/${built.accessKeyIds[1]}`],
            );
            assert.strictEqual(report.adopt.adoptAccessKeyId, built.accessKeyIds[0]);
        });

        it("two-active-keys: a second active key, not once it is deactivated", async () => {
            const built = await consoleSteps();
            await addAccessKey(built);
            const two = await auditJson();
            assert.strictEqual(findingsOf(two.report, FindingCode.TwoActiveKeys).length, 1);
            await client().send(
                new iam.UpdateAccessKeyCommand({ UserName: REDIS_IAM_NAMES.user, AccessKeyId: built.accessKeyIds[0], Status: "Inactive" }),
            );
            const one = await auditJson();
            assert.strictEqual(findingsOf(one.report, FindingCode.TwoActiveKeys).length, 0);
            assertNoSecret(built, two.stdout, one.stdout);
        });

        it("no-guardrail: an organization without the SCP; none when the root carries RedisManagedGuardrail's SCP", async () => {
            await consoleSteps();
            await organizationWithGuardrail(false);
            const without = await auditJson();
            assert.match(
                findingsOf(without.report, FindingCode.NoGuardrail)[0].message,
                /no service control policy named RedisManagedResourcesGuardrail applies to the account \(RedisManagedGuardrail, docs\/guardrail\.md\)/,
            );
        });

        it("no-guardrail is not raised when the guardrail SCP applies", async () => {
            await consoleSteps();
            await organizationWithGuardrail(true);
            const guarded = await auditJson();
            assert.strictEqual(findingsOf(guarded.report, FindingCode.NoGuardrail).length, 0);
            assert.deepStrictEqual(codes(guarded.report), [FindingCode.AccessKeyUnused]);
        });
    });

    describe("its adopt object", () => {
        it("fed to npm run plan -- --config, plans the import of every resource of the console-steps account and its key", async () => {
            const built = await consoleSteps();
            const { report } = await auditJson();
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "audit-adopt-"));
            fs.writeFileSync(path.join(dir, "adopt.json"), JSON.stringify(report.adopt));
            const log = console.log;
            console.log = () => undefined;
            try {
                assert.strictEqual(await plan(parseArgs(["--config", path.join(dir, "adopt.json"), "--out", path.join(dir, "review")])), 0);
            } finally {
                console.log = log;
            }
            const planned = JSON.parse(fs.readFileSync(path.join(dir, "review", "plan.json"), "utf8")).resources as {
                name: string;
                importId?: string;
            }[];
            const imported = Object.fromEntries(planned.filter((r) => r.importId).map((r) => [r.name, r.importId]));
            const ids = adoptionImportIds(MOTO_ACCOUNT_ID, REDIS_IAM_NAMES.instanceRolePolicy);
            assert.deepStrictEqual(imported, {
                ...Object.fromEntries(
                    Object.values(AdoptableChild)
                        .filter((child) => child !== AdoptableChild.ConsoleLogin)
                        .map((child) => [`redis-cloud-${child}`, ids[child]]),
                ),
                "redis-cloud-access-key-adopted": built.accessKeyIds[0],
                // Each principal's exclusive lists, imported by the principal's name.
                ...Object.fromEntries(
                    (
                        [
                            ["node-role", REDIS_IAM_NAMES.nodeRole],
                            ["console-role", REDIS_IAM_NAMES.consoleRole],
                            ["user", REDIS_IAM_NAMES.user],
                        ] as const
                    ).flatMap(([suffix, principal]) => [
                        [`redis-cloud-${suffix}-attachments-exclusive`, principal],
                        [`redis-cloud-${suffix}-inline-policies-exclusive`, principal],
                    ]),
                ),
            });
            // Each import ID names something the audit found in the account: the policies by the ARNs moto gave them.
            const policies = await client().send(new iam.ListPoliciesCommand({ Scope: "Local" }));
            for (const policy of policies.Policies ?? []) assert.ok(Object.values(imported).includes(policy.Arn!), policy.Arn);
        });
    });

    describe("its read-only policy", () => {
        it("allows every call the audit made on a full account, on the IAM simulator", async () => {
            const built = await cloudFormation();
            await addAccessKey(built);
            await client().send(new iam.CreateGroupCommand({ GroupName: "ops" }));
            await client().send(new iam.AddUserToGroupCommand({ GroupName: "ops", UserName: REDIS_IAM_NAMES.user }));
            await organizationWithGuardrail(true);
            const reader = new AccountReader();
            await reader.snapshot();
            const calls = [...new Map(reader.calls.map((call) => [`${call.action} ${call.resource}`, call])).values()];
            const actions = new Set(calls.map((call) => call.action));
            assert.ok(actions.size >= 20, `the audit made ${actions.size} kinds of call`);
            for (const call of calls) {
                const { verdict, decidedBy } = await simulateIdentityPolicy(
                    "audit read-only",
                    auditReadOnlyPolicy,
                    call.action as IamAction,
                    call.resource,
                );
                assert.strictEqual(verdict, "Allowed", `${call.action} on ${call.resource}: ${decidedBy.join("; ")}`);
            }
        });
    });

    describe("with moto enforcing IAM", () => {
        it("exits 2 naming the call and resource AWS denied, for a caller that may not read IAM", async () => {
            const server = await useVariant({ enforceIam: true });
            await consoleSteps();
            const auditor = await client().send(new iam.CreateUserCommand({ UserName: "auditor-without-rights" }));
            const key = await client().send(new iam.CreateAccessKeyCommand({ UserName: auditor.User!.UserName! }));
            await server.enforceIamNow();
            const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
            Object.assign(process.env, {
                AWS_ACCESS_KEY_ID: key.AccessKey!.AccessKeyId!,
                AWS_SECRET_ACCESS_KEY: key.AccessKey!.SecretAccessKey!,
            });
            try {
                const { code, stdout, stderr } = await audit("--json");
                assert.strictEqual(code, 2, stdout);
                assert.strictEqual(stdout, "");
                assert.match(
                    stderr,
                    /^audit: access denied for iam:\w+ on arn:aws:iam::123456789012:\S+: attach the audit's read-only policy \(docs\/audit-and-adoption\.md, "Read-only policy"\) to the caller/,
                );
                assert.ok(!stderr.includes(key.AccessKey!.SecretAccessKey!));
            } finally {
                Object.assign(process.env, { AWS_ACCESS_KEY_ID: saved.id, AWS_SECRET_ACCESS_KEY: saved.secret });
            }
        });
    });

    describe("as a command (npm run audit)", () => {
        const runCommand = (args: string[], env: Record<string, string | undefined> = {}) =>
            spawnSync(process.execPath, [require.resolve("ts-node/dist/bin.js"), "--transpile-only", "audit/cli.ts", ...args], {
                cwd: REPO_ROOT,
                encoding: "utf8",
                env: { ...process.env, ...env },
            });

        it("exits 1 on a high finding, 0 on none, and 2 on bad input, an unreachable endpoint or no credentials", async () => {
            await useAccountWithManagedPolicies();
            await consoleSteps();
            assert.strictEqual(runCommand(["audit", "--json"]).status, 0);
            await client().send(
                new iam.AttachRolePolicyCommand({ RoleName: REDIS_IAM_NAMES.consoleRole, PolicyArn: ADMINISTRATOR_ACCESS }),
            );
            const failing = runCommand(["audit"]);
            assert.strictEqual(failing.status, 1, failing.stderr);
            assert.match(failing.stdout, /critical +extra-grant +role\/redislabs-role/);
            // The table comes first: the AWS SDK's multi-line Node-version warning is held back, and said in one note after it.
            assert.match(failing.stdout, /^Redis Cloud BYOC audit of AWS account \d{12} \(read-only\)\n/);
            assert.doesNotMatch(failing.stdout + failing.stderr, /NodeVersionSupportWarning/);
            if (Number(process.versions.node.split(".")[0]) < 22)
                assert.match(failing.stdout, /\nNote: Node v[\d.]+: AWS SDK for JavaScript v3 releases after .* need Node >= 22\.\n/);

            const bad = runCommand(["audit", "--max-key-age-days", "-3"]);
            assert.strictEqual(bad.status, 2);
            assert.match(bad.stderr, /--max-key-age-days needs a value|must be a whole number/);
            const unreachable = runCommand(["audit"], { AWS_ENDPOINT_URL: "http://127.0.0.1:9" });
            assert.strictEqual(unreachable.status, 2);
            assert.match(unreachable.stderr, /AWS endpoint http:\/\/127\.0\.0\.1:9 unreachable on sts:GetCallerIdentity/);
            const noCredentials = runCommand(["audit"], {
                AWS_ACCESS_KEY_ID: undefined,
                AWS_SECRET_ACCESS_KEY: undefined,
                AWS_CONFIG_FILE: "/nonexistent",
                AWS_SHARED_CREDENTIALS_FILE: "/nonexistent",
                AWS_EC2_METADATA_DISABLED: "true",
            });
            assert.strictEqual(noCredentials.status, 2);
            assert.match(noCredentials.stderr, /no AWS credentials found/);
        });
    });
});
