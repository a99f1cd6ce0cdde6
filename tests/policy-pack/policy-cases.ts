/**
 * What every policy's test file shares: the Redis IDs the pack is configured
 * with, builders for resources and documents, and the runner that puts a
 * policy's violating and passing cases through the in-process analyzer (the
 * SDK's own handlers, tests/harness/in-process-analyzer.ts). Each case is one
 * resource as the engine would send it to Analyze.
 */
import * as assert from "assert";
import { AnalyzerClient, AnalyzerResource } from "../../plan/analyzer-client";
import { startInProcessAnalyzer } from "../harness/in-process-analyzer";

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
/** A boundary outside the stacks of these tests that a reviewer has checked (redis-boundary-lockout's `reviewedBoundaryArns`). */
export const REVIEWED_BOUNDARY_ARN = "arn:aws:iam::123456789012:policy/org-boundary-reviewed";
/** The pack's config in these tests: the Redis IDs, and the region Redis runs in (redis-lockout judges region denies with it). */
export const REDIS_IDS_CONFIG = {
    "redis-managed-ids-protected": { properties: { resourceIds: Object.values(REDIS_IDS) } },
    "redis-lockout": { properties: { regions: ["us-east-1"] } },
    "redis-boundary-lockout": { properties: { reviewedBoundaryArns: [REVIEWED_BOUNDARY_ARN] } },
};

export const COMPONENT_URN = "urn:pulumi:prod::acct::redis-cloud-byoc-aws:index:RedisCloudIam::redis";
export const OTHER_PARENT_URN = "urn:pulumi:prod::acct::my:index:Platform::platform";
export const canonical = () => import("../../core/redis-documents");

export interface PolicyCase {
    title: string;
    resource: AnalyzerResource | (() => Promise<AnalyzerResource>);
    /** A fragment of the expected violation message; undefined means the resource must pass this policy. */
    violation?: RegExp;
}

/** A one-statement Allow document as JSON text. */
export const allow = (principal: Record<string, unknown> | undefined, action: string | string[], resource: string = "*") =>
    JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", ...(principal ? { Principal: principal } : {}), Action: action, Resource: resource }],
    });

export const r = (type: string, properties: Record<string, unknown>, extra: Partial<AnalyzerResource> = {}): AnalyzerResource => ({
    type,
    name: "subject",
    properties,
    ...extra,
});

/**
 * An in-process analyzer for the enclosing suite, configured with the Redis IDs before its first test
 * (call inside a `describe`).
 */
export function configuredAnalyzer(): AnalyzerClient {
    const analyzer = startInProcessAnalyzer();
    before(() => analyzer.configure(REDIS_IDS_CONFIG));
    return analyzer;
}

/** A resource as AnalyzeStack sees it after `pulumi up`: its outputs. */
export const stackOutputs = (type: string, properties: Record<string, unknown>): AnalyzerResource => ({ type, name: "o", properties });

/**
 * One policy's cases, each its own test: a violating case must draw a diagnostic of this policy whose
 * message matches, a passing case none of this policy (other policies may still judge the resource).
 */
export function describePolicyCases(policy: string, cases: readonly PolicyCase[]): void {
    describe(`${policy}: its cases, through the SDK's own handlers in-process`, () => {
        const analyzer = configuredAnalyzer();

        it("has violating and passing cases", () => {
            assert.ok(
                cases.some((c) => c.violation),
                "a violating case",
            );
            assert.ok(
                cases.some((c) => !c.violation),
                "a passing case",
            );
        });

        for (const testCase of cases) {
            it(`${testCase.violation ? "rejects" : "allows"} ${testCase.title}`, async () => {
                const resource = typeof testCase.resource === "function" ? await testCase.resource() : testCase.resource;
                const found = (await analyzer.analyze(resource)).filter((d) => d.policyName === policy);
                if (testCase.violation) {
                    assert.ok(found.length >= 1, "a violation is reported");
                    assert.match(found.map((d) => d.message).join("\n"), testCase.violation);
                    for (const d of found) assert.strictEqual(d.enforcementLevel, "mandatory");
                } else {
                    assert.deepStrictEqual(found, [], "no violation");
                }
            });
        }
    });
}
