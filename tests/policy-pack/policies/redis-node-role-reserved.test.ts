/**
 * `redis-node-role-reserved`: its violating and passing cases (policy-pack/policies/redis-node-role-reserved.ts).
 */
import { PolicyCase, describePolicyCases, r } from "../policy-cases";

export const CASES: PolicyCase[] = [
    ...[
        [
            "an instance with Redis's instance profile",
            r("aws:ec2/instance:Instance", { iamInstanceProfile: "redislabs-cluster-node-role" }),
            /"iamInstanceProfile" uses Redis Cloud's node role or its instance profile/,
        ],
        [
            "a dynamic provider whose 'description' hands its code the node role's profile",
            r("pulumi-nodejs:dynamic:Resource", { __provider: "exports.handler = ...", description: "redislabs-cluster-node-role" }),
            /"description" uses Redis Cloud's node role/,
        ],
        [
            "a launch template with the profile's ARN",
            r("aws:ec2/launchTemplate:LaunchTemplate", {
                iamInstanceProfile: { arn: "arn:aws:iam::123456789012:instance-profile/redislabs-cluster-node-role" },
            }),
            /"iamInstanceProfile.arn"/,
        ],
    ].map(([title, resource, violation]) => ({ title, resource, violation }) as PolicyCase),
    ...[
        ["an instance with its own profile", r("aws:ec2/instance:Instance", { iamInstanceProfile: "app-profile" })],
        [
            "an EKS node group with its own role",
            r("aws:eks/nodeGroup:NodeGroup", { nodeRoleArn: "arn:aws:iam::123456789012:role/eks-nodes" }),
        ],
        ["a launch template without a profile", r("aws:ec2/launchTemplate:LaunchTemplate", {})],
    ].map(([title, resource]) => ({ title, resource }) as PolicyCase),

    // redis-node-role-reserved, by value: any launcher, any provider
    ...[
        [
            "an EMR cluster running as the node role's profile",
            r("aws:emr/cluster:Cluster", {
                releaseLabel: "emr-7.0.0",
                ec2Attributes: { instanceProfile: "arn:aws:iam::123456789012:instance-profile/redislabs-cluster-node-role" },
            }),
            /"ec2Attributes.instanceProfile" uses Redis Cloud's node role/,
        ],
        [
            "an aws-native launch template with the profile",
            r("aws-native:ec2:LaunchTemplate", { launchTemplateData: { iamInstanceProfile: { name: "redislabs-cluster-node-role" } } }),
            /"launchTemplateData.iamInstanceProfile.name"/,
        ],
        [
            "a CloudFormation template launching with the profile",
            r("aws:cloudformation/stack:Stack", {
                templateBody: JSON.stringify({
                    Resources: { I: { Type: "AWS::EC2::Instance", Properties: { IamInstanceProfile: "redislabs-cluster-node-role" } } },
                }),
            }),
            /"templateBody/,
        ],
    ].map(([title, resource, violation]) => ({ title, resource, violation }) as PolicyCase),
    ...[
        [
            "a profile whose name only starts like Redis's",
            r("aws:emr/cluster:Cluster", { ec2Attributes: { instanceProfile: "redislabs-cluster-node-role-2" } }),
        ],
        [
            "the guardrail's control policy, which denies passing the node role",
            r("aws:organizations/policy:Policy", {
                type: "SERVICE_CONTROL_POLICY",
                content: JSON.stringify({
                    Statement: [{ Effect: "Deny", Action: "iam:PassRole", Resource: "arn:aws:iam::*:role/redislabs-cluster-node-role" }],
                }),
            }),
        ],
    ].map(([title, resource]) => ({ title, resource }) as PolicyCase),
];

describePolicyCases("redis-node-role-reserved", CASES);
