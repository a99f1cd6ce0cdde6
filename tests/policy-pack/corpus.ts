/**
 * The false-alarm corpus: ordinary, realistic stacks that have nothing to do
 * with Redis, and stacks that refer to Redis's resources in the reviewed ways,
 * as the engine sends them to Analyze at preview (IDs of resources the same
 * stack creates are unknown). The guard pack must say nothing about any of
 * them, with a Redis ID list configured.
 */
import { AnalyzerResource, UNKNOWN } from "../../plan/analyzer-client";
import { REDIS_IDS } from "./policy-cases";
import { AWS_MANAGED_POLICY_STATEMENTS } from "../../core/aws-managed-policies";
import { REDIS_PRINCIPAL_ARN_PATTERNS, guardrailPolicyDocuments, renderPolicy } from "../../core/guardrail-policy";

const ACCOUNT = "123456789012";
const r = (type: string, name: string, properties: Record<string, unknown>, extra: Partial<AnalyzerResource> = {}): AnalyzerResource => ({
    type,
    name,
    properties,
    ...extra,
});
const trust = (service: string) =>
    JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }] });
const tags = { team: "platform", env: "prod", "cost-center": "42" };

const vpc: AnalyzerResource[] = [
    r("pulumi:providers:aws", "default_7_0_0", { region: "eu-west-1", defaultTags: JSON.stringify({ tags }), version: "7.0.0" }),
    r("aws:ec2/vpc:Vpc", "main", { cidrBlock: "10.0.0.0/16", enableDnsHostnames: true, tags: { ...tags, Name: "main" } }),
    ...["a", "b"].flatMap((az, i) => [
        r("aws:ec2/subnet:Subnet", `public-${az}`, {
            vpcId: UNKNOWN,
            cidrBlock: `10.0.${i}.0/24`,
            availabilityZone: `eu-west-1${az}`,
            mapPublicIpOnLaunch: true,
        }),
        r("aws:ec2/subnet:Subnet", `private-${az}`, {
            vpcId: UNKNOWN,
            cidrBlock: `10.0.${10 + i}.0/24`,
            availabilityZone: `eu-west-1${az}`,
        }),
        r("aws:ec2/routeTableAssociation:RouteTableAssociation", `private-${az}`, { subnetId: UNKNOWN, routeTableId: UNKNOWN }),
    ]),
    r("aws:ec2/internetGateway:InternetGateway", "igw", { vpcId: UNKNOWN, tags }),
    r("aws:ec2/eip:Eip", "nat", { domain: "vpc" }),
    r("aws:ec2/natGateway:NatGateway", "nat", { subnetId: UNKNOWN, allocationId: UNKNOWN }),
    r("aws:ec2/routeTable:RouteTable", "private", { vpcId: UNKNOWN, routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: UNKNOWN }] }),
    r("aws:ec2/route:Route", "public-default", { routeTableId: UNKNOWN, destinationCidrBlock: "0.0.0.0/0", gatewayId: UNKNOWN }),
    r("aws:ec2/securityGroup:SecurityGroup", "web", {
        vpcId: UNKNOWN,
        description: "web tier",
        ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }],
        egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
    }),
    r("aws:cloudwatch/logGroup:LogGroup", "flow", { retentionInDays: 30 }),
    r("aws:ec2/flowLog:FlowLog", "flow", { vpcId: UNKNOWN, trafficType: "ALL", logDestination: UNKNOWN, iamRoleArn: UNKNOWN }),
];

