/**
 * Live discovery under the real Pulumi CLI: `pulumi preview --policy-pack
 * policy-pack --policy-pack-config FILE` with a `discover` setting, the pack
 * reading a Redis footprint from moto (which stands in for AWS: nothing here
 * runs against AWS) through the environment the CLI hands it. Needs
 * `moto_server` on PATH (`pip install -r requirements-aws-tests.txt`).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PulumiCli } from "../harness/pulumi-cli";
import { MotoServer, freeLoopbackPort } from "../aws/moto-server";
import { buildFootprint, Footprint } from "../aws/redis-footprint";

const REPOSITORY = path.join(__dirname, "..", "..");
const PACK_DIR = path.join(REPOSITORY, "policy-pack");
const SECRET = "STANDIN-SECRET-CONFIG-VALUE-4242";

describe("live discovery under the real Pulumi CLI (moto for AWS, stand-in aws provider)", function () {
    let moto: MotoServer;
    let footprint: Footprint;
    let scratch: string;
    let configFile: string;
    const saved = { ...process.env };

    before(async function () {
        this.timeout(120_000);
        moto = await MotoServer.start();
        Object.assign(process.env, moto.environment());
        footprint = await buildFootprint();
        scratch = fs.mkdtempSync(path.join(os.tmpdir(), "discovery-e2e-"));
        configFile = path.join(scratch, "pack-config.json");
        fs.writeFileSync(
            configFile,
            JSON.stringify({ "redis-managed-ids-protected": { resourceIds: [], discover: { regions: ["us-east-1"], cacheSeconds: 0 } } }),
        );
    });
    after(async () => {
        await moto?.stop();
        process.env = saved;
        if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
    });

    /** A preview of a stack that tags `resourceId`, with the CLI's environment pointing the pack at `endpoint`. */
    async function previewTagging(resourceId: string, endpoint: string) {
        const cli = new PulumiCli({ ...moto.environment(), AWS_ENDPOINT_URL: endpoint, TMPDIR: scratch });
        const casesDir = cli.projectCopy(path.join(__dirname, "fixtures", "guard-cases"), "guard-cases");
        await cli.initStack("discovery", casesDir);
        await cli.ok(["config", "set", "case", "names-id"], casesDir, "discovery");
        await cli.ok(["config", "set", "resourceId", resourceId], casesDir, "discovery");
        await cli.ok(["config", "set", "secretValue", SECRET, "--secret"], casesDir, "discovery");
        return cli.run(["preview", "--policy-pack", PACK_DIR, "--policy-pack-config", configFile], casesDir, "discovery");
    }

    it("a stack tagging a discovered Redis node fails the preview, with an empty resourceIds", async () => {
        const result = await previewTagging(footprint.tagged.instance, moto.endpoint);
        assert.notStrictEqual(result.code, 0, result.output);
        assert.match(result.output, /redis-managed-ids-protected/);
        assert.match(result.output, /Field "resourceId" names a Redis-managed resource/);
        assert.match(result.output, /mandatory/);
        assert.ok(!result.output.includes(SECRET));
    });

    it("a stack tagging the customer's own volume passes", async () => {
        const result = await previewTagging(footprint.customer.volume, moto.endpoint);
        assert.strictEqual(result.code, 0, result.output);
        assert.doesNotMatch(result.output, /mandatory|advisory/i);
    });

    it("an unreachable endpoint fails the preview with one message naming the cause", async () => {
        const port = await freeLoopbackPort();
        const result = await previewTagging(footprint.customer.volume, `http://127.0.0.1:${port}`);
        assert.notStrictEqual(result.code, 0, result.output);
        assert.match(result.output, new RegExp(`the AWS endpoint http://127\\.0\\.0\\.1:${port} is unreachable on sts:GetCallerIdentity`));
        const printed = result.output.match(/could not discover Redis.s resources/g) ?? [];
        assert.strictEqual(printed.length, 1, result.output);
        assert.match(result.output, /\[mandatory\] \[severity: critical\]\s+redis-managed-ids-protected\s+\(pulumi:pulumi:Stack: /);
        assert.ok(!result.output.includes("testing"), "no credential echoed");
    });
});
