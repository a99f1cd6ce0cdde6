/**
 * The IAM statement evaluator (policy-pack/lib/iam-statements.ts) against
 * Redis's effect model (core/redis-effects.ts), case by case.
 */
import * as assert from "assert";
import { REDIS_PRINCIPALS } from "../../core/redis-effects";
import { REDIS_IAM_NAMES, userRestrictedPolicy } from "../../core/redis-documents";
import {
    actionCovers,
    conditionNamesRedisInstanceProfile,
    exemptsRedisPrincipals,
    lockoutsOf,
    principalCovers,
    redisSingledOut,
    resourceCovers,
} from "../../policy-pack/lib/iam-statements";

const principal = (id: string) => REDIS_PRINCIPALS.find((p) => p.id === id)!;
const lockedOut = (statement: Record<string, unknown>, scope: "scp" | "rcp" | "resource" = "scp", regions?: string[]) =>
    lockoutsOf(statement, scope, regions).map(
        (l) => `${l.principal.id} ${l.need.action}${l.undecided.length ? ` (undecided: ${l.undecided.join(", ")})` : ""}`,
    );

describe("Redis's effect model", () => {
    it("reads each principal's needs from the canonical documents, never restating them", () => {
        const user = principal("user");
        const allowed = userRestrictedPolicy.Statement.filter((s) => s.Effect === "Allow").flatMap((s) => [s.Action].flat());
        assert.deepStrictEqual([...new Set(user.needs.map((n) => n.action))].sort(), [...new Set(allowed)].sort());
        assert.ok(principal("consoleRole").needs.length > user.needs.length, "the console role needs either policy");
        assert.deepStrictEqual(
            principal("redisCloudAccount").needs.map((n) => n.action)[0],
            "sts:AssumeRole",
            "Redis Cloud's account assumes the console role",
        );
    });
});

