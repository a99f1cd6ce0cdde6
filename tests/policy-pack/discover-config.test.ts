/**
 * `redis-managed-ids-protected`'s config as the pack itself checks it, through
 * the SDK's own handlers in-process: the CLI drops `additionalProperties`, so a
 * misspelt setting reaches the pack, which must refuse it by name, once per
 * preview, and never load AWS's SDK unless `discover` is configured. Live
 * discovery itself runs against moto (tests/aws/discovery.test.ts).
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as path from "path";
import { AnalyzerResource, Diagnostic } from "../../plan/analyzer-client";
import { discoveryModule } from "../../policy-pack/lib/live-discovery";
import { startInProcessAnalyzer } from "../harness/in-process-analyzer";
import { REPO_ROOT } from "../helpers";
import { REDIS_IDS, r } from "./policy-cases";

const POLICY = "redis-managed-ids-protected";
const onRedisVpc = r("aws:ec2/subnet:Subnet", { vpcId: REDIS_IDS.vpc });
const elsewhere = r("aws:ec2/subnet:Subnet", { vpcId: "vpc-0mine" });

/** Diagnostics of this policy for `resources`, analysed in order after one Configure (one preview). */
async function preview(properties: Record<string, unknown>, resources: AnalyzerResource[]): Promise<Diagnostic[][]> {
    const analyzer = startInProcessAnalyzer();
    await analyzer.configure({ [POLICY]: { properties } });
    const found: Diagnostic[][] = [];
    for (const resource of resources) found.push((await analyzer.analyze(resource)).filter((d) => d.policyName === POLICY));
    return found;
}

describe("redis-managed-ids-protected: its config, as the pack checks it", () => {
    it("without discover, protects the listed IDs synchronously and never loads the discovery reader", async () => {
        const loads = discoveryModule.loads;
        const [hit, miss] = await preview({ resourceIds: [REDIS_IDS.vpc] }, [onRedisVpc, elsewhere]);
        assert.strictEqual(hit.length, 1);
        assert.match(hit[0].message, /Field "vpcId" names a Redis-managed resource/);
        assert.deepStrictEqual(miss, []);
        assert.strictEqual(discoveryModule.loads, loads, "the reader was not loaded");
    });

    it("the compiled pack loads no AWS SDK module at start-up: the reader is a dynamic import", () => {
        const policies = path.join(REPO_ROOT, "policy-pack", "bin", "policy-pack", "policies", "index.js");
        const probe = `require(${JSON.stringify(policies)}); console.log(Object.keys(require.cache).filter((f) => /@aws-sdk|policy-pack.discovery./.test(f)).length)`;
        const result = spawnSync(process.execPath, ["-e", probe], { encoding: "utf8" });
        assert.strictEqual(result.status, 0, result.stderr);
        assert.strictEqual(result.stdout.trim(), "0");
    });

    it("refuses a misspelt key of the policy by its nearest name, once per preview, and still protects the listed IDs", async () => {
        const found = await preview({ resourceIds: [REDIS_IDS.vpc], discovr: { regions: ["us-east-1"] } }, [
            elsewhere,
            onRedisVpc,
            elsewhere,
        ]);
        assert.deepStrictEqual(
            found.map((ds) => ds.length),
            [1, 1, 0],
        );
        assert.match(
            found[0][0].message,
            /redis-managed-ids-protected config: discovr: is not a setting of redis-managed-ids-protected \(did you mean "discover"\?\); its settings: resourceIds, discover/,
        );
        assert.strictEqual(found[0][0].enforcementLevel, "mandatory");
        assert.match(found[1][0].message, /Field "vpcId"/);
    });

    it("refuses a misspelt discover setting by name, once per preview, without calling AWS", async () => {
        const loads = discoveryModule.loads;
        const found = await preview({ resourceIds: [REDIS_IDS.vpc], discover: { region: ["us-east-1"] } }, [elsewhere, elsewhere]);
        const messages = found.flat().map((d) => d.message);
        assert.strictEqual(
            messages.filter((m) => /discover\.region: is not a setting of discover \(did you mean "regions"\?\)/.test(m)).length,
            1,
        );
        assert.strictEqual(messages.filter((m) => /discover\.regions: is required/.test(m)).length, 1);
        assert.strictEqual(found[1].length, 0, "nothing more on the next resource");
        assert.strictEqual(discoveryModule.loads, loads, "a bad config discovers nothing");
    });

    it("refuses a bad region, an account ID and a role that are not AWS's shapes, each by field", async () => {
        const [first] = await preview(
            { discover: { regions: ["us-east-1", "moon-1"], accounts: ["1234"], roleArn: "role/x", onFailure: "sometimes" } },
            [elsewhere],
        );
        assert.deepStrictEqual(first.map((d) => /config: (discover\.[\w[\]]+)/.exec(d.message)?.[1]).sort(), [
            "discover.accounts[0]",
            "discover.onFailure",
            "discover.regions[1]",
            "discover.roleArn",
        ]);
    });

    describe("with the reader replaced by a test double (the real one runs on moto): the pack's wiring alone", () => {
        const realLoad = discoveryModule.load;
        afterEach(() => (discoveryModule.load = realLoad));
        const discovered = "vpc-0a1b2c3d4e5f60718";
        const onDiscovered = r("aws:ec2/subnet:Subnet", { vpcId: discovered });

        it("discovers once per preview however many resources, and protects what it found beside the listed IDs", async () => {
            let calls = 0;
            discoveryModule.load = (async () => ({
                discoverRedisIds: async () => {
                    calls++;
                    await new Promise((resolve) => setTimeout(resolve, 20));
                    return {
                        accountId: "123456789012",
                        readAccountId: "123456789012",
                        skipped: false,
                        ids: [discovered],
                        regions: [],
                        calls: [],
                    };
                },
            })) as unknown as typeof realLoad;
            const found = await preview({ resourceIds: [REDIS_IDS.vpc], discover: { regions: ["us-east-1"] } }, [
                elsewhere,
                onDiscovered,
                onRedisVpc,
                elsewhere,
                onDiscovered,
            ]);
            assert.deepStrictEqual(
                found.map((ds) => ds.length),
                [0, 1, 1, 0, 1],
            );
            assert.strictEqual(calls, 1);
            // A new Configure is a new preview: it discovers again.
            await preview({ discover: { regions: ["us-east-1"] } }, [onDiscovered]);
            assert.strictEqual(calls, 2);
        });

        it("a reader that cannot be loaded gives one mandatory message naming the error's class, never its text", async () => {
            discoveryModule.load = (() => Promise.reject(new TypeError("secret-looking text AKIAIOSFODNN7EXAMPLE"))) as typeof realLoad;
            const found = await preview({ resourceIds: [REDIS_IDS.vpc], discover: { regions: ["us-east-1"] } }, [elsewhere, onRedisVpc]);
            assert.deepStrictEqual(
                found.map((ds) => ds.length),
                [1, 1],
            );
            assert.match(
                found[0][0].message,
                /could not discover Redis's resources, .*the reader could not be loaded or failed unexpectedly \(TypeError\)/,
            );
            assert.doesNotMatch(found[0][0].message, /AKIA|secret-looking/);
            assert.strictEqual(found[0][0].enforcementLevel, "mandatory");
        });
    });

    it("a config without Configure (no policy group) protects nothing and reports nothing", async () => {
        const analyzer = startInProcessAnalyzer();
        assert.deepStrictEqual(
            (await analyzer.analyze(onRedisVpc)).filter((d) => d.policyName === POLICY),
            [],
        );
    });
});
