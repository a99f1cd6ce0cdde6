/**
 * A fresh Redis Cloud BYOC footprint in one region, as Redis creates it (every
 * resource tagged with the tag key), and the customer's untagged resources
 * beside it, built with plain EC2 calls against moto. What discovery must find
 * and what it must leave alone, by ID.
 */
import * as ec2 from "@aws-sdk/client-ec2";
import { REDIS_TAG_KEY } from "../../core/redis-documents";

export interface Footprint {
    /** Redis's tagged resources, by kind. */
    tagged: Record<"vpc" | "subnet" | "securityGroup" | "instance" | "volume" | "snapshot" | "networkInterface", string>;
    /** The untagged resources AWS created inside Redis's VPC. */
    builtIns: Record<"defaultSecurityGroup" | "mainRouteTable" | "defaultNetworkAcl", string>;
    /** The customer's untagged resources: in Redis's VPC, and in a VPC of their own. */
    customer: Record<
        "securityGroupInRedisVpc" | "vpc" | "subnet" | "defaultSecurityGroup" | "mainRouteTable" | "defaultNetworkAcl" | "volume",
        string
    >;
}

const tags = (type: ec2.ResourceType, tagKey: string): ec2.TagSpecification[] => [
    { ResourceType: type, Tags: [{ Key: tagKey, Value: "redis-cloud-subscription-1" }] },
];

/** The built-ins of a VPC: its `default` group, main route table and default ACL. */
async function builtInsOf(client: ec2.EC2Client, vpcId: string) {
    const Filters = [{ Name: "vpc-id", Values: [vpcId] }];
    const groups = (await client.send(new ec2.DescribeSecurityGroupsCommand({ Filters }))).SecurityGroups ?? [];
    const tables = (await client.send(new ec2.DescribeRouteTablesCommand({ Filters }))).RouteTables ?? [];
    const acls = (await client.send(new ec2.DescribeNetworkAclsCommand({ Filters }))).NetworkAcls ?? [];
    return {
        defaultSecurityGroup: groups.find((g) => g.GroupName === "default")!.GroupId!,
        mainRouteTable: tables.find((t) => (t.Associations ?? []).some((a) => a.Main))!.RouteTableId!,
        defaultNetworkAcl: acls.find((a) => a.IsDefault)!.NetworkAclId!,
    };
}

export async function buildFootprint(region = "us-east-1", tagKey = REDIS_TAG_KEY): Promise<Footprint> {
    const client = new ec2.EC2Client({ region });
    try {
        const vpc = (await client.send(new ec2.CreateVpcCommand({ CidrBlock: "10.10.0.0/16", TagSpecifications: tags("vpc", tagKey) })))
            .Vpc!.VpcId!;
        const subnet = (
            await client.send(
                new ec2.CreateSubnetCommand({ VpcId: vpc, CidrBlock: "10.10.1.0/24", TagSpecifications: tags("subnet", tagKey) }),
            )
        ).Subnet!.SubnetId!;
        const securityGroup = (
            await client.send(
                new ec2.CreateSecurityGroupCommand({
                    VpcId: vpc,
                    GroupName: "redis-cluster",
                    Description: "Redis Cloud cluster",
                    TagSpecifications: tags("security-group", tagKey),
                }),
            )
        ).GroupId!;
        const instance = (
            await client.send(
                new ec2.RunInstancesCommand({
                    ImageId: "ami-12c6146b",
                    MinCount: 1,
                    MaxCount: 1,
                    InstanceType: "t3.micro",
                    SubnetId: subnet,
                    TagSpecifications: tags("instance", tagKey),
                }),
            )
        ).Instances![0].InstanceId!;
        const volume = (
            await client.send(
                new ec2.CreateVolumeCommand({ AvailabilityZone: `${region}a`, Size: 8, TagSpecifications: tags("volume", tagKey) }),
            )
        ).VolumeId!;
        const snapshot = (
            await client.send(new ec2.CreateSnapshotCommand({ VolumeId: volume, TagSpecifications: tags("snapshot", tagKey) }))
        ).SnapshotId!;
        const networkInterface = (
            await client.send(
                new ec2.CreateNetworkInterfaceCommand({ SubnetId: subnet, TagSpecifications: tags("network-interface", tagKey) }),
            )
        ).NetworkInterface!.NetworkInterfaceId!;

        const securityGroupInRedisVpc = (
            await client.send(new ec2.CreateSecurityGroupCommand({ VpcId: vpc, GroupName: "customer-bastion", Description: "mine" }))
        ).GroupId!;
        const customerVpc = (await client.send(new ec2.CreateVpcCommand({ CidrBlock: "10.20.0.0/16" }))).Vpc!.VpcId!;
        const customerSubnet = (await client.send(new ec2.CreateSubnetCommand({ VpcId: customerVpc, CidrBlock: "10.20.1.0/24" }))).Subnet!
            .SubnetId!;
        const customerVolume = (await client.send(new ec2.CreateVolumeCommand({ AvailabilityZone: `${region}a`, Size: 8 }))).VolumeId!;
        const customerBuiltIns = await builtInsOf(client, customerVpc);
        return {
            tagged: { vpc, subnet, securityGroup, instance, volume, snapshot, networkInterface },
            builtIns: await builtInsOf(client, vpc),
            customer: { securityGroupInRedisVpc, vpc: customerVpc, subnet: customerSubnet, volume: customerVolume, ...customerBuiltIns },
        };
    } finally {
        client.destroy();
    }
}

/** Every ID discovery must protect in a footprint, sorted. */
export const protectedOf = (footprint: Footprint): string[] =>
    [...Object.values(footprint.tagged), ...Object.values(footprint.builtIns)].sort();

/** One more tagged resource (a node Redis added while healing), after the footprint. */
export async function addTaggedVolume(region = "us-east-1", tagKey = REDIS_TAG_KEY): Promise<string> {
    const client = new ec2.EC2Client({ region });
    try {
        return (
            await client.send(
                new ec2.CreateVolumeCommand({ AvailabilityZone: `${region}a`, Size: 8, TagSpecifications: tags("volume", tagKey) }),
            )
        ).VolumeId!;
    } finally {
        client.destroy();
    }
}
