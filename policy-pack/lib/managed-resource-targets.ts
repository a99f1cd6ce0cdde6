/**
 * For each EC2/VPC/EBS resource type that can change an existing resource,
 * the fields that name the resource being changed ("targets"). A Redis-managed
 * ID in a target field is a modification; in any other field (a source
 * security group, a peering connection a route points at) it is a reference,
 * and passes. The policy `redis-managed-ids-protected` and the README's table
 * of covered types are both generated from this table.
 */

export interface TargetFields {
    /** Fields (dotted paths) naming the resource this one changes; each holds an ID or a list of IDs. */
    targets: string[];
    /** What declaring this resource does to the target, for the README. */
    effect: string;
}

export const MANAGED_RESOURCE_TARGETS: Readonly<Record<string, TargetFields>> = {
    // Instances and volumes
    "aws:ec2transitgateway/instanceState:InstanceState": { targets: ["instanceId"], effect: "stops or starts an instance" },
    "aws:ec2/volumeAttachment:VolumeAttachment": { targets: ["instanceId", "volumeId"], effect: "attaches or detaches a volume" },
    "aws:ec2/eipAssociation:EipAssociation": { targets: ["instanceId", "networkInterfaceId"], effect: "moves an Elastic IP" },
    "aws:ec2/eip:Eip": { targets: ["instance", "networkInterface"], effect: "associates an Elastic IP" },
    "aws:ec2/amiFromInstance:AmiFromInstance": { targets: ["sourceInstanceId"], effect: "images an instance (may reboot it)" },
    "aws:ec2/instance:Instance": { targets: ["subnetId", "vpcSecurityGroupIds"], effect: "launches into a subnet or security group" },
    "aws:ec2/networkInterface:NetworkInterface": {
        targets: ["subnetId", "securityGroups"],
        effect: "adds an interface to a subnet or group",
    },
    "aws:ec2/networkInterfaceAttachment:NetworkInterfaceAttachment": {
        targets: ["instanceId", "networkInterfaceId"],
        effect: "attaches an interface to an instance",
    },
    "aws:ec2/networkInterfaceSecurityGroupAttachment:NetworkInterfaceSecurityGroupAttachment": {
        targets: ["securityGroupId", "networkInterfaceId"],
        effect: "changes an interface's security groups",
    },
    "aws:ebs/snapshot:Snapshot": { targets: ["volumeId"], effect: "copies a volume's data" },
    "aws:ebs/snapshotCopy:SnapshotCopy": { targets: ["sourceSnapshotId"], effect: "copies a snapshot's data" },
    "aws:ec2/snapshotCreateVolumePermission:SnapshotCreateVolumePermission": {
        targets: ["snapshotId"],
        effect: "shares a snapshot with another account",
    },
    "aws:ec2/tag:Tag": { targets: ["resourceId"], effect: "adds or changes a tag" },
    // Security groups
    "aws:ec2/securityGroupRule:SecurityGroupRule": { targets: ["securityGroupId"], effect: "adds a rule to a security group" },
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": { targets: ["securityGroupId"], effect: "adds an ingress rule" },
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": { targets: ["securityGroupId"], effect: "adds an egress rule" },
    "aws:vpc/securityGroupVpcAssociation:SecurityGroupVpcAssociation": {
        targets: ["securityGroupId", "vpcId"],
        effect: "associates a security group with a VPC",
    },
    "aws:ec2/securityGroup:SecurityGroup": { targets: ["vpcId"], effect: "creates a security group in a VPC" },
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": { targets: ["vpcId"], effect: "takes over a VPC's default group" },
    // Subnets, routes and ACLs
    "aws:ec2/subnet:Subnet": { targets: ["vpcId"], effect: "creates a subnet in a VPC" },
    "aws:ec2/subnetCidrReservation:SubnetCidrReservation": { targets: ["subnetId"], effect: "reserves addresses in a subnet" },
    "aws:ec2/routeTable:RouteTable": { targets: ["vpcId"], effect: "creates a route table in a VPC" },
    "aws:ec2/defaultRouteTable:DefaultRouteTable": { targets: ["defaultRouteTableId"], effect: "takes over a VPC's main route table" },
    "aws:ec2/route:Route": { targets: ["routeTableId"], effect: "adds a route to a route table" },
    "aws:ec2/routeTableAssociation:RouteTableAssociation": {
        targets: ["routeTableId", "subnetId", "gatewayId"],
        effect: "changes which route table a subnet uses",
    },
    "aws:ec2/mainRouteTableAssociation:MainRouteTableAssociation": {
        targets: ["vpcId", "routeTableId"],
        effect: "changes a VPC's main route table",
    },
    "aws:ec2/networkAcl:NetworkAcl": { targets: ["vpcId", "subnetIds"], effect: "creates an ACL in a VPC or on subnets" },
    "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl": {
        targets: ["defaultNetworkAclId", "subnetIds"],
        effect: "takes over a VPC's default ACL",
    },
    "aws:ec2/networkAclRule:NetworkAclRule": { targets: ["networkAclId"], effect: "adds an ACL rule" },
    "aws:ec2/networkAclAssociation:NetworkAclAssociation": {
        targets: ["networkAclId", "subnetId"],
        effect: "changes which ACL a subnet uses",
    },
    // Gateways, endpoints and VPC-level settings
    "aws:ec2/internetGateway:InternetGateway": { targets: ["vpcId"], effect: "attaches an internet gateway" },
    "aws:ec2/internetGatewayAttachment:InternetGatewayAttachment": {
        targets: ["vpcId", "internetGatewayId"],
        effect: "attaches an internet gateway",
    },
    "aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway": { targets: ["vpcId"], effect: "adds an egress-only gateway" },
    "aws:ec2/natGateway:NatGateway": { targets: ["subnetId"], effect: "creates a NAT gateway in a subnet" },
    "aws:ec2/vpnGatewayAttachment:VpnGatewayAttachment": { targets: ["vpcId"], effect: "attaches a VPN gateway" },
    "aws:ec2/vpcEndpoint:VpcEndpoint": {
        targets: ["vpcId", "subnetIds", "securityGroupIds", "routeTableIds"],
        effect: "creates an endpoint in a VPC",
    },
    "aws:ec2/vpcEndpointRouteTableAssociation:VpcEndpointRouteTableAssociation": {
        targets: ["routeTableId"],
        effect: "adds endpoint routes to a route table",
    },
    "aws:ec2/vpcEndpointSubnetAssociation:VpcEndpointSubnetAssociation": { targets: ["subnetId"], effect: "adds an endpoint to a subnet" },
    "aws:ec2/securityGroupAssociation:SecurityGroupAssociation": {
        targets: ["securityGroupId"],
        effect: "puts a security group on an endpoint",
    },
    "aws:ec2/vpcIpv4CidrBlockAssociation:VpcIpv4CidrBlockAssociation": { targets: ["vpcId"], effect: "adds a CIDR block to a VPC" },
    "aws:ec2/vpcIpv6CidrBlockAssociation:VpcIpv6CidrBlockAssociation": { targets: ["vpcId"], effect: "adds an IPv6 block to a VPC" },
    "aws:ec2/vpcDhcpOptionsAssociation:VpcDhcpOptionsAssociation": { targets: ["vpcId"], effect: "changes a VPC's DHCP options" },
    "aws:ec2transitgateway/vpcAttachment:VpcAttachment": {
        targets: ["vpcId", "subnetIds"],
        effect: "attaches a VPC to a transit gateway",
    },
    // Peering: creating from the Redis VPC, or changing options, modifies; accepting a request from it only refers to it.
    "aws:ec2/vpcPeeringConnection:VpcPeeringConnection": { targets: ["vpcId"], effect: "requests peering from a VPC" },
    "aws:ec2/peeringConnectionOptions:PeeringConnectionOptions": {
        targets: ["vpcPeeringConnectionId"],
        effect: "changes a peering connection's options",
    },
    "aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter": {
        targets: [],
        effect: "accepts a peering request (a reference: always allowed)",
    },
};
