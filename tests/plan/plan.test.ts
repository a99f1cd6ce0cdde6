import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs, plan } from "../../plan/plan";
import { PlanInputError, finishReviewFolder, startReviewFolder, writeArtifacts } from "../../plan/review-folder";
import { MOCK_SECRETS, RegisteredResource } from "../../plan/mock-engine";
import { REDIS_GUARD_ALL_POLICIES } from "../../policy-pack/policies";
import { REPO_ROOT, seedPolicyBlocks } from "../helpers";
import { REDIS_DOCUMENTS_REVISION, consoleRoleTrustPolicy, nodeRoleTrustPolicy, normalizePolicy } from "../../components";
import { guardrailPolicyDocuments, policySize, renderPolicy } from "../../core/guardrail-policy";

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "plan-test-"));
const writeJson = (dir: string, name: string, value: unknown) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, JSON.stringify(value));
    return file;
};
/** A policy-group config in which a reviewer lists the test's boundary (`redis-boundary-lockout` cannot read a boundary outside the stack). */
const reviewedBoundary = (dir: string) =>
    writeJson(dir, "pack-config.json", {
        "redis-boundary-lockout": { reviewedBoundaryArns: ["arn:aws:iam::123456789012:policy/Boundary"] },
    });

/** Runs plan() in-process with console output (log and warn, in order) captured. */
async function runPlan(argv: string[]): Promise<{ code: number; output: string }> {
    const lines: string[] = [];
    const [log, warn] = [console.log, console.warn];
    console.log = console.warn = (...parts: unknown[]) => lines.push(parts.join(" "));
    try {
        const code = await plan(parseArgs(argv));
        return { code, output: lines.join("\n") };
    } finally {
        [console.log, console.warn] = [log, warn];
    }
}

