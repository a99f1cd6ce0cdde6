/**
 * Violating and passing cases for every policy of the guard pack, as data.
 * Each case is one resource as the engine would send it to Analyze.
 */
import { AnalyzerResource, UNKNOWN } from "../../drivers/analyzer-client";

export const REDIS_IDS = {
    vpc: "vpc-0redis000000000001",
    subnet: "subnet-0redis00000000001",
    securityGroup: "sg-0redis0000000000001",
    instance: "i-0redis00000000000001",
    volume: "vol-0redis0000000000001",
    routeTable: "rtb-0redis0000000000001",
    peering: "pcx-0redis0000000000001",
};
export const REDIS_IDS_CONFIG = { "redis-managed-ids-protected": { properties: { resourceIds: Object.values(REDIS_IDS) } } };

const COMPONENT_URN = "urn:pulumi:prod::acct::redis-cloud-byoc-aws:index:RedisCloudIam::redis";
const OTHER_PARENT_URN = "urn:pulumi:prod::acct::my:index:Platform::platform";
const canonical = () => import("../../components/redis-documents");

export interface PolicyCase {
    policy: string;
    title: string;
    resource: AnalyzerResource | (() => Promise<AnalyzerResource>);
    /** A fragment of the expected violation message; undefined means the resource must pass this policy. */
    violation?: RegExp;
}

const r = (type: string, properties: Record<string, unknown>, extra: Partial<AnalyzerResource> = {}): AnalyzerResource => ({
    type,
    name: "subject",
    properties,
    ...extra,
});

