/**
 * Reviewed exceptions (each policy's `exceptions` setting, policy-pack/lib/exceptions.ts) and
 * `redis-guard-exceptions`, which lists what they did once per preview: through the SDK's own
 * handlers in-process, as a preview would run them (every Analyze, then AnalyzeStack).
 */
import * as assert from "assert";
import { AnalyzerResource, Diagnostic, PolicyConfig } from "../../../plan/analyzer-client";
import { startInProcessAnalyzer } from "../../harness/in-process-analyzer";
import { REDIS_IDS, allow } from "../policy-cases";

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const urn = (type: string, name: string) => `urn:pulumi:prod::acct::${type}::${name}`;
const RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
/** A rule added to Redis's security group: redis-managed-ids-protected refuses it. */
const ruleOnRedisGroup = (name: string): AnalyzerResource => ({
    type: RULE,
    name,
    urn: urn(RULE, name),
    properties: { securityGroupId: REDIS_IDS.securityGroup, type: "ingress", fromPort: 443, toPort: 443, protocol: "tcp" },
});
const REASON = "Approved by security (SEC-1234): the load test reads this port for two weeks.";

/** A diagnostic's own text: the SDK puts the policy's description on the line before it. */
const text = (d: Diagnostic) => d.message.slice(d.message.indexOf("\n") + 1);

/** A preview: every resource through Analyze, then the stack through AnalyzeStack. */
async function preview(config: Record<string, PolicyConfig>, resources: AnalyzerResource[]) {
    const analyzer = startInProcessAnalyzer();
    await analyzer.configure(config);
    try {
        // A pack process serves one preview: drain what earlier suites in this process left.
        await analyzer.analyzeStack([]);
        const byResource = new Map<string, Diagnostic[]>();
        for (const resource of resources) byResource.set(resource.name, await analyzer.analyze(resource));
        const stack = await analyzer.analyzeStack(resources);
        const of = (name: string, policy: string) =>
            (byResource.get(name) ?? []).filter((d) => d.policyName === policy).map((d) => ({ ...d, message: text(d) }));
        return { of, stack: stack.map((d) => ({ ...d, message: text(d) })) };
    } finally {
        await analyzer.stop();
    }
}
const listing = (stack: Diagnostic[]) => stack.filter((d) => d.policyName === "redis-guard-exceptions");
const IDS = "redis-managed-ids-protected";
const idsConfig = (exceptions: unknown[]) => ({
    [IDS]: { properties: { resourceIds: Object.values(REDIS_IDS), exceptions } },
});

