/**
 * `redis-lockout`: its violating and passing cases (policy-pack/policies/redis-lockout.ts).
 * The analyzer is configured with `regions: ["us-east-1"]` (policy-cases.ts).
 */
import { REDIS_PRINCIPAL_ARN_PATTERNS, guardrailPolicyDocuments, renderPolicy } from "../../../core/guardrail-policy";
import { PolicyCase, describePolicyCases, r } from "../policy-cases";

const document = (...statements: Record<string, unknown>[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const scp = (...statements: Record<string, unknown>[]) =>
    r("aws:organizations/policy:Policy", { name: "org", type: "SERVICE_CONTROL_POLICY", content: document(...statements) });
const rcp = (...statements: Record<string, unknown>[]) =>
    r("aws:organizations/policy:Policy", { name: "org", type: "RESOURCE_CONTROL_POLICY", content: document(...statements) });
/** The exemption the messages recommend, as RedisManagedGuardrail writes it. */
const exemptRedis = { ArnNotLike: { "aws:PrincipalArn": [...REDIS_PRINCIPAL_ARN_PATTERNS] } };

/** aws-samples/data-perimeter-policy-examples, "enforce identity perimeter" (RCP), with and without Redis Cloud's account. */
const identityPerimeter = (thirdParties: string[]) => ({
    Sid: "EnforceOrgIdentities",
    Effect: "Deny",
    Principal: "*",
    Action: ["s3:*", "sqs:*", "kms:*", "secretsmanager:*", "sts:AssumeRole", "sts:DecodeAuthorizationMessage", "sts:GetAccessKeyInfo"],
    Resource: "*",
    Condition: {
        StringNotEqualsIfExists: {
            "aws:PrincipalOrgID": "o-abcd1234",
            ...(thirdParties.length ? { "aws:PrincipalAccount": thirdParties } : {}),
        },
        BoolIfExists: { "aws:PrincipalIsAWSService": "false" },
    },
});
/** The samples' region deny (SCP): global services left out. */
const regionDeny = (regions: string[]) => ({
    Sid: "DenyOutsideAllowedRegions",
    Effect: "Deny",
    NotAction: ["iam:*", "sts:*", "organizations:*", "support:*", "cloudfront:*", "route53:*", "budgets:*"],
    Resource: "*",
    Condition: { StringNotEquals: { "aws:RequestedRegion": regions } },
});
/** The samples' network perimeter (SCP), with its own exempt role. */
const networkPerimeter = (exempt: string[]) => ({
    Sid: "EnforceNetworkPerimeter",
    Effect: "Deny",
    NotAction: ["es:ES*", "dax:GetItem"],
    Resource: "*",
    Condition: {
        NotIpAddressIfExists: { "aws:SourceIp": ["203.0.113.0/24"] },
        StringNotEqualsIfExists: { "aws:SourceVpc": ["vpc-12345678"] },
        BoolIfExists: { "aws:PrincipalIsAWSService": "false", "aws:ViaAWSService": "false" },
        ArnNotLikeIfExists: { "aws:PrincipalArn": ["arn:aws:iam::*:role/network-admin", ...exempt] },
    },
});

export const CASES: PolicyCase[] = [
    {
        title: "an SCP denying every EC2 action to all principals",
        resource: scp({ Effect: "Deny", Action: "ec2:*", Resource: "*" }),
        violation:
            /Deny statement 1 of the service control policy in field "content" stops redislabs-user from ec2:DescribeAvailabilityZones \(RedislabsIAMUserRestrictedPolicy \(DescribeReadOnlyEc2Resources\) allows it\).*redislabs-cluster-node-role.*Exempt Redis's principals: add \{"ArnNotLike":\{"aws:PrincipalArn":\["arn:aws:iam::\*:user\/redislabs-user"/,
    },
    {
        title: "an SCP (the aws provider's default type) denying iam:PassRole outside a list of deployer roles",
        resource: r("aws:organizations/policy:Policy", {
            content: document({
                Effect: "Deny",
                Action: "iam:PassRole",
                Resource: "*",
                Condition: { ArnNotLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/deployer" } },
            }),
        }),
        violation: /stops redislabs-user from iam:PassRole \(RedislabsIAMUserRestrictedPolicy \(PassRlClusterNodeRole\) allows it\)/,
    },
    {
        title: "an aws-native SCP, content as an object, denying instance termination",
        resource: r("aws-native:organizations:Policy", {
            name: "no-terminate",
            type: "SERVICE_CONTROL_POLICY",
            content: JSON.parse(document({ Effect: "Deny", Action: ["ec2:TerminateInstances"], Resource: "*" })),
        }),
        violation: /stops redislabs-user from ec2:TerminateInstances/,
    },
    {
        title: "the samples' region deny that leaves out Redis's region",
        resource: scp(regionDeny(["eu-west-1", "eu-central-1"])),
        violation: /stops redislabs-user from ec2:DescribeAvailabilityZones/,
    },
    {
        title: "the samples' network perimeter without Redis's principals among its exempt roles",
        resource: scp(networkPerimeter([])),
        violation: /stops redislabs-user from ec2:DescribeAvailabilityZones/,
    },
    {
        title: "an instance-type allow-list (ec2:InstanceType), judged conservatively",
        resource: scp({
            Effect: "Deny",
            Action: "ec2:RunInstances",
            Resource: "arn:aws:ec2:*:*:instance/*",
            Condition: { StringNotEquals: { "ec2:InstanceType": ["t3.micro", "t3.small"] } },
        }),
        violation:
            /stops redislabs-user from ec2:RunInstances.*The pack cannot decide ec2:InstanceType at preview, so it judges the Deny as applying to Redis/,
    },
    {
        title: "a tag-key allow-list for CreateTags that leaves out Redis's tag key",
        resource: scp({
            Effect: "Deny",
            Action: "ec2:CreateTags",
            Resource: "*",
            Condition: { "ForAnyValue:StringNotEquals": { "aws:TagKeys": ["team", "env"] } },
        }),
        violation: /stops redislabs-user from ec2:CreateTags/,
    },
    {
        title: "the samples' identity-perimeter RCP, which stops Redis Cloud's account assuming the console role",
        resource: rcp(identityPerimeter([])),
        violation:
            /resource control policy in field "content" stops Redis Cloud's account \(168085023892\) from sts:AssumeRole \(the console role's trust allows it\).*arn:aws:iam::168085023892:\*/,
    },
    {
        title: "a key policy denying everyone but one admin role every KMS action",
        resource: r("aws:kms/key:Key", {
            policy: document(
                { Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "kms:*", Resource: "*" },
                {
                    Effect: "Deny",
                    Principal: "*",
                    Action: "kms:*",
                    Resource: "*",
                    Condition: { ArnNotEquals: { "aws:PrincipalArn": "arn:aws:iam::123456789012:role/key-admin" } },
                },
            ),
        }),
        violation: /Deny statement 2 of the key policy in field "policy" stops redislabs-user from kms:GenerateDataKeyWithoutPlaintext/,
    },
    {
        title: "a VPC endpoint policy denying ec2:* to everyone",
        resource: r("aws:ec2/vpcEndpoint:VpcEndpoint", {
            vpcId: "vpc-1",
            serviceName: "com.amazonaws.us-east-1.ec2",
            policy: document({ Effect: "Deny", Principal: "*", Action: "ec2:*", Resource: "*" }),
        }),
        violation: /of the VPC endpoint policy in field "policy" stops redislabs-user/,
    },
    {
        title: "a CloudFormation template declaring an SCP that denies EC2",
        resource: r("aws:cloudformation/stack:Stack", {
            name: "org",
            templateBody: JSON.stringify({
                Resources: {
                    DenyEc2: {
                        Type: "AWS::Organizations::Policy",
                        Properties: {
                            Name: "deny-ec2",
                            Type: "SERVICE_CONTROL_POLICY",
                            Content: { Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "ec2:*", Resource: "*" }] },
                        },
                    },
                },
            }),
        }),
        violation:
            /Deny statement 1 of the service control policy in field "templateBody\.\*\.\*\.Properties\.Content" stops redislabs-user/,
    },
    {
        title: "a Cloud Control resource declaring the identity-perimeter RCP",
        resource: r("aws:cloudcontrol/resource:Resource", {
            typeName: "AWS::Organizations::Policy",
            desiredState: JSON.stringify({ Name: "perimeter", Type: "RESOURCE_CONTROL_POLICY", Content: document(identityPerimeter([])) }),
        }),
        violation: /resource control policy in field "desiredState\.\*" stops Redis Cloud's account \(168085023892\) from sts:AssumeRole/,
    },
    // Passing: protection, exemption, and denies of what Redis never does.
    {
        title: "a CloudFormation template declaring an SCP that exempts Redis's principals",
        resource: r("aws:cloudformation/stack:Stack", {
            name: "org",
            templateBody: JSON.stringify({
                Resources: {
                    DenyEc2: {
                        Type: "AWS::Organizations::Policy",
                        Properties: {
                            Type: "SERVICE_CONTROL_POLICY",
                            Content: {
                                Version: "2012-10-17",
                                Statement: [{ Effect: "Deny", Action: "ec2:*", Resource: "*", Condition: exemptRedis }],
                            },
                        },
                    },
                },
            }),
        }),
    },
    ...guardrailPolicyDocuments().map((guardrail, index): PolicyCase => ({
        title: `RedisManagedGuardrail's own SCP (document ${index + 1})`,
        resource: r("aws:organizations/policy:Policy", { type: "SERVICE_CONTROL_POLICY", content: renderPolicy(guardrail) }),
    })),
    {
        title: "RedisManagedGuardrail's SCP with break-glass and identity-admin roles",
        resource: r("aws:organizations/policy:Policy", {
            type: "SERVICE_CONTROL_POLICY",
            content: renderPolicy(
                guardrailPolicyDocuments({
                    breakGlassRoleArns: ["arn:aws:iam::*:role/break-glass"],
                    identityAdminRoleArns: ["arn:aws:iam::*:role/iam-admin"],
                })[0],
            ),
        }),
    },
    {
        title: "an SCP denying every EC2 action, exempting Redis's principals as the message says",
        resource: scp({ Effect: "Deny", Action: "ec2:*", Resource: "*", Condition: exemptRedis }),
    },
    {
        title: "an SCP exempting Redis's principals by their ARNs in the customer's own account",
        resource: scp({
            Effect: "Deny",
            Action: "ec2:*",
            Resource: "*",
            Condition: {
                ArnNotLike: {
                    "aws:PrincipalArn": ["arn:aws:iam::123456789012:user/redislabs-user", "arn:aws:iam::123456789012:role/redislabs-*"],
                },
            },
        }),
    },
    {
        title: "an SCP denying only what Redis never does (leaving the organisation, deleting flow logs, creating users)",
        resource: scp({
            Effect: "Deny",
            Action: ["organizations:LeaveOrganization", "ec2:DeleteFlowLogs", "iam:CreateUser"],
            Resource: "*",
        }),
    },
    { title: "the samples' region deny that includes Redis's region", resource: scp(regionDeny(["us-east-1", "eu-west-1"])) },
    {
        title: "the samples' network perimeter with Redis's principals among its exempt roles",
        resource: scp(networkPerimeter([...REDIS_PRINCIPAL_ARN_PATTERNS])),
    },
    {
        title: "the samples' identity-perimeter RCP that lists Redis Cloud's account as a trusted third party",
        resource: rcp(identityPerimeter(["168085023892"])),
    },
    {
        title: "an RCP denying EC2 (no RCP governs EC2)",
        resource: rcp({ Effect: "Deny", Principal: "*", Action: "ec2:*", Resource: "*" }),
    },
    {
        title: "a key policy that denies principals outside the organisation (Redis's in-account principals are inside)",
        resource: r("aws:kms/key:Key", {
            policy: document(
                { Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "kms:*", Resource: "*" },
                {
                    Effect: "Deny",
                    Principal: { AWS: "*" },
                    Action: "kms:*",
                    Resource: "*",
                    Condition: { StringNotEquals: { "aws:PrincipalOrgID": "o-abcd1234" } },
                },
            ),
        }),
    },
    {
        title: "a key policy that denies grants not for AWS resources (Redis's grants are)",
        resource: r("aws-native:kms:Key", {
            keyPolicy: JSON.parse(
                document({
                    Effect: "Deny",
                    Principal: "*",
                    Action: "kms:CreateGrant",
                    Resource: "*",
                    Condition: { Bool: { "kms:GrantIsForAWSResource": "false" } },
                }),
            ),
        }),
    },
    {
        title: "a tag policy (not an IAM document)",
        resource: r("aws:organizations/policy:Policy", {
            type: "TAG_POLICY",
            content: JSON.stringify({ tags: { team: { tag_key: { "@@assign": "team" } } } }),
        }),
    },
];

describePolicyCases("redis-lockout", CASES);
