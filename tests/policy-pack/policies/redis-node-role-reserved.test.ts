/**
 * `redis-node-role-reserved`: its violating and passing cases (policy-pack/policies/redis-node-role-reserved.ts).
 */
import { PolicyCase, describePolicyCases, r } from "../policy-cases";

const lines = (...text: string[]) => text.join("\n") + "\n";
const SNS = "arn:aws:sns:eu-west-1:123456789012:ops";

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

    // Redis's other names and Redis Cloud's account, found by value in free text, decoded as a user's tools would.
    ...[
        [
            "a local command that keys Redis's user",
            r("command:local:Command", { create: "aws iam create-access-key --user-name redislabs-user > key.json" }),
            /"create" names Redis Cloud's IAM user redislabs-user, whose key Redis holds: remove it/,
        ],
        [
            "a remote command that deletes Redis's console role on destroy",
            r("command:remote:Command", { connection: { host: "10.0.0.5" }, delete: "aws iam delete-role --role-name redislabs-role" }),
            /"delete" names Redis Cloud's console role redislabs-role: remove it/,
        ],
        [
            "a buildspec (YAML) whose build attaches Redis's policy to a CI user",
            r("aws:codebuild/project:Project", {
                source: {
                    type: "NO_SOURCE",
                    buildspec: lines(
                        "version: 0.2",
                        "phases:",
                        "  build:",
                        "    commands:",
                        "      - aws iam attach-user-policy --user-name ci --policy-arn arn:aws:iam::123456789012:policy/RedislabsIAMUserRestrictedPolicy",
                    ),
                },
            }),
            /"source\.buildspec\.phases\.build\.commands" names one of Redis Cloud's IAM policies: remove it/,
        ],
        [
            "an SSM document (YAML) giving an instance the node role's profile",
            r("aws:ssm/document:Document", {
                documentType: "Command",
                documentFormat: "YAML",
                content: lines(
                    'schemaVersion: "2.2"',
                    "mainSteps:",
                    "  - action: aws:runShellScript",
                    "    name: attach",
                    "    inputs:",
                    "      runCommand:",
                    "        - aws ec2 associate-iam-instance-profile --instance-id i-1 --iam-instance-profile Name=redislabs-cluster-node-role",
                ),
            }),
            /"content\.mainSteps\[\]\.inputs\.runCommand" uses Redis Cloud's node role/,
        ],
        [
            "a Lambda invocation whose input names Redis's user",
            r("aws:lambda/invocation:Invocation", {
                functionName: "rotate-keys",
                input: JSON.stringify({ userName: "redislabs-user", action: "rotate" }),
            }),
            /"input\.userName" names Redis Cloud's IAM user/,
        ],
        [
            "a Lambda invocation whose input gives Redis Cloud's account as a number",
            r("aws:lambda/invocation:Invocation", { functionName: "share-ami", input: '{"accountId": 168085023892}' }),
            /"input\.accountId" names Redis Cloud's AWS account: remove it/,
        ],
        [
            "a YAML template keying Redis's user through !Join of literals",
            r("aws:cloudformation/stack:Stack", {
                templateBody: lines(
                    "Resources:",
                    "  Key:",
                    "    Type: AWS::IAM::AccessKey",
                    "    Properties:",
                    "      UserName: !Join ['', [redislabs-, user]]",
                ),
            }),
            /"templateBody\.\*\.\*\.\*\.\*" names Redis Cloud's IAM user/,
        ],
        [
            "a YAML template naming Redis's console role with !Sub and a literal variable",
            r("aws:cloudformation/stack:Stack", {
                templateBody: lines(
                    "Resources:",
                    "  Assume:",
                    "    Type: Custom::AssumeRole",
                    "    Properties:",
                    "      RoleArn: !Sub",
                    "        - 'arn:aws:iam::${AWS::AccountId}:role/${Vendor}-role'",
                    "        - Vendor: redislabs",
                ),
            }),
            /"templateBody\.\*\.\*\.\*\.\*" names Redis Cloud's console role/,
        ],
        [
            "a JSON template launching with the node role's profile through Fn::Sub",
            r("aws:cloudformation/stack:Stack", {
                templateBody: JSON.stringify({
                    Resources: {
                        I: {
                            Type: "AWS::EC2::Instance",
                            Properties: {
                                IamInstanceProfile: {
                                    "Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:instance-profile/redislabs-cluster-node-role",
                                },
                            },
                        },
                    },
                }),
            }),
            /"templateBody\.\*\.\*\.\*\.\*" uses Redis Cloud's node role/,
        ],
        [
            "base64 user data that assumes Redis's console role",
            r("aws:ec2/launchTemplate:LaunchTemplate", {
                userData: Buffer.from(
                    "#!/bin/bash\naws sts assume-role --role-arn arn:aws:iam::123456789012:role/redislabs-role --role-session-name x\n",
                ).toString("base64"),
            }),
            /"userData" names Redis Cloud's console role/,
        ],
        [
            "a percent-encoded ARN of Redis's user in a function's environment",
            r("aws:lambda/function:Function", {
                environment: { variables: { TARGET: "arn%3Aaws%3Aiam%3A%3A123456789012%3Auser%2Fredislabs-user" } },
            }),
            /"environment\.variables\.\*" names Redis Cloud's IAM user/,
        ],
        [
            "a local command sharing a resource with Redis Cloud's account",
            r("command:local:Command", { create: "aws ram create-resource-share --name s --principals 168085023892" }),
            /"create" names Redis Cloud's AWS account/,
        ],
        [
            "a dynamic provider whose 'description' hands its code Redis's user (data for code, not free text)",
            r("pulumi-nodejs:dynamic/acme:KeyMaker", { __provider: "exports.handler = ...", description: "redislabs-user" }),
            /"description" names Redis Cloud's IAM user/,
        ],
        [
            "a YAML template too large to read that assembles a name with !Join (fails closed)",
            r("aws:cloudformation/stack:Stack", {
                templateBody: lines("Resources:", `  Pad: '${"x".repeat(1 << 18)}'`, "  Name: !Join ['', [redislabs-, user]]"),
            }),
            /redis-node-role-reserved cannot inspect field "templateBody" \(it holds YAML text larger than 262144 characters\), so it cannot allow this resource/,
        ],
        [
            "an alarm naming Redis's user whose action stops an instance",
            r("aws:cloudwatch/metricAlarm:MetricAlarm", {
                alarmName: "redislabs-user key created",
                metricName: "KeyCreated",
                namespace: "Security",
                alarmActions: ["arn:aws:automate:eu-west-1:ec2:stop"],
            }),
            /"alarmName" names Redis Cloud's IAM user/,
        ],
    ].map(([title, resource, violation]) => ({ title, resource, violation }) as PolicyCase),
    ...[
        [
            "a local command for an ordinary user",
            r("command:local:Command", { create: "aws iam create-access-key --user-name ci-deployer" }),
        ],
        [
            "an ordinary buildspec",
            r("aws:codebuild/project:Project", {
                source: {
                    type: "CODEPIPELINE",
                    buildspec: lines("version: 0.2", "phases:", "  build:", "    commands:", "      - npm ci", "      - npm test"),
                },
            }),
        ],
        [
            "an ordinary YAML template with !Sub and !GetAtt",
            r("aws:cloudformation/stack:Stack", {
                templateBody: lines(
                    "Resources:",
                    "  Fn:",
                    "    Type: AWS::Lambda::Function",
                    "    Properties:",
                    "      Role: !GetAtt FnRole.Arn",
                    "      Environment:",
                    "        Variables:",
                    "          TABLE: !Sub '${AWS::StackName}-table'",
                ),
            }),
        ],
        [
            "a dashboard of Redis's user's API calls",
            r("aws:cloudwatch/dashboard:Dashboard", {
                dashboardName: "redis-iam",
                dashboardBody: JSON.stringify({
                    widgets: [
                        { type: "log", properties: { query: "SOURCE 'cloudtrail' | filter userIdentity.userName = 'redislabs-user'" } },
                    ],
                }),
            }),
        ],
        [
            "an event rule on AssumeRole of Redis's console role",
            r("aws:cloudwatch/eventRule:EventRule", {
                eventPattern: JSON.stringify({
                    source: ["aws.sts"],
                    detail: {
                        eventName: ["AssumeRole"],
                        requestParameters: { roleArn: ["arn:aws:iam::123456789012:role/redislabs-role"] },
                    },
                }),
            }),
        ],
        [
            "a metric filter counting new keys for Redis's user",
            r("aws:cloudwatch/logMetricFilter:LogMetricFilter", {
                logGroupName: "cloudtrail",
                pattern: '{ ($.eventName = "CreateAccessKey") && ($.requestParameters.userName = "redislabs-user") }',
                metricTransformation: { name: "RedisUserKeyCreated", namespace: "Security", value: "1" },
            }),
        ],
        [
            "a notify-only alarm named after Redis's user",
            r("aws:cloudwatch/metricAlarm:MetricAlarm", {
                alarmName: "redislabs-user key created",
                metricName: "RedisUserKeyCreated",
                alarmActions: [SNS],
            }),
        ],
        [
            "a Config rule checking that Redis's policy stays attached",
            r("aws:cfg/rule:Rule", {
                source: { owner: "AWS", sourceIdentifier: "IAM_POLICY_IN_USE" },
                inputParameters: JSON.stringify({
                    policyARN: "arn:aws:iam::123456789012:policy/RedislabsIAMUserRestrictedPolicy",
                    policyUsageType: "IAM_USER",
                }),
            }),
        ],
        [
            "a policy document's statement naming Redis (judged by effect by redis-iam-documents)",
            r("aws:s3/bucketPolicy:BucketPolicy", {
                bucket: "backups",
                policy: JSON.stringify({
                    Statement: [
                        {
                            Effect: "Deny",
                            Principal: "*",
                            Action: "s3:*",
                            Resource: "*",
                            Condition: { StringEquals: { "aws:PrincipalAccount": "168085023892" } },
                        },
                    ],
                }),
            }),
        ],
        ["a description naming Redis's user", r("aws:sns/topic:Topic", { name: "security", description: "alerts about redislabs-user" })],
        [
            "registering Redis's user with Redis Cloud (RedisCloudAccount)",
            r("pulumi-nodejs:dynamic/redis-cloud-byoc-aws:RedisCloudAccount", { name: "prod", consoleUsername: "redislabs-user" }),
        ],
        [
            "a command naming a user that only starts like Redis's",
            r("command:local:Command", { create: "aws iam get-user --user-name redislabs-user-test" }),
        ],
    ].map(([title, resource]) => ({ title, resource }) as PolicyCase),
];

describePolicyCases("redis-node-role-reserved", CASES);
