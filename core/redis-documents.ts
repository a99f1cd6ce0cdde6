/**
 * The single source of truth for what Redis Cloud BYOC requires in an AWS
 * account: the names, the Redis account, the tag, and the four documents.
 *
 * The component, the guard pack, the plan and the tests all read this module.
 * It must not import `@pulumi/aws` (or anything else) at runtime, because the
 * guard pack compiles it in and ships without AWS dependencies.
 *
 * Source: Redis's "Create IAM resources using AWS console" page, mid-2025
 * revision (shared/reference/redis-docs-iam-resources-aws-console.md). The
 * policy texts are kept exactly as Redis publishes them, including the
 * key-pair ARN finding described at `userRestrictedPolicy`.
 */
import type { PolicyDocument } from "./policy-document";

/** Redis Cloud's own AWS account: the only principal trusted by the console role. */
export const REDIS_CLOUD_ACCOUNT_ID = "168085023892";

/** The tag key with which Redis Cloud marks, and through its policies controls, the resources it manages. */
export const REDIS_TAG_KEY = "RedisLabsIdentifier";
/** The value of {@link REDIS_TAG_KEY} that Redis's policy conditions require. */
export const REDIS_TAG_VALUE = "Redislabs-VPC";

/**
 * The AWS names Redis Cloud expects. They are fixed: the user policy's
 * `iam:PassRole` names the node role by ARN, so renaming it, or giving any of
 * them an IAM path, breaks Redis's ability to launch instances.
 */
export const REDIS_IAM_NAMES = {
    /** Step 1: the policy of the EC2 instances Redis launches. */
    instanceRolePolicy: "RedisLabsInstanceRolePolicy",
    /** Step 2: the EC2 role; also the name of its instance profile. */
    nodeRole: "redislabs-cluster-node-role",
    /** The instance profile the AWS console creates silently with the node role. */
    instanceProfile: "redislabs-cluster-node-role",
    /** Step 3: the policy of the programmatic user (lower-case "l" in "labs", as Redis spells it). */
    userRestrictedPolicy: "RedislabsIAMUserRestrictedPolicy",
    /** Step 4: the programmatic user whose access key Redis Cloud holds. */
    user: "redislabs-user",
    /** Step 5: the role Redis's account assumes, with MFA, for console access. */
    consoleRole: "redislabs-role",
} as const;

/** Step 1: `RedisLabsInstanceRolePolicy`, attached to the node role (and, by default, to the console role). */
export const instanceRolePolicy: PolicyDocument = {
    Version: "2012-10-17",
    Statement: [
        {
            Sid: "DescribeReadOnlyEc2Resources",
            Effect: "Allow",
            Action: [
                "ec2:DescribeAvailabilityZones",
                "ec2:DescribeRegions",
                "ec2:DescribeSecurityGroups",
                "ec2:DescribeTags",
                "ec2:DescribeVolumes",
            ],
            Resource: ["*"],
        },
        {
            Sid: "EC2EBSActions",
            Effect: "Allow",
            Action: ["ec2:AttachVolume", "ec2:CreateVolume"],
            Resource: ["*"],
            Condition: {
                StringEquals: {
                    "ec2:ResourceTag/RedisLabsIdentifier": "Redislabs-VPC",
                },
            },
        },
        {
            Sid: "SecurityGroupAccessActions",
            Effect: "Allow",
            Action: ["ec2:AuthorizeSecurityGroupIngress", "ec2:DeleteSecurityGroup"],
            Resource: "*",
            Condition: {
                StringEquals: {
                    "ec2:ResourceTag/RedisLabsIdentifier": "Redislabs-VPC",
                },
            },
        },
        {
            Sid: "TagResourcesCreation",
            Effect: "Allow",
            Action: ["ec2:CreateTags"],
            Resource: ["*"],
        },
        {
            Sid: "TagResourcesDelete",
            Effect: "Allow",
            Action: ["ec2:DeleteTags"],
            Resource: ["*"],
            Condition: {
                StringEquals: {
                    "ec2:ResourceTag/RedisLabsIdentifier": "Redislabs-VPC",
                },
            },
        },
    ],
};

/**
 * Step 3: `RedislabsIAMUserRestrictedPolicy`, attached to the programmatic user.
 *
 * Finding (not checked against live AWS): the Deny statement
 * `ForceUnderlyingResourcesToHaveIdentifierTags` names
 * `arn:aws:ec2:*:*:keypair/*`, but key-pair ARNs are `...:key-pair/<name>`,
 * so creating an untagged key pair is not denied. Kept as Redis publishes it.
 */
