/**
 * Other programs that use RedisCloudIam, through the real Pulumi CLI:
 * - examples/consumer-ts, with the npm tarball installed (TypeScript);
 * - examples/consumer-yaml, through the component package (PulumiPlugin.yaml),
 *   run by Pulumi's real YAML language host.
 * Python is not run: Pulumi's Python language host is not served by the Go
 * module proxy. The aws provider and the Node.js host are stand-ins.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PulumiCli, childTypeCounts, exportState } from "../harness/pulumi-cli";
import { REDIS_CLOUD_IAM_TYPE } from "../../components";
import { installConsumerExample, packLibrary } from "../package/consumer-example";
import { REPO_ROOT } from "../helpers";
import { CHILDREN_WITH_LOGIN } from "./expected";
import { STANDIN_SECRET_PREFIX } from "../harness/standin-aws-provider/secrets";

type Schema = {
    resources: Record<string, { inputProperties?: object; properties?: object; required?: string[]; requiredInputs?: string[] }>;
    types: Record<string, { enum?: { name: string; value: unknown }[]; properties?: object }>;
};

/** What any consumer's SDK is generated from: resources, their inputs and outputs, enums and object types. */
function schemaShape(schema: Schema) {
    const sorted = (values: string[] = []) => [...values].sort();
    return {
        resources: Object.fromEntries(
            Object.entries(schema.resources).map(([token, r]) => [
                token,
                {
                    inputs: sorted(Object.keys(r.inputProperties ?? {})),
                    requiredInputs: sorted(r.requiredInputs),
                    outputs: sorted(Object.keys(r.properties ?? {})),
                    requiredOutputs: sorted(r.required),
                },
            ]),
        ),
        types: Object.fromEntries(
            Object.entries(schema.types).map(([token, t]) => [
                token,
                t.enum ? t.enum.map((member) => `${member.name}=${member.value}`).sort() : sorted(Object.keys(t.properties ?? {})),
            ]),
        ),
    };
}

describe("consumers through the real Pulumi CLI (stand-in aws provider and Node.js host)", function () {
    const cli = new PulumiCli();
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "redis-byoc-consumers-"));
    after(() => fs.rmSync(workDir, { recursive: true, force: true }));

    it("examples/consumer-ts with the npm tarball: pulumi up creates the component and its 17 children; secrets stay secret", async () => {
        const consumerDir = installConsumerExample(workDir, packLibrary(workDir).tarball);
        await cli.initStack("consumer-ts", consumerDir);
        await cli.ok(["up", "--yes", "--skip-preview"], consumerDir, "consumer-ts");
        const state = await exportState(cli, consumerDir, "consumer-ts");
        assert.deepStrictEqual(childTypeCounts(state, REDIS_CLOUD_IAM_TYPE), CHILDREN_WITH_LOGIN);
        const outputs = JSON.parse((await cli.ok(["stack", "output", "--json"], consumerDir, "consumer-ts")).stdout);
        assert.strictEqual(outputs.redisCloudConsole, "[secret]");
        assert.strictEqual(outputs.consolePassword, "[secret]");
        assert.strictEqual(outputs.consoleRolePolicyName, "RedislabsIAMUserRestrictedPolicy");
        assert.ok(!cli.backendText().includes(STANDIN_SECRET_PREFIX), "a plaintext secret is in the state backend");
    });

    it("the CLI loads PulumiPlugin.yaml and infers exactly the schema in schema.json", async () => {
        const { stdout } = await cli.ok(["package", "get-schema", REPO_ROOT], workDir);
        const inferred = JSON.parse(stdout);
        const committed = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "schema.json"), "utf8"));
        // The CLI prints the full package schema; schema.json is the inferred form. They must agree on the shape.
        assert.deepStrictEqual(schemaShape(inferred), schemaShape(committed));
        assert.strictEqual(inferred.name, "redis-cloud-byoc-aws");
    });

    it("examples/consumer-yaml through the component package: the real YAML host constructs RedisCloudIam; secrets stay secret", async () => {
        const yamlDir = path.join(workDir, "consumer-yaml");
        fs.mkdirSync(yamlDir);
        // What `pulumi package add <checkout>` records for a YAML program (see docs/deploy.md and docs/testing.md on `package add` and YAML).
        const program = fs.readFileSync(path.join(REPO_ROOT, "examples", "consumer-yaml", "Pulumi.yaml"), "utf8");
        fs.writeFileSync(path.join(yamlDir, "Pulumi.yaml"), `${program}packages:\n  redis-cloud-byoc-aws: ${REPO_ROOT}\n`);
        await cli.initStack("consumer-yaml", yamlDir);
        await cli.ok(["up", "--yes", "--skip-preview"], yamlDir, "consumer-yaml");
        const state = await exportState(cli, yamlDir, "consumer-yaml");
        assert.deepStrictEqual(childTypeCounts(state, REDIS_CLOUD_IAM_TYPE), CHILDREN_WITH_LOGIN);
        const consoleAttachment = state.find((r) => r.urn.endsWith("::redis-console-role-policy"));
        assert.match(String(consoleAttachment?.inputs?.policyArn), /RedislabsIAMUserRestrictedPolicy$/);
        const outputs = JSON.parse((await cli.ok(["stack", "output", "--json"], yamlDir, "consumer-yaml")).stdout);
        assert.strictEqual(outputs.redisCloudConsole, "[secret]", "the component's secret stays secret across the package boundary");
        assert.strictEqual(outputs.consolePassword, "[secret]");
        assert.match(outputs.consoleRoleArn, /role\/redislabs-role$/);
        const revealed = JSON.parse((await cli.ok(["stack", "output", "--json", "--show-secrets"], yamlDir, "consumer-yaml")).stdout);
        assert.ok(revealed.redisCloudConsole.secretAccessKey.startsWith(STANDIN_SECRET_PREFIX));
        assert.ok(!cli.backendText().includes(STANDIN_SECRET_PREFIX), "a plaintext secret is in the state backend");
    });
});
