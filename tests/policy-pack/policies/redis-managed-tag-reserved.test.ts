/**
 * `redis-managed-tag-reserved`: its violating and passing cases (policy-pack/policies/redis-managed-tag-reserved.ts).
 */
import * as assert from "assert";
import { PolicyCase, describePolicyCases, r, configuredAnalyzer, stackOutputs } from "../policy-cases";

export const CASES: PolicyCase[] = [
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
    ].map(([title, resource, violation]) => ({ title, resource, violation }) as PolicyCase),

    // Redis's tag value, found by value like the key: selecting by it acts on Redis's resources.
    ...[
        [
            "a resource group selecting Redis's resources by the tag value, the key hidden by a wildcard",
            r("aws:resourcegroups/group:Group", {
                resourceQuery: {
                    query: JSON.stringify({
                        ResourceTypeFilters: ["AWS::AllSupported"],
                        TagFilters: [{ Key: "RedisLabs*", Values: ["Redislabs-VPC"] }],
                    }),
                },
            }),
            /Redis's tag value Redislabs-VPC appears in field "resourceQuery\.query\.[^"]*" \(as a tag, a tag selector or a tag setting\): remove it/,
        ],
        [
            "an SSM document (YAML) that finds Redis's instances by the tag value",
            r("aws:ssm/document:Document", {
                documentType: "Command",
                documentFormat: "YAML",
                content: [
                    'schemaVersion: "2.2"',
                    "mainSteps:",
                    "  - action: aws:runShellScript",
                    "    name: stop",
                    "    inputs:",
                    "      runCommand:",
                    "        - aws ec2 describe-instances --filters Name=tag-value,Values=Redislabs-VPC",
                ].join("\n"),
            }),
            /Redis's tag value Redislabs-VPC appears in field "content\.mainSteps\[\]\.inputs\.runCommand\[\]"/,
        ],
    ].map(([title, resource, violation]) => ({ title, resource, violation }) as PolicyCase),
    ...[
        ["the tag value as a label on the customer's own resource", r("aws:ec2/vpc:Vpc", { tags: { peer: "Redislabs-VPC" } })],
        [
            "the tag value in an aws-native tag list under another key",
            r("aws-native:ec2:Vpc", { tags: [{ key: "peer", value: "Redislabs-VPC" }] }),
        ],
        [
            "the tag value beside another key in an aws:ec2/tag:Tag",
            r("aws:ec2/tag:Tag", { resourceId: "vpc-1", key: "peer", value: "Redislabs-VPC" }),
        ],
        ["a value that only starts like Redis's", r("aws:ssm/parameter:Parameter", { type: "String", value: "Redislabs-VPC-2" })],
    ].map(([title, resource]) => ({ title, resource }) as PolicyCase),
];

describePolicyCases("redis-managed-tag-reserved", CASES);

describe("redis-managed-tag-reserved: every resource's outputs after `pulumi up` (AnalyzeStack)", () => {
    const analyzer = configuredAnalyzer();

    it("a resource whose tagsAll carries the key (provider default tags) is caught; other tags pass", async () => {
        const found = await analyzer.analyzeStack([
            stackOutputs("aws:s3/bucketV2:BucketV2", { id: "b", tags: {}, tagsAll: { team: "x", RedisLabsIdentifier: "y" } }),
            stackOutputs("aws:s3/bucketV2:BucketV2", { id: "c", tagsAll: { team: "x" } }),
        ]);
        assert.deepStrictEqual(
            found.map((d) => [d.policyName, /output "tagsAll"/.test(d.message)]),
            [["redis-managed-tag-reserved", true]],
        );
    });
});
