/**
 * `redis-boundary-lockout`, a stack policy (AnalyzeStack): a permissions
 * boundary on Redis's user or roles must allow everything Redis's documents
 * allow. In-process, through the SDK's own AnalyzeStack handler; the component
 * itself sets the boundary (`permissionsBoundaryArn`).
 */
import * as assert from "assert";
import { RedisCloudIam } from "../../../components";
import { instanceRolePolicy, userRestrictedPolicy } from "../../../core/redis-documents";
import { AnalyzerResource, UNKNOWN, toAnalyzerStackResource } from "../../../plan/analyzer-client";
import { runOnMockEngine } from "../../../plan/mock-engine";
import { REVIEWED_BOUNDARY_ARN, configuredAnalyzer } from "../policy-cases";

const POLICY = "redis-boundary-lockout";
const BOUNDARY_ARN = "arn:aws:iam::123456789012:policy/platform/boundary";
const document = (...statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
/** The boundary as the stack declares it: a managed policy named and pathed as its ARN says. */
const boundary = (policy: unknown): AnalyzerResource => ({
    type: "aws:iam/policy:Policy",
    name: "boundary",
    properties: { name: "boundary", path: "/platform/", policy },
});
/** Everything Redis's documents allow, as a boundary: their Allow statements, copied. */
const REDIS_ALLOWS = [...userRestrictedPolicy.Statement, ...instanceRolePolicy.Statement].filter((s) => s.Effect === "Allow");

describe("redis-boundary-lockout: permissions boundaries on Redis's principals, through the SDK's own handlers in-process", function () {
    const analyzer = configuredAnalyzer();
    /** The component's resources with this boundary ARN. */
    const componentWith = async (permissionsBoundaryArn: string | undefined) =>
        (await runOnMockEngine(() => new RedisCloudIam("redis", permissionsBoundaryArn ? { permissionsBoundaryArn } : {}))).resources.map(
            toAnalyzerStackResource,
        );
    const findings = async (resources: AnalyzerResource[]) =>
        (await analyzer.analyzeStack(resources)).filter((d) => d.policyName === POLICY).map((d) => `${d.enforcementLevel}: ${d.message}`);

    it("rejects a boundary declared in the stack that allows only S3: each of Redis's three principals, with the first action it stops", async () => {
        const found = await findings([
            ...(await componentWith(BOUNDARY_ARN)),
            boundary(document({ Effect: "Allow", Action: "s3:*", Resource: "*" })),
        ]);
        assert.strictEqual(found.length, 3, found.join("\n"));
        assert.ok(found.every((m) => m.startsWith("mandatory: ")));
        assert.match(
            found.join("\n"),
            /aws:iam\/role:Role "redislabs-cluster-node-role" has a permissions boundary \(field "permissionsBoundary"\) that stops redislabs-cluster-node-role from ec2:DescribeAvailabilityZones \(RedisLabsInstanceRolePolicy \(DescribeReadOnlyEc2Resources\) allows it\)/,
        );
        assert.match(found.join("\n"), /aws:iam\/user:User "redislabs-user" .* stops redislabs-user from ec2:DescribeAvailabilityZones/);
        assert.match(found.join("\n"), /Allow everything Redis's documents allow in the boundary/);
    });

    it("rejects a boundary that allows everything but denies RunInstances without exempting Redis", async () => {
        const found = await findings([
            ...(await componentWith(BOUNDARY_ARN)),
            boundary(
                JSON.parse(
                    document(
                        { Effect: "Allow", Action: "*", Resource: "*" },
                        { Effect: "Deny", Action: "ec2:RunInstances", Resource: "*" },
                    ),
                ),
            ),
        ]);
        assert.deepStrictEqual(found.length, 2, "the user and the console role launch; the node role does not");
        assert.match(found[0], /stops redislabs-(user|role) from ec2:RunInstances/);
    });

    it("rejects AWS's PowerUserAccess as a boundary (no IAM reads, no PassRole), and a boundary it cannot read unless reviewed", async () => {
        const power = await findings(await componentWith("arn:aws:iam::aws:policy/PowerUserAccess"));
        assert.match(power.join("\n"), /stops redislabs-user from iam:GetUser/);
        const unread = await findings(await componentWith("arn:aws:iam::123456789012:policy/org-boundary"));
        assert.strictEqual(unread.length, 3);
        assert.match(
            unread[0],
            /whose document the pack cannot read, so it judges it as stopping .* list its ARN in this policy's `reviewedBoundaryArns`/,
        );
    });

    it("allows a boundary that allows what Redis's documents allow, AdministratorAccess, a reviewed boundary, and no boundary", async () => {
        assert.deepStrictEqual(await findings([...(await componentWith(BOUNDARY_ARN)), boundary(document(...REDIS_ALLOWS))]), []);
        assert.deepStrictEqual(
            await findings([
                ...(await componentWith(BOUNDARY_ARN)),
                boundary(
                    document(
                        { Effect: "Allow", Action: "*", Resource: "*" },
                        { Effect: "Deny", Action: ["iam:CreateUser", "organizations:*"], Resource: "*" },
                        {
                            Effect: "Deny",
                            Action: "ec2:*",
                            Resource: "*",
                            Condition: { ArnNotLike: { "aws:PrincipalArn": "arn:aws:iam::*:*/redislabs-*" } },
                        },
                    ),
                ),
            ]),
            [],
        );
        assert.deepStrictEqual(await findings(await componentWith("arn:aws:iam::aws:policy/AdministratorAccess")), []);
        assert.deepStrictEqual(await findings(await componentWith(REVIEWED_BOUNDARY_ARN)), []);
        assert.deepStrictEqual(await findings(await componentWith(undefined)), []);
    });

    it("at preview, a boundary ARN or document unknown until the policy exists is judged at `pulumi up`", async () => {
        const resources = (await componentWith(BOUNDARY_ARN)).map((r) =>
            r.type === "aws:iam/role:Role" || r.type === "aws:iam/user:User"
                ? { ...r, properties: { ...r.properties, permissionsBoundary: UNKNOWN } }
                : r,
        );
        assert.deepStrictEqual(await findings(resources), []);
        assert.deepStrictEqual(await findings([...(await componentWith(BOUNDARY_ARN)), boundary(UNKNOWN)]), []);
    });
});
