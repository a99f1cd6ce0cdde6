/**
 * The protocol suite: the built pack, spawned as the Pulumi CLI spawns it and
 * driven over gRPC. It checks what only that path shows (GetAnalyzerInfo,
 * Configure as a policy group sends it, unknowns and malformed values as the
 * engine encodes them, the component against its own guard) and that every
 * policy's cases draw the same diagnostics here as in-process, where each
 * policy's own test file runs them (tests/policy-pack/policies/).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { ConsoleRolePolicy, REDIS_DOCUMENTS_REVISION, RedisCloudIam, RedisCloudIamArgs, userRestrictedPolicy } from "../../components";
import { REDIS_GUARD_POLICIES } from "../../policy-pack/policies";
import { AnalyzerClient, Diagnostic, UNKNOWN, toAnalyzerResource, toAnalyzerStackResource } from "../../plan/analyzer-client";
import { MOCK_SECRETS, runOnMockEngine } from "../../plan/mock-engine";
import { ALL_CASES } from "./all-cases";
import { FALSE_ALARM_CORPUS, atUp } from "./corpus";
import { REDIS_IDS, REDIS_IDS_CONFIG, REVIEWED_BOUNDARY_ARN } from "./policy-cases";
import { startInProcessAnalyzer } from "../harness/in-process-analyzer";
import { REPO_ROOT, TEST_PGP_PUBLIC_KEY } from "../helpers";

const PACK_DIR = path.join(REPO_ROOT, "policy-pack");

/** The component with defaults, and with every option on. */
const COMPONENT_VARIANTS: Record<string, RedisCloudIamArgs> = {
    defaults: {},
    "every option": {
        consoleRolePolicy: ConsoleRolePolicy.UserRestrictedPolicy,
        tags: { team: "platform" },
        permissionsBoundaryArn: REVIEWED_BOUNDARY_ARN,
        consoleLogin: true,
        consolePasswordLength: 40,
        accessKeyGenerations: ["2026-01", "2026-07"],
    },
    "PGP-encrypted secrets": { pgpKey: TEST_PGP_PUBLIC_KEY, consoleLogin: true },
};

