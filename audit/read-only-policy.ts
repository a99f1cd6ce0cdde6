/**
 * The minimal IAM policy the audit needs: exactly the read calls
 * `AccountReader` makes, on Redis's resources where IAM allows scoping them.
 * `npx redis-cloud-byoc-aws audit --print-policy` prints it; the tests prove
 * with the IAM simulator that it allows every call the audit makes and no write.
 */
import type { PolicyDocument } from "../core/policy-document";
import { REDIS_IAM_NAMES } from "../core/redis-documents";

const iamArn = (kind: string, name: string) => `arn:aws:iam::*:${kind}/${name}`;

export const auditReadOnlyPolicy: PolicyDocument = {
    Version: "2012-10-17",
    Statement: [
        {
            Sid: "ReadRedisPolicies",
            Effect: "Allow",
            Action: ["iam:GetPolicy", "iam:GetPolicyVersion"],
            Resource: [iamArn("policy", REDIS_IAM_NAMES.instanceRolePolicy), iamArn("policy", REDIS_IAM_NAMES.userRestrictedPolicy)],
        },
        {
            Sid: "ReadRedisRoles",
            Effect: "Allow",
            Action: ["iam:GetRole", "iam:ListAttachedRolePolicies", "iam:ListRolePolicies"],
            Resource: [iamArn("role", REDIS_IAM_NAMES.nodeRole), iamArn("role", REDIS_IAM_NAMES.consoleRole)],
        },
        {
            Sid: "ReadRedisInstanceProfile",
            Effect: "Allow",
            Action: ["iam:GetInstanceProfile"],
            Resource: iamArn("instance-profile", REDIS_IAM_NAMES.instanceProfile),
        },
        {
            Sid: "ReadRedisUserAndItsCredentials",
            Effect: "Allow",
            Action: [
                "iam:GetUser",
                "iam:ListAttachedUserPolicies",
                "iam:ListUserPolicies",
                "iam:ListGroupsForUser",
                "iam:ListAccessKeys",
                "iam:GetAccessKeyLastUsed",
                "iam:GetLoginProfile",
                "iam:ListSSHPublicKeys",
                "iam:ListServiceSpecificCredentials",
                "iam:ListSigningCertificates",
            ],
            Resource: iamArn("user", REDIS_IAM_NAMES.user),
        },
        {
            Sid: "ReadGroupsOfRedisUser",
            Effect: "Allow",
            Action: ["iam:ListAttachedGroupPolicies", "iam:ListGroupPolicies"],
            Resource: iamArn("group", "*"),
        },
        {
            Sid: "ReadServiceControlPoliciesOfTheAccount",
            Effect: "Allow",
            Action: ["organizations:DescribeOrganization", "organizations:ListParents", "organizations:ListPoliciesForTarget"],
            Resource: "*",
        },
        {
            Sid: "WhoAmI",
            Effect: "Allow",
            Action: ["sts:GetCallerIdentity"],
            Resource: "*",
        },
    ],
};
