import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import {
    DEFAULT_GUARDRAIL_POLICY_NAME,
    GUARDRAIL_RESOURCE_TAG_CONDITION_KEY,
    INSTANCE_ACCESS_ACTIONS,
    MAX_GUARDRAIL_POLICIES,
    REDIS_IDENTITY_ARN_PATTERNS,
    REDIS_PRINCIPAL_ARN_PATTERNS,
    REDIS_RESOURCE_TAG_CONDITION_KEY,
    SCP_MAX_SIZE,
    actionMatches,
    TAG_WRITE_ACTIONS,
    actionsRedisScopesToItsTag,
    guardrailPolicyDocuments,
    packStatements,
    policySize,
    protectedActions,
    renderPolicy,
} from "../../core/guardrail-policy";
import type { PolicyDocument, PolicyStatement } from "../../core/policy-document";
import { REDIS_TAG_KEY, REDIS_TAG_VALUE, instanceRolePolicy, userRestrictedPolicy } from "../../core/redis-documents";
import { REDIS_MANAGED_GUARDRAIL_TYPE } from "../../core/type-tokens";
import {
    GuardrailMode,
    RedisManagedGuardrail,
    RedisManagedGuardrailArgs,
    validateRedisManagedGuardrailArgs,
} from "../../components/redis-managed-guardrail";
import { MockRunOptions, RegisteredResource, revealSecrets, runOnMockEngine, valueOf } from "../../plan/mock-engine";
import { REPO_ROOT } from "../helpers";

const T = { policy: "aws:organizations/policy:Policy", attachment: "aws:organizations/policyAttachment:PolicyAttachment" };
const TARGETS = ["111122223333", "ou-ab12-cdef3456", "r-ab12"];
/** Enough break-glass roles to push the guardrail past one SCP, but not past the per-target limit. */
const MANY_BREAK_GLASS = Array.from({ length: 30 }, (_, i) => `arn:aws:iam::123456789012:role/emergency/break-glass-operator-${i}`);

async function build(args: RedisManagedGuardrailArgs, name = "guard", options: MockRunOptions = {}) {
    const run = await runOnMockEngine(() => new RedisManagedGuardrail(name, args), options);
    const component = run.resources.find((r) => r.type === REDIS_MANAGED_GUARDRAIL_TYPE);
    assert.ok(component, "the component was registered");
    const ofType = (type: string) => run.resources.filter((r) => r.type === type);
    return { ...run, component, policies: ofType(T.policy), attachments: ofType(T.attachment) };
}

const inputs = (r: RegisteredResource) => revealSecrets(r.inputs) as Record<string, unknown>;
const content = (policy: RegisteredResource) => JSON.parse(inputs(policy).content as string) as PolicyDocument;
const statement = (document: PolicyDocument, sidPrefix: string) => document.Statement.filter((s) => s.Sid?.startsWith(sidPrefix));
const actionsOf = (statements: PolicyStatement[]) => statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
const exemptionsOf = (s: PolicyStatement) => s.Condition?.ArnNotLike?.["aws:PrincipalArn"] as string[];