describe("npm run plan", function () {
    it("with defaults: says it is offline, prints the tree and every verdict, writes the artifacts", async () => {
        const out = path.join(tmp(), "review");
        const { code, output } = await runPlan(["--out", out]);
        assert.strictEqual(code, 0);
        assert.match(output, /^Offline plan: NOT a `pulumi preview`/);
        assert.match(output, /no AWS calls are made, no state is read/);
        assert.match(output, /Resources \(17\):/);
        assert.match(
            output,
            /\+ {3}aws:iam\/instanceProfile:InstanceProfile {2}redis-cloud-instance-profile {2}\(redislabs-cluster-node-role\) {2}\[protect\]/,
        );
        // Every policy but redis-managed-ids-protected, whose advisory says the defaults list no Redis IDs.
        assert.strictEqual((output.match(/✔ redis-/g) ?? []).length, REDIS_GUARD_ALL_POLICIES.length - 1, "every other policy passes");
        // The pack's defaults list no Redis IDs: the ID policy says, once and advisory, that it protects nothing.
        assert.match(output, /✖ redis-managed-ids-protected: 1 violation\(s\)/);
        assert.match(output, /\[advisory\].*redis-managed-ids-protected protects no Redis IDs/);
        const planJson = JSON.parse(fs.readFileSync(path.join(out, "plan.json"), "utf8"));
        assert.strictEqual(planJson.resources.length, 17);
        assert.deepStrictEqual(Object.keys(planJson.resources[1]), ["urn", "type", "name", "parent", "protect", "inputs"]);
        const [instanceSeed, userSeed] = seedPolicyBlocks();
        const read = (file: string) => JSON.parse(fs.readFileSync(path.join(out, file), "utf8"));
        assert.deepStrictEqual(normalizePolicy(read("policies/RedisLabsInstanceRolePolicy.json")), normalizePolicy(instanceSeed));
        assert.deepStrictEqual(normalizePolicy(read("policies/RedislabsIAMUserRestrictedPolicy.json")), normalizePolicy(userSeed));
        assert.deepStrictEqual(read("trust-policies/redislabs-role.json"), consoleRoleTrustPolicy);
        assert.deepStrictEqual(read("trust-policies/redislabs-cluster-node-role.json"), nodeRoleTrustPolicy);
    });

    it("plans the options a user would deploy, and no secret value reaches any artifact", async () => {
        const dir = tmp();
        const config = writeJson(dir, "config.json", {
            consoleRolePolicy: "user-restricted-policy",
            consoleLogin: true,
            accessKeyGenerations: ["a", "b"],
            tags: { team: "platform" },
            permissionsBoundaryArn: "arn:aws:iam::123456789012:policy/Boundary",
        });
        const out = path.join(dir, "review");
        // A boundary outside the stack passes redis-boundary-lockout only once a reviewer lists it.
        const { code, output } = await runPlan(["--config", config, "--policy-config", reviewedBoundary(dir), "--out", out]);
        assert.strictEqual(code, 0, output);
        assert.match(output, /Resources \(20\):/);
        assert.match(output, /redis-cloud-console-login/);
        const everything =
            fs
                .readdirSync(out, { recursive: true, encoding: "utf8" })
                .filter((f) => f.endsWith(".json") || f.endsWith(".md"))
                .map((f) => fs.readFileSync(path.join(out, f), "utf8"))
                .join("\n") + output;
        for (const secret of Object.values(MOCK_SECRETS)) assert.ok(!everything.includes(secret));
        // The secrets were there to leak: the program exports them, and the plan shows them masked.
        const outputs = JSON.parse(fs.readFileSync(path.join(out, "plan.json"), "utf8")).outputs;
        assert.strictEqual(outputs.secretAccessKey, "[secret]");
        assert.strictEqual(outputs.consolePassword, "[secret]");
        assert.strictEqual(outputs.redisCloudConsole, "[secret]");
        assert.strictEqual(outputs.consoleRoleName, "redislabs-role");
        assert.match(output, /secretAccessKey: "\[secret\]"/);
        // Without registration the summary says the secret goes to a person, through the console.
        assert.match(
            fs.readFileSync(path.join(out, "summary.md"), "utf8"),
            /## Where the secret access key goes\n\nNot registered through Redis's API\. The secret access key is in the secret output `redisCloudConsole`/,
        );
    });

    it("shows the registration with Redis Cloud as a resource with masked secrets, and summary.md says where the secret goes", async () => {
        const dir = tmp();
        const config = writeJson(dir, "config.json", { consoleLogin: true, registerCloudAccount: true, cloudAccountName: "prod-account" });
        const out = path.join(dir, "review");
        const saved = [process.env.REDISCLOUD_ACCESS_KEY, process.env.REDISCLOUD_SECRET_KEY];
        delete process.env.REDISCLOUD_ACCESS_KEY;
        delete process.env.REDISCLOUD_SECRET_KEY;
        let result: { code: number; output: string };
        try {
            result = await runPlan(["--config", config, "--out", out]);
        } finally {
            if (saved[0] !== undefined) process.env.REDISCLOUD_ACCESS_KEY = saved[0];
            if (saved[1] !== undefined) process.env.REDISCLOUD_SECRET_KEY = saved[1];
        }
        assert.strictEqual(result.code, 0, result.output);
        assert.match(result.output, /note: REDISCLOUD_ACCESS_KEY is not set; the offline plan uses a placeholder/);
        assert.match(result.output, /Resources \(19\):/);
        assert.match(result.output, /pulumi-nodejs:dynamic\/redis-cloud-byoc-aws:RedisCloudAccount {2}redis-cloud-account/);
        const plan = JSON.parse(fs.readFileSync(path.join(out, "plan.json"), "utf8"));
        const account = plan.resources.find(
            (r: { type: string }) => r.type === "pulumi-nodejs:dynamic/redis-cloud-byoc-aws:RedisCloudAccount",
        );
        assert.strictEqual(account.protect, true);
        for (const field of ["accessSecretKey", "consolePassword", "apiKey", "apiSecretKey"])
            assert.strictEqual(account.inputs[field], "[secret]", field);
        assert.strictEqual(account.inputs.name, "prod-account");
        assert.strictEqual(account.inputs.__provider, "[the dynamic provider's serialised code]");
        const summary = fs.readFileSync(path.join(out, "summary.md"), "utf8");
        assert.match(
            summary,
            /## Where the secret access key goes\n\nRegistered in the same `pulumi up` by `pulumi-nodejs:dynamic\/redis-cloud-byoc-aws:RedisCloudAccount` `redis-cloud-account`: cloud account `prod-account`, sent to Redis Cloud's API at `https:\/\/api\.redislabs\.com\/v1`/,
        );
        assert.match(summary, /The registration is protected/);
        const everything = fs.readFileSync(path.join(out, "plan.json"), "utf8") + summary + result.output;
        for (const secret of [...Object.values(MOCK_SECRETS), "plan-placeholder"]) assert.ok(!everything.includes(secret), secret);
    });

    it("refuses a policy config a policy group would refuse, naming the policy", () => {
        const dir = tmp();
        for (const [config, message] of [
            [{ "redis-iam-protected": null }, /"redis-iam-protected": must be an enforcement level/],
            [{ "redis-iam-protected": "strict" }, /"redis-iam-protected"/],
            [{ "redis-managed-ids-protected": { resourceIds: "sg-1" } }, /"redis-managed-ids-protected"/],
            [{ "no-such-policy": "advisory" }, /"no-such-policy" is not a policy of the pack/],
        ] as const) {
            assert.throws(
                () => parseArgs(["--policy-config", writeJson(dir, "p.json", config)]),
                (err: Error) => err instanceof PlanInputError && message.test(err.message),
            );
        }
    });

    it("with --guardrail, plans the SCP backstop too and writes it under scp/", async () => {
        const dir = tmp();
        const guardrail = writeJson(dir, "guardrail.json", { targetIds: ["123456789012"] });
        const out = path.join(dir, "review");
        const { code, output } = await runPlan(["--guardrail", guardrail, "--out", out]);
        assert.strictEqual(code, 0);
        const warned = output.split("identityAdminRoleArns is empty while protectRedisIdentities is on").length - 1;
        assert.strictEqual(warned, 1, `the empty-identityAdminRoleArns warning is printed once:\n${output}`);
        assert.match(output, /warning: RedisManagedGuardrail args\.identityAdminRoleArns is empty while protectRedisIdentities is on/);
        assert.match(output, /aws:organizations\/policy:Policy/);
        // How close the SCP is to AWS's limit, and what each target must have free.
        const size = policySize(renderPolicy(guardrailPolicyDocuments()[0])).toLocaleString("en-US");
        assert.ok(output.includes(`guardrail: SCP 1 of 1: ${size} of 5,120 characters (`), output);
        assert.match(output, /guardrail: each target needs 1 free SCP place\(s\) of the 5 AWS allows/);
        const scps = fs.readdirSync(path.join(out, "scp"));
        assert.strictEqual(scps.length, 1);
        const scp = JSON.parse(fs.readFileSync(path.join(out, "scp", scps[0]), "utf8"));
        assert.ok(scp.Statement.every((s: { Effect: string }) => s.Effect === "Deny"));
    });

    it("checks --guardrail as the component does before running: unknown keys by name, whole ARNs quoted", () => {
        const dir = tmp();
        const sso = "arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_BreakGlass_*";
        for (const [args, message] of [
            [
                { targetIds: ["r-ab12"], breakGlassRoleArn: [sso] },
                /^--guardrail .*g\.json: RedisManagedGuardrail args\.breakGlassRoleArn: is not an arg of RedisManagedGuardrail \(did you mean "breakGlassRoleArns"\?\); its args: targetIds, /,
            ],
            [["r-ab12"], /--guardrail .*g\.json: must be a JSON object of RedisManagedGuardrail args/],
            [
                { targetIds: ["r-ab12"], identityAdminRoleArns: [`${sso}/extra`] },
                new RegExp(`args\\.identityAdminRoleArns: "${(sso + "/extra").replace(/[.*/]/g, "\\$&")}" is not allowed`),
            ],
        ] as const) {
            assert.throws(
                () => parseArgs(["--guardrail", writeJson(dir, "g.json", args)]),
                (err: Error) => err instanceof PlanInputError && message.test(err.message),
            );
        }
        const accepted = parseArgs([
            "--guardrail",
            writeJson(dir, "g.json", { targetIds: ["r-ab12"], breakGlassRoleArns: [sso], identityAdminRoleArns: [sso] }),
        ]);
        assert.deepStrictEqual(accepted.warnings, [], "no warning once identityAdminRoleArns lists a role");
    });

    it("masks secret inputs as [secret] in plan.json", () => {
        const out = tmp();
        const secretInput = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "hunter2" };
        const resource: RegisteredResource = {
            urn: "urn:pulumi:s::p::aws:iam/userLoginProfile:UserLoginProfile::x",
            type: "aws:iam/userLoginProfile:UserLoginProfile",
            name: "x",
            custom: true,
            parent: "",
            protect: true,
            additionalSecretOutputs: [],
            dependencies: [],
            importId: "",
            ignoreChanges: [],
            inputs: { user: "redislabs-user", nested: { password: secretInput } },
        };
        writeArtifacts(out, [resource], []);
        const text = fs.readFileSync(path.join(out, "plan.json"), "utf8");
        assert.ok(!text.includes("hunter2"));
        assert.deepStrictEqual(JSON.parse(text).resources[0].inputs, { user: "redislabs-user", nested: { password: "[secret]" } });
    });

    it("fails with exit code 1 when a mandatory policy is violated, naming each resource by type, name and URN", async () => {
        const dir = tmp();
        const out = path.join(dir, "review");
        const { code, output } = await runPlan(["--config", writeJson(dir, "c.json", { protectResources: false }), "--out", out]);
        assert.strictEqual(code, 1);
        assert.match(output, /✖ redis-iam-protected: 15 violation\(s\)/);
        assert.match(output, /15 mandatory violation\(s\): the plan fails/);
        const userUrn =
            "urn:pulumi:mock::redis-cloud-byoc-aws::redis-cloud-byoc-aws:index:RedisCloudIam$aws:iam/user:User::redis-cloud-user";
        assert.ok(output.includes(`[mandatory] aws:iam/user:User "redis-cloud-user" (${userUrn}): This aws:iam/user:User`), output);
        const all = JSON.parse(fs.readFileSync(path.join(out, "plan.json"), "utf8")).violations as {
            policy: string;
            enforcementLevel: string;
        }[];
        assert.deepStrictEqual(
            all.filter((v) => v.policy !== "redis-iam-protected").map((v) => `${v.policy} ${v.enforcementLevel}`),
            ["redis-managed-ids-protected advisory"],
            "besides the fifteen, only the notice that no IDs are listed",
        );
        const violations = all.filter((v) => v.policy === "redis-iam-protected") as unknown as {
            resource: { urn: string; type: string; name: string };
        }[];
        assert.strictEqual(violations.length, 15);
        for (const v of violations) {
            assert.deepStrictEqual(Object.keys(v), ["policy", "enforcementLevel", "resource", "message"]);
            assert.match(v.resource.urn, /^urn:pulumi:mock::redis-cloud-byoc-aws::.*::redis-cloud-/);
            assert.ok(v.resource.urn.endsWith(`${v.resource.type}::${v.resource.name}`));
        }
        assert.ok(violations.some((v: { resource: { urn: string } }) => v.resource.urn === userUrn));
        const summary = fs.readFileSync(path.join(out, "summary.md"), "utf8");
        assert.match(summary, /Verdict: \*\*fails\*\*, 15 mandatory violation\(s\)/);
        assert.match(summary, /\| `redis-iam-protected` \| mandatory \| \*\*15 violation\(s\)\*\* \|/);
        assert.match(summary, /\| `aws:iam\/user:User` \| `redis-cloud-user` \| ✖ redis-iam-protected \[mandatory\]: /);
        assert.match(summary, /\| `aws:iam\/accessKey:AccessKey` \| `redis-cloud-access-key-1` \| ✔ pass \|/);
    });

    it("applies the policy config's `all` level to every policy, as a policy group does, unless a policy sets its own", async () => {
        const dir = tmp();
        const config = writeJson(dir, "c.json", { protectResources: false });
        const advisory = await runPlan(["--config", config, "--policy-config", writeJson(dir, "all.json", { all: "advisory" })]);
        assert.strictEqual(advisory.code, 0, "advisory violations do not fail the plan");
        assert.match(advisory.output, /✖ redis-iam-protected: 15 violation\(s\)/);
        assert.strictEqual(
            (advisory.output.match(/\[advisory\] /g) ?? []).length,
            15 + 1,
            "the fifteen, and the notice that no IDs are listed",
        );
        const overridden = await runPlan([
            "--config",
            config,
            "--policy-config",
            writeJson(dir, "mixed.json", { all: "advisory", "redis-iam-protected": { enforcementLevel: "mandatory" } }),
        ]);
        assert.strictEqual(overridden.code, 1);
        assert.strictEqual((overridden.output.match(/\[mandatory\] /g) ?? []).length, 15);
    });

    it("summary.md says what produced the folder, and shows the tree, the identities and Redis's findings", async () => {
        const dir = tmp();
        const out = path.join(dir, "review");
        const config = writeJson(dir, "config.json", { consoleRolePolicy: "user-restricted-policy", consoleLogin: true });
        const policyConfig = writeJson(dir, "pack.json", { "redis-managed-ids-protected": { resourceIds: ["vpc-0abc1234"] } });
        const guardrail = writeJson(dir, "guardrail.json", { targetIds: ["123456789012"] });
        const { code } = await runPlan(["--config", config, "--policy-config", policyConfig, "--guardrail", guardrail, "--out", out]);
        assert.strictEqual(code, 0);
        const summary = fs.readFileSync(path.join(out, "summary.md"), "utf8");
        const version = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")).version;
        assert.match(summary, /Verdict: \*\*passes\*\*/);
        assert.ok(summary.includes(`redis-cloud-byoc-aws \`${version}\``));
        assert.match(summary, /redis-cloud-byoc-guard \(pack\) `\d+\.\d+\.\d+`/);
        assert.match(summary, /@pulumi\/pulumi `3\.\d+\.\d+`, @pulumi\/aws `7\.\d+\.\d+`/);
        assert.match(summary, /Git commit: `[0-9a-f]{40}`/);
        assert.ok(summary.includes(`Redis documents revision \`${REDIS_DOCUMENTS_REVISION}\``));
        assert.ok(summary.includes(`Stack config: ${config}`) && summary.includes('"consoleRolePolicy": "user-restricted-policy"'));
        assert.ok(summary.includes(`Policy config: ${policyConfig}`) && summary.includes('"vpc-0abc1234"'));
        assert.ok(summary.includes(`Guardrail args: ${guardrail}`) && summary.includes('"123456789012"'));
        assert.match(summary, /- Guardrail SCP 1 of 1: [\d,]+ of 5,120 characters \(\d+%\)/);
        assert.match(
            summary,
            /Warnings:\n\n- RedisManagedGuardrail args\.identityAdminRoleArns is empty while protectRedisIdentities is on/,
        );
        assert.match(summary, /\+ {3}aws:iam\/userLoginProfile:UserLoginProfile {2}redis-cloud-console-login/);
        assert.match(summary, /aws:organizations\/policy:Policy/);
        assert.match(
            summary,
            /\| role `redislabs-role` \| AWS arn:aws:iam::168085023892:root \(Redis Cloud's AWS account\) \| RedislabsIAMUserRestrictedPolicy \| Bool aws:MultiFactorAuthPresent = "true" \|/,
        );
        assert.match(
            summary,
            /role `redislabs-cluster-node-role` \| Service ec2\.amazonaws\.com: .*may pass the role to EC2: user redislabs-user/,
        );
        assert.match(
            summary,
            /\| user `redislabs-user` \| whoever holds its 1 access key\(s\) \(given to Redis Cloud\), and its console password \|/,
        );
        assert.match(summary, /1\. The Deny `ForceUnderlyingResourcesToHaveIdentifierTags` names `arn:aws:ec2:\*:\*:keypair\/\*`/);
        assert.match(summary, /2\. .*ec2:CreateVolume/);
        // Plain-language risk statements, generated from the planned documents: the rights a reviewer must see.
        const risks = summary.slice(summary.indexOf("## What Redis can do in this account"), summary.indexOf("## Who may assume"));
        for (const right of [
            /Can \*\*create\*\* on any resource in the account, only when Bool kms:GrantIsForAWSResource = "true" \(no tag condition\): `kms:CreateGrant`/,
            /Can \*\*pass roles to AWS services\*\* on `arn:aws:iam::\*:role\/redislabs-cluster-node-role`, with no condition: `iam:PassRole`/,
            /Can \*\*create\*\* on any resource in the account, with no condition: [^\n]*`ec2:RunInstances`[^\n]*`ec2:CreateSecurityGroup`/,
            /Can \*\*delete or remove\*\* on any resource in the account, with no condition: `ec2:RevokeSecurityGroupIngress`[^\n]*`ec2:DeleteTransitGateway`/,
            /Is \*\*denied\*\* `ec2:RunInstances`, `ec2:CreateKeyPair` on /,
        ])
            assert.match(risks, right);
        assert.match(risks, /### `RedislabsIAMUserRestrictedPolicy`, held by user `redislabs-user` and role `redislabs-role`/);
        // The boundary and the guardrail in the identity table.
        assert.match(
            summary,
            /\| user `redislabs-user` \|[^\n]*\| no permissions boundary; guardrail SCP `RedisManagedResourcesGuardrail` \(denies changes to Redis's identities/,
        );
        const produced = JSON.parse(fs.readFileSync(path.join(out, "plan.json"), "utf8")).producedBy;
        assert.strictEqual(produced.versions["redis-cloud-byoc-aws"], version);
        assert.deepStrictEqual(produced.guardrail.value, { targetIds: ["123456789012"] });
    });

    it("an adoption review: the deployment context, one tree per deploying account, and the audit's findings beside what the plan does", async () => {
        const dir = tmp();
        const out = path.join(dir, "review");
        const guardrail = writeJson(dir, "guardrail.json", {
            targetIds: ["210987654321"],
            identityAdminRoleArns: ["arn:aws:iam::*:role/deployer"],
        });
        const detach = "aws iam detach-role-policy --role-name redislabs-role --policy-arn arn:aws:iam::aws:policy/AdministratorAccess";
        const ungroup = "aws iam remove-user-from-group --user-name redislabs-user --group-name ops";
        const audit = writeJson(dir, "audit.json", {
            account: "210987654321",
            findings: [
                {
                    code: "extra-grant",
                    severity: "critical",
                    resource: "role/redislabs-role",
                    message: `has policy arn:aws:iam::aws:policy/AdministratorAccess attached, which is not Redis's; by hand: \`${detach}\``,
                    command: detach,
                    removedByPulumiUp: true,
                },
                {
                    // Worded like a removable grant, but without the audit's field: the plan goes by the field.
                    code: "extra-grant",
                    severity: "high",
                    resource: "user/redislabs-user",
                    message: 'has inline policy "elsewhere", which is not Redis\'s',
                },
                {
                    code: "extra-grant",
                    severity: "high",
                    resource: "user/redislabs-user",
                    message: `is a member of group "ops" (no policies); remove it with \`${ungroup}\``,
                    command: ungroup,
                },
            ],
            adopt: {},
        });
        const config = writeJson(dir, "config.json", { pgpKey: "keybase:someone" });
        const { code } = await runPlan(["--config", config, "--guardrail", guardrail, "--audit", audit, "--out", out]);
        assert.strictEqual(code, 0);
        const summary = fs.readFileSync(path.join(out, "summary.md"), "utf8");
        assert.match(summary, /## Deployment context\n\n- Target AWS account: `210987654321` \(from the audit, /);
        assert.match(summary, /- State backend: not known offline/);
        assert.match(summary, /- Where the secret lives: the secret access key exists only PGP-encrypted \(pgpKey\)/);
        const member = summary.indexOf("### Deployed in the target (member) account");
        const management = summary.indexOf("### Deployed from the organisation's management account");
        assert.ok(member > 0 && management > member, "two sections, member account first");
        assert.ok(!summary.slice(member, management).includes("aws:organizations/"), "no SCP among the member account's resources");
        assert.ok(!summary.slice(management).split("## ")[0].includes("aws:iam/"), "no IAM resource among the management account's");
        const verdicts = summary.slice(summary.indexOf("## Verdicts per resource"));
        const memberVerdicts = verdicts.indexOf("### Deployed in the target (member) account");
        const managementVerdicts = verdicts.indexOf("### Deployed from the organisation's management account");
        assert.ok(memberVerdicts > 0 && managementVerdicts > memberVerdicts, "verdicts per deploying account, member first");
        assert.match(verdicts.slice(managementVerdicts).split("\n## ")[0], /`aws:organizations\/policy:Policy`/);
        assert.doesNotMatch(verdicts.slice(memberVerdicts, managementVerdicts), /aws:organizations\//);
        assert.match(summary, /## Findings of the audit of account `210987654321`/);
        assert.match(
            summary,
            /\| critical \| `extra-grant` \| `role\/redislabs-role` \|[^\n]*\| \*\*removed\*\* by RedisCloudIam's exclusive lists/,
        );
        assert.ok(summary.includes(`| not removed by the plan: \`${ungroup}\` |`));
        assert.match(summary, /\| has inline policy "elsewhere", which is not Redis's \| not changed by the plan \|/);
        assert.throws(
            () => parseArgs(["--audit", writeJson(dir, "several.json", { accounts: [] })]),
            /--audit .*several\.json: holds several accounts' audits; give one account's/,
        );
        assert.throws(
            () => parseArgs(["--audit", writeJson(dir, "bad.json", { account: "12", findings: [] })]),
            /--audit .*bad\.json: "account" must be a 12-digit AWS account ID; give the output of `redis-cloud-byoc-aws audit --json`/,
        );
    });

    it("plans a program of one's own, examples/consumer-ts, into a complete review folder", async () => {
        const out = path.join(tmp(), "review");
        const { code, output } = await runPlan([path.join(REPO_ROOT, "examples", "consumer-ts"), "--out", out]);
        assert.strictEqual(code, 0, output);
        assert.match(output, /It runs .*examples\/consumer-ts\/index\.ts on Pulumi's in-process mock engine/);
        assert.match(
            output,
            /note: redis-cloud-byoc-aws is not installed beside the program: it was planned with this package's own components/,
        );
        // The example's own options: consoleLogin, its tags and the user-restricted console policy.
        assert.match(output, /Resources \(18\):/);
        assert.match(output, /redis-cloud-console-login/);
        assert.deepStrictEqual(fs.readdirSync(out).sort(), ["access-matrix.md", "plan.json", "policies", "summary.md", "trust-policies"]);
        const summary = fs.readFileSync(path.join(out, "summary.md"), "utf8");
        assert.match(summary, /- Program: examples\/consumer-ts\/index\.ts/);
        assert.match(summary, /Verdict: \*\*passes\*\*/);
        assert.match(summary, /### `RedislabsIAMUserRestrictedPolicy`, held by user `redislabs-user` and role `redislabs-role`/);
        assert.throws(() => parseArgs([path.join(REPO_ROOT, "no-such-folder")]), /no-such-folder: not a folder holding a Pulumi program/);
    });

    it("a program of one's own reads its config under its own project name; the context names the pinned account and the backend", async () => {
        const dir = tmp();
        const program = path.join(dir, "my-redis");
        fs.mkdirSync(path.join(program, "node_modules", "@pulumi"), { recursive: true });
        // The program loads this repository's @pulumi/pulumi, as a program beside an installed package loads the one it shares.
        fs.symlinkSync(
            path.join(REPO_ROOT, "node_modules", "@pulumi", "pulumi"),
            path.join(program, "node_modules", "@pulumi", "pulumi"),
            "dir",
        );
        fs.writeFileSync(path.join(program, "Pulumi.yaml"), "name: my-redis\nruntime: nodejs\nbackend:\n  url: s3://state-bucket/redis\n");
        fs.writeFileSync(
            path.join(program, "index.ts"),
            [
                'import * as pulumi from "@pulumi/pulumi";',
                'import { RedisCloudIam } from "redis-cloud-byoc-aws";',
                "const config = new pulumi.Config();",
                'const redis = new RedisCloudIam("redis", { tags: { team: config.require("team") } });',
                "export const userArn = redis.userArn;",
                "",
            ].join("\n"),
        );
        const config = writeJson(dir, "config.json", { team: "data", "aws:allowedAccountIds": ["210987654321"] });
        const out = path.join(dir, "review");
        const { code, output } = await runPlan([program, "--config", config, "--out", out]);
        assert.strictEqual(code, 0, output);
        const planned = JSON.parse(fs.readFileSync(path.join(out, "plan.json"), "utf8")) as {
            resources: { type: string; inputs: { tags?: unknown } }[];
        };
        const user = planned.resources.filter((r) => r.type === "aws:iam/user:User");
        assert.strictEqual(user.length, 1);
        assert.deepStrictEqual(user[0].inputs.tags, { team: "data" }, "the program read my-redis:team");
        const summary = fs.readFileSync(path.join(out, "summary.md"), "utf8");
        assert.match(
            summary,
            /- Target AWS account: `210987654321` \(from aws:allowedAccountIds: the AWS provider refuses any other account\)\./,
        );
        assert.match(summary, /- State backend: `s3:\/\/state-bucket\/redis` \(from the program's Pulumi\.yaml\)\./);

        // Its stack file: the project's keys without their namespace, others as written, a secret by a placeholder.
        fs.writeFileSync(
            path.join(program, "Pulumi.prod.yaml"),
            [
                "config:",
                "  my-redis:team: ops",
                "  my-redis:apiToken:",
                "    secure: AAABAMOCKCIPHERTEXT",
                "  aws:allowedAccountIds:",
                '    - "111122223333"',
                "",
            ].join("\n"),
        );
        const fromStack = path.join(dir, "review-prod");
        const stackRun = await runPlan([program, "--stack", "prod", "--out", fromStack]);
        assert.strictEqual(stackRun.code, 0, stackRun.output);
        assert.match(stackRun.output, /Stack config: .*Pulumi\.prod\.yaml/);
        assert.match(
            stackRun.output,
            /warning: .*Pulumi\.prod\.yaml: apiToken is a secret the offline plan cannot decrypt; a placeholder stands in/,
        );
        const stackPlan = JSON.parse(fs.readFileSync(path.join(fromStack, "plan.json"), "utf8")) as typeof planned;
        assert.deepStrictEqual(stackPlan.resources.find((r) => r.type === "aws:iam/user:User")?.inputs.tags, { team: "ops" });
        assert.match(
            fs.readFileSync(path.join(fromStack, "summary.md"), "utf8"),
            /- Target AWS account: `111122223333` \(from aws:allowedAccountIds/,
        );
        // --config has the last word over the stack file.
        const overridden = parseArgs([program, "--stack", "prod", "--config", config]);
        assert.deepStrictEqual([overridden.config.team, overridden.config["aws:allowedAccountIds"]], ["data", ["210987654321"]]);
        assert.throws(
            () => parseArgs([program, "--stack", "dev"]),
            /--stack dev: .*Pulumi\.dev\.yaml: no such file or directory \(ENOENT\)/,
        );

        // Its keys are its own: not refused as unknown to this project's program, but a bad pin is refused by name.
        const badPin = writeJson(dir, "bad-pin.json", { team: "data", "aws:allowedAccountIds": ["12"] });
        assert.throws(() => parseArgs([program, "--config", badPin]), /"aws:allowedAccountIds" must be a list of 12-digit AWS account IDs/);
        assert.throws(() => parseArgs([dir]), /no Pulumi\.yaml, so not a Pulumi program's folder/);

        // A program that loads another @pulumi/pulumi would register nothing the plan sees: refused, naming both.
        const other = path.join(dir, "other-sdk");
        fs.mkdirSync(path.join(other, "node_modules", "@pulumi", "pulumi"), { recursive: true });
        fs.writeFileSync(
            path.join(other, "node_modules", "@pulumi", "pulumi", "package.json"),
            '{"name":"@pulumi/pulumi","version":"3.0.0"}',
        );
        fs.writeFileSync(path.join(other, "Pulumi.yaml"), "name: other\nruntime: nodejs\n");
        fs.writeFileSync(path.join(other, "index.ts"), "export {};\n");
        await assert.rejects(runPlan([other]), /the program loads @pulumi\/pulumi from .*other-sdk.*npx redis-cloud-byoc-aws plan/);
    });

    it("every reference in the review folder's pages points inside the folder", async () => {
        const dir = tmp();
        const out = path.join(dir, "review");
        const boundary = writeJson(dir, "config.json", { permissionsBoundaryArn: "arn:aws:iam::123456789012:policy/Boundary" });
        assert.strictEqual((await runPlan(["--config", boundary, "--policy-config", reviewedBoundary(dir), "--out", out])).code, 0);
        const pages = fs.readdirSync(out).filter((file) => file.endsWith(".md"));
        assert.deepStrictEqual(pages.sort(), ["access-matrix.md", "summary.md"]);
        for (const page of pages) {
            const text = fs.readFileSync(path.join(out, page), "utf8");
            const links = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);
            const mentions = [...text.matchAll(/(?<![\w/.-])([\w./-]+\.md)\b/g)].map((m) => m[1]);
            for (const target of [...links, ...mentions]) {
                assert.doesNotMatch(target, /^(https?:|\/|\.\.)/, `${page} points outside the folder: ${target}`);
                assert.ok(fs.existsSync(path.join(out, target.split("#")[0])), `${page} points to ${target}, which is not in the folder`);
            }
            assert.doesNotMatch(text, /docs\/|in the redis-cloud-byoc-aws repository/, `${page} sends the reader outside the folder`);
        }
        const summary = fs.readFileSync(path.join(out, "summary.md"), "utf8");
        assert.ok(summary.includes("[access-matrix.md](access-matrix.md)"));
        assert.match(
            summary,
            /\| role `redislabs-role` \|[^\n]*\| permissions boundary `arn:aws:iam::123456789012:policy\/Boundary`; no guardrail SCP in this plan \|/,
        );
        const matrix = fs.readFileSync(path.join(out, "access-matrix.md"), "utf8");
        assert.match(matrix, /\| redislabs-user \| `ec2:RunInstances` \|/);
    });

    it("--out is replaced whole: nothing stale remains, no temporary folder is left, and a folder that is not a review is refused", async () => {
        const dir = tmp();
        const out = path.join(dir, "review");
        fs.mkdirSync(path.join(out, "scp"), { recursive: true });
        fs.writeFileSync(path.join(out, "plan.json"), "{}");
        fs.writeFileSync(path.join(out, "scp", "old.json"), "{}");
        const { code } = await runPlan(["--out", out]);
        assert.strictEqual(code, 0);
        assert.strictEqual(fs.existsSync(path.join(out, "scp")), false, "the earlier run's scp/ is gone");
        assert.deepStrictEqual(fs.readdirSync(dir), ["review"], "no temporary folder is left beside it");
        const mine = path.join(dir, "my-files");
        fs.mkdirSync(mine);
        fs.writeFileSync(path.join(mine, "notes.txt"), "keep me");
        assert.throws(() => startReviewFolder(mine), /--out .*my-files: exists and is not an earlier review folder \(no plan\.json\)/);
        assert.strictEqual(fs.readFileSync(path.join(mine, "notes.txt"), "utf8"), "keep me");
        assert.throws(() => startReviewFolder(path.join(mine, "notes.txt")), /notes\.txt: exists and is not a folder/);
    });

    it("a failed write leaves the earlier review folder as it was", () => {
        const dir = tmp();
        const out = path.join(dir, "review");
        fs.mkdirSync(out);
        fs.writeFileSync(path.join(out, "plan.json"), '{"earlier":true}');
        const temporary = startReviewFolder(out);
        fs.rmSync(temporary, { recursive: true });
        // The temporary folder vanished (as when a write into it fails midway): the swap must fail and keep the old folder.
        assert.throws(
            () => finishReviewFolder(temporary, out),
            (err: Error) => err instanceof PlanInputError && /--out .*review: /.test(err.message),
        );
        assert.strictEqual(fs.readFileSync(path.join(out, "plan.json"), "utf8"), '{"earlier":true}');
    });

    it("a file or folder error is one line naming the path and the cause; as a command it exits 2", () => {
        const dir = tmp();
        const aFile = writeJson(dir, "c.json", {});
        const missing = path.join(dir, "missing.json");
        assert.throws(() => parseArgs(["--config", missing]), { message: `--config ${missing}: no such file or directory (ENOENT)` });
        assert.throws(() => parseArgs(["--guardrail", dir]), { message: `--guardrail ${dir}: illegal operation on a directory (EISDIR)` });
        fs.writeFileSync(path.join(dir, "broken.json"), "{,");
        assert.throws(
            () => parseArgs(["--policy-config", path.join(dir, "broken.json")]),
            /--policy-config .*broken\.json: not valid JSON \(/,
        );
        const under = path.join(aFile, "review");
        assert.throws(() => startReviewFolder(under), { message: `--out ${under}: ${aFile} is a file, not a folder` });
        const run = spawnSync(
            process.execPath,
            [require.resolve("ts-node/dist/bin.js"), "--transpile-only", "plan/plan.ts", "--out", under],
            { cwd: REPO_ROOT, encoding: "utf8" },
        );
        assert.strictEqual(run.status, 2, run.stderr);
        assert.strictEqual(run.stderr, `plan: --out ${under}: ${aFile} is a file, not a folder. Nothing was written.\n`);
    });

    it("rejects unknown keys and wrong types by name", () => {
        const dir = tmp();
        const config = writeJson(dir, "bad.json", { consolelogin: true, tags: "team=platform" });
        assert.throws(
            () => parseArgs(["--config", config]),
            (err: Error) => {
                assert.ok(err instanceof PlanInputError);
                assert.match(
                    err.message,
                    /unknown config key "consolelogin" \(did you mean "consoleLogin"\?\); known keys: consoleRolePolicy, tags/,
                );
                assert.match(err.message, /config key "tags" must be a map of strings/);
                return true;
            },
        );
        assert.throws(() => parseArgs(["--frobnicate"]), /unknown argument "--frobnicate"/);
        assert.throws(() => parseArgs(["--out"]), /--out needs a value/);
    });

    it("as a command: a bad config exits 2, names the arg, and writes nothing", () => {
        const dir = tmp();
        const out = path.join(dir, "review");
        const config = writeJson(dir, "c.json", { tags: { RedisLabsIdentifier: "x" } });
        const run = spawnSync(
            process.execPath,
            [require.resolve("ts-node/dist/bin.js"), "--transpile-only", "plan/plan.ts", "--config", config, "--out", out],
            {
                cwd: REPO_ROOT,
                encoding: "utf8",
            },
        );
        assert.strictEqual(run.status, 2, run.stderr);
        assert.match(
            run.stderr,
            /the program rejected its config: stack config: RedisCloudIam args\.tags: key "RedisLabsIdentifier" is reserved/,
        );
        assert.match(run.stderr, /Nothing was written/);
        assert.strictEqual(fs.existsSync(out), false);
    });
});
