import type { ResourceValidationPolicy } from "@pulumi/policy";
import { REDIS_IAM_NAMES } from "../../components/redis-documents";
import { guarded } from "./guarded";
import { rawProps } from "./property-scan";
import { readStrings } from "./resource-reader";

export const NODE_ROLE_RESERVED_POLICY_NAME = "redis-node-role-reserved";

/** Where each launching type names the instance profile (a name or an ARN) or the role its instances run as. */
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
/** A profile or role name, or an ARN ending in one, compared as IAM compares names: without regard to case. */
const isRedisNodeIdentity = (value: string) => {
    const name = value.toLowerCase().split("/").pop();
    const isArn = value.startsWith("arn:");
    const kindMatches = !isArn || /:(instance-profile|role)\//.test(value);
    return kindMatches && (name === profile.toLowerCase() || name === nodeRole.toLowerCase());
};

/**
 * Only Redis's own instances may run as Redis's node role: an instance of
 * yours with that profile could delete Redis's security groups and volumes
 * tagged for Redis, and its actions would look like Redis's.
 */
export const redisNodeRoleReserved: ResourceValidationPolicy = {
    name: NODE_ROLE_RESERVED_POLICY_NAME,
    description: `No instance, launch template, launch configuration, spot request, EKS node group or Batch environment in a stack may run as Redis Cloud's node role ${nodeRole} or its instance profile.`,
    remediationSteps: "Give your instances their own instance profile and role.",
    severity: "high",
    enforcementLevel: "mandatory",
    validateResource: guarded(NODE_ROLE_RESERVED_POLICY_NAME, (args, reportViolation) => {
        // Raw inputs: a profile unknown at preview (created in the same stack) is no Redis name; decided at `pulumi up`.
        const props = rawProps(args.props);
        for (const field of INSTANCE_IDENTITY_FIELDS[args.type] ?? []) {
            if (readStrings(props, field).some(isRedisNodeIdentity)) {
                reportViolation(`Field "${field}" uses Redis Cloud's node role or its instance profile.`);
            }
        }
    }),
};