describe("The guardrail SCP text", () => {
    it("derives the tag-scoped actions from Redis's canonical documents, not from a copy", () => {
        const expected = new Set<string>();
        for (const document of [userRestrictedPolicy, instanceRolePolicy]) {
            for (const s of document.Statement) {
                if (s.Effect === "Allow" && s.Condition?.StringEquals?.[`ec2:ResourceTag/${REDIS_TAG_KEY}`] === REDIS_TAG_VALUE) {
                    for (const action of Array.isArray(s.Action) ? s.Action : [s.Action]) expected.add(action);
                }
            }
        }
        const computed = actionsRedisScopesToItsTag();
        assert.ok(computed.length >= 20, "Redis's documents scope at least 20 actions to the tag");
        assert.deepStrictEqual(computed, [...expected].sort());
        const changed: PolicyDocument = {
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Allow",
                    Action: "ec2:NewThing",
                    Resource: "*",
                    Condition: { StringEquals: { [REDIS_RESOURCE_TAG_CONDITION_KEY]: REDIS_TAG_VALUE } },
                },
                { Effect: "Allow", Action: "ec2:Untagged", Resource: "*" },
            ],
        };
        assert.deepStrictEqual(actionsRedisScopesToItsTag([changed]), ["ec2:NewThing"], "follows the documents it is given");
    });

    it("denies Redis's tag-scoped actions and the other writes, Run Command and the EBS direct APIs, on tagged resources only", () => {
        const [document] = guardrailPolicyDocuments();
        const [deny] = statement(document, "DenyChangesToRedisResources");
        const actions = actionsOf([deny]);
        const denies = (action: string) => actions.some((pattern) => actionMatches(pattern, action));
        assert.ok(actions.length > 0);
        assert.deepStrictEqual(actions, protectedActions());
        for (const action of actionsRedisScopesToItsTag()) assert.ok(denies(action), action);
        for (const action of [...INSTANCE_ACCESS_ACTIONS, "ebs:GetSnapshotBlock"]) assert.ok(denies(action), action);
        assert.ok(!denies("ec2:CopySnapshot"), "CopySnapshot carries no resource tag: claimed nowhere as denied");
        assert.ok(!denies("ec2:CreateTags"), "cost tags stay open; the Redis key has its own statement");
        for (const action of [
            "ec2:StopInstances",
            "ec2:TerminateInstances",
            "ec2:ModifyInstanceAttribute",
            "ec2:AuthorizeSecurityGroupIngress",
            "ec2:RevokeSecurityGroupIngress",
            "ec2:DetachVolume",
            "ec2:DeleteVolume",
            "ec2:CreateRoute",
            "ec2:ReplaceRoute",
            "ec2:DeleteRouteTable",
        ]) {
            assert.ok(denies(action), `${action} is protected`);
        }
        assert.ok(
            actions.every((action) => /^(ec2|ssm|ebs):/.test(action)),
            "EC2 (with EBS and VPC), Systems Manager and the EBS direct APIs only",
        );
        assert.deepStrictEqual(deny.Condition?.StringEquals, { [GUARDRAIL_RESOURCE_TAG_CONDITION_KEY]: REDIS_TAG_VALUE });
        assert.strictEqual(deny.Effect, "Deny");
        assert.strictEqual(deny.Resource, "*");
    });

    it("denies writing the Redis tag key, in any case, with CreateTags and DeleteTags", () => {
        const [document] = guardrailPolicyDocuments();
        const [tagDeny] = statement(document, "DenyRedisTagKeyChanges");
        assert.deepStrictEqual(tagDeny.Action, [...TAG_WRITE_ACTIONS]);
        assert.deepStrictEqual(tagDeny.Condition?.["ForAnyValue:StringEqualsIgnoreCase"], { "aws:TagKeys": [REDIS_TAG_KEY] });
    });

    it("exempts exactly Redis's three principals and the break-glass roles in every deny on resources (no blanket service-linked role pattern)", () => {
        const breakGlass = ["arn:aws:iam::123456789012:role/BreakGlass", "arn:aws:iam::*:role/ops/Emergency"];
        const [document] = guardrailPolicyDocuments({ breakGlassRoleArns: breakGlass, protectRedisIdentities: false });
        assert.strictEqual(document.Statement.length, 3);
        assert.ok(
            !renderPolicy(document).includes("aws-service-role"),
            "SCPs never apply to service-linked roles: exempting them reads as a hole",
        );
        // Without Redis's identities to protect, the identity deny still guards the exempt roles' own names.
        const [identityDeny] = document.Statement.splice(
            document.Statement.findIndex((s) => s.Sid === "DenyChangesToRedisIdentities"),
            1,
        );
        assert.deepStrictEqual(identityDeny.Resource, breakGlass);
        assert.deepStrictEqual(REDIS_PRINCIPAL_ARN_PATTERNS, [
            "arn:aws:iam::*:user/redislabs-user",
            "arn:aws:iam::*:role/redislabs-role",
            "arn:aws:iam::*:role/redislabs-cluster-node-role",
        ]);
        for (const s of document.Statement) {
            assert.deepStrictEqual(exemptionsOf(s), [...REDIS_PRINCIPAL_ARN_PATTERNS, ...breakGlass], s.Sid);
        }
    });

    it("by default also denies IAM writes to Redis's identities, except by Redis, break-glass and identity admins", () => {
        const breakGlass = ["arn:aws:iam::123456789012:role/BreakGlass"];
        const admins = ["arn:aws:iam::*:role/PulumiDeployer"];
        const [document] = guardrailPolicyDocuments({ breakGlassRoleArns: breakGlass, identityAdminRoleArns: admins });
        assert.strictEqual(document.Statement.length, 3);
        const identityDeny = document.Statement.find((s) => s.Sid === "DenyChangesToRedisIdentities");
        assert.ok(identityDeny);
        assert.deepStrictEqual(identityDeny.Resource, [...REDIS_IDENTITY_ARN_PATTERNS, ...breakGlass, ...admins]);
        assert.ok(actionsOf([identityDeny]).includes("iam:PassRole"));
        assert.deepStrictEqual(exemptionsOf(identityDeny), [...REDIS_PRINCIPAL_ARN_PATTERNS, ...breakGlass, ...admins]);
        for (const s of document.Statement.filter((s) => s !== identityDeny)) {
            assert.ok(!exemptionsOf(s).includes(admins[0]), `${s.Sid}: an identity admin is not exempt from the resource denies`);
        }
    });

    it("renders compact JSON well under the SCP limit by default", () => {
        const documents = guardrailPolicyDocuments();
        assert.strictEqual(documents.length, 1);
        const rendered = renderPolicy(documents[0]);
        assert.strictEqual(rendered, JSON.stringify(JSON.parse(rendered)), "no whitespace outside strings");
        assert.ok(!/\s/.test(rendered), "no whitespace at all");
        assert.ok(policySize(rendered) < SCP_MAX_SIZE, `${policySize(rendered)} < ${SCP_MAX_SIZE}`);
    });

    it("splits into several documents, each under the limit, when the exemptions are long, losing no action", () => {
        const documents = guardrailPolicyDocuments({ breakGlassRoleArns: MANY_BREAK_GLASS });
        assert.ok(documents.length > 1 && documents.length <= MAX_GUARDRAIL_POLICIES, `${documents.length} documents`);
        for (const document of documents) assert.ok(policySize(renderPolicy(document)) <= SCP_MAX_SIZE);
        const all = documents.flatMap((d) => d.Statement);
        assert.deepStrictEqual(
            actionsOf(statement({ Version: "2012-10-17", Statement: all }, "DenyChangesToRedisResources")).sort(),
            protectedActions(),
        );
        const sids = all.map((s) => s.Sid);
        assert.strictEqual(new Set(sids).size, sids.length, "Sids stay unique");
        for (const s of all) assert.ok(/^[A-Za-z0-9]+$/.test(s.Sid ?? ""), `${s.Sid} is alphanumeric`);
    });

    it("packs statements first-fit and never emits an empty document", () => {
        const big = (sid: string, n: number): PolicyStatement => ({
            Sid: sid,
            Effect: "Deny",
            Action: Array.from({ length: n }, (_, i) => `ec2:Action${sid}${i}` as const),
            Resource: "*",
        });
        const documents = packStatements([big("A", 10), big("B", 40)], 600);
        assert.ok(documents.length >= 2);
        for (const document of documents) {
            assert.ok(document.Statement.length > 0);
            assert.ok(policySize(renderPolicy(document)) <= 600, renderPolicy(document));
        }
        assert.strictEqual(actionsOf(documents.flatMap((d) => d.Statement)).length, 50);
    });

    it("is documented action by action in docs/guardrail.md", () => {
        const markdown = fs.readFileSync(path.join(REPO_ROOT, "docs", "guardrail.md"), "utf8");
        const documented = new Set([...markdown.matchAll(/`((?:ec2|ssm|ebs):[A-Za-z]*\*?)`/g)].map((m) => m[1]));
        const missing = protectedActions().filter((action) => !documented.has(action));
        assert.deepStrictEqual(missing, [], "every protected action appears in the doc");
    });
});

