/**
 * The per-account program through the real Pulumi CLI: `pulumi up`, config,
 * secrets in state and output, and protection (key rotation is in
 * readme.e2e.ts, as the README tells it). The engine, the CLI, the Node SDK
 * and the component are real; the `aws` provider and the Node.js language
 * host are stand-ins (see tests/harness/pulumi-cli.ts and
 * tests/harness/engine/standin-language-nodejs), so no AWS API is called.
 */
import * as assert from "assert";
import * as path from "path";
import { PulumiCli, childTypeCounts, exportState } from "../harness/pulumi-cli";
import { REDIS_CLOUD_IAM_TYPE } from "../../components";
import { REDIS_IAM_NAMES } from "../../core/redis-documents";
import { DEFAULT_CHILDREN, CHILDREN_WITH_LOGIN } from "./expected";
import { STANDIN_SECRET_PREFIX } from "../harness/standin-aws-provider/secrets";
import { protectedComponentChildren } from "../../core/decommission";

const REPOSITORY = path.join(__dirname, "..", "..");

describe("the program through the real Pulumi CLI (stand-in aws provider and Node.js host)", function () {
    const cli = new PulumiCli();
    const PROJECT_DIR = cli.projectCopy(REPOSITORY, "program");
    const setConfig = (stack: string, key: string, value: string, ...flags: string[]) =>
        cli.ok(["config", "set", key, value, ...flags], PROJECT_DIR, stack);

    it("pulumi up with default config: the component and exactly its 16 children; secrets masked, encrypted in state", async () => {
        const stack = "defaults";
        await cli.initStack(stack, PROJECT_DIR);
        const up = await cli.ok(["up", "--yes", "--skip-preview"], PROJECT_DIR, stack);
        assert.match(up.output, /18 created/);
        assert.doesNotMatch(up.output, /Undefined value/, "the program exports no undefined output (the CLI warns about each)");
        const state = await exportState(cli, PROJECT_DIR, stack);
        assert.deepStrictEqual(childTypeCounts(state, REDIS_CLOUD_IAM_TYPE), DEFAULT_CHILDREN);
        assert.ok(!up.output.includes(STANDIN_SECRET_PREFIX), "pulumi up printed a secret");

        const masked = await cli.ok(["stack", "output", "--json"], PROJECT_DIR, stack);
        const outputs = JSON.parse(masked.stdout);
        assert.strictEqual(outputs.secretAccessKey, "[secret]");
        assert.strictEqual(outputs.redisCloudConsole, "[secret]");
        assert.match(outputs.accessKeyId, /^AKIA[0-9A-F]{16}$/);
        assert.ok(!masked.output.includes(STANDIN_SECRET_PREFIX));

        const revealed = JSON.parse((await cli.ok(["stack", "output", "--json", "--show-secrets"], PROJECT_DIR, stack)).stdout);
        assert.ok(revealed.secretAccessKey.startsWith(STANDIN_SECRET_PREFIX), "--show-secrets reveals the secret");
        assert.strictEqual(revealed.redisCloudConsole.secretAccessKey, revealed.secretAccessKey);
        assert.strictEqual(revealed.redisCloudConsole.iamRoleName, REDIS_IAM_NAMES.consoleRole);

        const backend = cli.backendText();
        assert.ok(backend.includes(revealed.accessKeyId), "the state is where the test looks");
        assert.ok(!backend.includes(STANDIN_SECRET_PREFIX), "a plaintext secret is in the state backend");
    });

    it("config set for tags, consoleLogin and consoleRolePolicy reaches the state", async () => {
        const stack = "configured";
        await cli.initStack(stack, PROJECT_DIR);
        await setConfig(stack, "tags.team", "platform", "--path");
        await setConfig(stack, "consoleLogin", "true");
        await setConfig(stack, "consoleRolePolicy", "user-restricted-policy");
        await cli.ok(["up", "--yes", "--skip-preview"], PROJECT_DIR, stack);
        const state = await exportState(cli, PROJECT_DIR, stack);
        assert.deepStrictEqual(childTypeCounts(state, REDIS_CLOUD_IAM_TYPE), CHILDREN_WITH_LOGIN);

        const user = state.find((r) => r.type === "aws:iam/user:User");
        assert.deepStrictEqual(user?.inputs?.tags, { team: "platform" });
        const consoleRolePolicy = state.find(
            (r) => r.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment" && r.inputs?.role === REDIS_IAM_NAMES.consoleRole,
        );
        assert.match(String(consoleRolePolicy?.inputs?.policyArn), new RegExp(`policy/${REDIS_IAM_NAMES.userRestrictedPolicy}$`));
        const outputs = JSON.parse((await cli.ok(["stack", "output", "--json"], PROJECT_DIR, stack)).stdout);
        assert.strictEqual(outputs.consolePassword, "[secret]");
        assert.strictEqual(outputs.consoleUsername, REDIS_IAM_NAMES.user);
        assert.ok(!cli.backendText().includes(STANDIN_SECRET_PREFIX), "a plaintext secret is in the state backend");
    });

    it("a bad config value fails pulumi up with the component's own error and creates nothing", async () => {
        const stack = "bad-config";
        await cli.initStack(stack, PROJECT_DIR);
        await setConfig(stack, "consoleRolePolicy", "admin");
        const before = cli.providerOperations().length;
        const up = await cli.run(["up", "--yes", "--skip-preview"], PROJECT_DIR, stack);
        assert.notStrictEqual(up.code, 0);
        assert.match(up.output, /args\.consoleRolePolicy/);
        assert.strictEqual(cli.providerOperations().length, before, "the provider was asked to create something");
        const state = await exportState(cli, PROJECT_DIR, stack);
        assert.deepStrictEqual(
            state.filter((r) => r.type.startsWith("aws:") && !r.type.startsWith("pulumi:providers:")),
            [],
            "no AWS resource in state",
        );
    });

    it("a list entry set past an unset one (`config set --path 'accessKeyGenerations[1]'`) fails naming entry 0, without a stack trace", async () => {
        const stack = "sparse-generations";
        await cli.initStack(stack, PROJECT_DIR);
        await setConfig(stack, "accessKeyGenerations[1]", "2", "--path");
        const up = await cli.run(["up", "--yes", "--skip-preview"], PROJECT_DIR, stack);
        assert.notStrictEqual(up.code, 0);
        assert.match(up.output, /stack config: RedisCloudIam args\.accessKeyGenerations: entry 0 is empty; set it/);
        assert.doesNotMatch(up.output, /unhandled exception|\n\s+at .*\.(ts|js):\d+/, "no stack trace");
        assert.ok(!up.output.includes("\u001b["), "no raw colour codes");
    });

    it("decommissioning: `protected-children` lists exactly what blocks pulumi destroy; unprotecting those lets it succeed", async () => {
        const stack = "decommission";
        await cli.initStack(stack, PROJECT_DIR);
        await cli.ok(["up", "--yes", "--skip-preview"], PROJECT_DIR, stack);
        const exported = (await cli.ok(["stack", "export"], PROJECT_DIR, stack)).stdout;
        const urns = protectedComponentChildren(JSON.parse(exported));
        assert.strictEqual(urns.length, 16, "every child is protected by default");
        // The one-liner of docs/deploy.md, "Decommissioning": the CLI takes the URNs together.
        await cli.ok(["state", "unprotect", "--yes", ...urns], PROJECT_DIR, stack);
        const state = await exportState(cli, PROJECT_DIR, stack);
        assert.deepStrictEqual(
            state.filter((r) => r.protect),
            [],
            "nothing protected remains",
        );
        await cli.ok(["destroy", "--yes", "--skip-preview"], PROJECT_DIR, stack);
    });

    it("protection: pulumi destroy fails and names protected resources; after state unprotect --all it succeeds", async () => {
        const stack = "protected";
        await cli.initStack(stack, PROJECT_DIR);
        await cli.ok(["up", "--yes", "--skip-preview"], PROJECT_DIR, stack);
        const destroy = await cli.run(["destroy", "--yes", "--skip-preview"], PROJECT_DIR, stack);
        assert.notStrictEqual(destroy.code, 0);
        assert.match(destroy.output, /protected/i);
        assert.match(destroy.output, /redis-cloud-node-role|redis-cloud-user|redis-cloud-console-role/);
        assert.strictEqual(
            cli.providerOperations().filter((op) => op.operation === "delete" && op.urn.startsWith(`urn:pulumi:${stack}::`)).length,
            0,
            "nothing was deleted",
        );

        await cli.ok(["state", "unprotect", "--all", "--yes"], PROJECT_DIR, stack);
        await cli.ok(["destroy", "--yes", "--skip-preview"], PROJECT_DIR, stack);
        const remaining = (await exportState(cli, PROJECT_DIR, stack)).filter((r) => !r.type.startsWith("pulumi:"));
        assert.deepStrictEqual(remaining, []);
        assert.strictEqual(
            cli.providerOperations().filter((op) => op.operation === "delete" && op.urn.startsWith(`urn:pulumi:${stack}::`)).length,
            16,
            "all 16 children were deleted",
        );
    });
});