const eks: AnalyzerResource[] = [
    r("aws:iam/role:Role", "cluster", { assumeRolePolicy: trust("eks.amazonaws.com"), tags }),
    r("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "cluster", {
        role: UNKNOWN,
        policyArn: "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy",
    }),
    r("aws:iam/role:Role", "nodes", { assumeRolePolicy: trust("ec2.amazonaws.com") }),
    ...["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryReadOnly"].map((policy) =>
        r("aws:iam/rolePolicyAttachment:RolePolicyAttachment", `nodes-${policy}`, {
            role: UNKNOWN,
            policyArn: `arn:aws:iam::aws:policy/${policy}`,
        }),
    ),
    r("aws:iam/instanceProfile:InstanceProfile", "nodes", { role: UNKNOWN }),
    r("aws:eks/cluster:Cluster", "main", { roleArn: UNKNOWN, vpcConfig: { subnetIds: [UNKNOWN, UNKNOWN], endpointPrivateAccess: true } }),
    r("aws:ec2/launchTemplate:LaunchTemplate", "nodes", {
        instanceType: "m6i.large",
        iamInstanceProfile: { name: UNKNOWN },
        tagSpecifications: [{ resourceType: "instance", tags: { ...tags, Name: "eks-node" } }],
        metadataOptions: { httpTokens: "required" },
    }),
    r("aws:eks/nodeGroup:NodeGroup", "main", {
        clusterName: UNKNOWN,
        nodeRoleArn: UNKNOWN,
        subnetIds: [UNKNOWN, UNKNOWN],
        scalingConfig: { desiredSize: 3, minSize: 1, maxSize: 5 },
        launchTemplate: { id: UNKNOWN, version: "$Latest" },
    }),
    r("aws:ecs/cluster:Cluster", "apps", { settings: [{ name: "containerInsights", value: "enabled" }] }),
    r("aws:iam/role:Role", "task-exec", { assumeRolePolicy: trust("ecs-tasks.amazonaws.com") }),
    r("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "task-exec", {
        role: UNKNOWN,
        policyArn: "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
    }),
    r("aws:ecs/taskDefinition:TaskDefinition", "api", {
        family: "api",
        executionRoleArn: UNKNOWN,
        containerDefinitions: JSON.stringify([
            { name: "api", image: "nginx:1.27", portMappings: [{ containerPort: 80 }], environment: [{ name: "MODE", value: "prod" }] },
        ]),
    }),
    r("aws:ecs/service:Service", "api", {
        cluster: UNKNOWN,
        taskDefinition: UNKNOWN,
        networkConfiguration: { subnets: [UNKNOWN], securityGroups: [UNKNOWN] },
    }),
];

