/**
 * `redis-account-settings`: its violating and passing cases (policy-pack/policies/redis-account-settings.ts),
 * for every type of its table, then its two ways out: an exclusion of Redis's VPC judged before the
 * options, in the same stack and region, and an acknowledgement in config.
 */
import * as assert from "assert";
import { UNKNOWN } from "../../../plan/analyzer-client";
import { startInProcessAnalyzer } from "../../harness/in-process-analyzer";
import { SETTING_RESOURCES } from "../../../policy-pack/policies/redis-account-settings";
import { PolicyCase, REDIS_IDS, REDIS_IDS_CONFIG, describePolicyCases, r } from "../policy-cases";

const POLICY = "redis-account-settings";
const OPTIONS = "aws:ec2/vpcBlockPublicAccessOptions:VpcBlockPublicAccessOptions";
const EXCLUSION = "aws:ec2/vpcBlockPublicAccessExclusion:VpcBlockPublicAccessExclusion";
const IMAGES = "aws:ec2/allowedImagesSettings:AllowedImagesSettings";
const ORG_POLICY = "aws:organizations/policy:Policy";

/** A resource of its own stack: what one case's exclusion notes never reaches another case. */
let stacks = 0;
const alone = (type: string, properties: Record<string, unknown>) =>
    r(type, properties, { urn: `urn:pulumi:case-${++stacks}::acct::${type}::subject` });

const declarative = (attributes: Record<string, unknown>) => ({
    type: "DECLARATIVE_POLICY_EC2",
    content: JSON.stringify({ ec2_attributes: attributes }),
});
const BPA_INGRESS = { vpc_block_public_access: { internet_gateway_block: { mode: { "@@assign": "block_ingress" } } } };
const IMAGES_ENABLED = {
    allowed_images_settings: {
        state: { "@@assign": "enabled" },
        image_criteria: { criteria_1: { allowed_image_providers: { "@@append": ["amazon"] } } },
    },
};

export const CASES: PolicyCase[] = [
    {
        title: "VPC Block Public Access blocking both ways, with no exclusion",
        resource: alone(OPTIONS, { internetGatewayBlockMode: "block-bidirectional" }),
        violation:
            /turns on VPC Block Public Access \(field "internetGatewayBlockMode"\).*Declare an aws:ec2\/vpcBlockPublicAccessExclusion for Redis's VPC.*acknowledged\.vpcBlockPublicAccess/,
    },
    {
        title: "VPC Block Public Access blocking ingress, with no exclusion",
        resource: alone(OPTIONS, { internetGatewayBlockMode: "block-ingress", region: "eu-west-1" }),
        violation: /VPC Block Public Access/,
    },
    {
        title: "VPC Block Public Access through aws-native",
        resource: alone("aws-native:ec2:VpcBlockPublicAccessOptions", { internetGatewayBlockMode: "block-bidirectional" }),
        violation: /This aws-native:ec2:VpcBlockPublicAccessOptions turns on VPC Block Public Access/,
    },
    { title: "VPC Block Public Access turned off", resource: alone(OPTIONS, { internetGatewayBlockMode: "off" }) },
    { title: "VPC Block Public Access whose mode is unknown at preview", resource: alone(OPTIONS, { internetGatewayBlockMode: UNKNOWN }) },
    {
        title: "an exclusion of Redis's VPC (itself a reviewed use of Redis's ID)",
        resource: alone(EXCLUSION, { vpcId: REDIS_IDS.vpc, internetGatewayExclusionMode: "allow-bidirectional" }),
    },
    {
        title: "an aws-native exclusion of Redis's VPC",
        resource: alone("aws-native:ec2:VpcBlockPublicAccessExclusion", {
            vpcId: REDIS_IDS.vpc,
            internetGatewayExclusionMode: "allow-bidirectional",
        }),
    },
    {
        title: "Allowed AMIs enabled",
        resource: alone(IMAGES, { state: "enabled", imageCriterions: [{ imageProviders: ["amazon", "aws-marketplace"] }] }),
        violation:
            /turns on Allowed AMIs \(field "state"\).*Redis does not document which provider owns the images.*\. Set redis-account-settings's acknowledged\.allowedImages/,
    },
    {
        title: "Allowed AMIs in audit mode",
        resource: alone(IMAGES, { state: "audit-mode", imageCriterions: [{ imageProviders: ["amazon"] }] }),
    },
    {
        title: "an EC2 declarative policy blocking ingress",
        resource: alone(ORG_POLICY, declarative(BPA_INGRESS)),
        violation:
            /field "content\.ec2_attributes\.vpc_block_public_access\.internet_gateway_block\.mode"\).*\. Set .*acknowledged\.vpcBlockPublicAccess/,
    },
    {
        title: "an EC2 declarative policy enabling Allowed AMIs",
        resource: alone(ORG_POLICY, declarative(IMAGES_ENABLED)),
        violation: /Allowed AMIs/,
    },
    {
        title: "an aws-native EC2 declarative policy enabling Allowed AMIs, content as an object",
        resource: alone("aws-native:organizations:Policy", { type: "DECLARATIVE_POLICY_EC2", content: { ec2_attributes: IMAGES_ENABLED } }),
        violation: /This aws-native:organizations:Policy turns on Allowed AMIs/,
    },
    {
        title: "an aws-native EC2 declarative policy blocking both ways",
        resource: alone("aws-native:organizations:Policy", {
            type: "DECLARATIVE_POLICY_EC2",
            content: {
                ec2_attributes: { vpc_block_public_access: { internet_gateway_block: { mode: { "@@assign": "block_bidirectional" } } } },
            },
        }),
        violation: /VPC Block Public Access/,
    },
    {
        title: "an EC2 declarative policy that only blocks public image sharing",
        resource: alone(ORG_POLICY, declarative({ image_block_public_access: { state: { "@@assign": "block_new_sharing" } } })),
    },
    {
        title: "an EC2 declarative policy with Allowed AMIs in audit mode",
        resource: alone(ORG_POLICY, declarative({ allowed_images_settings: { state: { "@@assign": "audit_mode" } } })),
    },
    {
        title: "a service control policy whose text looks like a declarative one",
        resource: alone(ORG_POLICY, { ...declarative(BPA_INGRESS), type: "SERVICE_CONTROL_POLICY" }),
    },
];

