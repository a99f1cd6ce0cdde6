/**
 * Violating and passing cases for every policy of the guard pack, as data.
 * Each case is one resource as the engine would send it to Analyze.
 */
import { AnalyzerResource, UNKNOWN } from "../../plan/analyzer-client";

export const REDIS_IDS = {
    vpc: "vpc-0redis000000000001",
    subnet: "subnet-0redis00000000001",
    securityGroup: "sg-0redis0000000000001",
    instance: "i-0redis00000000000001",
    volume: "vol-0redis0000000000001",
    routeTable: "rtb-0redis0000000000001",
    peering: "pcx-0redis0000000000001",
    networkInterface: "eni-0redis0000000000001",
    transitGatewayAttachment: "tgw-attach-0redis000000001",
    endpoint: "redis-10001.internal.c1.us-east-1-mz.ec2.cloud.rlrcp.com",
};
export const REDIS_IDS_CONFIG = { "redis-managed-ids-protected": { properties: { resourceIds: Object.values(REDIS_IDS) } } };

const COMPONENT_URN = "urn:pulumi:prod::acct::redis-cloud-byoc-aws:index:RedisCloudIam::redis";
const OTHER_PARENT_URN = "urn:pulumi:prod::acct::my:index:Platform::platform";
const canonical = () => import("../../core/redis-documents");

export interface PolicyCase {
    policy: string;
    title: string;
    resource: AnalyzerResource | (() => Promise<AnalyzerResource>);
    /** A fragment of the expected violation message; undefined means the resource must pass this policy. */
    violation?: RegExp;
}

