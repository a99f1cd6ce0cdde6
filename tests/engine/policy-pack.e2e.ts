/**
 * The guard pack as the real Pulumi CLI runs it: `pulumi preview --policy-pack
 * policy-pack --policy-pack-config FILE`. The CLI reads PulumiPolicy.yaml,
 * starts the pack through the (stand-in) Node.js language host and Pulumi's
 * own policy proxy, sends it the config file, and decides the preview.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { PulumiCli } from "../harness/pulumi-cli";
import { REDIS_GUARD_ALL_POLICIES } from "../../policy-pack/policies";

const REPOSITORY = path.join(__dirname, "..", "..");
const PACK_DIR = path.join(REPOSITORY, "policy-pack");
const EXAMPLE_CONFIG = path.join(PACK_DIR, "config.example.json");
const SECRET = "STANDIN-SECRET-CONFIG-VALUE-4242";

/** Policies whose fixture must fail a preview with the example config (all mandatory there but one). */
const exampleLevels = JSON.parse(fs.readFileSync(EXAMPLE_CONFIG, "utf8")) as Record<string, unknown>;
const levelInExample = (policy: string) => {
    const entry = exampleLevels[policy];
    const level = typeof entry === "string" ? entry : (entry as { enforcementLevel?: string } | undefined)?.enforcementLevel;
    return level ?? String(exampleLevels.all);
};