describePolicyCases(POLICY, CASES);

describe(`${POLICY}: its table`, () => {
    it("every type of the table has a violating case", () => {
        const violating = new Set(CASES.filter((c) => c.violation).map((c) => (c.resource as { type: string }).type));
        assert.deepStrictEqual(
            Object.keys(SETTING_RESOURCES).filter((type) => !violating.has(type)),
            [],
        );
    });
});

describe(`${POLICY}: the exclusion of Redis's VPC, and acknowledgements`, () => {
    const analyzer = startInProcessAnalyzer();
    before(() => analyzer.configure(REDIS_IDS_CONFIG));
    const ownFindings = async (resources: ReturnType<typeof r>[]) => {
        const found = [];
        for (const resource of resources) found.push(...(await analyzer.analyze(resource)).filter((d) => d.policyName === POLICY));
        return found;
    };
    const inStack = (stack: string, type: string, properties: Record<string, unknown>, name: string) =>
        r(type, properties, { name, urn: `urn:pulumi:${stack}::acct::${type}::${name}` });
    const exclusion = (stack: string, properties: Record<string, unknown>) =>
        inStack(
            stack,
            EXCLUSION,
            { internetGatewayExclusionMode: "allow-bidirectional", vpcId: REDIS_IDS.vpc, ...properties },
            "redis-vpc",
        );
    const options = (stack: string, properties: Record<string, unknown> = {}) =>
        inStack(stack, OPTIONS, { internetGatewayBlockMode: "block-bidirectional", ...properties }, "bpa");

    it("passes the options once an allow-bidirectional exclusion of Redis's VPC was judged before them", async () => {
        const [excluded, blocked] = [exclusion("excluded", {}), options("excluded")];
        assert.deepStrictEqual(await ownFindings([excluded, blocked]), []);
        assert.strictEqual((await analyzer.analyze(excluded)).length, 0, "the exclusion draws nothing from any policy");
    });

    it("still refuses the options after an exclusion of another VPC, of egress only, in another region or another stack", async () => {
        for (const [stack, first] of [
            ["other-vpc", exclusion("other-vpc", { vpcId: "vpc-0customer0000000001" })],
            ["egress", exclusion("egress", { internetGatewayExclusionMode: "allow-egress" })],
            ["region", exclusion("region", { region: "us-west-2" })],
            ["stack", exclusion("elsewhere", {})],
        ] as const) {
            const found = await ownFindings([first, options(stack)]);
            assert.strictEqual(found.length, 1, `${stack}: refused`);
            assert.match(found[0].message, /Declare an aws:ec2\/vpcBlockPublicAccessExclusion/);
        }
    });

    it("refuses options judged before the exclusion: AWS would block Redis until the exclusion exists", async () => {
        const found = await ownFindings([options("late"), exclusion("late", {})]);
        assert.strictEqual(found.length, 1);
    });

    it("an acknowledgement passes its setting, and only that one", async () => {
        const acknowledging = startInProcessAnalyzer();
        await acknowledging.configure({
            ...REDIS_IDS_CONFIG,
            [POLICY]: { properties: { acknowledged: { allowedImages: "SEC-12: Redis's AMI owner is in our allow-list (ticket 4711)." } } },
        });
        const images = await acknowledging.analyze(alone(IMAGES, { state: "enabled" }));
        assert.deepStrictEqual(images, []);
        const bpa = (await acknowledging.analyze(alone(OPTIONS, { internetGatewayBlockMode: "block-ingress" }))).filter(
            (d) => d.policyName === POLICY,
        );
        assert.strictEqual(bpa.length, 1);
        await acknowledging.stop();
    });

    it("refuses a misspelt acknowledgement loudly, naming the nearest setting, and an empty reason", async () => {
        const misspelt = startInProcessAnalyzer();
        await misspelt.configure({
            [POLICY]: { properties: { acknowledged: { vpcBlockPublicAcess: "checked by SEC-12 ticket 4711", allowedImages: "" } } },
        });
        const found = (await misspelt.analyze(alone(IMAGES, { state: "enabled" }))).map((d) => d.message);
        assert.ok(
            found.some((m) => /acknowledged: "vpcBlockPublicAcess" is not a setting \(did you mean "vpcBlockPublicAccess"\?\)/.test(m)),
            found.join("\n"),
        );
        assert.ok(found.some((m) => /acknowledged\.allowedImages must be a reason/.test(m)));
        assert.ok(
            found.some((m) => /turns on Allowed AMIs/.test(m)),
            "an empty reason acknowledges nothing",
        );
        await misspelt.stop();
    });

    it("says when the pack knows no Redis VPC to exclude", async () => {
        const unconfigured = startInProcessAnalyzer();
        await unconfigured.configure({});
        const found = (await unconfigured.analyze(alone(OPTIONS, { internetGatewayBlockMode: "block-ingress" }))).filter(
            (d) => d.policyName === POLICY,
        );
        assert.strictEqual(found.length, 1);
        assert.match(
            found[0].message,
            /knows Redis's VPCs only from redis-managed-ids-protected's resourceIds or discover, which give it none/,
        );
        await unconfigured.stop();
    });
});