/** A one-statement Allow document as JSON text. */
const allow = (principal: Record<string, unknown> | undefined, action: string | string[], resource: string = "*") =>
    JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", ...(principal ? { Principal: principal } : {}), Action: action, Resource: resource }],
    });

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
        [
            "a lifecycle policy targeting the tag (nested map key)",
            r("aws:dlm/lifecyclePolicy:LifecyclePolicy", {
                description: "snapshots",
                policyDetails: { resourceTypes: ["VOLUME"], targetTags: { RedisLabsIdentifier: "Redislabs-VPC" } },
            }),
            /is a key in field "policyDetails\.targetTags"/,
        ],
        [
            "a backup selection by the tag (key in a selection list)",
            r("aws:backup/selection:Selection", {
                planId: "p",
                iamRoleArn: "arn:aws:iam::123456789012:role/b",
                selectionTags: [{ type: "STRINGEQUALS", key: "RedisLabsIdentifier", value: "Redislabs-VPC" }],
            }),
            /field "selectionTags\[\]\.key"/,
        ],
        [
            "Run Command targeting tag:RedisLabsIdentifier",
            r("aws:ssm/association:Association", {
                name: "AWS-RunShellScript",
                targets: [{ key: "tag:RedisLabsIdentifier", values: ["x"] }],
            }),
            /field "targets\[\]\.key"/,
        ],
        [
            "an aws provider that ignores the key (ignoreTags)",
            r("pulumi:providers:aws", { region: "us-east-1", ignoreTags: JSON.stringify({ keys: ["RedisLabsIdentifier"] }) }),
            /field "ignoreTags\.keys\[\]"/,
        ],
        [
            "an aws-native provider whose default tags carry the key",
            r("pulumi:providers:aws-native", { region: "us-east-1", defaultTags: JSON.stringify({ tags: { RedisLabsIdentifier: "x" } }) }),
            /field "defaultTags\.tags"/,
        ],
        [
            "an aws-native resource with the key in its tag list",
            r("aws-native:ec2:Vpc", { cidrBlock: "10.0.0.0/16", tags: [{ key: "RedisLabsIdentifier", value: "x" }] }),
            /set in its tags/,
        ],
        [
            "a spot fleet that tags what it launches",
            r("aws:ec2/spotFleetRequest:SpotFleetRequest", {
                launchSpecifications: [{ ami: "ami-1", instanceType: "t3.micro", tags: { RedisLabsIdentifier: "x" } }],
            }),
            /field "launchSpecifications\[\]\.tags"/,
        ],
        [
            "a CloudFormation template tagging with the key",
            r("aws:cloudformation/stack:Stack", {
                templateBody: JSON.stringify({
                    Resources: { V: { Type: "AWS::EC2::Volume", Properties: { Tags: [{ Key: "RedisLabsIdentifier", Value: "x" }] } } },
                }),
            }),
            /field "templateBody/,
        ],
        [
            "a policy other than Redis's granting on the tag",
            r("aws:iam/policy:Policy", {
                name: "ops",
                policy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Action: "ec2:*",
                            Resource: "*",
                            Condition: { StringEquals: { "aws:ResourceTag/RedisLabsIdentifier": "Redislabs-VPC" } },
                        },
                    ],
                }),
            }),
            /field "policy\.\*/,
        ],
        [
            "a service control policy that protects the tagged resources",
            r("aws:organizations/policy:Policy", {
                type: "SERVICE_CONTROL_POLICY",
                description: "Deny changes to resources tagged RedisLabsIdentifier",
                content: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Deny",
                            Action: "ec2:*",
                            Resource: "*",
                            Condition: { Null: { "aws:ResourceTag/RedisLabsIdentifier": "false" } },
                        },
                    ],
                }),
            }),
            undefined,
        ],
        [
            "a tag policy on the key (it could block Redis's own tagging)",
            r("aws:organizations/policy:Policy", {
                type: "TAG_POLICY",
                content: JSON.stringify({ tags: { RedisLabsIdentifier: { tag_key: { "@@assign": "RedisLabsIdentifier" } } } }),
            }),
            /field "content\.tags"/,
        ],
        [
            "a tag whose key only contains the word",
            r("aws:ec2/vpc:Vpc", { tags: { "RedisLabsIdentifier-copy": "x", note: "RedisLabsIdentifiers" } }),
            undefined,
        ],
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
    // Default deny: any other field, type or provider that names a Redis ID (issue 10's attacker review, class by class).
    ...[
        [
            "a private hosted zone associated with the Redis VPC (DNS takeover)",
            r("aws:route53/zoneAssociation:ZoneAssociation", { zoneId: "Z0MINE", vpcId: REDIS_IDS.vpc }),
            /"vpcId" names a Redis-managed resource: this resource uses it, and this is not one of the reviewed reference uses/,
        ],
        [
            "a resolver rule associated with the Redis VPC",
            r("aws:route53/resolverRuleAssociation:ResolverRuleAssociation", { resolverRuleId: "rslvr-rr-1", vpcId: REDIS_IDS.vpc }),
            /"vpcId"/,
        ],
        [
            "traffic mirroring of a Redis network interface",
            r("aws:ec2/trafficMirrorSession:TrafficMirrorSession", {
                networkInterfaceId: REDIS_IDS.networkInterface,
                trafficMirrorTargetId: "tmt-1",
                trafficMirrorFilterId: "tmf-1",
                sessionNumber: 1,
            }),
            /"networkInterfaceId"/,
        ],
        [
            "a load balancer target that is a Redis instance",
            r("aws:lb/targetGroupAttachment:TargetGroupAttachment", {
                targetGroupArn: "arn:aws:elasticloadbalancing:x",
                targetId: REDIS_IDS.instance,
            }),
            /"targetId"/,
        ],
        [
            "an Instance Connect endpoint in a Redis subnet",
            r("aws:ec2transitgateway/instanceConnectEndpoint:InstanceConnectEndpoint", { subnetId: REDIS_IDS.subnet }),
            /"subnetId"/,
        ],
        [
            "a client VPN associated with a Redis subnet",
            r("aws:ec2clientvpn/networkAssociation:NetworkAssociation", {
                clientVpnEndpointId: "cvpn-endpoint-1",
                subnetId: REDIS_IDS.subnet,
            }),
            /"subnetId"/,
        ],
        [
            "Run Command (State Manager) targeting a Redis instance, the ID second in the list",
            r("aws:ssm/association:Association", {
                name: "AWS-RunShellScript",
                targets: [{ key: "InstanceIds", values: ["i-mine", REDIS_IDS.instance] }],
            }),
            /"targets\[\]\.values"/,
        ],
        [
            "a backup selection naming a Redis volume by ARN",
            r("aws:backup/selection:Selection", {
                iamRoleArn: "arn:aws:iam::123456789012:role/backup",
                planId: "plan-1",
                resources: [`arn:aws:ec2:us-east-1:123456789012:volume/${REDIS_IDS.volume}`],
            }),
            /"resources"/,
        ],
        [
            "route propagation into a Redis route table",
            r("aws:ec2/vpnGatewayRoutePropagation:VpnGatewayRoutePropagation", {
                vpnGatewayId: "vgw-1",
                routeTableId: REDIS_IDS.routeTable,
            }),
            /"routeTableId"/,
        ],
        [
            "a CloudFormation stack whose template adds a rule to the Redis group",
            r("aws:cloudformation/stack:Stack", {
                templateBody: JSON.stringify({
                    Resources: { Rule: { Type: "AWS::EC2::SecurityGroupIngress", Properties: { GroupId: REDIS_IDS.securityGroup } } },
                }),
            }),
            /"templateBody\.\*\.\*\.\*\.\*"/,
        ],
        [
            "a CloudFormation template spelling the ID with a JSON escape",
            r("aws:cloudformation/stack:Stack", {
                templateBody: `{"Resources":{"R":{"Properties":{"GroupId":"${REDIS_IDS.securityGroup.replace("-", "\\u002d")}"}}}}`,
            }),
            /"templateBody/,
        ],
        [
            "a Cloud Control resource whose desired state names the Redis group",
            r("aws:cloudcontrol/resource:Resource", {
                typeName: "AWS::EC2::SecurityGroupIngress",
                desiredState: JSON.stringify({ GroupId: REDIS_IDS.securityGroup, IpProtocol: "-1", CidrIp: "0.0.0.0/0" }),
            }),
            /"desiredState\.\*"/,
        ],
        [
            "an aws-native ingress rule on the Redis group",
            r("aws-native:ec2:SecurityGroupIngress", { groupId: REDIS_IDS.securityGroup, ipProtocol: "-1", cidrIp: "0.0.0.0/0" }),
            /"groupId"/,
        ],
        [
            "an aws-native route in a Redis route table",
            r("aws-native:ec2:Route", { routeTableId: REDIS_IDS.routeTable, destinationCidrBlock: "0.0.0.0/0", gatewayId: "igw-1" }),
            /"routeTableId"/,
        ],
        [
            "an aws-native instance launched into a Redis subnet",
            r("aws-native:ec2:Instance", { subnetId: REDIS_IDS.subnet, imageId: "ami-1" }),
            /"subnetId"/,
        ],
        [
            "an alarm that terminates a Redis instance",
            r("aws:cloudwatch/metricAlarm:MetricAlarm", {
                dimensions: { InstanceId: REDIS_IDS.instance },
                alarmActions: ["arn:aws:automate:us-east-1:ec2:terminate"],
            }),
            /"dimensions\.\*"/,
        ],
        [
            "an aws-native alarm that stops a Redis instance",
            r("aws-native:cloudwatch:Alarm", {
                dimensions: [{ name: "InstanceId", value: REDIS_IDS.instance }],
                alarmActions: ["arn:aws:sns:us-east-1:123456789012:ops", "arn:aws:automate:us-east-1:ec2:stop"],
            }),
            /"dimensions\[\]\.value"/,
        ],
        [
            "a rule on the Redis group, known, beside an unknown element",
            r("aws:ec2/vpcEndpoint:VpcEndpoint", { vpcId: UNKNOWN, securityGroupIds: [UNKNOWN, REDIS_IDS.securityGroup] }),
            /"securityGroupIds"/,
        ],
        [
            "an ID in a key of a nested map",
            r("aws:ssm/parameter:Parameter", { name: "p", value: "v", tags: { [REDIS_IDS.instance]: "owned" } }),
            /"tags\.\*"/,
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
        ["a flow log of the Redis VPC", r("aws:ec2/flowLog:FlowLog", { vpcId: REDIS_IDS.vpc, trafficType: "ALL" })],
        ["an aws-native flow log of the Redis VPC", r("aws-native:ec2:FlowLog", { resourceId: REDIS_IDS.vpc, resourceType: "VPC" })],
        [
            "an aws-native rule in the customer's group sourced from the Redis group",
            r("aws-native:ec2:SecurityGroupIngress", { groupId: "sg-mine", sourceSecurityGroupId: REDIS_IDS.securityGroup }),
        ],
        [
            "the customer's group with an inline rule from the Redis group",
            r("aws:ec2/securityGroup:SecurityGroup", {
                vpcId: "vpc-mine",
                ingress: [{ fromPort: 6379, toPort: 6379, protocol: "tcp", securityGroups: ["sg-mine2", REDIS_IDS.securityGroup] }],
            }),
        ],
        [
            "an aws-native route in a customer table to the Redis peering",
            r("aws-native:ec2:Route", { routeTableId: "rtb-mine", vpcPeeringConnectionId: REDIS_IDS.peering }),
        ],
        [
            "a transit gateway route and association to Redis's attachment",
            r("aws:ec2transitgateway/route:Route", {
                destinationCidrBlock: "10.9.0.0/16",
                transitGatewayRouteTableId: "tgw-rtb-mine",
                transitGatewayAttachmentId: REDIS_IDS.transitGatewayAttachment,
            }),
        ],
        [
            "a notify-only alarm on a Redis instance (SNS topic unknown at preview)",
            r("aws:cloudwatch/metricAlarm:MetricAlarm", {
                dimensions: { InstanceId: REDIS_IDS.instance },
                alarmActions: ["arn:aws:sns:us-east-1:123456789012:ops", UNKNOWN],
            }),
        ],
        [
            "an aws-native notify-only alarm",
            r("aws-native:cloudwatch:Alarm", {
                dimensions: [{ name: "InstanceId", value: REDIS_IDS.instance }],
                okActions: ["arn:aws:sns:us-east-1:123456789012:ops"],
            }),
        ],
        [
            "a DNS record pointing at a Redis endpoint",
            r("aws:route53/record:Record", { zoneId: "Z0MINE", name: "cache.example.com", type: "CNAME", records: [REDIS_IDS.endpoint] }),
        ],
        [
            "an aws-native DNS record aliasing a Redis endpoint",
            r("aws-native:route53:RecordSet", { name: "cache.example.com", type: "A", aliasTarget: { dnsName: REDIS_IDS.endpoint } }),
        ],
        [
            "a description that mentions a Redis ID",
            r("aws:ec2/securityGroup:SecurityGroup", { vpcId: "vpc-mine", description: `clients of ${REDIS_IDS.securityGroup}` }),
        ],
        [
            "an ID that only starts like a Redis one",
            r("aws:ec2/subnet:Subnet", { vpcId: `${REDIS_IDS.vpc}0`, tags: { Name: `my-${REDIS_IDS.vpc}` } }),
        ],
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
    ].map(([title, resource, violation]) => ({ policy: "redis-node-role-reserved", title, resource, violation }) as PolicyCase),
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
    ].map(([title, resource]) => ({ policy: "redis-node-role-reserved", title, resource }) as PolicyCase),

    // redis-iam-documents
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
            /allows iam:PassRole on a Redis principal|allows iam:CreateAccessKey on a Redis principal/,
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
    ].map(([title, resource, violation]) => ({ policy: "redis-iam-documents", title, resource, violation }) as PolicyCase),
    ...[
        [
            "a key policy granting Redis's principals only the EBS actions Redis's policy uses (FACTS: encrypted volumes)",
            r("aws:kms/key:Key", {
                policy: allow(
                    {
                        AWS: [
                            "arn:aws:iam::123456789012:user/redislabs-user",
                            "arn:aws:iam::123456789012:role/redislabs-cluster-node-role",
                        ],
                    },
                    ["kms:GenerateDataKeyWithoutPlaintext", "kms:DescribeKey", "kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
                ),
            }),
        ],
        [
            "an aws-native key policy with the same EBS grant",
            r("aws-native:kms:Key", {
                keyPolicy: JSON.parse(
                    allow({ AWS: "arn:aws:iam::123456789012:user/redislabs-user" }, ["kms:CreateGrant", "kms:DescribeKey"]),
                ),
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
    ].map(([title, resource]) => ({ policy: "redis-iam-documents", title, resource }) as PolicyCase),
];