describe("RedisManagedGuardrail under the mock engine", () => {
    const POLICIES_FOR_TARGET = "aws:organizations/getPoliciesForTarget:getPoliciesForTarget";
    /** AWS Organizations as the mock sees it: these SCP IDs already attached to each target. */
    const attachedScps = (byTarget: Record<string, string[]>, asked: string[] = []): MockRunOptions => ({
        calls: {
            [POLICIES_FOR_TARGET]: (inputs) => {
                asked.push(`${String(inputs.targetId)} ${String(inputs.filter)}`);
                return { ...inputs, id: String(inputs.targetId), ids: byTarget[String(inputs.targetId)] ?? [] };
            },
        },
    });

    it("asks each target for its SCPs and attaches a split guardrail where it has room", async () => {
        const asked: string[] = [];
        const { attachments } = await build(
            { targetIds: TARGETS.slice(0, 2), breakGlassRoleArns: MANY_BREAK_GLASS.slice(0, 5) },
            "guard",
            attachedScps({ [TARGETS[0]]: ["p-FullAWSAccess", "p-other1"] }, asked),
        );
        assert.deepStrictEqual(
            asked.sort(),
            TARGETS.slice(0, 2)
                .map((t) => `${t} SERVICE_CONTROL_POLICY`)
                .sort(),
        );
        assert.strictEqual(attachments.length, 2 * 2, "two policies on each of two targets");
        assert.deepStrictEqual([...new Set(attachments.map((a) => inputs(a).targetId))].sort(), TARGETS.slice(0, 2).sort());
    });

    it("refuses a target without room for every guardrail policy, naming it and what is attached, and attaches nothing there", async () => {
        // The failed check rejects the attachment's input; the engine fails the deployment with that message.
        const failures: string[] = [];
        const record = (error: unknown) => failures.push((error as Error).message);
        process.on("unhandledRejection", record);
        try {
            const full = ["p-FullAWSAccess", "p-a", "p-b", "p-c"];
            const { attachments, policies } = await build(
                { targetIds: [TARGETS[1]], breakGlassRoleArns: MANY_BREAK_GLASS.slice(0, 5) },
                "guard",
                attachedScps({ [TARGETS[1]]: full }),
            );
            await new Promise((resolve) => setTimeout(resolve, 50));
            assert.strictEqual(policies.length, 2, "a split guardrail: two policies");
            assert.strictEqual(attachments.length, 0, "nothing is attached to the full target");
        } finally {
            process.off("unhandledRejection", record);
        }
        assert.ok(failures.length > 0, "the deployment fails");
        for (const message of failures) {
            assert.match(
                message,
                new RegExp(`targetIds: ${TARGETS[1]} already has 4 SCP\\(s\\) attached \\(p-FullAWSAccess, p-a, p-b, p-c\\)`),
            );
            assert.match(message, /needs 2 more and AWS allows 5 per target/);
        }
    });

    it("does not count the guardrail's own attached policies against it on a later update", async () => {
        const own = [`${DEFAULT_GUARDRAIL_POLICY_NAME}-1-id`, `${DEFAULT_GUARDRAIL_POLICY_NAME}-2-id`];
        const { attachments } = await build(
            { targetIds: [TARGETS[1]], breakGlassRoleArns: MANY_BREAK_GLASS.slice(0, 5) },
            "guard",
            attachedScps({ [TARGETS[1]]: ["p-FullAWSAccess", "p-a", "p-b", ...own] }),
        );
        assert.strictEqual(attachments.length, 2);
    });

    it("creates one SCP and one attachment per target, all children of the component", async () => {
        const { resources, component, policies, attachments } = await build({ targetIds: TARGETS });
        assert.strictEqual(resources.length, 1 + 1 + TARGETS.length, "component + policy + attachments");
        assert.strictEqual(policies.length, 1);
        assert.strictEqual(attachments.length, TARGETS.length);
        for (const child of [...policies, ...attachments]) {
            assert.strictEqual(child.parent, component.urn, `${child.name} is parented`);
            assert.strictEqual(child.protect, true, `${child.name} is protected by default`);
        }
        const policy = inputs(policies[0]);
        assert.strictEqual(policy.type, "SERVICE_CONTROL_POLICY");
        assert.strictEqual(policy.name, DEFAULT_GUARDRAIL_POLICY_NAME);
        assert.strictEqual(policy.content, renderPolicy(guardrailPolicyDocuments()[0]));
        assert.deepStrictEqual(
            attachments.map((a) => inputs(a).targetId),
            TARGETS,
        );
        for (const attachment of attachments) assert.strictEqual(inputs(attachment).policyId, `${DEFAULT_GUARDRAIL_POLICY_NAME}-id`);
        assert.deepStrictEqual(
            attachments.map((a) => a.name),
            TARGETS.map((target) => `guard-scp-1-${target}`),
        );
    });

    it("returns the policy ids, ARNs, exact contents and the attachments", async () => {
        const { result } = await build({ targetIds: TARGETS.slice(0, 2) });
        assert.deepStrictEqual(await valueOf(result.policyIds), [`${DEFAULT_GUARDRAIL_POLICY_NAME}-id`]);
        assert.strictEqual((await valueOf(result.policyArns)).length, 1);
        const contents = await valueOf(result.policyContents);
        assert.deepStrictEqual(contents, guardrailPolicyDocuments().map(renderPolicy));
        for (const text of contents) assert.ok(policySize(text) < SCP_MAX_SIZE);
        assert.strictEqual(await valueOf(result.attachmentCount), 2);
        assert.deepStrictEqual(await valueOf(result.attachmentIds), ["guard-scp-1-111122223333-id", "guard-scp-1-ou-ab12-cdef3456-id"]);
    });

    it("in audit mode creates the SCP but attaches it nowhere, with or without targets", async () => {
        for (const args of [{ mode: GuardrailMode.Audit }, { mode: GuardrailMode.Audit, targetIds: TARGETS }]) {
            const { resources, policies, attachments, result } = await build(args);
            assert.strictEqual(resources.length, 2, "component + policy");
            assert.strictEqual(policies.length, 1);
            assert.strictEqual(attachments.length, 0);
            assert.strictEqual(await valueOf(result.attachmentCount), 0);
            assert.deepStrictEqual(await valueOf(result.attachmentIds), []);
        }
    });

    it("passes break-glass roles into the SCP", async () => {
        const breakGlass = "arn:aws:iam::123456789012:role/BreakGlass";
        const { policies } = await build({ targetIds: ["r-ab12"], breakGlassRoleArns: [breakGlass] });
        assert.strictEqual(policies.length, 1);
        for (const s of content(policies[0]).Statement) assert.ok(exemptionsOf(s).includes(breakGlass), s.Sid);
    });

    it("creates and attaches every part of a split guardrail, each under the SCP limit", async () => {
        const { resources, policies, attachments, result } = await build({ targetIds: TARGETS, breakGlassRoleArns: MANY_BREAK_GLASS });
        const parts = guardrailPolicyDocuments({ breakGlassRoleArns: MANY_BREAK_GLASS }).length;
        assert.ok(parts > 1);
        assert.strictEqual(policies.length, parts);
        assert.strictEqual(attachments.length, parts * TARGETS.length);
        assert.strictEqual(resources.length, 1 + parts + parts * TARGETS.length);
        assert.deepStrictEqual(
            policies.map((p) => inputs(p).name),
            Array.from({ length: parts }, (_, i) => `${DEFAULT_GUARDRAIL_POLICY_NAME}-${i + 1}`),
        );
        for (const policy of policies) {
            assert.ok(policySize(inputs(policy).content as string) <= SCP_MAX_SIZE);
            const targets = attachments.filter((a) => inputs(a).policyId === `${inputs(policy).name}-id`).map((a) => inputs(a).targetId);
            assert.deepStrictEqual(targets, TARGETS, `${inputs(policy).name} is attached to every target`);
        }
        assert.strictEqual(await valueOf(result.attachmentCount), parts * TARGETS.length);
    });

    it("applies name, description and tags, and leaves children unprotected when asked", async () => {
        const tags = { team: "platform" };
        const { policies, attachments } = await build({
            targetIds: ["111122223333"],
            policyName: "RedisBackstop",
            description: "Keep hands off Redis",
            tags,
            protectResources: false,
        });
        assert.strictEqual(policies.length + attachments.length, 2);
        assert.deepStrictEqual(
            { name: inputs(policies[0]).name, description: inputs(policies[0]).description, tags: inputs(policies[0]).tags },
            { name: "RedisBackstop", description: "Keep hands off Redis", tags },
        );
        for (const child of [...policies, ...attachments]) assert.strictEqual(child.protect, false, child.name);
    });
});

