import type { ResourceValidationPolicy } from "@pulumi/policy";
import { REDIS_IAM_NAMES } from "../../components/redis-documents";
import { guarded } from "./guarded";
import { readString } from "./resource-reader";

export const NODE_ROLE_RESERVED_POLICY_NAME = "redis-node-role-reserved";

/** Where each launching type names its instance profile (a name, or an ARN). */
const INSTANCE_PROFILE_FIELDS: Readonly<Record<string, string[]>> = {
    "aws:ec2/instance:Instance": ["iamInstanceProfile", "iamInstanceProfile.name", "iamInstanceProfile.arn"],
    "aws:ec2/spotInstanceRequest:SpotInstanceRequest": ["iamInstanceProfile"],
    "aws:ec2/launchTemplate:LaunchTemplate": ["iamInstanceProfile.name", "iamInstanceProfile.arn"],
    "aws:ec2/launchConfiguration:LaunchConfiguration": ["iamInstanceProfile"],
};

const profile = REDIS_IAM_NAMES.instanceProfile;
const isRedisProfile = (value: string | undefined) => value === profile || value?.endsWith(`:instance-profile/${profile}`) === true;

/**
 * Only Redis's own instances may run as Redis's node role: an instance of
 * yours with that profile could delete Redis's security groups and volumes
 * tagged for Redis, and its actions would look like Redis's.
 */
export const redisNodeRoleReserved: ResourceValidationPolicy = {
    name: NODE_ROLE_RESERVED_POLICY_NAME,
    description: `No instance, launch template or launch configuration in a stack may use the instance profile ${profile}; it is Redis Cloud's.`,
    remediationSteps: "Give your instances their own instance profile and role.",
    severity: "high",
    enforcementLevel: "mandatory",
    validateResource: guarded(NODE_ROLE_RESERVED_POLICY_NAME, (args, reportViolation) => {
        for (const field of INSTANCE_PROFILE_FIELDS[args.type] ?? []) {
            if (isRedisProfile(readString(args.props, field))) {
                reportViolation(`Field "${field}" uses Redis Cloud's instance profile.`);
            }
        }
    }),
};