const data: AnalyzerResource[] = [
    r("aws:rds/subnetGroup:SubnetGroup", "db", { subnetIds: [UNKNOWN, UNKNOWN] }),
    r("aws:rds/instance:Instance", "db", {
        engine: "postgres",
        instanceClass: "db.t4g.medium",
        allocatedStorage: 20,
        username: "app",
        password: "correct-horse-battery-staple",
        dbSubnetGroupName: UNKNOWN,
        vpcSecurityGroupIds: [UNKNOWN],
        storageEncrypted: true,
    }),
    r("aws:s3/bucketV2:BucketV2", "assets", { bucket: "acme-assets", tags }),
    r("aws:s3/bucketPolicy:BucketPolicy", "assets", {
        bucket: UNKNOWN,
        policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "TLS",
                    Effect: "Deny",
                    Principal: "*",
                    Action: "s3:*",
                    Resource: ["arn:aws:s3:::acme-assets", "arn:aws:s3:::acme-assets/*"],
                    Condition: { Bool: { "aws:SecureTransport": "false" } },
                },
                {
                    Sid: "CDN",
                    Effect: "Allow",
                    Principal: { Service: "cloudfront.amazonaws.com" },
                    Action: "s3:GetObject",
                    Resource: "arn:aws:s3:::acme-assets/*",
                },
            ],
        }),
    }),
    r("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "assets", {
        bucket: UNKNOWN,
        blockPublicAcls: true,
        restrictPublicBuckets: true,
    }),
    r("aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2", "assets", {
        bucket: UNKNOWN,
        rules: [{ id: "tmp", status: "Enabled", filter: { tag: { key: "lifetime", value: "short" } }, expiration: { days: 7 } }],
    }),
    r("aws:kms/key:Key", "data", {
        description: "application data",
        enableKeyRotation: true,
        policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [
                { Sid: "Root", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" },
                {
                    Sid: "App",
                    Effect: "Allow",
                    Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/app` },
                    Action: ["kms:Decrypt", "kms:GenerateDataKey"],
                    Resource: "*",
                },
            ],
        }),
    }),
    r("aws:kms/alias:Alias", "data", { name: "alias/app-data", targetKeyId: UNKNOWN }),
    r("aws:iam/role:Role", "fn", { assumeRolePolicy: trust("lambda.amazonaws.com") }),
    r("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "fn", {
        role: UNKNOWN,
        policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
    }),
    r("aws:iam/rolePolicy:RolePolicy", "fn-s3", {
        role: UNKNOWN,
        policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::acme-assets/*" }],
        }),
    }),
    r("aws:lambda/function:Function", "fn", {
        runtime: "nodejs20.x",
        handler: "index.handler",
        role: UNKNOWN,
        code: { "4dabf18193072939515e22adb298388d": "0def7320c3a5731c473e5ecbe6d01bc7", path: "./fn" },
        environment: { variables: { BUCKET: "acme-assets", LOG_LEVEL: "info" } },
    }),
    r("aws:lambda/permission:Permission", "fn", {
        action: "lambda:InvokeFunction",
        function: UNKNOWN,
        principal: "s3.amazonaws.com",
        sourceArn: UNKNOWN,
    }),
    r("aws-native:s3:Bucket", "native", { bucketName: "acme-native", tags: [{ key: "team", value: "platform" }] }),
    r("aws-native:iam:Role", "native", {
        assumeRolePolicyDocument: {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
        },
    }),
];

/** Stacks that use Redis's resources the reviewed ways (reference-uses.ts). */
const referencesToRedis: AnalyzerResource[] = [
    r("aws:ec2/securityGroupRule:SecurityGroupRule", "from-redis", {
        type: "ingress",
        securityGroupId: UNKNOWN,
        sourceSecurityGroupId: REDIS_IDS.securityGroup,
        protocol: "tcp",
        fromPort: 6379,
        toPort: 6379,
    }),
    r("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "to-redis", {
        securityGroupId: UNKNOWN,
        referencedSecurityGroupId: REDIS_IDS.securityGroup,
        ipProtocol: "tcp",
        fromPort: 6379,
        toPort: 6379,
    }),
    r("aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter", "redis", {
        vpcPeeringConnectionId: REDIS_IDS.peering,
        autoAccept: true,
        tags,
    }),
    r("aws:ec2/route:Route", "to-redis", {
        routeTableId: UNKNOWN,
        destinationCidrBlock: "192.168.0.0/24",
        vpcPeeringConnectionId: REDIS_IDS.peering,
    }),
    r("aws:route53/record:Record", "cache", {
        zoneId: UNKNOWN,
        name: "cache.internal.example.com",
        type: "CNAME",
        ttl: 300,
        records: [REDIS_IDS.endpoint],
    }),
    r("aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation", "redis", {
        transitGatewayAttachmentId: REDIS_IDS.transitGatewayAttachment,
        transitGatewayRouteTableId: UNKNOWN,
    }),
    r("aws:cloudwatch/metricAlarm:MetricAlarm", "redis-cpu", {
        comparisonOperator: "GreaterThanThreshold",
        evaluationPeriods: 3,
        metricName: "CPUUtilization",
        namespace: "AWS/EC2",
        period: 300,
        statistic: "Average",
        threshold: 80,
        dimensions: { InstanceId: REDIS_IDS.instance },
        alarmActions: [UNKNOWN],
    }),
    r("aws:ec2/flowLog:FlowLog", "redis-vpc", { vpcId: REDIS_IDS.vpc, trafficType: "REJECT", logDestination: UNKNOWN }),
    r("aws-native:ec2:SecurityGroupIngress", "from-redis-native", {
        groupId: UNKNOWN,
        sourceSecurityGroupId: REDIS_IDS.securityGroup,
        ipProtocol: "tcp",
        fromPort: 6379,
        toPort: 6379,
    }),
];

/** Observing and protecting Redis (issue 17): dashboards, event and Config rules, query logs, labels, deny-only policies. */
const observingRedis: AnalyzerResource[] = [
    r("aws:cloudwatch/dashboard:Dashboard", "redis-dash", {
        dashboardName: "redis",
        dashboardBody: JSON.stringify({
            widgets: [{ type: "metric", properties: { metrics: [["AWS/EC2", "CPUUtilization", "InstanceId", REDIS_IDS.instance]] } }],
        }),
    }),
    r("aws:cloudwatch/eventRule:EventRule", "redis-sg-changes", {
        eventPattern: JSON.stringify({ source: ["aws.ec2"], detail: { requestParameters: { groupId: [REDIS_IDS.securityGroup] } } }),
    }),
    r("aws:cloudwatch/eventTarget:EventTarget", "notify", { rule: UNKNOWN, arn: UNKNOWN }),
    r("aws:cfg/rule:Rule", "redis-sg-open", {
        source: { owner: "AWS", sourceIdentifier: "VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS" },
        scope: { complianceResourceId: REDIS_IDS.securityGroup },
    }),
    r("aws:route53/resolverQueryLogConfigAssociation:ResolverQueryLogConfigAssociation", "redis-dns-log", {
        resolverQueryLogConfigId: UNKNOWN,
        resourceId: REDIS_IDS.vpc,
    }),
    r("aws:cloudwatch/logGroup:LogGroup", "redis-flow-logs", { name: `/flow-logs/${REDIS_IDS.vpc}`, retentionInDays: 30 }),
    r("aws:ssm/parameter:Parameter", "redis-vpc-id", { type: "String", name: "/shared/redis/vpc-id", value: REDIS_IDS.vpc }),
    r("aws:cloudwatch/metricAlarm:MetricAlarm", "redis-node-status", {
        comparisonOperator: "GreaterThanThreshold",
        metricName: "StatusCheckFailed",
        namespace: "AWS/EC2",
        dimensions: { InstanceId: REDIS_IDS.instance },
        alarmActions: ["arn:aws:ssm:us-east-1:123456789012:opsitem:2#CATEGORY=Availability"],
    }),
    r("aws:iam/policy:Policy", "protect-redis", {
        policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Deny", Action: "ec2:*", Resource: `arn:aws:ec2:*:*:security-group/${REDIS_IDS.securityGroup}` }],
        }),
    }),
];

const lines = (...text: string[]) => text.join("\n") + "\n";

/** Delivery as platform teams write it (issue 17): YAML templates, buildspecs, SSM documents, commands, user data; none touches Redis. */
const delivery: AnalyzerResource[] = [
    r("aws:cloudformation/stack:Stack", "queue", {
        name: "orders-queue",
        templateBody: lines(
            'AWSTemplateFormatVersion: "2010-09-09"',
            "Parameters:",
            "  Env: { Type: String, Default: prod }",
            "Conditions:",
            "  IsProd: !Equals [!Ref Env, prod]",
            "Resources:",
            "  Queue:",
            "    Type: AWS::SQS::Queue",
            "    Properties:",
            "      QueueName: !Sub '${AWS::StackName}-${Env}-orders'",
            "      MessageRetentionPeriod: !If [IsProd, 1209600, 345600]",
            "  QueuePolicy:",
            "    Type: AWS::SQS::QueuePolicy",
            "    Properties:",
            "      Queues: [!Ref Queue]",
            "      PolicyDocument:",
            "        Statement:",
            "          - Effect: Allow",
            "            Principal: { Service: sns.amazonaws.com }",
            "            Action: sqs:SendMessage",
            "            Resource: !GetAtt Queue.Arn",
            "            Condition: { ArnEquals: { aws:SourceArn: !Join ['', ['arn:aws:sns:', !Ref AWS::Region, ':', !Ref AWS::AccountId, ':orders']] } }",
            "Outputs:",
            "  QueueUrl: { Value: !Ref Queue, Export: { Name: !Sub '${AWS::StackName}-url' } }",
        ),
    }),
    r("aws:codebuild/project:Project", "app", {
        serviceRole: UNKNOWN,
        artifacts: { type: "NO_ARTIFACTS" },
        environment: { computeType: "BUILD_GENERAL1_SMALL", image: "aws/codebuild/standard:7.0", type: "LINUX_CONTAINER" },
        source: {
            type: "GITHUB",
            location: "https://github.com/acme/app.git",
            buildspec: lines(
                "version: 0.2",
                "env:",
                "  variables:",
                '    NODE_ENV: "production"',
                "phases:",
                "  install:",
                "    runtime-versions: { nodejs: 20 }",
                "  build:",
                "    commands:",
                "      - npm ci",
                '      - npm run build -- --mode "$NODE_ENV"',
                "      - aws s3 sync dist/ s3://acme-assets/ --delete",
                "artifacts:",
                "  files: ['dist/**/*']",
            ),
        },
    }),
    r("aws:ssm/document:Document", "patch", {
        name: "acme-patch-and-restart",
        documentType: "Command",
        documentFormat: "YAML",
        content: lines(
            'schemaVersion: "2.2"',
            "description: Patch the OS and restart the app",
            "parameters:",
            "  Service: { type: String, default: app }",
            "mainSteps:",
            "  - action: aws:runShellScript",
            "    name: patch",
            "    inputs:",
            "      runCommand:",
            "        - sudo dnf -y update",
            '        - sudo systemctl restart "{{ Service }}"',
        ),
    }),
    r("aws:ssm/association:Association", "patch", { name: UNKNOWN, targets: [{ key: "tag:role", values: ["app"] }] }),
    r("command:local:Command", "migrate", {
        create: "npx prisma migrate deploy && aws s3 cp ./seed.sql s3://acme-assets/seed.sql",
        environment: { DATABASE_URL: UNKNOWN },
    }),
    r("command:remote:Command", "restart", {
        connection: { host: UNKNOWN, user: "ec2-user" },
        create: "sudo systemctl daemon-reload \\\n  && sudo systemctl restart app",
        delete: "sudo systemctl stop app",
    }),
    r("aws:ec2/launchTemplate:LaunchTemplate", "app", {
        instanceType: "t3.small",
        userData: Buffer.from("#!/bin/bash\nset -euo pipefail\ndnf -y install nginx\nsystemctl enable --now nginx\n").toString("base64"),
    }),
    r("aws:lambda/invocation:Invocation", "seed", {
        functionName: UNKNOWN,
        input: JSON.stringify({ action: "seed", tables: ["orders"], batch: 500 }),
    }),
    r("aws:s3/bucketObjectv2:BucketObjectv2", "config", {
        bucket: "acme-assets",
        key: "config/app.yaml",
        content: lines("server:", "  port: 8080", "  log: info"),
    }),
];

/** Observing Redis's principals by name (issue 17): dashboards, event rules, metric filters, notify-only alarms, Config rules, labels. */
const observingRedisPrincipals: AnalyzerResource[] = [
    r("aws:cloudwatch/dashboard:Dashboard", "redis-iam", {
        dashboardName: "redis-iam",
        dashboardBody: JSON.stringify({
            widgets: [
                {
                    type: "log",
                    properties: {
                        query: "SOURCE 'cloudtrail' | filter userIdentity.userName = 'redislabs-user' | stats count() by eventName",
                    },
                },
            ],
        }),
    }),
    r("aws:cloudwatch/eventRule:EventRule", "console-role-assumed", {
        eventPattern: JSON.stringify({
            source: ["aws.sts"],
            "detail-type": ["AWS API Call via CloudTrail"],
            detail: { eventName: ["AssumeRole"], requestParameters: { roleArn: [`arn:aws:iam::${ACCOUNT}:role/redislabs-role`] } },
        }),
    }),
    r("aws:cloudwatch/eventTarget:EventTarget", "console-role-assumed", { rule: UNKNOWN, arn: UNKNOWN }),
    r("aws:cloudwatch/logMetricFilter:LogMetricFilter", "redis-user-keys", {
        logGroupName: "cloudtrail",
        pattern: '{ ($.eventName = "CreateAccessKey") && ($.requestParameters.userName = "redislabs-user") }',
        metricTransformation: { name: "RedisUserKeyCreated", namespace: "Security", value: "1" },
    }),
    r("aws:cloudwatch/metricAlarm:MetricAlarm", "redis-user-keys", {
        alarmName: "redislabs-user key created",
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        evaluationPeriods: 1,
        metricName: "RedisUserKeyCreated",
        namespace: "Security",
        period: 300,
        statistic: "Sum",
        threshold: 1,
        alarmActions: [UNKNOWN],
    }),
    r("aws:cfg/rule:Rule", "redis-policy-in-use", {
        source: { owner: "AWS", sourceIdentifier: "IAM_POLICY_IN_USE" },
        inputParameters: JSON.stringify({
            policyARN: `arn:aws:iam::${ACCOUNT}:policy/RedislabsIAMUserRestrictedPolicy`,
            policyUsageType: "IAM_USER",
        }),
    }),
    r("aws:cloudwatch/logGroup:LogGroup", "redislabs-user-activity", { name: "/security/redislabs-user", retentionInDays: 90 }),
    r("aws:ssm/parameter:Parameter", "redis-user-name", { type: "String", name: "/shared/redis/user", value: "redislabs-user" }),
    r("aws:sns/topic:Topic", "security", { name: "security-alerts" }),
];

/** Grants and shares to the customer's own principals, accounts and organisation, and account settings that keep Redis working. */
const BACKUP_ACCOUNT = "210987654321";
const ORGANIZATION = `arn:aws:organizations::${ACCOUNT}:organization/o-abc123def4`;
const sharingAndSettings: AnalyzerResource[] = [
    r("aws:lambda/permission:Permission", "from-sns", {
        action: "lambda:InvokeFunction",
        function: UNKNOWN,
        principal: "sns.amazonaws.com",
        sourceArn: UNKNOWN,
    }),
    r("aws:lambda/permission:Permission", "from-events", {
        action: "lambda:InvokeFunction",
        function: UNKNOWN,
        principal: "events.amazonaws.com",
        sourceArn: UNKNOWN,
    }),
    r("aws:lambda/permission:Permission", "from-s3", {
        action: "lambda:InvokeFunction",
        function: UNKNOWN,
        principal: "s3.amazonaws.com",
        sourceArn: "arn:aws:s3:::acme-uploads",
        sourceAccount: ACCOUNT,
    }),
    r("aws-native:lambda:Permission", "from-org", {
        action: "lambda:InvokeFunction",
        functionName: UNKNOWN,
        principal: "*",
        principalOrgId: "o-abc123def4",
    }),
    r("aws:kms/grant:Grant", "app", {
        keyId: UNKNOWN,
        granteePrincipal: `arn:aws:iam::${ACCOUNT}:role/app`,
        retiringPrincipal: `arn:aws:iam::${ACCOUNT}:role/platform-admin`,
        operations: ["Encrypt", "Decrypt", "GenerateDataKey"],
    }),
    r("aws:kms/grant:Grant", "worker", { keyId: UNKNOWN, granteePrincipal: UNKNOWN, operations: ["Decrypt"] }),
    r("aws:ram/resourceShare:ResourceShare", "tgw", { name: "tgw", allowExternalPrincipals: false, tags }),
    r("aws:ram/principalAssociation:PrincipalAssociation", "org", { resourceShareArn: UNKNOWN, principal: ORGANIZATION }),
    r("aws:ram/resourceAssociation:ResourceAssociation", "tgw", { resourceShareArn: UNKNOWN, resourceArn: UNKNOWN }),
    r("aws:ebs/snapshot:Snapshot", "nightly", { volumeId: UNKNOWN, tags }),
    r("aws:ec2/snapshotCreateVolumePermission:SnapshotCreateVolumePermission", "to-backup", {
        snapshotId: UNKNOWN,
        accountId: BACKUP_ACCOUNT,
    }),
    r("aws:ec2/amiLaunchPermission:AmiLaunchPermission", "golden-to-org", {
        imageId: "ami-0123456789abcdef0",
        organizationArn: ORGANIZATION,
    }),
    r("aws:rds/snapshot:Snapshot", "db-nightly", {
        dbInstanceIdentifier: UNKNOWN,
        dbSnapshotIdentifier: "db-nightly",
        sharedAccounts: [BACKUP_ACCOUNT],
    }),
    r("aws:ecr/replicationConfiguration:ReplicationConfiguration", "dr", {
        replicationConfiguration: { rules: [{ destinations: [{ region: "eu-central-1", registryId: ACCOUNT }] }] },
    }),
    r("aws:eks/accessEntry:AccessEntry", "platform-admins", {
        clusterName: UNKNOWN,
        principalArn: `arn:aws:iam::${ACCOUNT}:role/platform-admin`,
    }),
    r("aws:lakeformation/permissions:Permissions", "analysts", {
        principal: UNKNOWN,
        permissions: ["SELECT", "DESCRIBE"],
        table: { databaseName: "sales", wildcard: true },
    }),
    r("aws:organizations/delegatedAdministrator:DelegatedAdministrator", "security-guardduty", {
        accountId: BACKUP_ACCOUNT,
        servicePrincipal: "guardduty.amazonaws.com",
    }),
    // VPC Block Public Access for the account, with Redis's VPC excluded first, as redis-account-settings asks.
    r("aws:ec2/vpcBlockPublicAccessExclusion:VpcBlockPublicAccessExclusion", "redis-vpc", {
        vpcId: REDIS_IDS.vpc,
        internetGatewayExclusionMode: "allow-bidirectional",
    }),
    r("aws:ec2/vpcBlockPublicAccessExclusion:VpcBlockPublicAccessExclusion", "egress-subnet", {
        subnetId: UNKNOWN,
        internetGatewayExclusionMode: "allow-egress",
    }),
    r("aws:ec2/vpcBlockPublicAccessOptions:VpcBlockPublicAccessOptions", "account", { internetGatewayBlockMode: "block-ingress" }),
    r("aws:ec2/allowedImagesSettings:AllowedImagesSettings", "audit", {
        state: "audit-mode",
        imageCriterions: [{ imageProviders: ["amazon", ACCOUNT] }],
    }),
    r("aws:organizations/policy:Policy", "ec2-declarative", {
        name: "ec2-baseline",
        type: "DECLARATIVE_POLICY_EC2",
        content: JSON.stringify({
            ec2_attributes: {
                image_block_public_access: { state: { "@@assign": "block_new_sharing" } },
                serial_console_access: { status: { "@@assign": "disabled" } },
            },
        }),
    }),
];

const statements = (...list: Record<string, unknown>[]) => JSON.stringify({ Version: "2012-10-17", Statement: list });
const exemptRedis = { ArnNotLike: { "aws:PrincipalArn": [...REDIS_PRINCIPAL_ARN_PATTERNS] } };

/**
 * AWS's own managed policies, as a stack declares copies of them (shortened
 * where AWS's text is long: ReadOnlyAccess lists hundreds of reads). Broad,
 * but aimed at no one: they reach whatever they are attached to.
 */
const AWS_MANAGED_POLICIES: Record<string, string> = {
    ...Object.fromEntries(Object.entries(AWS_MANAGED_POLICY_STATEMENTS).map(([name, list]) => [name, statements(...list)])),
    IAMFullAccess: statements({
        Effect: "Allow",
        Action: ["iam:*", "organizations:DescribeAccount", "organizations:DescribeOrganization", "organizations:ListPolicies"],
        Resource: "*",
    }),
    ReadOnlyAccess: statements({
        Effect: "Allow",
        Action: [
            "ec2:Describe*",
            "ec2:Get*",
            "iam:Get*",
            "iam:List*",
            "iam:Generate*",
            "s3:Get*",
            "s3:List*",
            "kms:Describe*",
            "kms:List*",
        ],
        Resource: "*",
    }),
};

/**
 * An organisation's guardrails (issue 17): RedisManagedGuardrail's own SCP, the
 * data-perimeter samples exempting Redis, denies of what Redis never does, a
 * region deny that includes Redis's region, a tag policy, key policies, and
 * AWS's managed policies declared as the customer's.
 */
const governance: AnalyzerResource[] = [
    ...guardrailPolicyDocuments().map((document, index) =>
        r("aws:organizations/policy:Policy", `redis-guardrail-${index}`, {
            type: "SERVICE_CONTROL_POLICY",
            content: renderPolicy(document),
        }),
    ),
    r("aws:organizations/policy:Policy", "deny-leaving", {
        content: statements({
            Effect: "Deny",
            Action: ["organizations:LeaveOrganization", "account:CloseAccount", "ec2:DeleteFlowLogs"],
            Resource: "*",
        }),
    }),
    r("aws:organizations/policy:Policy", "regions", {
        type: "SERVICE_CONTROL_POLICY",
        content: statements({
            Effect: "Deny",
            NotAction: ["iam:*", "sts:*", "organizations:*", "support:*", "cloudfront:*", "route53:*"],
            Resource: "*",
            Condition: { StringNotEquals: { "aws:RequestedRegion": ["us-east-1", "eu-west-1"] } },
        }),
    }),
    r("aws:organizations/policy:Policy", "network-perimeter", {
        type: "SERVICE_CONTROL_POLICY",
        content: statements({
            Effect: "Deny",
            NotAction: ["es:ES*"],
            Resource: "*",
            Condition: {
                NotIpAddressIfExists: { "aws:SourceIp": ["203.0.113.0/24"] },
                BoolIfExists: { "aws:ViaAWSService": "false" },
                ArnNotLikeIfExists: { "aws:PrincipalArn": ["arn:aws:iam::*:role/network-admin", ...REDIS_PRINCIPAL_ARN_PATTERNS] },
            },
        }),
    }),
    r("aws-native:organizations:Policy", "identity-perimeter", {
        name: "identity-perimeter",
        type: "RESOURCE_CONTROL_POLICY",
        content: JSON.parse(
            statements({
                Effect: "Deny",
                Principal: "*",
                Action: ["s3:*", "sqs:*", "kms:*", "secretsmanager:*", "sts:AssumeRole"],
                Resource: "*",
                Condition: {
                    StringNotEqualsIfExists: { "aws:PrincipalOrgID": "o-abcd1234", "aws:PrincipalAccount": ["168085023892"] },
                    BoolIfExists: { "aws:PrincipalIsAWSService": "false" },
                },
            }),
        ),
    }),
    r("aws:organizations/policy:Policy", "no-ec2-outside-platform", {
        type: "SERVICE_CONTROL_POLICY",
        content: statements({
            Effect: "Deny",
            Action: ["ec2:RunInstances"],
            Resource: "arn:aws:ec2:*:*:instance/*",
            Condition: { StringNotEquals: { "ec2:InstanceType": ["m5.large"] }, ...exemptRedis },
        }),
    }),
    r("aws:organizations/policy:Policy", "tags", {
        type: "TAG_POLICY",
        content: JSON.stringify({ tags: { team: { tag_key: { "@@assign": "team" } } } }),
    }),
    r("aws:kms/key:Key", "org-only", {
        policy: statements(
            { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" },
            {
                Effect: "Deny",
                Principal: "*",
                Action: "kms:*",
                Resource: "*",
                Condition: { StringNotEquals: { "aws:PrincipalOrgID": "o-abcd1234" } },
            },
        ),
    }),
    ...Object.entries(AWS_MANAGED_POLICIES).flatMap(([name, policy]) => [
        r("aws:iam/policy:Policy", `copy-of-${name}`, { name: `Copy${name}`, policy }),
        r("aws:iam/rolePolicy:RolePolicy", `inline-${name}`, { role: UNKNOWN, policy }),
    ]),
];

export const FALSE_ALARM_CORPUS: Readonly<Record<string, AnalyzerResource[]>> = {
    "an organisation's guardrails and AWS's managed policies as the customer's": governance,
    "delivery: YAML templates, a buildspec, SSM documents, commands, user data, a function invocation": delivery,
    "a stack that observes Redis's principals by name": observingRedisPrincipals,
    "a stack that observes and protects Redis's resources": observingRedis,
    "a VPC with public and private subnets, NAT, flow logs and provider default tags": vpc,
    "EKS and ECS clusters with node and task roles": eks,
    "a database, buckets with policies, a function with its role, KMS keys with key policies, aws-native resources": data,
    "a stack that refers to Redis's resources the reviewed ways": referencesToRedis,
    "grants and shares to the customer's own accounts, and account settings that exclude Redis": sharingAndSettings,
};

/** The same stacks at `pulumi up`: every unknown is known, and none is Redis's (alarm actions are the stack's SNS topics). */
export function atUp(resources: AnalyzerResource[]): AnalyzerResource[] {
    let n = 0;
    const id = () => `res-0${(n++).toString(16).padStart(16, "0")}`;
    const known = (value: unknown, key = ""): unknown =>
        value === UNKNOWN
            ? key.endsWith("Actions")
                ? `arn:aws:sns:eu-west-1:${ACCOUNT}:${id()}`
                : id()
            : Array.isArray(value)
              ? value.map((element) => known(element, key))
              : typeof value === "object" && value !== null
                ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, known(v, k)]))
                : value;
    return resources.map((resource) => ({ ...resource, properties: known(resource.properties) as Record<string, unknown> }));
}