describe("the guard pack over the analyzer protocol, started as the Pulumi CLI starts it", function () {
    let analyzer: AnalyzerClient;
    const analyzeFor = async (policy: string, resource: Parameters<AnalyzerClient["analyze"]>[0]): Promise<Diagnostic[]> =>
        (await analyzer.analyze(resource)).filter((d) => d.policyName === policy);

    before(async () => {
        assert.ok(fs.existsSync(path.join(PACK_DIR, "bin", "policy-pack", "index.js")), "build the pack first: npm run build");
        analyzer = await AnalyzerClient.start(PACK_DIR);
    });
    after(async () => analyzer?.stop());

    it("GetAnalyzerInfo: the pack's name, version and every policy with description, remediation, severity and mandatory level", async () => {
        const info = await analyzer.getAnalyzerInfo();
        assert.strictEqual(info.name, "redis-cloud-byoc-guard");
        assert.strictEqual(info.version, JSON.parse(fs.readFileSync(path.join(PACK_DIR, "package.json"), "utf8")).version);
        assert.deepStrictEqual(
            info.policies.map((p) => p.name),
            [
                "redis-managed-tag-reserved",
                "redis-managed-ids-protected",
                "redis-iam-canonical",
                "redis-iam-protected",
                "redis-access-key-secret",
                "redis-node-role-reserved",
                "redis-iam-documents",
                "redis-principal-grants",
                "redis-account-settings",
                "redis-lockout",
                "redis-component-shape",
                "redis-boundary-lockout",
                "redis-guard-exceptions",
            ],
        );
        for (const policy of info.policies) {
            assert.ok(policy.description.length > 40, `${policy.name} has a description`);
            assert.ok(policy.remediationSteps.length > 20, `${policy.name} has remediation steps`);
            // The exceptions listing informs; every other policy blocks.
            const listing = policy.name === "redis-guard-exceptions";
            assert.ok(listing || policy.severity >= 3, `${policy.name} is high or critical`);
            assert.strictEqual(policy.enforcementLevel, listing ? "advisory" : "mandatory");
        }
        const schemaOf = (name: string) => info.policies.find((p) => p.name === name)?.configSchema;
        assert.deepStrictEqual(Object.keys(schemaOf("redis-managed-ids-protected") ?? {}).sort(), [
            "discover",
            "exceptions",
            "resourceIds",
        ]);
        assert.deepStrictEqual(Object.keys(schemaOf("redis-managed-tag-reserved") ?? {}).sort(), ["exceptions", "tagKey"]);
        assert.deepStrictEqual(Object.keys(schemaOf("redis-account-settings") ?? {}).sort(), ["acknowledged", "exceptions"]);
    });

    describe("answers as the SDK's handlers do in-process, on which every policy's own tests run", () => {
        let inProcess: AnalyzerClient;
        before(async () => {
            inProcess = startInProcessAnalyzer();
            await Promise.all([analyzer.configure(REDIS_IDS_CONFIG), inProcess.configure(REDIS_IDS_CONFIG)]);
        });
        const summary = (diagnostics: Diagnostic[]) => diagnostics.map((d) => `${d.policyName} ${d.enforcementLevel}: ${d.message}`);

        it("the cases of every resource policy are compared", () => {
            assert.deepStrictEqual(Object.keys(ALL_CASES).sort(), REDIS_GUARD_POLICIES.map((p) => p.name).sort());
        });

        for (const [policy, cases] of Object.entries(ALL_CASES)) {
            it(`${policy}: every case (${cases.length}) draws the same diagnostics over gRPC`, async () => {
                let violations = 0;
                for (const testCase of cases) {
                    const resource = typeof testCase.resource === "function" ? await testCase.resource() : testCase.resource;
                    const overGrpc = summary(await analyzer.analyze(resource));
                    assert.deepStrictEqual(overGrpc, summary(await inProcess.analyze(resource)), testCase.title);
                    if (overGrpc.some((d) => d.startsWith(`${policy} `))) violations++;
                }
                assert.strictEqual(
                    violations,
                    cases.filter((c) => c.violation).length,
                    "the violating cases, and only those, are violations",
                );
            });
        }

        it("the false-alarm corpus and a forged component draw the same answers from AnalyzeStack", async () => {
            const stacks = Object.values(FALSE_ALARM_CORPUS).flatMap((resources) => [resources, atUp(resources)]);
            const { resources } = await runOnMockEngine(() => new RedisCloudIam("redis", {}));
            const component = resources.map(toAnalyzerStackResource);
            const forged = component.filter((r) => r.type !== "aws:iam/accessKey:AccessKey");
            for (const stack of [...stacks, component, forged]) {
                assert.deepStrictEqual(summary(await analyzer.analyzeStack(stack)), summary(await inProcess.analyzeStack(stack)));
            }
            assert.ok((await inProcess.analyzeStack(forged)).length >= 1, "the comparison includes a violation");
        });

        it("redis-boundary-lockout: a component under an S3-only boundary in the stack, and under a reviewed one, draw the same answers from AnalyzeStack", async () => {
            const boundaryArn = "arn:aws:iam::123456789012:policy/s3-only";
            const s3Only = {
                type: "aws:iam/policy:Policy",
                name: "s3-only",
                properties: {
                    name: "s3-only",
                    policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] }),
                },
            };
            const locked = [
                ...(await runOnMockEngine(() => new RedisCloudIam("redis", { permissionsBoundaryArn: boundaryArn }))).resources.map(
                    toAnalyzerStackResource,
                ),
                s3Only,
            ];
            const reviewed = (
                await runOnMockEngine(() => new RedisCloudIam("redis", { permissionsBoundaryArn: REVIEWED_BOUNDARY_ARN }))
            ).resources.map(toAnalyzerStackResource);
            const overGrpc = summary(await analyzer.analyzeStack(locked));
            assert.deepStrictEqual(overGrpc, summary(await inProcess.analyzeStack(locked)));
            assert.strictEqual(overGrpc.filter((d) => d.startsWith("redis-boundary-lockout mandatory: ")).length, 3, overGrpc.join("\n"));
            assert.deepStrictEqual(summary(await analyzer.analyzeStack(reviewed)), []);
        });
    });

    describe("Configure, as a policy group would", () => {
        const sgRule = {
            type: "aws:ec2/securityGroupRule:SecurityGroupRule",
            name: "r",
            properties: { securityGroupId: REDIS_IDS.securityGroup },
        };
        const tagged = { type: "aws:ec2/vpc:Vpc", name: "v", properties: { tags: { RedisLabsIdentifier: "x", OrgOwned: "y" } } };
        afterEach(() => analyzer.configure(REDIS_IDS_CONFIG));

        it("without resourceIds, redis-managed-ids-protected has nothing to protect", async () => {
            await analyzer.configure({});
            assert.deepStrictEqual(await analyzeFor("redis-managed-ids-protected", sgRule), []);
            await analyzer.configure(REDIS_IDS_CONFIG);
            assert.strictEqual((await analyzeFor("redis-managed-ids-protected", sgRule)).length, 1);
        });

        it("redis-account-settings: an exclusion of Redis's VPC judged first lets the options through; an acknowledgement does too", async () => {
            const at = (name: string, type: string, properties: Record<string, unknown>) => ({
                type,
                name,
                urn: `urn:pulumi:grpc-bpa::acct::${type}::${name}`,
                properties,
            });
            const options = at("bpa", "aws:ec2/vpcBlockPublicAccessOptions:VpcBlockPublicAccessOptions", {
                internetGatewayBlockMode: "block-ingress",
            });
            const exclusion = at("redis", "aws:ec2/vpcBlockPublicAccessExclusion:VpcBlockPublicAccessExclusion", {
                vpcId: REDIS_IDS.vpc,
                internetGatewayExclusionMode: "allow-bidirectional",
            });
            assert.strictEqual((await analyzeFor("redis-account-settings", options)).length, 1, "refused alone");
            assert.deepStrictEqual(await analyzer.analyze(exclusion), [], "the exclusion draws nothing");
            assert.deepStrictEqual(await analyzeFor("redis-account-settings", options), [], "allowed after the exclusion");
            const images = at("ami", "aws:ec2/allowedImagesSettings:AllowedImagesSettings", { state: "enabled" });
            assert.strictEqual((await analyzeFor("redis-account-settings", images)).length, 1);
            await analyzer.configure({
                ...REDIS_IDS_CONFIG,
                "redis-account-settings": { properties: { acknowledged: { allowedImages: "SEC-12: checked against Redis's AMI owner" } } },
            });
            assert.deepStrictEqual(await analyzeFor("redis-account-settings", images), []);
        });

        it("honours a changed enforcement level: advisory reports, disabled is silent", async () => {
            await analyzer.configure({ "redis-managed-tag-reserved": { enforcementLevel: "advisory" } });
            assert.deepStrictEqual(
                (await analyzeFor("redis-managed-tag-reserved", tagged)).map((d) => d.enforcementLevel),
                ["advisory"],
            );
            await analyzer.configure({ "redis-managed-tag-reserved": { enforcementLevel: "disabled" } });
            assert.deepStrictEqual(await analyzeFor("redis-managed-tag-reserved", tagged), []);
        });

        it("accepts Redis's documents of every configured revision, and only those", async () => {
            const policy = (document: unknown) => ({
                type: "aws:iam/policy:Policy",
                name: "p",
                properties: { name: "RedislabsIAMUserRestrictedPolicy", policy: JSON.stringify(document) },
            });
            const widened = {
                ...userRestrictedPolicy,
                Statement: [...userRestrictedPolicy.Statement, { Effect: "Allow", Action: "s3:*", Resource: "*" }],
            };
            await analyzer.configure({ "redis-iam-canonical": { properties: { acceptedRevisions: [REDIS_DOCUMENTS_REVISION] } } });
            assert.deepStrictEqual(await analyzeFor("redis-iam-canonical", policy(userRestrictedPolicy)), []);
            const found = await analyzeFor("redis-iam-canonical", policy(widened));
            assert.strictEqual(found.length, 1);
            assert.match(found[0].message, /policy document: /);
        });

        it("honours a configured tagKey", async () => {
            await analyzer.configure({ "redis-managed-tag-reserved": { properties: { tagKey: "OrgOwned" } } });
            const found = await analyzeFor("redis-managed-tag-reserved", { ...tagged, properties: { tags: { OrgOwned: "y" } } });
            assert.strictEqual(found.length, 1);
        });
    });

    describe("never crashes", () => {
        before(() => analyzer.configure(REDIS_IDS_CONFIG));

        it("a value unknown at preview is skipped where it stands: no advisory, no decision (it is decided at pulumi up)", async () => {
            const diagnostics = await analyzer.analyze({
                type: "aws:ec2/securityGroupRule:SecurityGroupRule",
                name: "r",
                properties: { securityGroupId: UNKNOWN, tags: UNKNOWN },
            });
            assert.deepStrictEqual(diagnostics, []);
        });

        it("an ordinary policy attachment whose role is created in the same stack: zero diagnostics (the advisory noise of issue 10)", async () => {
            const attachments = [
                { type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", properties: { role: UNKNOWN, policyArn: UNKNOWN } },
                {
                    type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
                    properties: { role: UNKNOWN, policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" },
                },
                {
                    type: "aws:iam/policyAttachment:PolicyAttachment",
                    properties: { roles: [UNKNOWN, "app"], users: UNKNOWN, policyArn: UNKNOWN },
                },
                { type: "aws:iam/instanceProfile:InstanceProfile", properties: { role: UNKNOWN } },
                {
                    type: "aws:ec2/instance:Instance",
                    properties: { iamInstanceProfile: UNKNOWN, subnetId: UNKNOWN, vpcSecurityGroupIds: [UNKNOWN] },
                },
            ];
            for (const resource of attachments)
                assert.deepStrictEqual(await analyzer.analyze({ name: "a", ...resource }), [], resource.type);
        });

        it("a known Redis principal beside an unknown element is still decided at preview", async () => {
            const diagnostics = await analyzer.analyze({
                type: "aws:iam/policyAttachment:PolicyAttachment",
                name: "a",
                properties: { roles: [UNKNOWN, "redislabs-role"], policyArn: UNKNOWN },
            });
            // One wrong act, one owning policy: a stray grant is refused, never asked to be protected.
            assert.deepStrictEqual([...new Set(diagnostics.map((d) => `${d.policyName} ${d.enforcementLevel}`))].sort(), [
                "redis-iam-canonical mandatory",
            ]);
        });

        it("decides on the known values when an unrelated value is unknown", async () => {
            const diagnostics = await analyzer.analyze({
                type: "aws:ec2/securityGroupRule:SecurityGroupRule",
                name: "r",
                properties: { securityGroupId: REDIS_IDS.securityGroup, cidrBlocks: UNKNOWN, description: UNKNOWN },
            });
            assert.deepStrictEqual(
                diagnostics.map((d) => [d.policyName, d.enforcementLevel]),
                [["redis-managed-ids-protected", "mandatory"]],
            );
        });

        it("malformed, null and oversized values give decisions, not errors", async () => {
            const malformed = [
                {
                    type: "aws:iam/policy:Policy",
                    name: "p",
                    properties: { name: "RedisLabsInstanceRolePolicy", policy: "{not json" },
                    protect: true,
                },
                { type: "aws:iam/role:Role", name: "r", properties: { name: "redislabs-role", assumeRolePolicy: null }, protect: true },
                { type: "aws:ec2/tag:Tag", name: "t", properties: { key: 42, resourceId: [null, { x: 1 }] } },
                { type: "pulumi:providers:aws", name: "p", properties: { defaultTags: "{broken" } },
                { type: "aws:ec2/instance:Instance", name: "i", properties: { tags: "x".repeat(1_000_000) } },
            ];
            const results = await Promise.all(malformed.map((r) => analyzer.analyze(r)));
            assert.match(results[0].map((d) => d.message).join(), /not a well-formed IAM policy/);
            assert.match(results[1].map((d) => d.message).join(), /not a well-formed IAM policy/);
            assert.deepStrictEqual(results.slice(2).flat(), []);
        });
    });

    describe("the RedisCloudIam component conforms to its own guard", () => {
        // With the pack config of the cases, which lists the variant's boundary as reviewed (redis-boundary-lockout).
        before(() => analyzer.configure(REDIS_IDS_CONFIG));
        for (const [variant, args] of Object.entries(COMPONENT_VARIANTS)) {
            it(`with ${variant}: zero violations from Analyze and AnalyzeStack`, async () => {
                const { resources } = await runOnMockEngine(() => new RedisCloudIam("redis", args));
                assert.ok(resources.length >= 11, `the component registered its resources (${resources.length})`);
                const planned = resources.map(toAnalyzerResource);
                const perResource = await Promise.all(planned.map((r) => analyzer.analyze(r)));
                assert.deepStrictEqual(perResource.flat(), []);
                assert.deepStrictEqual(await analyzer.analyzeStack(resources.map(toAnalyzerStackResource)), []);
            });
        }

        it("a violating Redis access key that carries its secret in plain properties: the message names fields, never the value", async () => {
            const diagnostics = await analyzer.analyze({
                type: "aws:iam/accessKey:AccessKey",
                name: "leaky",
                properties: { user: "redislabs-user", secret: MOCK_SECRETS.secret, sesSmtpPasswordV4: MOCK_SECRETS.password },
            });
            assert.ok(diagnostics.length >= 2, "it is flagged (outside the component, secret outputs unmarked)");
            for (const d of diagnostics) for (const secret of Object.values(MOCK_SECRETS)) assert.ok(!d.message.includes(secret));
            assert.deepStrictEqual(analyzer.logs, [], "the pack logs nothing");
        });

        it("while an unprotected deployment of it is flagged for every Redis IAM resource but the keys", async () => {
            const { resources } = await runOnMockEngine(() => new RedisCloudIam("redis", { protectResources: false }));
            const flagged = (await Promise.all(resources.map((r) => analyzeFor("redis-iam-protected", toAnalyzerResource(r))))).flat();
            assert.strictEqual(flagged.length, 15, "2 policies, 2 roles, profile, user, 3 attachments, 6 exclusive lists");
        });
    });
});

