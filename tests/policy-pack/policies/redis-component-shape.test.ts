/**
 * `redis-component-shape`, the stack policy (AnalyzeStack): the shape of each
 * RedisCloudIam component. A forged component is caught, the real one passes.
 * In-process, through the SDK's own AnalyzeStack handler.
 */
import * as assert from "assert";
import { ConsoleRolePolicy, RedisCloudIam } from "../../../components";
import { AnalyzerResource, UNKNOWN, toAnalyzerStackResource } from "../../../plan/analyzer-client";
import { runOnMockEngine } from "../../../plan/mock-engine";
import { configuredAnalyzer } from "../policy-cases";
import { TEST_PGP_PUBLIC_KEY } from "../../helpers";

const SHAPE = "redis-component-shape";
const ACCOUNT_POLICY = (name: string) => `arn:aws:iam::123456789012:policy/${name}`;

describe("redis-component-shape: the component's shape, through the SDK's own handlers in-process", function () {
    const analyzer = configuredAnalyzer();
    let component: AnalyzerResource[];
    /** The component's resources as AnalyzeStack sees them after `pulumi up`: policy ARNs known. */
    const deployed = (resources: AnalyzerResource[]) =>
        resources.map((r) => {
            if (
                r.type !== "aws:iam/rolePolicyAttachment:RolePolicyAttachment" &&
                r.type !== "aws:iam/userPolicyAttachment:UserPolicyAttachment"
            )
                return r;
            const principal = String(r.properties.role ?? r.properties.user);
            const policy =
                principal === "redislabs-user" || principal === "redislabs-role"
                    ? "RedislabsIAMUserRestrictedPolicy"
                    : "RedisLabsInstanceRolePolicy";
            return { ...r, properties: { ...r.properties, policyArn: ACCOUNT_POLICY(policy) } };
        });
    const shapeFindings = async (resources: AnalyzerResource[]) =>
        (await analyzer.analyzeStack(resources)).filter((d) => d.policyName === SHAPE).map((d) => d.message);

    before(async () => {
        const { resources } = await runOnMockEngine(
            () => new RedisCloudIam("redis", { consoleRolePolicy: ConsoleRolePolicy.UserRestrictedPolicy }),
        );
        component = deployed(resources.map(toAnalyzerStackResource));
    });

    const root = () => component.find((r) => r.type === "redis-cloud-byoc-aws:index:RedisCloudIam")!;
    const child = (type: string, name: string, properties: Record<string, unknown>): AnalyzerResource => ({
        type,
        name,
        urn: `urn:pulumi:stack::proj::redis-cloud-byoc-aws:index:RedisCloudIam$${type}::${name}`,
        parent: root().urn,
        properties,
        protect: true,
    });

    it("the real component, with every variant, has the shape: zero diagnostics from the stack policy", async () => {
        assert.strictEqual(component.length, 17, "the component and its sixteen children");
        assert.deepStrictEqual(await shapeFindings(component), []);
        for (const args of [{}, { consoleLogin: true, pgpKey: TEST_PGP_PUBLIC_KEY, accessKeyGenerations: ["a", "b"] }]) {
            const { resources } = await runOnMockEngine(() => new RedisCloudIam("redis", args));
            assert.ok(resources.length >= 11);
            assert.deepStrictEqual(await shapeFindings(resources.map(toAnalyzerStackResource)), []);
        }
    });

    const forgeries: [string, () => AnalyzerResource[], RegExp][] = [
        [
            "the user's exclusive inline-policy list allowing an inline policy",
            () =>
                component.map((r) =>
                    r.type === "aws:iam/userPoliciesExclusive:UserPoliciesExclusive"
                        ? { ...r, properties: { ...r.properties, policyNames: ["extra"] } }
                        : r,
                ),
            /redislabs-user's exclusive inline-policy list allows inline policies/,
        ],
        [
            "the console role's exclusive attachment list allowing AdministratorAccess beside Redis's policy",
            () =>
                component.map((r) =>
                    r.type === "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive" &&
                    r.properties.roleName === "redislabs-role"
                        ? {
                              ...r,
                              properties: {
                                  ...r.properties,
                                  policyArns: [
                                      ACCOUNT_POLICY("RedislabsIAMUserRestrictedPolicy"),
                                      "arn:aws:iam::aws:policy/AdministratorAccess",
                                  ],
                              },
                          }
                        : r,
                ),
            /redislabs-role's exclusive attachment list allows a policy other than[\s\S]*does not hold exactly its one policy/,
        ],
        [
            "no exclusive inline-policy list for the node role",
            () =>
                component.filter(
                    (r) =>
                        !(
                            r.type === "aws:iam/rolePoliciesExclusive:RolePoliciesExclusive" &&
                            r.properties.roleName === "redislabs-cluster-node-role"
                        ),
                ),
            /it has 1 aws:iam\/rolePoliciesExclusive:RolePoliciesExclusive \(RedisCloudIam creates 2\)/,
        ],
        [
            "a third access key, encrypted to someone else's PGP key",
            () => [
                ...component,
                child("aws:iam/accessKey:AccessKey", "k3", { user: "redislabs-user", pgpKey: "keybase:attacker" }),
                child("aws:iam/accessKey:AccessKey", "k4", { user: "redislabs-user", pgpKey: "keybase:attacker" }),
            ],
            /it has 3 aws:iam\/accessKey:AccessKey \(RedisCloudIam creates 1 to 2\)[\s\S]*not all encrypted with the same PGP key/,
        ],
        [
            "a second key with another PGP key (within the count)",
            () => [
                ...component,
                child("aws:iam/accessKey:AccessKey", "k2", { user: "redislabs-user", pgpKey: "keybase:attacker" }),
                child("pulumi-nodejs:dynamic/redis-cloud-byoc-aws:AccessKeyRetirementGate", "g", {}),
            ],
            /not all encrypted with the same PGP key/,
        ],
        [
            "two login profiles",
            () => [
                ...component,
                child("aws:iam/userLoginProfile:UserLoginProfile", "l1", { user: "redislabs-user" }),
                child("aws:iam/userLoginProfile:UserLoginProfile", "l2", { user: "redislabs-user" }),
            ],
            /it has 2 aws:iam\/userLoginProfile:UserLoginProfile/,
        ],
        [
            "an extra instance profile for the node role",
            () => [
                ...component,
                child("aws:iam/instanceProfile:InstanceProfile", "p2", { name: "mine", role: "redislabs-cluster-node-role" }),
            ],
            /it has 2 aws:iam\/instanceProfile:InstanceProfile[\s\S]*a name RedisCloudIam never gives/,
        ],
        [
            "Redis's user policy on the node role",
            () =>
                component.map((r) =>
                    r.properties.role === "redislabs-cluster-node-role" && r.type.endsWith("RolePolicyAttachment")
                        ? { ...r, properties: { ...r.properties, policyArn: ACCOUNT_POLICY("RedislabsIAMUserRestrictedPolicy") } }
                        : r,
                ),
            /redislabs-cluster-node-role carries a policy other than RedisLabsInstanceRolePolicy/,
        ],
        [
            "a child type the component never creates",
            () => [...component, child("aws:iam/rolePolicy:RolePolicy", "inline", { role: "redislabs-role", policy: "{}" })],
            /a child of type aws:iam\/rolePolicy:RolePolicy, which RedisCloudIam never creates/,
        ],
        [
            "a second access key without its retirement gate (so the old key could go unguarded)",
            () => [...component, child("aws:iam/accessKey:AccessKey", "k2", { user: "redislabs-user" })],
            /it has 0 access key retirement gate\(s\) for 2 access key\(s\)/,
        ],
        [
            "a retirement gate beside a single key",
            () => [...component, child("pulumi-nodejs:dynamic/redis-cloud-byoc-aws:AccessKeyRetirementGate", "g", {})],
            /it has 1 access key retirement gate\(s\) for 1 access key\(s\)/,
        ],
        ["a component without its user", () => component.filter((r) => r.type !== "aws:iam/user:User"), /it has 0 aws:iam\/user:User/],
        [
            "a key for another user",
            () =>
                component.map((r) =>
                    r.type === "aws:iam/accessKey:AccessKey" ? { ...r, properties: { ...r.properties, user: "ci" } } : r,
                ),
            /is for a user other than redislabs-user/,
        ],
        [
            "an attachment to a customer principal",
            () => [
                ...component.filter((r) => !(r.type.endsWith("RolePolicyAttachment") && r.properties.role === "redislabs-role")),
                child("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "a", {
                    role: "app",
                    policyArn: ACCOUNT_POLICY("RedisLabsInstanceRolePolicy"),
                }),
            ],
            /attaches to a principal that is not Redis's/,
        ],
        [
            "a second key with its own retirement gate under a one-key component: within the counts, but no declared generation",
            () => [
                ...component,
                child("aws:iam/accessKey:AccessKey", "redis-access-key-extra", { user: "redislabs-user" }),
                child("pulumi-nodejs:dynamic/redis-cloud-byoc-aws:AccessKeyRetirementGate", "redis-access-key-1-retirement-gate", {}),
            ],
            /it has an access key its declared credentials \(generations 1, consoleLogin false\) do not account for: an addition/,
        ],
        [
            "a login profile without a PGP key under a component declared without consoleLogin",
            () => [...component, child("aws:iam/userLoginProfile:UserLoginProfile", "redis-console-login", { user: "redislabs-user" })],
            /it has a login profile its declared credentials \(generations 1, consoleLogin false\) do not account for/,
        ],
        [
            "a component that declares no credentials (registered under the type token by hand)",
            () => component.map((r) => (r.type === "redis-cloud-byoc-aws:index:RedisCloudIam" ? { ...r, properties: {} } : r)),
            /it declares no credentialShape output/,
        ],
        [
            "a component whose declaration claims three generations",
            () =>
                component.map((r) =>
                    r.type === "redis-cloud-byoc-aws:index:RedisCloudIam"
                        ? {
                              ...r,
                              properties: {
                                  ...r.properties,
                                  credentialShape: { accessKeyGenerations: ["1", "2", "3"], consoleLogin: false, pgpEncrypted: false },
                              },
                          }
                        : r,
                ),
            /its credentialShape output is not what RedisCloudIam declares/,
        ],
        [
            "a key declared PGP-encrypted that is not",
            () =>
                component.map((r) =>
                    r.type === "redis-cloud-byoc-aws:index:RedisCloudIam"
                        ? {
                              ...r,
                              properties: {
                                  ...r.properties,
                                  credentialShape: { accessKeyGenerations: ["1"], consoleLogin: false, pgpEncrypted: true },
                              },
                          }
                        : r,
                ),
            /a aws:iam\/accessKey:AccessKey child is not PGP-encrypted, but the component declares its credentials encrypted/,
        ],
    ];
    for (const [title, forge, message] of forgeries) {
        it(`catches a forged component: ${title}`, async () => {
            const findings = await shapeFindings(forge());
            assert.ok(findings.length >= 1, "a violation");
            assert.match(findings.join("\n"), message);
        });
    }

    it("the declared credentials come from the component: rotating (two generations, a gate) with a PGP-encrypted login passes", async () => {
        const { resources } = await runOnMockEngine(
            () => new RedisCloudIam("rotating", { accessKeyGenerations: ["3", "4"], consoleLogin: true, pgpKey: TEST_PGP_PUBLIC_KEY }),
        );
        const stack = resources.map(toAnalyzerStackResource);
        const root = stack.find((r) => r.type === "redis-cloud-byoc-aws:index:RedisCloudIam")!;
        assert.deepStrictEqual(root.properties.credentialShape, {
            accessKeyGenerations: ["3", "4"],
            consoleLogin: true,
            pgpEncrypted: true,
        });
        assert.strictEqual(stack.filter((r) => r.type === "aws:iam/accessKey:AccessKey").length, 2);
        assert.deepStrictEqual(await shapeFindings(stack), []);
    });

    it("values unknown at preview are not decided (no violation, no advisory)", async () => {
        const atPreview = component.map((r) =>
            r.type.endsWith("PolicyAttachment") ? { ...r, properties: { ...r.properties, policyArn: UNKNOWN } } : r,
        );
        assert.deepStrictEqual(await analyzer.analyzeStack(atPreview), []);
    });
});