describe("RedisManagedGuardrail rejects bad input before registering anything", () => {
    const cases: [string, RedisManagedGuardrailArgs, RegExp][] = [
        ["no targets in enforce mode", {}, /args\.targetIds: must list at least one target .* or set mode to "audit"/],
        ["an empty target list", { targetIds: [] }, /args\.targetIds: must list at least one target/],
        [
            "a target list that is not a list",
            { targetIds: "r-ab12" as unknown as string[] },
            /args\.targetIds: must be a list; each entry must be an AWS Organizations account ID/,
        ],
        [
            "an 11-digit account ID",
            { targetIds: ["11112222333"] },
            /args\.targetIds: "11112222333" is not allowed; each entry must be an AWS Organizations account ID \(12 digits\), OU ID/,
        ],
        ["an OU ID without its root part", { targetIds: ["ou-cdef3456"] }, /args\.targetIds: "ou-cdef3456" is not allowed/],
        ["an upper-case OU ID", { targetIds: ["ou-AB12-CDEF3456"] }, /args\.targetIds: "ou-AB12-CDEF3456" is not allowed/],
        ["a root ID that is too short", { targetIds: ["r-ab1"] }, /args\.targetIds: "r-ab1" is not allowed/],
        ["an organization ID instead of the root", { targetIds: ["o-abcd123456"] }, /args\.targetIds: "o-abcd123456" is not allowed/],
        ["a non-string target", { targetIds: [42 as unknown as string] }, /args\.targetIds: an entry that is not a string is not allowed/],
        [
            "a duplicate target",
            { targetIds: ["r-ab12", "111122223333", "r-ab12"] },
            /args\.targetIds: "r-ab12" is listed twice; each entry must be unique/,
        ],
        [
            "malformed targets even in audit mode",
            { mode: GuardrailMode.Audit, targetIds: ["nope"] },
            /args\.targetIds: "nope" is not allowed/,
        ],
        [
            "a user ARN as break-glass",
            { targetIds: ["r-ab12"], breakGlassRoleArns: ["arn:aws:iam::123456789012:user/admin"] },
            /args\.breakGlassRoleArns: "arn:aws:iam::123456789012:user\/admin" is not allowed; each entry must be an IAM role ARN/,
        ],
        [
            "a wildcard role name as break-glass",
            { targetIds: ["r-ab12"], breakGlassRoleArns: ["arn:aws:iam::123456789012:role/*"] },
            /args\.breakGlassRoleArns: "arn:aws:iam::123456789012:role\/\*" is not allowed/,
        ],
        [
            "a break-glass ARN in an unknown partition",
            { targetIds: ["r-ab12"], breakGlassRoleArns: ["arn:aws-xx:iam::123456789012:role/BreakGlass"] },
            /args\.breakGlassRoleArns: .* is not allowed/,
        ],
        [
            "a break-glass ARN with a short account ID",
            { targetIds: ["r-ab12"], breakGlassRoleArns: ["arn:aws:iam::1234:role/BreakGlass"] },
            /args\.breakGlassRoleArns: .* is not allowed/,
        ],
        [
            "a user ARN as identity admin",
            { targetIds: ["r-ab12"], identityAdminRoleArns: ["arn:aws:iam::123456789012:user/deployer"] },
            /args\.identityAdminRoleArns: "arn:aws:iam::123456789012:user\/deployer" is not allowed; each entry must be an IAM role ARN/,
        ],
        [
            "a non-boolean protectRedisIdentities",
            { targetIds: ["r-ab12"], protectRedisIdentities: "yes" as unknown as boolean },
            /args\.protectRedisIdentities: must be true or false/,
        ],
        [
            "a duplicate break-glass ARN",
            { targetIds: ["r-ab12"], breakGlassRoleArns: ["arn:aws:iam::*:role/BreakGlass", "arn:aws:iam::*:role/BreakGlass"] },
            /args\.breakGlassRoleArns: "arn:aws:iam::\*:role\/BreakGlass" is listed twice/,
        ],
        [
            "so many break-glass roles that the SCPs would not fit",
            {
                targetIds: ["r-ab12"],
                breakGlassRoleArns: Array.from({ length: 400 }, (_, i) => `arn:aws:iam::123456789012:role/break-glass-${i}`),
            },
            /args\.breakGlassRoleArns: makes the guardrail too large: it would need \d+ SCP\(s\)/,
        ],
        ["an unknown mode", { targetIds: ["r-ab12"], mode: "dry-run" as GuardrailMode }, /args\.mode: must be one of "enforce", "audit"/],
        [
            "an empty policy name",
            { targetIds: ["r-ab12"], policyName: " " },
            /args\.policyName: must be a non-blank string of at most 120 characters/,
        ],
        [
            "an over-long policy name",
            { targetIds: ["r-ab12"], policyName: "p".repeat(121) },
            /args\.policyName: must be a non-blank string/,
        ],
        [
            "an over-long description",
            { targetIds: ["r-ab12"], description: "d".repeat(513) },
            /args\.description: must be a non-blank string of at most 512/,
        ],
        [
            "the Redis tag key as a tag",
            { targetIds: ["r-ab12"], tags: { RedisLabsIdentifier: "x" } },
            /args\.tags: key "RedisLabsIdentifier" is reserved/,
        ],
        [
            "a non-boolean protectResources",
            { targetIds: ["r-ab12"], protectResources: "no" as unknown as boolean },
            /args\.protectResources: must be true or false/,
        ],
    ];
    const LONG_ROLE = `arn:aws:iam::123456789012:user/${"platform/".repeat(12)}deployer`;
    cases.push(
        [
            "a misspelt arg",
            { targetIds: ["r-ab12"], breakGlassRoleArn: ["arn:aws:iam::*:role/BreakGlass"] } as RedisManagedGuardrailArgs,
            /args\.breakGlassRoleArn: is not an arg of RedisManagedGuardrail \(did you mean "breakGlassRoleArns"\?\); its args: targetIds, breakGlassRoleArns, /,
        ],
        [
            "an unknown arg",
            { targetIds: ["r-ab12"], region: "us-east-1" } as RedisManagedGuardrailArgs,
            /args\.region: is not an arg of RedisManagedGuardrail; its args:/,
        ],
        [
            "a long ARN, quoted whole",
            { targetIds: ["r-ab12"], identityAdminRoleArns: [LONG_ROLE] },
            new RegExp(`"${LONG_ROLE.replace(/[.*/]/g, "\\$&")}" is not allowed`),
        ],
        [
            "an Identity Center role with a wildcard set name",
            { targetIds: ["r-ab12"], breakGlassRoleArns: ["arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_*"] },
            /args\.breakGlassRoleArns: "arn:aws:iam::\*:role\/aws-reserved\/sso\.amazonaws\.com\/AWSReservedSSO_\*" is not allowed; .*or an IAM Identity Center role/,
        ],
        [
            "an Identity Center role with a malformed hash",
            {
                targetIds: ["r-ab12"],
                identityAdminRoleArns: ["arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_xyz*"],
            },
            /args\.identityAdminRoleArns: "arn:aws:iam::123456789012:role\/aws-reserved\/sso\.amazonaws\.com\/AWSReservedSSO_Admin_xyz\*" is not allowed/,
        ],
    );
    it("has cases to run", () => assert.ok(cases.length >= 25, `${cases.length} cases`));
    for (const [what, args, message] of cases) {
        it(`rejects ${what}`, async () => {
            const { resources } = await runOnMockEngine(() => {
                assert.throws(
                    () => new RedisManagedGuardrail("bad", args),
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

    it("checks Output tags where they become known, with the same message", async () => {
        await runOnMockEngine(async () => {
            const checked = validateRedisManagedGuardrailArgs({ targetIds: ["r-ab12"], tags: pulumi.output({ RedisLabsIdentifier: "x" }) });
            await assert.rejects(valueOf(checked.tags as pulumi.Output<unknown>), /args\.tags: key "RedisLabsIdentifier" is reserved/);
        });
    });
});

describe("RedisManagedGuardrail accepts IAM Identity Center roles and warns about a locked-out deployer", () => {
    const SSO_ROLES = [
        "arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_AdministratorAccess_0123456789abcdef",
        "arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_BreakGlass_fedcba9876543210",
        "arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_BreakGlass_*",
        "arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_PlatformDeployer_*",
    ];

    it("accepts Identity Center role ARNs and their wildcard form, and exempts them in the SCP", async () => {
        const { policies } = await build({
            targetIds: ["r-ab12"],
            breakGlassRoleArns: SSO_ROLES.slice(0, 3),
            identityAdminRoleArns: [SSO_ROLES[3]],
        });
        // Long ARNs may split the guardrail into several SCPs; every statement of each exempts them.
        assert.ok(policies.length >= 1);
        const statements = policies.flatMap((policy) => content(policy).Statement);
        for (const s of statements)
            for (const arn of SSO_ROLES.slice(0, 3)) assert.ok(exemptionsOf(s).includes(arn), `${s.Sid} exempts ${arn}`);
        assert.ok(
            statements.some((s) => exemptionsOf(s).includes(SSO_ROLES[3])),
            "the identity admin is exempt from the identity deny",
        );
    });

    it("warns when protectRedisIdentities is on and identityAdminRoleArns is empty, and only then", () => {
        const warnings = (args: RedisManagedGuardrailArgs) => validateRedisManagedGuardrailArgs(args).warnings;
        assert.deepStrictEqual(warnings({ targetIds: ["r-ab12"], identityAdminRoleArns: [SSO_ROLES[3]] }), []);
        assert.deepStrictEqual(warnings({ targetIds: ["r-ab12"], protectRedisIdentities: false }), []);
        const [warning, ...more] = warnings({ targetIds: ["r-ab12"] });
        assert.strictEqual(more.length, 0);
        assert.match(
            warning,
            /^RedisManagedGuardrail args\.identityAdminRoleArns is empty while protectRedisIdentities is on: .*fails with AccessDenied/,
        );
    });
});
