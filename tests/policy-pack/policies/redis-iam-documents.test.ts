/**
 * `redis-iam-documents`: its violating and passing cases (policy-pack/policies/redis-iam-documents.ts).
 */
import { COMPONENT_URN, PolicyCase, allow, describePolicyCases, r } from "../policy-cases";

const document = (...statements: Record<string, unknown>[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const USER = "arn:aws:iam::123456789012:user/redislabs-user";
const REDIS_CLOUD = { AWS: "arn:aws:iam::168085023892:root" };
const BUCKET_ACTIONS = ["s3:PutObject", "s3:GetObject", "s3:DeleteObject"];
const KEY_ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"];

export const CASES: PolicyCase[] = [
    ...[
        [
            "a customer role whose trust lets Redis's console role assume it",
            r("aws:iam/role:Role", {
                name: "ci",
                assumeRolePolicy: allow({ AWS: "arn:aws:iam::123456789012:role/redislabs-role" }, "sts:AssumeRole"),
            }),
            /policy document in field "assumeRolePolicy" grants to a Redis principal/,
        ],
        [
            "an aws-native role trusting Redis Cloud's account (document as an object)",
            r("aws-native:iam:Role", {
                assumeRolePolicyDocument: JSON.parse(allow({ AWS: "arn:aws:iam::168085023892:root" }, "sts:AssumeRole")),
            }),
            /field "assumeRolePolicyDocument" grants to a Redis principal/,
        ],
        [
            "a bucket policy granting redislabs-user",
            r("aws:s3/bucketPolicy:BucketPolicy", {
                bucket: "b",
                policy: allow(
                    { AWS: ["arn:aws:iam::123456789012:user/ci", "arn:aws:iam::123456789012:user/redislabs-user"] },
                    "s3:GetObject",
                    "arn:aws:s3:::b/*",
                ),
            }),
            /grants to a Redis principal/,
        ],
        [
            "an aws-native bucket policy granting a session of the node role",
            r("aws-native:s3:BucketPolicy", {
                bucket: "b",
                policyDocument: JSON.parse(
                    allow({ AWS: "arn:aws:sts::123456789012:assumed-role/redislabs-cluster-node-role/i-1" }, "s3:*", "*"),
                ),
            }),
            /grants to a Redis principal/,
        ],
        [
            "a secret's resource policy granting Redis Cloud's account",
            r("aws:secretsmanager/secretPolicy:SecretPolicy", {
                secretArn: "arn:x",
                policy: allow({ AWS: "168085023892" }, "secretsmanager:GetSecretValue"),
            }),
            /grants to a Redis principal/,
        ],
        [
            "a key policy granting Redis's user decryption",
            r("aws:kms/key:Key", {
                policy: allow({ AWS: "arn:aws:iam::123456789012:user/redislabs-user" }, ["kms:Decrypt", "kms:DescribeKey"]),
            }),
            /field "policy" grants to a Redis principal/,
        ],
        [
            "a customer policy allowing iam:PassRole on the node role",
            r("aws:iam/policy:Policy", {
                name: "deployer",
                policy: allow(undefined, "iam:PassRole", "arn:aws:iam::123456789012:role/redislabs-cluster-node-role"),
            }),
            /allows iam:PassRole on a Redis principal/,
        ],
        [
            "an inline policy allowing iam:CreateAccessKey on redislabs-user",
            r("aws:iam/rolePolicy:RolePolicy", {
                role: "ci",
                policy: allow(undefined, ["s3:*", "iam:CreateAccessKey"], "arn:aws:iam::*:user/redislabs-user"),
            }),
            /allows iam:CreateAccessKey on a Redis principal/,
        ],
        [
            "an aws-native policy allowing iam:* on redislabs-* users",
            r("aws-native:iam:ManagedPolicy", { policyDocument: JSON.parse(allow(undefined, "iam:*", "arn:aws:iam::*:user/redislabs-*")) }),
            /allows iam:\* \(which covers iam:PassRole\) on a Redis principal: narrow its Resource/,
        ],
        [
            "a policy allowing every action but S3 on redislabs-user, said as a NotAction",
            r("aws:iam/policy:Policy", {
                name: "broad",
                policy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Allow", NotAction: "s3:*", Resource: "arn:aws:iam::*:user/redislabs-user" }],
                }),
            }),
            /allows every action but s3:\* \(which covers iam:PassRole\) on a Redis principal/,
        ],
        [
            "a customer role with Redis's policy in managedPolicyArns",
            r("aws:iam/role:Role", {
                name: "app",
                assumeRolePolicy: allow({ Service: "ec2.amazonaws.com" }, "sts:AssumeRole"),
                managedPolicyArns: ["arn:aws:iam::123456789012:policy/RedisLabsInstanceRolePolicy"],
            }),
            /Field "managedPolicyArns" attaches or names one of Redis's policies/,
        ],
        [
            "Redis's user policy attached to a customer role",
            r("aws:iam/rolePolicyAttachment:RolePolicyAttachment", {
                role: "app",
                policyArn: "arn:aws:iam::123456789012:policy/RedislabsIAMUserRestrictedPolicy",
            }),
            /Field "policyArn" attaches or names one of Redis's policies/,
        ],
        [
            "Redis's policy attached to a group",
            r("aws:iam/groupPolicyAttachment:GroupPolicyAttachment", {
                group: "admins",
                policyArn: "arn:aws:iam::123456789012:policy/RedisLabsInstanceRolePolicy",
            }),
            /Field "policyArn"/,
        ],
        [
            "an aws-native inline policy on the console role",
            r("aws-native:iam:RolePolicy", { roleName: "redislabs-role", policyName: "extra", policyDocument: {} }),
            /Field "roleName" names a Redis IAM principal or policy/,
        ],
        [
            "an aws-native managed policy for redislabs-user",
            r("aws-native:iam:ManagedPolicy", { users: ["ci", "redislabs-user"], policyDocument: {} }),
            /Field "users" names a Redis IAM principal/,
        ],
        [
            "a CloudFormation template attaching a policy to the node role",
            r("aws:cloudformation/stack:Stack", {
                templateBody: JSON.stringify({
                    Resources: { P: { Type: "AWS::IAM::Policy", Properties: { PolicyName: "x", Roles: ["redislabs-cluster-node-role"] } } },
                }),
            }),
            /names a Redis IAM principal/,
        ],
        [
            "a Cloud Control access key for redislabs-user",
            r("aws:cloudcontrol/resource:Resource", {
                typeName: "AWS::IAM::AccessKey",
                desiredState: JSON.stringify({ UserName: "redislabs-user" }),
            }),
            /Field "desiredState.\*" names a Redis IAM principal/,
        ],
        [
            "a function running as Redis's console role",
            r("aws:lambda/function:Function", { role: "arn:aws:iam::123456789012:role/redislabs-role", runtime: "nodejs20.x" }),
            /Field "role" names a Redis IAM principal/,
        ],
        [
            "a bucket policy for everyone narrowed by aws:PrincipalArn to a pattern aimed at the node role",
            r("aws:s3/bucketPolicy:BucketPolicy", {
                bucket: "b",
                policy: document({
                    Effect: "Allow",
                    Principal: "*",
                    Action: "s3:*",
                    Resource: "*",
                    Condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/*-cluster-node-role" } },
                }),
            }),
            /grants to everyone but narrows it by a principal condition to redislabs-cluster-node-role/,
        ],
        [
            "a secret policy for {AWS: *} narrowed by aws:PrincipalAccount to Redis Cloud's account",
            r("aws:secretsmanager/secretPolicy:SecretPolicy", {
                secretArn: "arn:x",
                policy: document({
                    Effect: "Allow",
                    Principal: { AWS: "*" },
                    Action: "secretsmanager:GetSecretValue",
                    Resource: "*",
                    Condition: { StringEquals: { "aws:PrincipalAccount": "168085023892" } },
                }),
            }),
            /narrows it by a principal condition to Redis Cloud's account/,
        ],
        [
            "a policy allowing iam:DeleteRole on the console role (a write the old list lacked)",
            r("aws:iam/policy:Policy", {
                name: "cleanup",
                policy: allow(undefined, "iam:DeleteRole", "arn:aws:iam::*:role/redislabs-role"),
            }),
            /allows iam:DeleteRole on a Redis principal/,
        ],
        [
            "a policy allowing detaching policies from roles matching *-cluster-node-role",
            r("aws:iam/policy:Policy", {
                name: "detach",
                policy: allow(undefined, ["iam:DetachRolePolicy"], "arn:aws:iam::*:role/*-cluster-node-role"),
            }),
            /allows iam:DetachRolePolicy on a Redis principal/,
        ],
        [
            "a policy allowing access-key updates on users matching redis*",
            r("aws:iam/policy:Policy", {
                name: "keys",
                policy: allow(undefined, ["iam:UpdateAccessKey", "iam:DeleteAccessKey"], "arn:aws:iam::*:user/redis*"),
            }),
            /allows iam:(Update|Delete)AccessKey on a Redis principal/,
        ],
        [
            "a policy allowing ssm:SendCommand on instances running Redis's instance profile",
            r("aws:iam/policy:Policy", {
                name: "ops",
                policy: document({
                    Effect: "Allow",
                    Action: "ssm:SendCommand",
                    Resource: "*",
                    Condition: { ArnLike: { "ec2:InstanceProfile": "arn:aws:iam::*:instance-profile/redislabs-cluster-node-role" } },
                }),
            }),
            /conditioned on ec2:InstanceProfile naming Redis's instance profile/,
        ],
        [
            "a key policy granting Redis's user kms:CreateGrant without kms:GrantIsForAWSResource",
            r("aws:kms/key:Key", { policy: allow({ AWS: USER }, ["kms:CreateGrant", "kms:DescribeKey"]) }),
            /field "policy" grants to a Redis principal/,
        ],
        [
            "a key policy granting Redis Cloud's account the EBS actions (only Redis's in-account principals may have them)",
            r("aws:kms/key:Key", {
                policy: document({
                    Effect: "Allow",
                    Principal: REDIS_CLOUD,
                    Action: ["kms:CreateGrant"],
                    Resource: "*",
                    Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
                }),
            }),
            /grants to a Redis principal/,
        ],
        [
            "a bucket policy granting Redis Cloud's account more than Redis documents (s3:*)",
            r("aws:s3/bucketPolicy:BucketPolicy", { bucket: "backups", policy: allow(REDIS_CLOUD, "s3:*", "arn:aws:s3:::backups/*") }),
            /grants to a Redis principal/,
        ],
        [
            "a bucket policy granting Redis Cloud's account the documented actions on every bucket",
            r("aws:s3/bucketPolicy:BucketPolicy", { bucket: "backups", policy: allow(REDIS_CLOUD, BUCKET_ACTIONS, "*") }),
            /grants to a Redis principal/,
        ],
        [
            "a key policy granting Redis Cloud's account the backup key actions and kms:CreateGrant",
            r("aws:kms/key:Key", { policy: allow(REDIS_CLOUD, [...KEY_ACTIONS, "kms:CreateGrant"]) }),
            /grants to a Redis principal/,
        ],
    ].map(([title, resource, violation]) => ({ title, resource, violation }) as PolicyCase),
    ...[
        [
            "a key policy granting Redis's principals only the EBS actions Redis's policy uses, grants only for AWS resources (FACTS: encrypted volumes)",
            r("aws:kms/key:Key", {
                policy: document(
                    {
                        Effect: "Allow",
                        Principal: { AWS: [USER, "arn:aws:iam::123456789012:role/redislabs-cluster-node-role"] },
                        Action: ["kms:GenerateDataKeyWithoutPlaintext", "kms:DescribeKey"],
                        Resource: "*",
                    },
                    {
                        Effect: "Allow",
                        Principal: { AWS: USER },
                        Action: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
                        Resource: "*",
                        Condition: { Bool: { "kms:GrantIsForAWSResource": true } },
                    },
                ),
            }),
        ],
        [
            "an aws-native key policy with the same EBS grant",
            r("aws-native:kms:Key", {
                keyPolicy: {
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Principal: { AWS: USER },
                            Action: ["kms:CreateGrant", "kms:DescribeKey"],
                            Resource: "*",
                            Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
                        },
                    ],
                },
            }),
        ],
        [
            "Redis's documented backup bucket statement for Redis Cloud's account, exactly (FACTS: grants to its own account)",
            r("aws:s3/bucketPolicy:BucketPolicy", {
                bucket: "backups",
                policy: allow(REDIS_CLOUD, BUCKET_ACTIONS, "arn:aws:s3:::backups/*"),
            }),
        ],
        [
            "the same statement in an aws-native bucket policy, with a narrowing condition",
            r("aws-native:s3:BucketPolicy", {
                bucket: "backups",
                policyDocument: {
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Principal: REDIS_CLOUD,
                            Action: ["s3:GetObject", "s3:PutObject"],
                            Resource: "arn:aws:s3:::backups/*",
                            Condition: { Bool: { "aws:SecureTransport": "true" } },
                        },
                    ],
                },
            }),
        ],
        [
            "Redis's documented SSE-KMS key statement for Redis Cloud's account, exactly",
            r("aws:kms/key:Key", { policy: allow(REDIS_CLOUD, KEY_ACTIONS) }),
        ],
        [
            "a bucket policy for everyone in the organisation (Principal * narrowed by aws:PrincipalOrgID, not to Redis)",
            r("aws:s3/bucketPolicy:BucketPolicy", {
                bucket: "shared",
                policy: document({
                    Effect: "Allow",
                    Principal: "*",
                    Action: "s3:GetObject",
                    Resource: "arn:aws:s3:::shared/*",
                    Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abcd1234" } },
                }),
            }),
        ],
        [
            "a policy allowing ssm:SendCommand on instances with the customer's own profiles",
            r("aws:iam/policy:Policy", {
                name: "ops",
                policy: document({
                    Effect: "Allow",
                    Action: "ssm:SendCommand",
                    Resource: "*",
                    Condition: { ArnLike: { "ec2:InstanceProfile": "arn:aws:iam::123456789012:instance-profile/app-*" } },
                }),
            }),
        ],
        [
            "AWS's IAMUserChangePassword policy, declared as the customer's (its own user, by policy variable)",
            r("aws:iam/policy:Policy", {
                name: "change-password",
                policy: allow(undefined, ["iam:ChangePassword"], "arn:aws:iam::*:user/${aws:username}"),
            }),
        ],
        [
            "a customer policy allowing iam:PassRole on every role (broad, but not aimed at Redis)",
            r("aws:iam/policy:Policy", { name: "ci", policy: allow(undefined, "iam:PassRole", "arn:aws:iam::123456789012:role/*") }),
        ],
        [
            "a Deny naming Redis's principals",
            r("aws:iam/policy:Policy", {
                name: "boundary",
                policy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Deny", Action: "iam:PassRole", Resource: "arn:aws:iam::*:role/redislabs-role" }],
                }),
            }),
        ],
        [
            "a role trusted by EC2",
            r("aws:iam/role:Role", { name: "app", assumeRolePolicy: allow({ Service: "ec2.amazonaws.com" }, "sts:AssumeRole") }),
        ],
        [
            "Redis's console role with its canonical trust (judged by redis-iam-canonical)",
            r(
                "aws:iam/role:Role",
                { name: "redislabs-role", assumeRolePolicy: allow({ AWS: "arn:aws:iam::168085023892:root" }, "sts:AssumeRole") },
                { protect: true },
            ),
        ],
        [
            "the component's attachment of Redis's policy",
            r(
                "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
                { role: "redislabs-role", policyArn: "arn:aws:iam::123456789012:policy/RedisLabsInstanceRolePolicy" },
                { parent: COMPONENT_URN, protect: true },
            ),
        ],
        [
            "a function with its own role",
            r("aws:lambda/function:Function", { role: "arn:aws:iam::123456789012:role/redislabs-role-reader" }),
        ],
    ].map(([title, resource]) => ({ title, resource }) as PolicyCase),
];

describePolicyCases("redis-iam-documents", CASES);
