/**
 * Every violation says what to change, in the message itself: the Pulumi CLI prints a violation's
 * message but not the policy's remediation steps (FACTS.md). Run over every violating case of
 * every resource policy, through the SDK's own handlers in-process.
 */
import * as assert from "assert";
import { ALL_CASES } from "./all-cases";
import { configuredAnalyzer } from "./policy-cases";

/** A clause that tells the reader what to do: an imperative after the finding. */
const SAYS_WHAT_TO_CHANGE = /[:.;] (remove|add|set|declare|attach|give|narrow|use|list|detach)\b/i;

describe("pack messages say what to change", () => {
    const analyzer = configuredAnalyzer();

    it("every violation of every violating case carries a fix, not only the finding", async () => {
        const without: string[] = [];
        let checked = 0;
        for (const [policy, cases] of Object.entries(ALL_CASES)) {
            for (const testCase of cases.filter((c) => c.violation)) {
                const resource = typeof testCase.resource === "function" ? await testCase.resource() : testCase.resource;
                for (const d of (await analyzer.analyze(resource)).filter((found) => found.policyName === policy)) {
                    checked += 1;
                    const own = d.message.slice(d.message.indexOf("\n") + 1);
                    if (!SAYS_WHAT_TO_CHANGE.test(own)) without.push(`${policy} (${testCase.title}): ${own}`);
                }
            }
        }
        assert.ok(checked >= 50, `${checked} violations checked`);
        assert.deepStrictEqual(without, []);
    });
});