describe("IAM statement evaluation", () => {
    it("matches Action and NotAction with IAM wildcards, without regard to case", () => {
        assert.ok(actionCovers({ Action: "EC2:Run*" }, "ec2:RunInstances"));
        assert.ok(actionCovers({ Action: ["s3:*", "cloudwatch:Get*"] }, "cloudwatch:Get*"));
        assert.ok(!actionCovers({ Action: "ec2:Describe?" }, "ec2:DescribeVpcs"));
        assert.ok(actionCovers({ NotAction: "s3:*" }, "iam:PassRole"));
        assert.ok(!actionCovers({ NotAction: ["iam:*"] }, "iam:PassRole"));
    });

    it("matches Resource and NotResource, patterns overlapping patterns", () => {
        assert.ok(resourceCovers({ Resource: "arn:aws:ec2:*:*:instance/*" }, "*"));
        assert.ok(
            resourceCovers({ Resource: "arn:aws:iam::123456789012:role/redislabs-*" }, "arn:aws:iam::*:role/redislabs-cluster-node-role"),
        );
        assert.ok(!resourceCovers({ Resource: "arn:aws:iam::*:user/*" }, "arn:aws:iam::*:role/redislabs-cluster-node-role"));
        assert.ok(!resourceCovers({ NotResource: "arn:aws:iam::*:role/redislabs-*" }, "arn:aws:iam::*:role/redislabs-cluster-node-role"));
        assert.ok(resourceCovers({ NotResource: "arn:aws:s3:::b/*" }, "*"));
    });

    it("reads Principal: everyone, an account, a role and its sessions; never a service", () => {
        const node = principal("nodeRole");
        const redisCloud = principal("redisCloudAccount");
        assert.ok(principalCovers({ Principal: "*" }, node, false));
        assert.ok(principalCovers({ Principal: { AWS: "*" } }, redisCloud, false));
        assert.ok(principalCovers({ Principal: { AWS: "arn:aws:iam::168085023892:root" } }, redisCloud, false));
        assert.ok(!principalCovers({ Principal: { AWS: "arn:aws:iam::168085023892:root" } }, node, false));
        assert.ok(principalCovers({ Principal: { AWS: "123456789012" } }, node, false), "the customer's own account");
        assert.ok(
            principalCovers({ Principal: { AWS: "arn:aws:sts::123456789012:assumed-role/redislabs-cluster-node-role/i-1" } }, node, false),
        );
        assert.ok(!principalCovers({ Principal: { Service: "ec2.amazonaws.com" } }, node, false));
        assert.ok(!principalCovers({ NotPrincipal: { AWS: "arn:aws:iam::123456789012:role/redislabs-cluster-node-role" } }, node, false));
    });

    it("a Deny binds Redis's in-account principals in an SCP, Redis Cloud's account only in an RCP or resource policy", () => {
        const denyAssume = { Effect: "Deny", Principal: "*", Action: "sts:AssumeRole", Resource: "*" };
        assert.deepStrictEqual(lockedOut({ Effect: "Deny", Action: "sts:AssumeRole", Resource: "*" }), []);
        assert.deepStrictEqual(lockedOut(denyAssume, "rcp"), ["redisCloudAccount sts:AssumeRole"]);
        assert.deepStrictEqual(lockedOut({ Effect: "Allow", Action: "*", Resource: "*" }), [], "an Allow locks no one out");
    });

    it("exempts Redis by ArnNotLike, ArnNotEquals, StringNotLike or StringNotEquals on aws:PrincipalArn, over all three principals", () => {
        const arns = [
            `arn:aws:iam::*:user/${REDIS_IAM_NAMES.user}`,
            `arn:aws:iam::*:role/${REDIS_IAM_NAMES.consoleRole}`,
            `arn:aws:iam::*:role/${REDIS_IAM_NAMES.nodeRole}`,
        ];
        for (const operator of ["ArnNotLike", "ArnNotEquals", "StringNotLike", "ArnNotLikeIfExists"]) {
            assert.ok(exemptsRedisPrincipals({ Effect: "Deny", Condition: { [operator]: { "aws:PrincipalArn": arns } } }), operator);
        }
        assert.ok(
            exemptsRedisPrincipals({
                Effect: "Deny",
                Condition: { StringNotEquals: { "aws:PrincipalArn": arns.map((a) => a.replace("*", "123456789012")) } },
            }),
            "StringNotEquals with the customer's account",
        );
        assert.ok(
            !exemptsRedisPrincipals({ Effect: "Deny", Condition: { ArnNotLike: { "aws:PrincipalArn": arns.slice(0, 2) } } }),
            "one principal left out",
        );
        assert.ok(!exemptsRedisPrincipals({ Effect: "Deny" }));
        assert.ok(
            exemptsRedisPrincipals({ Effect: "Deny", Condition: { ArnNotLike: { "aws:PrincipalArn": "arn:aws:iam::*:*/redislabs-*" } } }),
            "one pattern over all",
        );
    });

    it("region conditions use the configured regions; without them they are undecided", () => {
        const deny = {
            Effect: "Deny",
            Action: "ec2:RunInstances",
            Resource: "*",
            Condition: { StringNotEquals: { "aws:RequestedRegion": ["us-east-1"] } },
        };
        assert.deepStrictEqual(lockedOut(deny, "scp", ["us-east-1"]), []);
        assert.deepStrictEqual(lockedOut(deny, "scp", ["us-east-1", "eu-west-1"]), [
            "user ec2:RunInstances",
            "consoleRole ec2:RunInstances",
        ]);
        assert.match(lockedOut(deny)[0], /undecided: aws:RequestedRegion \(set this policy's `regions`/);
        // IAM signs for us-east-1: a region deny that does not leave IAM out stops PassRole.
        const iamToo = { ...deny, Action: "iam:PassRole", Condition: { StringNotEquals: { "aws:RequestedRegion": ["eu-west-1"] } } };
        assert.deepStrictEqual(lockedOut(iamToo, "scp", ["eu-west-1"]), ["user iam:PassRole", "consoleRole iam:PassRole"]);
    });

    it("organisation, network and MFA keys: Redis's in-account principals are inside the organisation, its calls outside the customer's network", () => {
        const orgOnly = {
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: "*",
            Condition: { StringNotEqualsIfExists: { "aws:PrincipalOrgID": "o-1" } },
        };
        assert.deepStrictEqual(lockedOut(orgOnly, "rcp"), ["redisCloudAccount s3:PutObject"]);
        const fromOffice = {
            Effect: "Deny",
            Action: "*",
            Resource: "*",
            Condition: { NotIpAddress: { "aws:SourceIp": "203.0.113.0/24" } },
        };
        assert.strictEqual(lockedOut(fromOffice).length, 3);
        const blockList = { Effect: "Deny", Action: "*", Resource: "*", Condition: { IpAddress: { "aws:SourceIp": "198.51.100.0/24" } } };
        assert.deepStrictEqual(lockedOut(blockList), []);
        const mfa = {
            Effect: "Deny",
            Action: "ec2:*",
            Resource: "*",
            Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } },
        };
        assert.deepStrictEqual(
            lockedOut(mfa).map((l) => l.split(" ")[0]),
            ["user", "nodeRole"],
            "the console role is assumed with MFA",
        );
    });

    it("Redis's own tag and grants: conditions Redis's requests satisfy exempt them", () => {
        const untagged = {
            Effect: "Deny",
            Action: "ec2:RunInstances",
            Resource: "*",
            Condition: { Null: { "aws:RequestTag/RedisLabsIdentifier": "true" } },
        };
        assert.deepStrictEqual(lockedOut(untagged), [], "Redis tags what it launches");
        const notForAws = {
            Effect: "Deny",
            Action: "kms:CreateGrant",
            Resource: "*",
            Condition: { Bool: { "kms:GrantIsForAWSResource": "false" } },
        };
        assert.deepStrictEqual(lockedOut(notForAws), []);
    });

    it("keys it cannot know are undecided, and say which", () => {
        const byTag = {
            Effect: "Deny",
            Action: "ec2:*",
            Resource: "*",
            Condition: { StringNotEquals: { "aws:PrincipalTag/team": "platform" } },
        };
        assert.deepStrictEqual(
            lockedOut(byTag)[0],
            "user ec2:DescribeAvailabilityZones (undecided: aws:PrincipalTag/…)",
            "a tag key is the customer's data: never shown",
        );
        // One decided key that keeps Redis out is enough, whatever the others.
        assert.deepStrictEqual(
            lockedOut({ ...byTag, Condition: { ...byTag.Condition, StringEquals: { "aws:PrincipalType": "Account" } } }),
            [],
        );
    });

    it("singles out Redis: Principal * narrowed to Redis by a principal condition, not by one that admits principals in general", () => {
        const everyone = (Condition: Record<string, unknown>) => ({
            Effect: "Allow",
            Principal: "*",
            Action: "s3:*",
            Resource: "*",
            Condition,
        });
        assert.strictEqual(
            redisSingledOut(everyone({ ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/*-cluster-node-role" } }))?.id,
            "nodeRole",
        );
        assert.strictEqual(
            redisSingledOut(everyone({ StringEquals: { "aws:PrincipalAccount": "168085023892" } }))?.id,
            "redisCloudAccount",
        );
        assert.strictEqual(redisSingledOut(everyone({ StringLike: { "aws:username": "redis*" } }))?.id, "user");
        assert.strictEqual(redisSingledOut(everyone({ StringEquals: { "aws:PrincipalOrgID": "o-1" } })), undefined);
        assert.strictEqual(redisSingledOut(everyone({ StringEquals: { "aws:PrincipalAccount": "123456789012" } })), undefined);
        assert.strictEqual(
            redisSingledOut(everyone({ ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/*" } })),
            undefined,
            "every role",
        );
        assert.strictEqual(
            redisSingledOut({ ...everyone({ ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/redislabs-role" } }), Effect: "Deny" }),
            undefined,
        );
    });

    it("an ec2:InstanceProfile condition naming Redis's profile, not every profile", () => {
        const on = (value: string, operator = "ArnLike") => ({ Condition: { [operator]: { "ec2:InstanceProfile": value } } });
        assert.ok(conditionNamesRedisInstanceProfile(on("arn:aws:iam::123456789012:instance-profile/redislabs-cluster-node-role")));
        assert.ok(conditionNamesRedisInstanceProfile(on("arn:aws:iam::*:instance-profile/redislabs-*")));
        assert.ok(!conditionNamesRedisInstanceProfile(on("arn:aws:iam::*:instance-profile/*")));
        assert.ok(!conditionNamesRedisInstanceProfile(on("arn:aws:iam::*:instance-profile/redislabs-*", "ArnNotLike")));
    });
});
