/**
 * Zero false alarms: the corpus of ordinary stacks (tests/policy-pack/corpus.ts)
 * through the SDK's own handlers in-process (the protocol suite shows gRPC
 * answers the same), with a Redis ID list configured, at
 * preview (unknowns) and at `pulumi up` (all known): no diagnostic at all, not
 * even an advisory, from Analyze or AnalyzeStack.
 */
import * as assert from "assert";
import { configuredAnalyzer } from "./policy-cases";
import { FALSE_ALARM_CORPUS, atUp } from "./corpus";

describe("the false-alarm corpus, with Redis IDs configured", () => {
    const analyzer = configuredAnalyzer();

    for (const [stack, resources] of Object.entries(FALSE_ALARM_CORPUS)) {
        for (const [phase, planned] of [
            ["preview", resources],
            ["pulumi up", atUp(resources)],
        ] as const) {
            it(`${stack}, at ${phase}: zero diagnostics`, async () => {
                assert.ok(planned.length >= 8, `a realistic stack (${planned.length} resources)`);
                const diagnostics = (await Promise.all(planned.map((resource) => analyzer.analyze(resource)))).flat();
                assert.deepStrictEqual(
                    diagnostics.map((d) => `${d.policyName}: ${d.message}`),
                    [],
                );
                assert.deepStrictEqual(await analyzer.analyzeStack(planned), []);
            });
        }
    }

    it("the check can fail: one Redis target slipped into the corpus is reported", async () => {
        const [first] = FALSE_ALARM_CORPUS["a stack that refers to Redis's resources the reviewed ways"];
        const flipped = { ...first, properties: { ...first.properties, securityGroupId: first.properties.sourceSecurityGroupId } };
        const diagnostics = await analyzer.analyze(flipped);
        assert.deepStrictEqual(
            diagnostics.map((d) => d.policyName),
            ["redis-managed-ids-protected"],
        );
    });
});
