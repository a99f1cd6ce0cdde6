/**
 * `redis-iam-canonical`: its violating and passing cases (policy-pack/policies/redis-iam-canonical.ts).
 */
import { COMPONENT_URN, OTHER_PARENT_URN, PolicyCase, canonical, describePolicyCases, r } from "../policy-cases";
import { UNKNOWN } from "../../../plan/analyzer-client";

export const CASES: PolicyCase[] = [
    {
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
        title: "the instance policy missing a statement",
        resource: async () => {
            const { instanceRolePolicy } = await canonical();
            const trimmed = { ...instanceRolePolicy, Statement: instanceRolePolicy.Statement.slice(1) };
            return r("aws:iam/policy:Policy", { name: "RedisLabsInstanceRolePolicy", policy: JSON.stringify(trimmed) }, { protect: true });
        },
        violation: /statement "DescribeReadOnlyEc2Resources" is missing/,
    },
    {
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
        title: "the console role trusting another account",
        resource: async () => {
            const { consoleRoleTrustPolicy } = await canonical();
            const other = JSON.parse(JSON.stringify(consoleRoleTrustPolicy).replace("168085023892", "999999999999"));
            return r("aws:iam/role:Role", { name: "redislabs-role", assumeRolePolicy: JSON.stringify(other) }, { protect: true });
        },
        violation: /Principal differs/,
    },
    {
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
        title: "an instance profile named for Redis holding another role",
        resource: r("aws:iam/instanceProfile:InstanceProfile", { name: "redislabs-cluster-node-role", role: "my-role" }, { protect: true }),
        violation: /field "role" must be redislabs-cluster-node-role/,
    },
    {
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
            "an exclusive attachment list under the component that allows a policy other than Redis's",
            r(
                "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive",
                {
                    roleName: "redislabs-role",
                    policyArns: [
                        "arn:aws:iam::123456789012:policy/RedisLabsInstanceRolePolicy",
                        "arn:aws:iam::aws:policy/AdministratorAccess",
                    ],
                },
                { parent: COMPONENT_URN, protect: true },
            ),
            /allows a policy other than Redis's on a Redis principal \(field "policyArns"\)/,
        ],
        [
            "an exclusive inline-policy list under the component that allows an inline policy",
            r(
                "aws:iam/userPoliciesExclusive:UserPoliciesExclusive",
                { userName: "redislabs-user", policyNames: ["extra"] },
                { parent: COMPONENT_URN, protect: true },
            ),
            /allows inline policies on a Redis principal \(field "policyNames"\): list none/,
        ],
        [
            "an exclusive inline-policy list on the console role, outside the component",
            r("aws:iam/rolePoliciesExclusive:RolePoliciesExclusive", { roleName: "redislabs-role", policyNames: [] }),
            /exclusive inline-policy list names a Redis principal or policy in field "roleName", outside a RedisCloudIam component/,
        ],
        [
            "a second instance profile for the node role",
            r("aws:iam/instanceProfile:InstanceProfile", { name: "my-profile", role: "redislabs-cluster-node-role" }),
            /an instance profile names/,
        ],
    ].map(([title, resource, violation]) => ({ title, resource, violation }) as PolicyCase),
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
            "the component's exclusive lists: Redis's policy alone, no inline policy",
            r(
                "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive",
                { roleName: "redislabs-cluster-node-role", policyArns: ["arn:aws:iam::123456789012:policy/RedisLabsInstanceRolePolicy"] },
                { parent: COMPONENT_URN, protect: true },
            ),
        ],
        [
            "the component's exclusive attachment list at preview, its policy ARN unknown",
            r(
                "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive",
                { userName: "redislabs-user", policyArns: [UNKNOWN] },
                { parent: COMPONENT_URN, protect: true },
            ),
        ],
        [
            "the component's empty exclusive inline-policy list",
            r(
                "aws:iam/rolePoliciesExclusive:RolePoliciesExclusive",
                { roleName: "redislabs-role", policyNames: [] },
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
    ].map(([title, resource]) => ({ title, resource }) as PolicyCase),
];

describePolicyCases("redis-iam-canonical", CASES);