describe("reviewed exceptions over the analyzer protocol, in a spawned pack", function () {
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
    const rule = (name: string) => ({
        type: RULE,
        name,
        urn: `urn:pulumi:prod::acct::${RULE}::${name}`,
        properties: { securityGroupId: REDIS_IDS.securityGroup },
    });
    const reason = "Reviewed by security (SEC-42): a temporary rule for a migration.";

    it("waives the named resource only, lists the waiver, and reports an expired exception, as a policy group configures it", async () => {
        const analyzer = await AnalyzerClient.start(PACK_DIR);
        try {
            await analyzer.configure({
                "redis-managed-ids-protected": {
                    properties: {
                        resourceIds: Object.values(REDIS_IDS),
                        exceptions: [
                            { urn: rule("migration").urn, reason, expires: day(14) },
                            { urn: rule("old").urn, reason, expires: day(-3) },
                        ],
                    },
                },
            });
            const ids = async (name: string) =>
                (await analyzer.analyze(rule(name))).filter((d) => d.policyName === "redis-managed-ids-protected");
            assert.deepStrictEqual(await ids("migration"), []);
            assert.strictEqual((await ids("old")).length, 1, "expired: the violation is back");
            assert.strictEqual((await ids("other")).length, 1, "not named: still refused");
            const listed = (await analyzer.analyzeStack([rule("migration"), rule("old"), rule("other")])).filter(
                (d) => d.policyName === "redis-guard-exceptions",
            );
            assert.deepStrictEqual(listed.map((d) => [d.enforcementLevel, d.urn, /waived 1|expired on/.exec(d.message)?.[0]]).sort(), [
                ["advisory", rule("migration").urn, "waived 1"],
                ["advisory", rule("old").urn, "expired on"],
            ]);
        } finally {
            await analyzer.stop();
        }
    });
});
