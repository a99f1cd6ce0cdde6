/**
 * What live discovery of Redis's resources protects (issue 18), as pure logic
 * on the answers of AWS's read APIs: the pack and the `discover` command will
 * share it, and it loads no SDK, so it lives in the dependency-free core.
 */

import type { IamAction, PolicyDocument } from "./policy-document";

/**
 * The ID kinds of what Redis Cloud creates and manages in an account, with
 * AWS's 8 or 17 lower-case hex digits (the config schema of
 * `redis-managed-ids-protected` refuses anything else).
 */
export const REDIS_MANAGED_ID_PATTERN = "^(vpc|subnet|sg|rtb|acl|igw|pcx|tgw-attach|eni|i|vol|snap)-[0-9a-f]{8}([0-9a-f]{9})?$";
const REDIS_MANAGED_ID = new RegExp(REDIS_MANAGED_ID_PATTERN);

/**
 * The read-only calls discovery makes, each with why: the least privilege the
 * pack's README will publish and the IAM simulator will prove.
 */
export const DISCOVERY_READ_ACTIONS: ReadonlyArray<{ action: IamAction; reason: string }> = [
    { action: "sts:GetCallerIdentity", reason: "which account the credentials reach, so that an unnamed account is never read" },
    {
        action: "tag:GetResources",
        reason: "every resource tagged with the tag key (VPCs, subnets, groups, instances, volumes, snapshots, interfaces...)",
    },
    { action: "ec2:DescribeSecurityGroups", reason: "the untagged default security group of each Redis VPC" },
    { action: "ec2:DescribeRouteTables", reason: "the untagged main route table of each Redis VPC" },
    { action: "ec2:DescribeNetworkAcls", reason: "the untagged default network ACL of each Redis VPC" },
];

/**
 * The resource ID an EC2 ARN names, if it is a Redis-managed kind:
 * `arn:aws:ec2:us-east-1:123456789012:vpc/vpc-0a1b...` gives `vpc-0a1b...`;
 * snapshots have no account (`arn:aws:ec2:us-east-1::snapshot/snap-...`).
 */
export function redisIdFromArn(arn: string): string | undefined {
    const parts = arn.split(":");
    if (parts.length < 6 || parts[0] !== "arn" || parts[2] !== "ec2") return undefined;
    const resource = parts.slice(5).join(":");
    const id = resource.slice(resource.indexOf("/") + 1);
    return resource.includes("/") && REDIS_MANAGED_ID.test(id) ? id : undefined;
}

/** What EC2 answers about a VPC's built-in resources, in the SDK's field names. */
export interface VpcBuiltIns {
    securityGroups: ReadonlyArray<{ GroupId?: string; GroupName?: string; VpcId?: string }>;
    routeTables: ReadonlyArray<{ RouteTableId?: string; VpcId?: string; Associations?: ReadonlyArray<{ Main?: boolean }> }>;
    networkAcls: ReadonlyArray<{ NetworkAclId?: string; VpcId?: string; IsDefault?: boolean }>;
}

/**
 * The untagged resources AWS creates inside each of `vpcIds`: the group named
 * `default`, the route table with the main association, the default ACL. The
 * customer's own untagged groups, tables and ACLs beside them are not included.
 */
export function builtInsOfVpcs(vpcIds: ReadonlySet<string>, answers: VpcBuiltIns): string[] {
    const inRedisVpc = (vpcId: string | undefined): boolean => vpcId !== undefined && vpcIds.has(vpcId);
    return [
        ...answers.securityGroups.filter((g) => g.GroupName === "default" && inRedisVpc(g.VpcId)).map((g) => g.GroupId),
        ...answers.routeTables
            .filter((t) => inRedisVpc(t.VpcId) && (t.Associations ?? []).some((a) => a.Main === true))
            .map((t) => t.RouteTableId),
        ...answers.networkAcls.filter((a) => a.IsDefault === true && inRedisVpc(a.VpcId)).map((a) => a.NetworkAclId),
    ].filter((id): id is string => id !== undefined && REDIS_MANAGED_ID.test(id));
}

/**
 * Every ID discovery protects: the tagged resources' IDs (from the tagging
 * API's ARNs) and the built-ins of the tagged VPCs, sorted and without repeats.
 */
export function discoveredRedisIds(taggedArns: ReadonlyArray<string>, builtIns: VpcBuiltIns): string[] {
    const tagged = taggedArns.map(redisIdFromArn).filter((id): id is string => id !== undefined);
    const vpcs = new Set(tagged.filter((id) => id.startsWith("vpc-")));
    return [...new Set([...tagged, ...builtInsOfVpcs(vpcs, builtIns)])].sort();
}

/**
 * The least-privilege policy for discovery: exactly DISCOVERY_READ_ACTIONS.
 * None of these calls supports resource-level permissions, so the resource is
 * `*`; the tests prove on the IAM simulator that it allows them and no write.
 */
export const DISCOVERY_READ_ONLY_POLICY: PolicyDocument = {
    Version: "2012-10-17",
    Statement: [
        { Sid: "DiscoverRedisResources", Effect: "Allow", Action: DISCOVERY_READ_ACTIONS.map((entry) => entry.action), Resource: "*" },
    ],
};
