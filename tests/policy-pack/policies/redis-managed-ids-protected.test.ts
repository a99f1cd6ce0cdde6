/**
 * `redis-managed-ids-protected`: its violating and passing cases (policy-pack/policies/redis-managed-ids-protected.ts).
 */
import * as assert from "assert";
import { PolicyCase, REDIS_IDS, describePolicyCases, r, configuredAnalyzer, stackOutputs } from "../policy-cases";
import { UNKNOWN } from "../../../plan/analyzer-client";

export const CASES: PolicyCase[] = [
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
            "a dynamic provider's 'description', which is data for its code, naming the Redis group",
            r("pulumi-nodejs:dynamic:Resource", {
                __provider: "exports.handler = ...",
                description: REDIS_IDS.securityGroup,
            }),
            /"description" names a Redis-managed resource/,
        ],
        [
            "a dynamic provider with a type of its own, whose 'description' is data for its code too",
            r("pulumi-nodejs:dynamic/acme:Firewall", { __provider: "exports.handler = ...", description: REDIS_IDS.securityGroup }),
            /"description" names a Redis-managed resource/,
        ],
        [
            "changed options on a Redis peering",
            r("aws:ec2/peeringConnectionOptions:PeeringConnectionOptions", { vpcPeeringConnectionId: REDIS_IDS.peering }),
            /"vpcPeeringConnectionId"/,
        ],
        [
            "the requester's side (Redis's) of a Redis peering's options",
            r("aws:ec2/peeringConnectionOptions:PeeringConnectionOptions", {
                vpcPeeringConnectionId: REDIS_IDS.peering,
                accepter: { allowRemoteVpcDnsResolution: true },
                requester: { allowRemoteVpcDnsResolution: true },
            }),
            /"vpcPeeringConnectionId"/,
        ],
        [
            "an alarm on a Redis node that reboots it",
            r("aws:cloudwatch/metricAlarm:MetricAlarm", {
                dimensions: { InstanceId: REDIS_IDS.instance },
                alarmActions: ["arn:aws:sns:us-east-1:123456789012:ops", "arn:aws:automate:us-east-1:ec2:reboot"],
            }),
            /"dimensions\.\*" names a Redis-managed resource/,
        ],
        [
            "a service control policy denying changes to the Redis group without exempting Redis's principals (a lockout)",
            r("aws:organizations/policy:Policy", {
                type: "SERVICE_CONTROL_POLICY",
                content: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Deny", Action: "ec2:*", Resource: `arn:aws:ec2:*:*:security-group/${REDIS_IDS.securityGroup}` }],
                }),
            }),
            /"content\.\*\[\]\.\*" names a Redis-managed resource/,
        ],
        [
            "a policy that allows as well as denies on the Redis group",
            r("aws:iam/policy:Policy", {
                policy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        { Effect: "Deny", Action: "ec2:*", Resource: `arn:aws:ec2:*:*:security-group/${REDIS_IDS.securityGroup}` },
                        {
                            Effect: "Allow",
                            Action: "ec2:AuthorizeSecurityGroupIngress",
                            Resource: `arn:aws:ec2:*:*:security-group/${REDIS_IDS.securityGroup}`,
                        },
                    ],
                }),
            }),
            /"policy\.\*\[\]\.\*" names a Redis-managed resource/,
        ],
        [
            "an event target that runs a command on a Redis node (the rule observes; the target acts)",
            r("aws:cloudwatch/eventTarget:EventTarget", {
                rule: "on-change",
                arn: "arn:aws:ssm:us-east-1::document/AWS-RunShellScript",
                runCommandTargets: [{ key: "InstanceIds", values: [REDIS_IDS.instance] }],
            }),
            /"runCommandTargets\[\]\.values" names a Redis-managed resource/,
        ],
    ].map(([title, resource, violation]) => ({ title, resource, violation }) as PolicyCase),
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
        // Values read as a user's tools would decode them (issue 17).
        [
            "an instance whose base64 user data opens the Redis group",
            r("aws:ec2/instance:Instance", {
                ami: "ami-1",
                userDataBase64: Buffer.from(
                    `#!/bin/sh\naws ec2 authorize-security-group-ingress --group-id ${REDIS_IDS.securityGroup} --protocol tcp --port 6379 --cidr 0.0.0.0/0\n`,
                ).toString("base64"),
            }),
            /"userDataBase64" names a Redis-managed resource/,
        ],
        [
            "a function handed a percent-encoded ARN of the Redis group",
            r("aws:lambda/function:Function", {
                environment: {
                    variables: {
                        TARGET: encodeURIComponent(`arn:aws:ec2:us-east-1:123456789012:security-group/${REDIS_IDS.securityGroup}`),
                    },
                },
            }),
            /"environment\.variables\.\*" names a Redis-managed resource/,
        ],
        [
            "a CloudFormation template joining the Redis group's ID from literals (Fn::Join)",
            r("aws:cloudformation/stack:Stack", {
                templateBody: JSON.stringify({
                    Resources: {
                        Rule: {
                            Type: "AWS::EC2::SecurityGroupIngress",
                            Properties: {
                                GroupId: { "Fn::Join": ["", [REDIS_IDS.securityGroup.slice(0, 9), REDIS_IDS.securityGroup.slice(9)]] },
                            },
                        },
                    },
                }),
            }),
            // The joined text sits where the template uses it: Resources.Rule.Properties.GroupId.
            /"templateBody\.\*\.\*\.\*\.\*" names a Redis-managed resource/,
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
    ].map(([title, resource, violation]) => ({ title, resource, violation }) as PolicyCase),
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
        // Observation and protection (issue 17): each reads, reports or denies.
        [
            "a dashboard of a Redis node's CPU",
            r("aws:cloudwatch/dashboard:Dashboard", {
                dashboardName: "redis",
                dashboardBody: JSON.stringify({
                    widgets: [
                        { type: "metric", properties: { metrics: [["AWS/EC2", "CPUUtilization", "InstanceId", REDIS_IDS.instance]] } },
                    ],
                }),
            }),
        ],
        [
            "an event rule on changes to the Redis security group",
            r("aws:cloudwatch/eventRule:EventRule", {
                eventPattern: JSON.stringify({
                    source: ["aws.ec2"],
                    detail: { requestParameters: { groupId: [REDIS_IDS.securityGroup] } },
                }),
            }),
        ],
        [
            "a Config rule scoped to the Redis group",
            r("aws:cfg/rule:Rule", {
                source: { owner: "AWS", sourceIdentifier: "VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS" },
                scope: { complianceResourceId: REDIS_IDS.securityGroup },
            }),
        ],
        [
            "a reachability path from the customer's app to a Redis interface",
            r("aws:ec2/networkInsightsPath:NetworkInsightsPath", {
                source: "i-0app",
                destination: REDIS_IDS.networkInterface,
                protocol: "tcp",
            }),
        ],
        [
            "DNS query logging of the Redis VPC",
            r("aws:route53/resolverQueryLogConfigAssociation:ResolverQueryLogConfigAssociation", {
                resolverQueryLogConfigId: "rqlc-1",
                resourceId: REDIS_IDS.vpc,
            }),
        ],
        ["a log group named after the Redis VPC", r("aws:cloudwatch/logGroup:LogGroup", { name: `/flow-logs/${REDIS_IDS.vpc}` })],
        [
            "a parameter handing the Redis VPC ID to another stack",
            r("aws:ssm/parameter:Parameter", { type: "String", value: REDIS_IDS.vpc }),
        ],
        [
            "an alarm on a Redis node that opens an OpsItem",
            r("aws:cloudwatch/metricAlarm:MetricAlarm", {
                dimensions: { InstanceId: REDIS_IDS.instance },
                alarmActions: ["arn:aws:ssm:us-east-1:123456789012:opsitem:3#CATEGORY=Availability"],
            }),
        ],
        [
            "a service control policy denying changes to the Redis group to everyone but Redis's principals",
            r("aws:organizations/policy:Policy", {
                type: "SERVICE_CONTROL_POLICY",
                content: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Deny",
                            Action: "ec2:*",
                            Resource: `arn:aws:ec2:*:*:security-group/${REDIS_IDS.securityGroup}`,
                            Condition: {
                                ArnNotLike: {
                                    "aws:PrincipalArn": [
                                        "arn:aws:iam::*:user/redislabs-user",
                                        "arn:aws:iam::*:role/redislabs-role",
                                        "arn:aws:iam::*:role/redislabs-cluster-node-role",
                                        "arn:aws:iam::*:role/BreakGlass",
                                    ],
                                },
                            },
                        },
                    ],
                }),
            }),
        ],
        [
            "a policy that only denies changes to the Redis group",
            r("aws:iam/policy:Policy", {
                policy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Deny", Action: "ec2:*", Resource: `arn:aws:ec2:*:*:security-group/${REDIS_IDS.securityGroup}` }],
                }),
            }),
        ],
        [
            "the customer's (accepter's) side of the options of Redis's peering",
            r("aws:ec2/peeringConnectionOptions:PeeringConnectionOptions", {
                vpcPeeringConnectionId: REDIS_IDS.peering,
                accepter: { allowRemoteVpcDnsResolution: true },
            }),
        ],
        [
            "an instance whose base64 user data touches only the customer's group, and binary base64",
            r("aws:ec2/instance:Instance", {
                userDataBase64: Buffer.from(
                    "#!/bin/sh\naws ec2 authorize-security-group-ingress --group-id sg-0customer00000001\n",
                ).toString("base64"),
                tags: { blob: Buffer.from([0, 159, 146, 150, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]).toString("base64") },
            }),
        ],
        [
            "a percent-encoded ARN of the customer's own group",
            r("aws:lambda/function:Function", {
                environment: {
                    variables: { TARGET: encodeURIComponent("arn:aws:ec2:us-east-1:123456789012:security-group/sg-0customer00000001") },
                },
            }),
        ],
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
    ].map(([title, resource]) => ({ title, resource }) as PolicyCase),
];

describePolicyCases("redis-managed-ids-protected", CASES);

describe("redis-managed-ids-protected: every resource's outputs after `pulumi up` (AnalyzeStack)", () => {
    const analyzer = configuredAnalyzer();

    it("a resource whose id is a Redis ID (imported) is caught; an accepter of Redis's peering is not", async () => {
        const found = await analyzer.analyzeStack([
            stackOutputs("aws:ec2/securityGroup:SecurityGroup", {
                id: REDIS_IDS.securityGroup,
                arn: `arn:aws:ec2:us-east-1:1:security-group/${REDIS_IDS.securityGroup}`,
            }),
            stackOutputs("aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter", { id: REDIS_IDS.peering }),
            stackOutputs("aws:ec2/route:Route", { id: `r-${REDIS_IDS.routeTable}1080289494`, vpcPeeringConnectionId: REDIS_IDS.peering }),
        ]);
        assert.deepStrictEqual(
            found.map((d) => [d.policyName, /its output "id" names a configured Redis ID/.test(d.message)]),
            [["redis-managed-ids-protected", true]],
        );
    });
});
