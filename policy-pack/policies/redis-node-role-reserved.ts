import type { ResourceValidationPolicy } from "@pulumi/policy";
import { REDIS_CLOUD_ACCOUNT_ID, REDIS_IAM_NAMES, REDIS_POLICIES } from "../../core/redis-documents";
import { guarded } from "../lib/guarded";
import { sharedHits } from "../lib/shared-scan";
import { displayPath, scanOrFailClosed, tokenMatcher, TokenMatcher } from "../lib/property-scan";
import { REDIS_CLOUD_IAM_TYPE } from "../../core/type-tokens";
import { GRANT_TYPES, NAMED_TYPES } from "../lib/redis-iam";
import { isNameReferenceUse } from "../lib/reference-uses";
import { parentType } from "../lib/resource-reader";
import { rawProps } from "../lib/sdk-internals";

export const NODE_ROLE_RESERVED_POLICY_NAME = "redis-node-role-reserved";

/** Where the common launchers name the instance profile or role (for the README and the provider check); the policy itself reads every field. */
export const INSTANCE_IDENTITY_FIELDS: Readonly<Record<string, string[]>> = {
    "aws:ec2/instance:Instance": ["iamInstanceProfile", "iamInstanceProfile.name", "iamInstanceProfile.arn"],
    "aws:ec2/spotInstanceRequest:SpotInstanceRequest": ["iamInstanceProfile"],
    "aws:ec2/launchTemplate:LaunchTemplate": ["iamInstanceProfile.name", "iamInstanceProfile.arn"],
    "aws:ec2/launchConfiguration:LaunchConfiguration": ["iamInstanceProfile"],
    "aws:ec2/spotFleetRequest:SpotFleetRequest": [
        "launchSpecifications[].iamInstanceProfile",
        "launchSpecifications[].iamInstanceProfileArn",
    ],
    "aws:eks/nodeGroup:NodeGroup": ["nodeRoleArn"],
    "aws:batch/computeEnvironment:ComputeEnvironment": ["computeResources.instanceRole"],
};

const { instanceProfile: profile, nodeRole, user, consoleRole } = REDIS_IAM_NAMES;

/**
 * Redis's identities, found by value, and what each message says: the names
 * and the account come from core/redis-documents.ts. The node role is the
 * policy's first concern (its id keeps the name users configure).
 */
const RESERVED: readonly { tokens: readonly string[]; finding: string; fix: string }[] = [
    {
        tokens: [nodeRole, profile],
        finding: "uses Redis Cloud's node role or its instance profile",
        fix: "give this resource a role of its own",
    },
    {
        tokens: [user],
        finding: `names Redis Cloud's IAM user ${user}, whose key Redis holds`,
        fix: "remove it; a command, script, document or template must not act as or on Redis's user",
    },
    {
        tokens: [consoleRole],
        finding: `names Redis Cloud's console role ${consoleRole}`,
        fix: "remove it; only Redis's account assumes that role",
    },
    {
        tokens: Object.keys(REDIS_POLICIES),
        finding: "names one of Redis Cloud's IAM policies",
        fix: "remove it; only a RedisCloudIam component creates and attaches Redis's policies",
    },
    {
        tokens: [REDIS_CLOUD_ACCOUNT_ID],
        finding: "names Redis Cloud's AWS account",
        fix: "remove it; grants to Redis's account are judged in policy documents (redis-iam-documents), and nothing else should name it",
    },
];
const RESERVED_BY_TOKEN: ReadonlyMap<string, (typeof RESERVED)[number]> = new Map(
    RESERVED.flatMap((entry) => entry.tokens.map((token) => [token.toLowerCase(), entry] as const)),
);
/** Every reserved name and the account, as whole tokens: alone, at the end of an ARN, in a command line or a document. */
const REDIS_IDENTITIES = tokenMatcher(RESERVED.flatMap((entry) => entry.tokens)) as TokenMatcher;

/**
 * Only Redis acts as Redis's identities. An instance of yours with the node
 * role's profile could delete Redis's security groups and volumes tagged for
 * Redis, and its actions would look like Redis's; a command, buildspec, SSM
 * document, function input or template that names Redis's user or roles acts
 * as them or on them. Found by value, not by a list of types or fields: any
 * resource that names one anywhere in its inputs, decoded as a user's tools
 * would (YAML, JSON, base64, percent-encoding, `Fn::Sub`, `Fn::Join`), is
 * blocked, except Redis's IAM resources themselves (redis-iam-canonical), the
 * statements of policy documents (judged by effect by redis-iam-documents),
 * and the reviewed uses.
 */
export const redisNodeRoleReserved: ResourceValidationPolicy = {
    name: NODE_ROLE_RESERVED_POLICY_NAME,
    description: `No resource in a stack may use Redis Cloud's node role ${nodeRole} or its instance profile (no instance, launch template, spot request or fleet, node group, Batch or EMR cluster, template or any other launcher), nor name Redis's user ${user}, its console role ${consoleRole}, its policies or Redis Cloud's account, found by value in any field (commands, scripts, buildspecs, SSM documents, function inputs, templates) but the reviewed uses.`,
    remediationSteps:
        "Give your instances their own instance profile and role. Remove Redis's names and account from commands, scripts, documents and templates; observe Redis's principals only in the reviewed ways listed in the pack's README.",
    severity: "high",
    enforcementLevel: "mandatory",
    validateResource: guarded(NODE_ROLE_RESERVED_POLICY_NAME, (args, reportViolation) => {
        if (GRANT_TYPES[args.type] !== undefined || NAMED_TYPES[args.type] !== undefined) return;
        if (parentType(args.opts.parent) === REDIS_CLOUD_IAM_TYPE) return;
        // Raw inputs: a profile unknown at preview (created in the same stack) is no Redis name; decided at `pulumi up`.
        const props = rawProps(args.props);
        const reported = new Set<string>();
        for (const { path, token, inStatement } of scanOrFailClosed(
            NODE_ROLE_RESERVED_POLICY_NAME,
            () => sharedHits(NODE_ROLE_RESERVED_POLICY_NAME, args.urn, props, REDIS_IDENTITIES),
            reportViolation,
        )) {
            if (inStatement || isNameReferenceUse(args.type, path, props)) continue;
            const reserved = RESERVED_BY_TOKEN.get(token) ?? RESERVED[0];
            const field = displayPath(path).replace(/\[\]$/, "");
            const message = `Field "${field}" ${reserved.finding}: ${reserved.fix}.`;
            if (reported.has(message)) continue;
            reported.add(message);
            reportViolation(message);
        }
    }),
};