describe("the guard pack under the real Pulumi CLI (stand-in aws provider and Node.js host)", function () {
    const cli = new PulumiCli();
    const programDir = cli.projectCopy(REPOSITORY, "program-under-pack");
    const casesDir = cli.projectCopy(path.join(__dirname, "fixtures", "guard-cases"), "guard-cases");
    // The example config with every policy advisory; policies with settings (the ID list) keep them.
    const advisoryConfig = path.join(cli.home, "..", "all-advisory.json");
    const advisoryLevels = Object.fromEntries(
        REDIS_GUARD_ALL_POLICIES.map(({ name }) => {
            const entry = exampleLevels[name];
            return [name, typeof entry === "object" && entry !== null ? { ...entry, enforcementLevel: "advisory" } : "advisory"];
        }),
    );
    fs.writeFileSync(advisoryConfig, JSON.stringify({ all: "advisory", ...advisoryLevels }));

    const preview = (dir: string, stack: string, config = EXAMPLE_CONFIG) =>
        cli.run(["preview", "--policy-pack", PACK_DIR, "--policy-pack-config", config], dir, stack);

    const initialised = new Set<string>();
    async function caseStack(name: string): Promise<string> {
        const stack = `case-${name}`;
        if (initialised.has(stack)) return stack;
        initialised.add(stack);
        await cli.initStack(stack, casesDir);
        await cli.ok(["config", "set", "case", name], casesDir, stack);
        await cli.ok(["config", "set", "secretValue", SECRET, "--secret"], casesDir, stack);
        return stack;
    }

    it("index.ts with default config passes every policy", async () => {
        await cli.initStack("clean", programDir);
        const result = await preview(programDir, "clean");
        assert.strictEqual(result.code, 0, result.output);
        assert.match(result.output, /redis-cloud-byoc-guard@v\d+\.\d+\.\d+/);
        assert.doesNotMatch(result.output, /mandatory|advisory/i);
    });

    it("an ordinary resource passes", async () => {
        const result = await preview(casesDir, await caseStack("none"));
        assert.strictEqual(result.code, 0, result.output);
        assert.match(result.output, /redis-cloud-byoc-guard@v/);
        assert.doesNotMatch(result.output, /mandatory|advisory/i);
    });

    // redis-guard-exceptions blocks nothing and lists exceptions: its cases are "reviewed exceptions" below.
    for (const policy of REDIS_GUARD_ALL_POLICIES.map((p) => p.name).filter((name) => name !== "redis-guard-exceptions")) {
        const mandatory = levelInExample(policy) === "mandatory";
        it(`${policy}: its fixture ${mandatory ? "fails the preview" : "warns (advisory in the example config)"}, naming the policy and no secret`, async () => {
            const result = await preview(casesDir, await caseStack(policy));
            assert.match(result.output, new RegExp(`\\b${policy}\\b`));
            assert.ok(!result.output.includes(SECRET), "the preview printed the secret config value");
            if (mandatory) {
                assert.notStrictEqual(result.code, 0, "a mandatory violation must fail the preview");
                assert.match(result.output, /mandatory/);
            } else {
                assert.strictEqual(result.code, 0, result.output);
                assert.match(result.output, /advisory/);
            }
        });
    }

    it("redis-component-shape: a second key and its gate added under the real component fail the preview, as an addition", async () => {
        const result = await preview(casesDir, await caseStack("key-added-under-component"));
        assert.notStrictEqual(result.code, 0, result.output);
        assert.match(result.output, /redis-component-shape/);
        assert.match(result.output, /an access key its declared credentials \(generations 1, consoleLogin false\) do not account for/);
        assert.doesNotMatch(result.output, /declares no credentialShape/, "the real component's declaration is visible at preview");
    });

    it("redis-lockout: the SCP of its fixture names the principal and action it stops, and says how to exempt Redis", async () => {
        const result = await preview(casesDir, await caseStack("redis-lockout"));
        assert.notStrictEqual(result.code, 0, result.output);
        assert.match(result.output, /stops redislabs-user from ec2:DescribeAvailabilityZones/);
        assert.match(result.output, /Exempt Redis's principals: add/);
        assert.ok(!result.output.includes(SECRET));
    });

    it("redis-lockout: the same SCP exempting Redis's principals passes every policy", async () => {
        const result = await preview(casesDir, await caseStack("lockout-exempting-redis"));
        assert.strictEqual(result.code, 0, result.output);
        assert.doesNotMatch(result.output, /mandatory|advisory/i);
    });

    it("redis-boundary-lockout: the component under an S3-only boundary declared in the stack fails the preview, naming what it stops", async () => {
        const result = await preview(casesDir, await caseStack("redis-boundary-lockout"));
        assert.notStrictEqual(result.code, 0, result.output);
        assert.match(result.output, /stops redislabs-cluster-node-role from ec2:DescribeAvailabilityZones/);
        assert.ok(!result.output.includes(SECRET));
    });

    describe("reviewed exceptions, as a policy group holds them", () => {
        const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
        const reason = "Reviewed by security (SEC-7): a migration rule, removed after cut-over.";
        const RULE_URN =
            "urn:pulumi:case-redis-managed-ids-protected::guard-cases::aws:ec2/securityGroupRule:SecurityGroupRule::into-redis-group";
        const GRANT_URN = "urn:pulumi:case-grant-on-redis-role::guard-cases::aws:iam/rolePolicy:RolePolicy::widen-redis-role";
        /** The example config with these exceptions on redis-managed-ids-protected. */
        function configWith(name: string, exceptions: unknown[]): string {
            const file = path.join(cli.home, "..", `${name}.json`);
            const ids = exampleLevels["redis-managed-ids-protected"] as Record<string, unknown>;
            fs.writeFileSync(file, JSON.stringify({ ...exampleLevels, "redis-managed-ids-protected": { ...ids, exceptions } }));
            return file;
        }

        it("an exception with a reason passes its resource, and the preview lists the waiver", async () => {
            const stack = await caseStack("redis-managed-ids-protected");
            const result = await preview(casesDir, stack, configWith("exception", [{ urn: RULE_URN, reason, expires: day(30) }]));
            assert.strictEqual(result.code, 0, result.output);
            assert.match(result.output, /redis-guard-exceptions/);
            assert.match(result.output, /waived 1 redis-managed-ids-protected violation\(s\)/);
            assert.ok(result.output.includes(reason), "the reviewer sees the reason");
            assert.ok(!result.output.includes(SECRET));
        });

        it("an expired exception is reported, and its resource fails the preview again", async () => {
            const stack = await caseStack("redis-managed-ids-protected");
            const result = await preview(casesDir, stack, configWith("expired", [{ urn: RULE_URN, reason, expires: day(-1) }]));
            assert.notStrictEqual(result.code, 0, result.output);
            assert.match(result.output, /expired on \d{4}-\d{2}-\d{2}/);
            assert.match(result.output, /names a Redis-managed resource/);
        });

        it("an exception that tries to cover a Redis IAM resource is refused, and the preview fails", async () => {
            const stack = await caseStack("grant-on-redis-role");
            const result = await preview(casesDir, stack, configWith("refused", [{ urn: GRANT_URN, reason, expires: day(30) }]));
            assert.notStrictEqual(result.code, 0, result.output);
            assert.match(result.output, /names one of Redis's own resources/);
            assert.match(result.output, /redis-managed-ids-protected/);
        });

        it("the CLI itself refuses an exception without a reason, from the policy's schema", async () => {
            const stack = await caseStack("redis-managed-ids-protected");
            const result = await preview(casesDir, stack, configWith("no-reason", [{ urn: RULE_URN, expires: day(30) }]));
            assert.notStrictEqual(result.code, 0, result.output);
            assert.match(result.output, /reason is required/, result.output);
        });
    });

    it("VPC Block Public Access after an exclusion of Redis's VPC passes: the engine analyses the exclusion first", async () => {
        const result = await preview(casesDir, await caseStack("bpa-excluding-redis"));
        assert.strictEqual(result.code, 0, result.output);
        assert.doesNotMatch(result.output, /mandatory|advisory/i);
    });

    it("with every policy set to advisory, a violating preview succeeds with warnings", async () => {
        const result = await preview(casesDir, "case-redis-managed-tag-reserved", advisoryConfig);
        assert.strictEqual(result.code, 0, result.output);
        assert.match(result.output, /advisory/);
        assert.match(result.output, /redis-managed-tag-reserved/);
        assert.ok(!result.output.includes(SECRET));
    });
});