export const userRestrictedPolicy: PolicyDocument = {
    Version: "2012-10-17",
    Statement: [
        {
            Sid: "DescribeReadOnlyEc2Resources",
            Effect: "Allow",
            Action: [
                "ec2:DescribeAvailabilityZones",
                "ec2:DescribeInstanceTypeOfferings",
                "ec2:DescribeRegions",
                "ec2:DescribeInstances",
                "ec2:DescribeVolumes",
                "ec2:DescribeSnapshots",
                "ec2:DescribeVpcs",
                "ec2:DescribeSubnets",
                "ec2:DescribeSecurityGroups",
                "ec2:DescribeRouteTables",
                "ec2:DescribeInternetGateways",
                "ec2:DescribeImages",
                "ec2:DescribeTransitGatewayVpcAttachments",
                "ec2:DescribeVpcPeeringConnections",
                "ec2:DescribeKeyPairs",
                "ec2:DescribeTransitGateways",
                "ec2:DescribeInstanceStatus",
                "ec2:DescribeNetworkAcls",
            ],
            Resource: "*",
        },
        {
            Sid: "CloudWatchReadOnly",
            Effect: "Allow",
            Action: ["cloudwatch:Describe*", "cloudwatch:Get*", "cloudwatch:List*"],
            Resource: "*",
        },
        {
            Sid: "IamUserOperations",
            Effect: "Allow",
            Action: ["iam:GetUser", "iam:GetUserPolicy", "iam:ChangePassword"],
            Resource: "arn:aws:iam::*:user/${aws:username}",
        },
        {
            Sid: "RolePolicyUserReadActions",
            Action: [
                "iam:GetRole",
                "iam:GetPolicy",
                "iam:ListUsers",
                "iam:ListPolicies",
                "iam:ListRolePolicies",
                "iam:ListAttachedRolePolicies",
                "iam:ListInstanceProfiles",
                "iam:ListInstanceProfilesForRole",
                "iam:SimulatePrincipalPolicy",
            ],
            Effect: "Allow",
            Resource: "*",
        },
        {
            Sid: "PassRlClusterNodeRole",
            Effect: "Allow",
            Action: "iam:PassRole",
            Resource: "arn:aws:iam::*:role/redislabs-cluster-node-role",
        },
        {
            Sid: "CreateEc2ResourcesWithoutTag",
            Effect: "Allow",
            Action: [
                "ec2:CreateTags",
                "ec2:RunInstances",
                "ec2:ImportKeyPair",
                "ec2:CreateKeyPair",
                "ec2:CreateVpc",
                "ec2:CreateSecurityGroup",
                "ec2:CreateInternetGateway",
                "ec2:CreateRouteTable",
                "ec2:CreateSubnet",
                "ec2:CreateSnapshot",
                "ec2:CreateTransitGateway",
                "ec2:AssociateVpcCidrBlock",
                "ec2:CreateTransitGatewayVpcAttachment",
                "ec2:AttachInternetGateway",
                "ec2:ReplaceRoute",
            ],
            Resource: "*",
        },
        {
            Sid: "ForceUnderlyingResourcesToHaveIdentifierTags",
            Effect: "Deny",
            Action: ["ec2:RunInstances", "ec2:CreateKeyPair"],
            Resource: ["arn:aws:ec2:*:*:instance/*", "arn:aws:ec2:*:*:volume/*", "arn:aws:ec2:*:*:keypair/*"],
            Condition: {
                Null: {
                    "aws:RequestTag/RedisLabsIdentifier": "true",
                },
            },
        },
        {
            Sid: "AllowVpcPeeringManagement",
            Effect: "Allow",
            Action: ["ec2:CreateVpcPeeringConnection", "ec2:AcceptVpcPeeringConnection"],
            Resource: "*",
        },
        {
            Sid: "AllowVpcPeeringDeletion",
            Effect: "Allow",
            Action: ["ec2:DeleteVpcPeeringConnection"],
            Resource: "*",
            Condition: {
                StringEquals: {
                    "ec2:ResourceTag/RedisLabsIdentifier": "Redislabs-VPC",
                },
            },
        },
        {
            Sid: "CreateEc2Resources",
            Effect: "Allow",
            Action: ["ec2:CreateVolume", "ec2:CreateRoute", "ec2:AuthorizeSecurityGroupIngress", "ec2:AuthorizeSecurityGroupEgress"],
            Resource: "*",
            Condition: {
                StringEquals: {
                    "ec2:ResourceTag/RedisLabsIdentifier": "Redislabs-VPC",
                },
            },
        },
        {
            Sid: "ModifyEc2Resources",
            Effect: "Allow",
            Action: [
                "ec2:AttachVolume",
                "ec2:ModifyInstanceAttribute",
                "ec2:ModifySubnetAttribute",
                "ec2:AssociateRouteTable",
                "ec2:StartInstances",
                "ec2:StopInstances",
                "ec2:RebootInstances",
            ],
            Resource: "*",
            Condition: {
                StringEquals: {
                    "ec2:ResourceTag/RedisLabsIdentifier": "Redislabs-VPC",
                },
            },
        },
        {
            Sid: "DeleteEc2Resources",
            Effect: "Allow",
            Action: [
                "ec2:TerminateInstances",
                "ec2:DeleteVolume",
                "ec2:DeleteSnapshot",
                "ec2:DetachVolume",
                "ec2:DeleteKeyPair",
                "ec2:DeleteTags",
                "ec2:DeleteSubnet",
                "ec2:DeleteSecurityGroup",
                "ec2:DeleteRouteTable",
                "ec2:DeleteRoute",
                "ec2:DeleteInternetGateway",
                "ec2:DeleteVpc",
            ],
            Resource: "*",
            Condition: {
                StringEquals: {
                    "ec2:ResourceTag/RedisLabsIdentifier": "Redislabs-VPC",
                },
            },
        },
        {
            Sid: "DeleteEc2ResourcesWithoutTag",
            Effect: "Allow",
            Action: [
                "ec2:RevokeSecurityGroupIngress",
                "ec2:RejectVpcPeeringConnection",
                "ec2:DeleteTransitGatewayVpcAttachment",
                "ec2:DeleteTransitGateway",
                "ec2:DetachInternetGateway",
            ],
            Resource: "*",
        },
        {
            Sid: "CreateAndChangeServiceLinkedRoleForTransitGateway",
            Effect: "Allow",
            Action: "iam:CreateServiceLinkedRole",
            Resource: "arn:aws:iam::*:role/aws-service-role/transitgateway.amazonaws.com/AWSServiceRoleForVPCTransitGateway*",
            Condition: {
                StringLike: {
                    "iam:AWSServiceName": "transitgateway.amazonaws.com",
                },
            },
        },
        {
            Sid: "RolePolicyForTransitGateway",
            Effect: "Allow",
            Action: ["iam:AttachRolePolicy", "iam:PutRolePolicy"],
            Resource: "arn:aws:iam::*:role/aws-service-role/transitgateway.amazonaws.com/AWSServiceRoleForVPCTransitGateway*",
        },
        {
            Sid: "AllowEncryptedVolumeCreation",
            Effect: "Allow",
            Action: ["kms:GenerateDataKeyWithoutPlaintext", "kms:DescribeKey"],
            Resource: "*",
        },
        {
            Sid: "AllowAttachDetachOfEncryptedVolumes",
            Effect: "Allow",
            Action: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
            Resource: "*",
            Condition: {
                Bool: {
                    "kms:GrantIsForAWSResource": "true",
                },
            },
        },
    ],
};

