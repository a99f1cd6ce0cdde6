/**
 * No silent misconfiguration (policy-pack/lib/settings.ts, tagKey): a setting a policy does not
 * know, a misspelt enforcementLevel and a tag key no Redis document uses are refused by name, once
 * per preview, with the policy's own level; through the SDK's own handlers in-process.
 */
import * as assert from "assert";
import { AnalyzerResource, Diagnostic, PolicyConfig } from "../../plan/analyzer-client";
import { startInProcessAnalyzer } from "../harness/in-process-analyzer";

const text = (d: Diagnostic) => d.message.slice(d.message.indexOf("\n") + 1);
const ordinary: AnalyzerResource = { type: "aws:s3/bucket:Bucket", name: "logs", properties: { bucket: "logs" } };
const taggedAsRedis: AnalyzerResource = {
    type: "aws:ec2/instance:Instance",
    name: "i",
    properties: { tags: { RedisLabsIdentifier: "x" } },
};

/** One preview: each resource through Analyze, then AnalyzeStack; the diagnostics of `policy`, as text. */
async function preview(config: Record<string, PolicyConfig>, resources: AnalyzerResource[], policy: string) {
    const analyzer = startInProcessAnalyzer();
    await analyzer.configure(config);
    try {
        await analyzer.analyzeStack([]); // a fresh preview: drain what earlier suites in this process left
        const perResource: string[][] = [];
        for (const resource of resources)
            perResource.push((await analyzer.analyze(resource)).filter((d) => d.policyName === policy).map(text));
        const stack = (await analyzer.analyzeStack(resources)).filter((d) => d.policyName === policy);
        return { perResource, stack: stack.map(text), levels: stack.map((d) => d.enforcementLevel) };
    } finally {
        await analyzer.stop();
    }
}

describe("pack settings: no silent misconfiguration", () => {
    it("refuses a misspelt setting by name with the nearest one, once per preview, and again in the next", async () => {
        const config = { "redis-iam-canonical": { properties: { acceptedRevision: ["2025-05"] } } };
        const first = await preview(config, [ordinary, { ...ordinary, name: "second" }], "redis-iam-canonical");
        assert.deepStrictEqual(first.perResource[0], [
            'redis-iam-canonical config: "acceptedRevision" is not a setting of this policy (did you mean "acceptedRevisions"?); its settings: enforcementLevel, acceptedRevisions. Fix the policy group\'s config: the setting configures nothing.',
        ]);
        assert.deepStrictEqual(first.perResource[1], [], "once per preview");
        const next = await preview(config, [ordinary], "redis-iam-canonical");
        assert.strictEqual(next.perResource[0].length, 1, "the next preview says it again");
    });

    it("names a misspelt enforcementLevel, for a policy that takes no settings, at the policy's level", async () => {
        const run = await preview(
            { "redis-iam-protected": { properties: { enforcementLevl: "advisory" } } },
            [ordinary],
            "redis-iam-protected",
        );
        assert.match(
            run.perResource[0][0],
            /"enforcementLevl" is not a setting of this policy \(did you mean "enforcementLevel"\?\); its settings: enforcementLevel\./,
        );
    });

    it("a stack policy refuses its unknown settings at AnalyzeStack", async () => {
        const run = await preview({ "redis-component-shape": { properties: { strict: true } } }, [ordinary], "redis-component-shape");
        assert.deepStrictEqual(run.stack.length, 1);
        assert.match(
            run.stack[0],
            /redis-component-shape config: "strict" is not a setting of this policy; its settings: enforcementLevel\./,
        );
        assert.deepStrictEqual(run.levels, ["mandatory"]);
    });

    it("accepts the settings a policy has, and reports nothing for them", async () => {
        const run = await preview(
            { "redis-iam-canonical": { properties: { acceptedRevisions: ["2025-05"] } } },
            [ordinary],
            "redis-iam-canonical",
        );
        assert.deepStrictEqual(run.perResource, [[]]);
    });

    it("tagKey takes only a key a Redis document uses: another is refused, and Redis's key stays protected", async () => {
        const run = await preview(
            { "redis-managed-tag-reserved": { properties: { tagKey: "RedisLabsIdentifer" } } },
            [taggedAsRedis, { ...ordinary, name: "second" }],
            "redis-managed-tag-reserved",
        );
        const [first, second] = run.perResource;
        assert.ok(first.some((m) => m.startsWith('redis-managed-tag-reserved config: tagKey must be one of "RedisLabsIdentifier"')));
        assert.ok(
            first.some((m) => m.startsWith("The Redis-reserved tag key")),
            "the real key is still protected",
        );
        assert.deepStrictEqual(second, [], "said once");
    });
});

describe("redis-managed-ids-protected with nothing to protect", () => {
    it("says so once per preview, advisory even under a mandatory level, and not once IDs are listed", async () => {
        const bare = await preview(
            { "redis-managed-ids-protected": { enforcementLevel: "mandatory" } },
            [ordinary],
            "redis-managed-ids-protected",
        );
        assert.deepStrictEqual(bare.stack.length, 1);
        assert.match(
            bare.stack[0],
            /^redis-managed-ids-protected protects no Redis IDs: its config lists no resourceIds and no discover\. List Redis's IDs/,
        );
        assert.deepStrictEqual(bare.levels, ["advisory"]);
        const listed = await preview(
            { "redis-managed-ids-protected": { properties: { resourceIds: ["vpc-0a1b2c3d4e5f60718"] } } },
            [ordinary],
            "redis-managed-ids-protected",
        );
        assert.deepStrictEqual(listed.stack, []);
    });
});
