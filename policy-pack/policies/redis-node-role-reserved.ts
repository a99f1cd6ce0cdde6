import type { ResourceValidationPolicy } from "@pulumi/policy";
import { REDIS_IAM_NAMES } from "../../core/redis-documents";
import { guarded } from "../lib/guarded";
import { displayPath, isUnder, scanOrFailClosed, tokenMatcher, TokenMatcher } from "../lib/property-scan";
import { REDIS_CLOUD_IAM_TYPE } from "../../core/type-tokens";
import { GRANT_TYPES, NAMED_TYPES } from "../lib/redis-iam";
import { TAG_KEY_CONDITIONS, isDynamicProviderType } from "../lib/reference-uses";
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

const { instanceProfile: profile, nodeRole } = REDIS_IAM_NAMES;
/** The node role's and profile's names (one name today), as whole tokens: alone, or at the end of a role or profile ARN. */
const NODE_IDENTITY = tokenMatcher([nodeRole, profile]) as TokenMatcher;

/** Uses that only describe or restrict: a free-text description, a control policy's text (it can deny, never grant). */
const isHarmlessUse = (type: string, path: string, props: unknown) =>
    (isUnder(path, "description") && !isDynamicProviderType(type)) ||
    (["aws:organizations/policy:Policy", "aws-native:organizations:Policy"].includes(type) &&
        isUnder(path, "content") &&
        TAG_KEY_CONDITIONS.controlPolicy.holds(props));

/**
 * Only Redis's own instances may run as Redis's node role: an instance of
 * yours with that profile could delete Redis's security groups and volumes
 * tagged for Redis, and its actions would look like Redis's. Found by value,
 * not by a list of launcher types: any resource that names the role or its
 * profile anywhere in its inputs (an EMR cluster, a Batch environment, a
 * CloudFormation template...) is blocked, except Redis's IAM resources
 * themselves, which redis-iam-canonical holds to what the component creates.
 */
export const redisNodeRoleReserved: ResourceValidationPolicy = {
    name: NODE_ROLE_RESERVED_POLICY_NAME,
    description: `No resource in a stack may use Redis Cloud's node role ${nodeRole} or its instance profile: no instance, launch template, spot request or fleet, node group, Batch or EMR cluster, template or any other launcher, found by value in any field.`,
    remediationSteps: "Give your instances their own instance profile and role.",
    severity: "high",
    enforcementLevel: "mandatory",
    validateResource: guarded(NODE_ROLE_RESERVED_POLICY_NAME, (args, reportViolation) => {
        if (GRANT_TYPES[args.type] !== undefined || NAMED_TYPES[args.type] !== undefined) return;
        if (parentType(args.opts.parent) === REDIS_CLOUD_IAM_TYPE) return;
        // Raw inputs: a profile unknown at preview (created in the same stack) is no Redis name; decided at `pulumi up`.
        const props = rawProps(args.props);
        const reported = new Set<string>();
        for (const { path } of scanOrFailClosed(NODE_ROLE_RESERVED_POLICY_NAME, props, NODE_IDENTITY, reportViolation)) {
            if (isHarmlessUse(args.type, path, props)) continue;
            const field = displayPath(path).replace(/\[\]$/, "");
            if (reported.has(field)) continue;
            reported.add(field);
            reportViolation(`Field "${field}" uses Redis Cloud's node role or its instance profile: give this resource a role of its own.`);
        }
    }),
};