describe("redis-guard-exceptions: reviewed exceptions through the SDK's own handlers in-process", () => {
    it("an exception with a reason waives one resource's violations and nothing else, and is listed once, advisory", async () => {
        const run = await preview(idsConfig([{ urn: urn(RULE, "load-test"), reason: REASON, expires: day(30) }]), [
            ruleOnRedisGroup("load-test"),
            ruleOnRedisGroup("other"),
        ]);
        assert.deepStrictEqual(run.of("load-test", IDS), [], "the excepted resource passes");
        assert.strictEqual(run.of("other", IDS).length, 1, "the resource beside it still fails");
        assert.strictEqual(run.of("other", IDS)[0].enforcementLevel, "mandatory");
        const listed = listing(run.stack);
        assert.strictEqual(listed.length, 1);
        assert.strictEqual(listed[0].enforcementLevel, "advisory");
        assert.strictEqual(listed[0].urn, urn(RULE, "load-test"));
        assert.ok(listed[0].message.includes(`${IDS} exceptions[0] waived 1 ${IDS} violation(s) on this resource, until ${day(30)}`));
        assert.ok(listed[0].message.includes(REASON), "the reviewer sees the reason");
    });

    it("names a resource by stack, type and name as well as by URN", async () => {
        const run = await preview(idsConfig([{ stack: "prod", type: RULE, name: "load-test", reason: REASON, expires: day(1) }]), [
            ruleOnRedisGroup("load-test"),
        ]);
        assert.deepStrictEqual(run.of("load-test", IDS), []);
        assert.match(listing(run.stack)[0].message, /waived 1/);
    });

    it("an expired exception waives nothing, and is reported", async () => {
        const run = await preview(idsConfig([{ urn: urn(RULE, "load-test"), reason: REASON, expires: day(-1) }]), [
            ruleOnRedisGroup("load-test"),
        ]);
        assert.strictEqual(run.of("load-test", IDS).length, 1, "the violation is back");
        const [listed] = listing(run.stack);
        assert.match(listed.message, new RegExp(`expired on ${day(-1)}: ${IDS}'s violations on this resource are reported again`));
    });

    it("refuses to cover one of Redis's IAM resources: its violation stands, and the refusal is reported", async () => {
        const grant = {
            type: "aws:iam/rolePolicy:RolePolicy",
            name: "widen-redis",
            urn: urn("aws:iam/rolePolicy:RolePolicy", "widen-redis"),
            properties: { role: "redislabs-role", policy: allow(undefined, "ec2:*", `arn:aws:ec2:*:*:vpc/${REDIS_IDS.vpc}`) },
        };
        const run = await preview(idsConfig([{ urn: grant.urn, reason: REASON, expires: day(30) }]), [grant]);
        assert.ok(run.of("widen-redis", IDS).length >= 1, "the violation stands");
        assert.match(listing(run.stack)[0].message, /names one of Redis's own resources .*no exception covers those/);
    });

    it("reports an exception that matches no resource of this stack, or waives nothing; not one for another stack", async () => {
        const harmless = {
            type: RULE,
            name: "own-group",
            urn: urn(RULE, "own-group"),
            properties: { securityGroupId: "sg-0customer00000001" },
        };
        const run = await preview(
            idsConfig([
                { urn: urn(RULE, "gone"), reason: REASON, expires: day(30) },
                { urn: harmless.urn, reason: REASON, expires: day(30) },
                { urn: `urn:pulumi:staging::acct::${RULE}::gone`, reason: REASON, expires: day(30) },
            ]),
            [harmless],
        );
        const messages = listing(run.stack).map((d) => d.message);
        assert.strictEqual(messages.length, 2, messages.join("\n"));
        assert.ok(
            messages.some((m) => m.startsWith(`Exception ${IDS} exceptions[0] (${urn(RULE, "gone")}) matches no resource of this stack`)),
        );
        assert.ok(messages.some((m) => m.startsWith(`Exception ${IDS} exceptions[1] names this resource, which has no ${IDS} violation`)));
    });

    it("refuses a malformed exception by name, once per preview, with the policy's own level, and applies none of it", async () => {
        const run = await preview(
            idsConfig([
                { urn: urn(RULE, "load-test"), reasn: REASON, expires: day(30) },
                { urn: urn(RULE, "other"), reason: "ok", expires: day(400) },
            ]),
            [ruleOnRedisGroup("load-test"), ruleOnRedisGroup("other")],
        );
        const first = run.of("load-test", IDS).map((d) => d.message);
        assert.ok(first.some((m) => m.includes(`${IDS} exceptions[0]: "reasn" is not a setting of an exception (did you mean "reason"?)`)));
        assert.ok(first.some((m) => m.includes(`${IDS} exceptions[1]: "reason" must say, in at least 20 characters`)));
        assert.ok(first.some((m) => m.includes(`${IDS} exceptions[1]: "expires" ${day(400)} is more than 366 days away`)));
        assert.ok(
            first.some((m) => m.startsWith('Field "securityGroupId" names a Redis-managed resource')),
            "not waived",
        );
        const second = run.of("other", IDS).map((d) => d.message);
        assert.ok(!second.some((m) => m.includes("exceptions[")), "the problems are reported once");
        assert.ok(
            second.some((m) => m.startsWith('Field "securityGroupId" names a Redis-managed resource')),
            "not waived",
        );
        assert.deepStrictEqual(listing(run.stack), []);
    });

    it("a policy that judges only Redis's own resources takes no exceptions, and says so once", async () => {
        const role = { type: "aws:iam/role:Role", name: "redis-role", properties: { name: "redislabs-role" } };
        const run = await preview(
            {
                ...idsConfig([]),
                "redis-iam-protected": {
                    properties: { exceptions: [{ urn: urn("aws:iam/role:Role", "redis-role"), reason: REASON, expires: day(9) }] },
                },
            },
            [role, { ...role, name: "second" }],
        );
        const first = run.of("redis-role", "redis-iam-protected").map((d) => d.message);
        assert.ok(first.some((m) => m.startsWith("redis-iam-protected takes no exceptions: it judges only Redis's own IAM resources")));
        assert.ok(
            first.some((m) => m.includes("not protected")),
            "its violation stands",
        );
        assert.ok(!run.of("second", "redis-iam-protected").some((d) => d.message.includes("takes no exceptions")), "said once");
    });
});