export const POLICY_CASES: PolicyCase[] = [
    // redis-managed-tag-reserved
    ...[
        [
            "an instance tagged RedisLabsIdentifier",
            r("aws:ec2/instance:Instance", { tags: { RedisLabsIdentifier: "Redislabs-VPC" } }),
            /set in its tags/,
        ],
        ["a VPC tagged in another case", r("aws:ec2/vpc:Vpc", { tags: { redislabsidentifier: "x" } }), /set in its tags/],
        [
            "an aws:ec2/tag:Tag adding the key",
            r("aws:ec2/tag:Tag", { resourceId: "sg-123", key: "RedisLabsIdentifier", value: "Redislabs-VPC" }),
            /key of an aws:ec2\/tag:Tag/,
        ],
        [
            "an autoscaling tag with the key",
            r("aws:autoscaling/tag:Tag", { tag: { key: "RedisLabsIdentifier", value: "x" } }),
            /autoscaling/,
        ],
        [
            "an autoscaling group with the key in its tag list",
            r("aws:autoscaling/group:Group", { tags: [{ key: "RedisLabsIdentifier", value: "x" }] }),
            /set in its tags/,
        ],
        [
            "a provider whose defaultTags carry the key",
            r("pulumi:providers:aws", { defaultTags: JSON.stringify({ tags: { RedisLabsIdentifier: "x" } }) }),
            /defaultTags/,
        ],
        [
            "an instance whose volumes get the key (volumeTags)",
            r("aws:ec2/instance:Instance", { volumeTags: { RedisLabsIdentifier: "x" } }),
            /"volumeTags"/,
        ],
        [
            "an instance whose root volume gets the key",
            r("aws:ec2/instance:Instance", { rootBlockDevice: { tags: { RedisLabsIdentifier: "x" } } }),
            /"rootBlockDevice.tags"/,
        ],
        [
            "an instance whose second EBS volume gets the key",
            r("aws:ec2/instance:Instance", { ebsBlockDevices: [{ deviceName: "/dev/sdb" }, { tags: { RedisLabsIdentifier: "x" } }] }),
            /"ebsBlockDevices\[\]\.tags"/,
        ],
        [
            "a launch template tagging what it launches",
            r("aws:ec2/launchTemplate:LaunchTemplate", {
                tagSpecifications: [{ resourceType: "instance", tags: { RedisLabsIdentifier: "x" } }],
            }),
            /"tagSpecifications\[\]\.tags"/,
        ],
        [
            "a launch template tagging with other keys",
            r("aws:ec2/launchTemplate:LaunchTemplate", { tagSpecifications: [{ resourceType: "volume", tags: { team: "x" } }] }),
            undefined,
        ],
        ["an instance with other tags", r("aws:ec2/instance:Instance", { tags: { team: "platform", RedisLabs: "no" } }), undefined],
        ["an aws:ec2/tag:Tag with another key", r("aws:ec2/tag:Tag", { resourceId: "sg-123", key: "team", value: "x" }), undefined],
        [
            "a provider with other defaultTags",
            r("pulumi:providers:aws", { defaultTags: JSON.stringify({ tags: { team: "x" } }) }),
            undefined,
        ],
        ["an untagged bucket", r("aws:s3/bucket:Bucket", {}), undefined],
    ].map(([title, resource, violation]) => ({ policy: "redis-managed-tag-reserved", title, resource, violation }) as PolicyCase),

    // redis-managed-ids-protected: modifications...
    ...[
        [
            "a rule added to a Redis security group",
            r("aws:ec2/securityGroupRule:SecurityGroupRule", { securityGroupId: REDIS_IDS.securityGroup, type: "ingress" }),
            /"securityGroupId"/,
        ],
        [
            "a VPC ingress rule on a Redis security group",
            r("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", { securityGroupId: REDIS_IDS.securityGroup }),
            /"securityGroupId"/,
        ],
        [
            "an InstanceState on a Redis instance",
            r("aws:ec2transitgateway/instanceState:InstanceState", { instanceId: REDIS_IDS.instance, state: "stopped" }),
            /"instanceId" .*stops or starts/,
        ],
        [
            "a route in a Redis route table",
            r("aws:ec2/route:Route", { routeTableId: REDIS_IDS.routeTable, destinationCidrBlock: "0.0.0.0/0" }),
            /"routeTableId"/,
        ],
        ["a subnet in the Redis VPC", r("aws:ec2/subnet:Subnet", { vpcId: REDIS_IDS.vpc }), /"vpcId"/],
        ["a security group in the Redis VPC", r("aws:ec2/securityGroup:SecurityGroup", { vpcId: REDIS_IDS.vpc }), /"vpcId"/],
        ["a network ACL in the Redis VPC", r("aws:ec2/networkAcl:NetworkAcl", { vpcId: REDIS_IDS.vpc }), /"vpcId"/],
        [
            "an endpoint in a Redis subnet (list field)",
            r("aws:ec2/vpcEndpoint:VpcEndpoint", { vpcId: "vpc-mine", subnetIds: ["subnet-mine", REDIS_IDS.subnet] }),
            /"subnetIds"/,
        ],
        [
            "an EIP association to a Redis instance",
            r("aws:ec2/eipAssociation:EipAssociation", { instanceId: REDIS_IDS.instance }),
            /"instanceId"/,
        ],
        [
            "a volume attachment of a Redis volume",
            r("aws:ec2/volumeAttachment:VolumeAttachment", { instanceId: "i-mine", volumeId: REDIS_IDS.volume }),
            /"volumeId"/,
        ],
        [
            "an AMI built from a Redis instance",
            r("aws:ec2/amiFromInstance:AmiFromInstance", { sourceInstanceId: REDIS_IDS.instance }),
            /"sourceInstanceId"/,
        ],
        [
            "an aws:ec2/tag:Tag on a Redis resource",
            r("aws:ec2/tag:Tag", { resourceId: REDIS_IDS.vpc, key: "team", value: "x" }),
            /"resourceId"/,
        ],
        [
            "changed options on a Redis peering",
            r("aws:ec2/peeringConnectionOptions:PeeringConnectionOptions", { vpcPeeringConnectionId: REDIS_IDS.peering }),
            /"vpcPeeringConnectionId"/,
        ],
    ].map(([title, resource, violation]) => ({ policy: "redis-managed-ids-protected", title, resource, violation }) as PolicyCase),
    // ...and references, which pass
    ...[
        [
            "a customer rule whose source is the Redis security group",
            r("aws:ec2/securityGroupRule:SecurityGroupRule", {
                securityGroupId: "sg-mine",
                sourceSecurityGroupId: REDIS_IDS.securityGroup,
            }),
        ],
        [
            "a VPC ingress rule referencing the Redis group",
            r("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", {
                securityGroupId: "sg-mine",
                referencedSecurityGroupId: REDIS_IDS.securityGroup,
            }),
        ],
        [
            "a route in the customer's table to the Redis peering",
            r("aws:ec2/route:Route", { routeTableId: "rtb-mine", vpcPeeringConnectionId: REDIS_IDS.peering }),
        ],
        [
            "accepting a peering request from the Redis VPC",
            r("aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter", {
                vpcPeeringConnectionId: REDIS_IDS.peering,
                autoAccept: true,
            }),
        ],
        [
            "a peering request to the Redis VPC from the customer's",
            r("aws:ec2/vpcPeeringConnection:VpcPeeringConnection", { vpcId: "vpc-mine", peerVpcId: REDIS_IDS.vpc }),
        ],
        ["a subnet in the customer's VPC", r("aws:ec2/subnet:Subnet", { vpcId: "vpc-mine" })],
        ["a type not in the table naming a Redis ID", r("aws:ec2/flowLog:FlowLog", { vpcId: REDIS_IDS.vpc })],
    ].map(([title, resource]) => ({ policy: "redis-managed-ids-protected", title, resource }) as PolicyCase),

    // redis-iam-canonical
    {
        policy: "redis-iam-canonical",
        title: "the user policy with an extra action",
        resource: async () => {
            const { userRestrictedPolicy } = await canonical();
            const widened = JSON.parse(JSON.stringify(userRestrictedPolicy));
            widened.Statement[0].Action.push("ec2:DescribeEverything");
            return r(
                "aws:iam/policy:Policy",
                { name: "RedislabsIAMUserRestrictedPolicy", policy: JSON.stringify(widened) },
                { protect: true },
            );
        },
        violation: /policy document: statement "DescribeReadOnlyEc2Resources": Action has 1 value\(s\) not in Redis's document/,
    },
    {
        policy: "redis-iam-canonical",
        title: "the instance policy missing a statement",
        resource: async () => {
            const { instanceRolePolicy } = await canonical();
            const trimmed = { ...instanceRolePolicy, Statement: instanceRolePolicy.Statement.slice(1) };
            return r("aws:iam/policy:Policy", { name: "RedisLabsInstanceRolePolicy", policy: JSON.stringify(trimmed) }, { protect: true });
        },
        violation: /statement "DescribeReadOnlyEc2Resources" is missing/,
    },
    {
        policy: "redis-iam-canonical",
        title: "the console role trusted without MFA",
        resource: async () => {
            const { consoleRoleTrustPolicy } = await canonical();
            const noMfa = JSON.parse(JSON.stringify(consoleRoleTrustPolicy));
            delete noMfa.Statement[0].Condition;
            return r("aws:iam/role:Role", { name: "redislabs-role", assumeRolePolicy: JSON.stringify(noMfa) }, { protect: true });
        },
        violation: /trust policy: the unnamed statement: Condition differs/,
    },
    {
        policy: "redis-iam-canonical",
        title: "the console role trusting another account",
        resource: async () => {
            const { consoleRoleTrustPolicy } = await canonical();
            const other = JSON.parse(JSON.stringify(consoleRoleTrustPolicy).replace("168085023892", "999999999999"));
            return r("aws:iam/role:Role", { name: "redislabs-role", assumeRolePolicy: JSON.stringify(other) }, { protect: true });
        },
        violation: /Principal differs/,
    },
    {
        policy: "redis-iam-canonical",
        title: "the node role under an IAM path, with managedPolicyArns",
        resource: async () => {
            const { nodeRoleTrustPolicy } = await canonical();
            return r(
                "aws:iam/role:Role",
                {
                    name: "redislabs-cluster-node-role",
                    path: "/redis/",
                    assumeRolePolicy: JSON.stringify(nodeRoleTrustPolicy),
                    managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"],
                },
                { protect: true },
            );
        },
        violation: /field "path" must be unset or "\/"[\s\S]*field "managedPolicyArns" grants extra rights/,
    },
    {
        policy: "redis-iam-canonical",
        title: "an instance profile named for Redis holding another role",
        resource: r("aws:iam/instanceProfile:InstanceProfile", { name: "redislabs-cluster-node-role", role: "my-role" }, { protect: true }),
        violation: /field "role" must be redislabs-cluster-node-role/,
    },
    {
        policy: "redis-iam-canonical",
        title: "the user policy under the 2008 policy language (no ${aws:username})",
        resource: async () => {
            const { userRestrictedPolicy } = await canonical();
            return r(
                "aws:iam/policy:Policy",
                { name: "RedislabsIAMUserRestrictedPolicy", policy: JSON.stringify({ ...userRestrictedPolicy, Version: "2008-10-17" }) },
                { protect: true },
            );
        },
        violation: /Version must be "2012-10-17"/,
    },
    {
        policy: "redis-iam-canonical",
        title: "the canonical user policy, declared by hand",
        resource: async () => {
            const { userRestrictedPolicy } = await canonical();
            return r(
                "aws:iam/policy:Policy",
                { name: "RedislabsIAMUserRestrictedPolicy", policy: JSON.stringify(userRestrictedPolicy) },
                { protect: true },
            );
        },
    },
    {
        policy: "redis-iam-canonical",
        title: "the canonical console role with reordered, single-valued fields",
        resource: async () => {
            const { consoleRoleTrustPolicy } = await canonical();
            const statement = consoleRoleTrustPolicy.Statement[0];
            const reordered = {
                Statement: [
                    {
                        Condition: statement.Condition,
                        Action: ["sts:AssumeRole"],
                        Principal: { AWS: ["arn:aws:iam::168085023892:root"] },
                        Effect: "Allow",
                    },
                ],
                Version: "2012-10-17",
            };
            return r("aws:iam/role:Role", { name: "redislabs-role", assumeRolePolicy: JSON.stringify(reordered) }, { protect: true });
        },
    },
    ...[
        [
            "an inline policy on the console role",
            r("aws:iam/rolePolicy:RolePolicy", { role: "redislabs-role", policy: "{}" }),
            /an inline role policy names a Redis principal or policy in field "role"/,
        ],
        [
            "an inline policy on the user",
            r("aws:iam/userPolicy:UserPolicy", { user: "redislabs-user", policy: "{}" }),
            /inline user policy/,
        ],
        [
            "AdministratorAccess attached to the node role",
            r("aws:iam/rolePolicyAttachment:RolePolicyAttachment", {
                role: "redislabs-cluster-node-role",
                policyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
            }),
            /role policy attachment/,
        ],
        [
            "an attachment to the role by ARN",
            r("aws:iam/rolePolicyAttachment:RolePolicyAttachment", {
                role: "arn:aws:iam::123456789012:role/redislabs-role",
                policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess",
            }),
            /field "role"/,
        ],
        [
            "a user attachment",
            r("aws:iam/userPolicyAttachment:UserPolicyAttachment", {
                user: "redislabs-user",
                policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess",
            }),
            /user policy attachment/,
        ],
        [
            "a PolicyAttachment listing the user",
            r("aws:iam/policyAttachment:PolicyAttachment", {
                users: ["alice", "redislabs-user"],
                policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess",
            }),
            /field "users"/,
        ],
        [
            "a PolicyAttachment of a Redis policy (exclusive: it would detach it elsewhere)",
            r("aws:iam/policyAttachment:PolicyAttachment", {
                roles: ["mine"],
                policyArn: "arn:aws:iam::123456789012:policy/RedisLabsInstanceRolePolicy",
            }),
            /field "policyArn"/,
        ],
        [
            "a group membership for the user",
            r("aws:iam/groupMembership:GroupMembership", { group: "admins", users: ["redislabs-user"] }),
            /group membership/,
        ],
        [
            "a user group membership",
            r("aws:iam/userGroupMembership:UserGroupMembership", { user: "redislabs-user", groups: ["admins"] }),
            /group membership/,
        ],
        [
            "a second access key from outside the component",
            r("aws:iam/accessKey:AccessKey", { user: "redislabs-user" }, { additionalSecretOutputs: ["secret", "sesSmtpPasswordV4"] }),
            /an access key names/,
        ],
        [
            "a login profile from outside the component",
            r(
                "aws:iam/userLoginProfile:UserLoginProfile",
                { user: "redislabs-user" },
                { additionalSecretOutputs: ["password"], protect: true },
            ),
            /console password/,
        ],
        [
            "an exclusive attachment list on the node role",
            r("aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive", {
                roleName: "redislabs-cluster-node-role",
                policyArns: [],
            }),
            /exclusive attachment list/,
        ],
        [
            "an attachment under some other component",
            r(
                "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
                { role: "redislabs-role", policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" },
                { parent: OTHER_PARENT_URN },
            ),
            /outside a RedisCloudIam component/,
        ],
        [
            "a second instance profile for the node role",
            r("aws:iam/instanceProfile:InstanceProfile", { name: "my-profile", role: "redislabs-cluster-node-role" }),
            /an instance profile names/,
        ],
    ].map(([title, resource, violation]) => ({ policy: "redis-iam-canonical", title, resource, violation }) as PolicyCase),
    ...[
        [
            "an attachment made by the RedisCloudIam component",
            r(
                "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
                { role: "redislabs-role", policyArn: UNKNOWN },
                { parent: COMPONENT_URN, protect: true },
            ),
        ],
        [
            "an attachment to the customer's own role",
            r("aws:iam/rolePolicyAttachment:RolePolicyAttachment", {
                role: "my-app-role",
                policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess",
            }),
        ],
        ["a role named like Redis's but different", r("aws:iam/role:Role", { name: "redislabs-role-2", assumeRolePolicy: "{}" })],
        ["a group membership for other users", r("aws:iam/groupMembership:GroupMembership", { group: "admins", users: ["alice", "bob"] })],
    ].map(([title, resource]) => ({ policy: "redis-iam-canonical", title, resource }) as PolicyCase),

    // redis-iam-protected
    ...[
        ["an unprotected Redis policy", r("aws:iam/policy:Policy", { name: "RedisLabsInstanceRolePolicy" }), /not protected/],
        ["an unprotected console role", r("aws:iam/role:Role", { name: "redislabs-role" }), /not protected/],
        ["an unprotected Redis user", r("aws:iam/user:User", { name: "redislabs-user" }), /not protected/],
        [
            "an unprotected instance profile",
            r("aws:iam/instanceProfile:InstanceProfile", { name: "redislabs-cluster-node-role", role: "redislabs-cluster-node-role" }),
            /not protected/,
        ],
        [
            "an unprotected attachment to a Redis role, even from the component",
            r("aws:iam/rolePolicyAttachment:RolePolicyAttachment", { role: "redislabs-role" }, { parent: COMPONENT_URN }),
            /not protected/,
        ],
    ].map(([title, resource, violation]) => ({ policy: "redis-iam-protected", title, resource, violation }) as PolicyCase),
    ...[
        ["a protected Redis user", r("aws:iam/user:User", { name: "redislabs-user" }, { protect: true })],
        [
            "an unprotected retiring access key (rotation must remove it)",
            r(
                "aws:iam/accessKey:AccessKey",
                { user: "redislabs-user" },
                { parent: COMPONENT_URN, additionalSecretOutputs: ["secret", "sesSmtpPasswordV4"] },
            ),
        ],
        ["an unprotected role of the customer's", r("aws:iam/role:Role", { name: "app-role" })],
    ].map(([title, resource]) => ({ policy: "redis-iam-protected", title, resource }) as PolicyCase),

    // redis-access-key-secret
    ...[
        [
            "a Redis access key without secret outputs or PGP",
            r("aws:iam/accessKey:AccessKey", { user: "redislabs-user" }, { parent: COMPONENT_URN }),
            /"secret", "sesSmtpPasswordV4" would be stored in plaintext/,
        ],
        [
            "a Redis login profile without its password marked",
            r("aws:iam/userLoginProfile:UserLoginProfile", { user: "redislabs-user" }, { parent: COMPONENT_URN }),
            /"password" would be stored in plaintext/,
        ],
    ].map(([title, resource, violation]) => ({ policy: "redis-access-key-secret", title, resource, violation }) as PolicyCase),
    ...[
        [
            "a Redis access key with its secrets marked",
            r(
                "aws:iam/accessKey:AccessKey",
                { user: "redislabs-user" },
                { parent: COMPONENT_URN, additionalSecretOutputs: ["secret", "sesSmtpPasswordV4"] },
            ),
        ],
        [
            "a Redis access key encrypted with PGP",
            r("aws:iam/accessKey:AccessKey", { user: "redislabs-user", pgpKey: "keybase:ops" }, { parent: COMPONENT_URN }),
        ],
        ["another user's access key (out of scope)", r("aws:iam/accessKey:AccessKey", { user: "ci-bot" })],
    ].map(([title, resource]) => ({ policy: "redis-access-key-secret", title, resource }) as PolicyCase),

    // redis-node-role-reserved
    ...[
        [
            "an instance with Redis's instance profile",
            r("aws:ec2/instance:Instance", { iamInstanceProfile: "redislabs-cluster-node-role" }),
            /"iamInstanceProfile" uses Redis Cloud's node role or its instance profile/,
        ],
        [
            "a launch template with the profile's ARN",
            r("aws:ec2/launchTemplate:LaunchTemplate", {
                iamInstanceProfile: { arn: "arn:aws:iam::123456789012:instance-profile/redislabs-cluster-node-role" },
            }),
            /"iamInstanceProfile.arn"/,
        ],
    ].map(([title, resource, violation]) => ({ policy: "redis-node-role-reserved", title, resource, violation }) as PolicyCase),
    ...[
        ["an instance with its own profile", r("aws:ec2/instance:Instance", { iamInstanceProfile: "app-profile" })],
        [
            "an EKS node group with its own role",
            r("aws:eks/nodeGroup:NodeGroup", { nodeRoleArn: "arn:aws:iam::123456789012:role/eks-nodes" }),
        ],
        ["a launch template without a profile", r("aws:ec2/launchTemplate:LaunchTemplate", {})],
    ].map(([title, resource]) => ({ policy: "redis-node-role-reserved", title, resource }) as PolicyCase),
];