/** Step 2: trust of the node role, exactly what the console writes for "AWS service: EC2". */
export const nodeRoleTrustPolicy: PolicyDocument = {
    Version: "2012-10-17",
    Statement: [
        {
            Effect: "Allow",
            Principal: { Service: "ec2.amazonaws.com" },
            Action: "sts:AssumeRole",
        },
    ],
};

/**
 * Step 5: trust of the console role: "Another AWS account" (Redis Cloud) with
 * "Require MFA", and deliberately no `sts:ExternalId` condition.
 */
export const consoleRoleTrustPolicy: PolicyDocument = {
    Version: "2012-10-17",
    Statement: [
        {
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${REDIS_CLOUD_ACCOUNT_ID}:root` },
            Action: "sts:AssumeRole",
            Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } },
        },
    ],
};

/** Every canonical policy, by its AWS policy name. */
export const REDIS_POLICIES: Readonly<Record<string, PolicyDocument>> = {
    [REDIS_IAM_NAMES.instanceRolePolicy]: instanceRolePolicy,
    [REDIS_IAM_NAMES.userRestrictedPolicy]: userRestrictedPolicy,
};

/** Every canonical trust policy, by its AWS role name. */
export const REDIS_TRUST_POLICIES: Readonly<Record<string, PolicyDocument>> = {
    [REDIS_IAM_NAMES.nodeRole]: nodeRoleTrustPolicy,
    [REDIS_IAM_NAMES.consoleRole]: consoleRoleTrustPolicy,
};

/** One revision of Redis's four documents: what the component deploys and the guard pack accepts. */
export interface RedisDocumentRevision {
    /** `YYYY-MM` of the Redis publication the documents follow. */
    readonly id: string;
    /** Which Redis page or template, for reviewers. */
    readonly source: string;
    /** The two policies, by AWS policy name. */
    readonly policies: Readonly<Record<string, PolicyDocument>>;
    /** The two trust policies, by AWS role name. */
    readonly trustPolicies: Readonly<Record<string, PolicyDocument>>;
}

/** The revision of Redis's documents that this version of the component deploys. */
export const REDIS_DOCUMENTS_REVISION = "2025-05";

/**
 * Every revision still accepted somewhere, newest first. When Redis changes a
 * document, the new text becomes a new first entry and the old one stays, so
 * that an organisation's guard pack can accept both while its accounts move to
 * the new component (docs/deploy.md, "When Redis changes its policy").
 */
export const REDIS_DOCUMENT_REVISIONS: readonly RedisDocumentRevision[] = [
    {
        id: REDIS_DOCUMENTS_REVISION,
        source: 'Redis\'s "Create IAM resources using AWS console" page as published from May to July 2025',
        policies: REDIS_POLICIES,
        trustPolicies: REDIS_TRUST_POLICIES,
    },
];
