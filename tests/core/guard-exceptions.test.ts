/**
 * core/guard-exceptions.ts: the checks of an `exceptions` entry, and which resource it names.
 */
import * as assert from "assert";
import { checkExceptions, exceptionConcernsStack, exceptionMatches, isExpired, parseUrn } from "../../core/guard-exceptions";

const NOW = new Date("2026-12-03T10:00:00Z");
const REASON = "Reviewed by security: a false alarm on our own rule.";
const URN = "urn:pulumi:prod::acct::my:index:Platform$aws:ec2/securityGroupRule:SecurityGroupRule::rule";

describe("guard exceptions: checks", () => {
    it("parses a URN with a parent chain into stack, project, own type and name", () => {
        assert.deepStrictEqual(parseUrn(URN), {
            stack: "prod",
            project: "acct",
            type: "aws:ec2/securityGroupRule:SecurityGroupRule",
            typeChain: ["my:index:Platform", "aws:ec2/securityGroupRule:SecurityGroupRule"],
            name: "rule",
        });
        assert.strictEqual(parseUrn("arn:aws:iam::1:role/x"), undefined);
    });

    it("accepts both forms and names what each targets", () => {
        const { exceptions, problems } = checkExceptions(
            "p",
            [
                { urn: URN, reason: REASON, expires: "2027-01-31" },
                {
                    stack: "prod",
                    project: "acct",
                    type: "aws:ec2/securityGroupRule:SecurityGroupRule",
                    name: "rule",
                    reason: REASON,
                    expires: "2026-12-03",
                },
            ],
            NOW,
        );
        assert.deepStrictEqual(problems, []);
        assert.deepStrictEqual(
            exceptions.map((e) => e.target),
            [URN, 'acct/prod: aws:ec2/securityGroupRule:SecurityGroupRule "rule"'],
        );
        for (const exception of exceptions) assert.ok(exceptionMatches(exception, URN), exception.target);
        assert.ok(!exceptionMatches(exceptions[1], URN.replace("::acct::", "::other::")), "another project");
        assert.ok(!exceptionMatches(exceptions[0], URN.replace("::rule", "::rule2")), "another name");
    });

    it("expires after its last day, not on it", () => {
        const { exceptions } = checkExceptions("p", [{ urn: URN, reason: REASON, expires: "2026-12-03" }], NOW);
        assert.ok(!isExpired(exceptions[0], NOW));
        assert.ok(isExpired(exceptions[0], new Date("2026-12-04T00:00:01Z")));
    });

    it("refuses each defect by entry and setting, and keeps none of a defective entry", () => {
        const { exceptions, problems } = checkExceptions(
            "p",
            [
                { urn: URN, reason: REASON, expires: "2027-02-30" },
                { urn: "not-a-urn", reason: REASON, expires: "2027-01-01" },
                { urn: URN, stack: "prod", reason: REASON, expires: "2027-01-01" },
                { stack: "prod", reason: REASON, expires: "2027-01-01" },
                { urn: URN, reason: "because", expires: "2027-01-01" },
                { urn: URN, reason: REASON, expires: "2028-01-01" },
                { urn: URN, reason: REASON, expiry: "2027-01-01" },
                "text",
            ],
            NOW,
        );
        assert.deepStrictEqual(exceptions, []);
        assert.deepStrictEqual(problems, [
            'p exceptions[0]: "expires" must be a date, YYYY-MM-DD (the last day it applies), got "2027-02-30"',
            'p exceptions[1]: "urn" must be a Pulumi URN (urn:pulumi:<stack>::<project>::<type>::<name>), got "not-a-urn"',
            'p exceptions[2]: name the resource by "urn" alone, or by "stack", "type" and "name"',
            'p exceptions[3]: must name its resource: "urn", or "stack", "type" and "name"',
            'p exceptions[4]: "reason" must say, in at least 20 characters, why the violation is harmless',
            'p exceptions[5]: "expires" 2028-01-01 is more than 366 days away: exceptions are reviewed at least yearly',
            'p exceptions[6]: "expiry" is not a setting of an exception (did you mean "expires"?); its settings: urn, stack, project, type, name, reason, expires',
            'p exceptions[6]: "expires" must be a date, YYYY-MM-DD (the last day it applies), got undefined',
            "p exceptions[7]: must be an object of urn, stack, project, type, name, reason, expires",
        ]);
        assert.deepStrictEqual(checkExceptions("p", { urn: URN }, NOW).problems, ["p exceptions: must be a list of exceptions"]);
    });

    it("concerns the stack it names, so that matching nothing elsewhere is no news", () => {
        const { exceptions } = checkExceptions("p", [{ urn: URN, reason: REASON, expires: "2027-01-01" }], NOW);
        assert.ok(exceptionConcernsStack(exceptions[0], "prod", "acct"));
        assert.ok(!exceptionConcernsStack(exceptions[0], "staging", "acct"));
        assert.ok(!exceptionConcernsStack(exceptions[0], "prod", "other"));
    });
});
