import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { REDIS_CLOUD_IAM_TYPE } from "../../components";
import { PROJECT_CONFIG_NAMESPACE, checkStackConfigObject, STACK_CONFIG_KEYS } from "../../components/stack-config";
import { MOCK_SECRETS, loadFresh, runOnMockEngine, valueOf } from "../../plan/mock-engine";
import { REPO_ROOT } from "../helpers";

const PROGRAM = path.join(REPO_ROOT, "index.ts");

describe("importing the package", () => {
    it("registers no resource (while the program, loaded the same way, registers seventeen)", async () => {
        const library = await runOnMockEngine(() => loadFresh("redis-cloud-byoc-aws"));
        assert.strictEqual(typeof library.result.RedisCloudIam, "function", "the package gives the library");
        assert.strictEqual(library.resources.length, 0);
        const program = await runOnMockEngine(() => loadFresh(PROGRAM));
        assert.strictEqual(program.resources.length, 17);
    });
});

describe("the per-account program index.ts", () => {
    it("reads every option from stack config and exports what the Redis Cloud console needs, secret kept secret", async () => {
        const { result, resources } = await runOnMockEngine(() => loadFresh(PROGRAM), {
            config: {
                consoleRolePolicy: "user-restricted-policy",
                consoleLogin: true,
                tags: { team: "platform" },
                accessKeyGenerations: ["a", "b"],
                permissionsBoundaryArn: "arn:aws:iam::123456789012:policy/Boundary",
                protectResources: true,
                consolePasswordLength: 24,
            },
        });
        assert.strictEqual(resources.length, 20, "component + 16 children + second key and its retirement gate + login profile");
        assert.ok(resources.some((r) => r.type === REDIS_CLOUD_IAM_TYPE && r.name === "redis-cloud"));
        const outputs = result as Record<string, pulumi.Output<unknown>>;
        for (const secretOutput of ["redisCloudConsole", "secretAccessKey", "consolePassword", "encryptedSecretAccessKey"]) {
            assert.strictEqual(await pulumi.isSecret(outputs[secretOutput]), true, `${secretOutput} is secret`);
        }
        assert.deepStrictEqual(await valueOf(outputs.redisCloudConsole), {
            accessKeyId: "AKIAREDISCLOUDACCESSKEYB",
            secretAccessKey: MOCK_SECRETS.secret,
            iamRoleName: "redislabs-role",
        });
        const consoleAttachment = resources.find((r) => r.name === "redis-cloud-console-role-policy");
        assert.match(String(consoleAttachment?.inputs.policyArn), /RedislabsIAMUserRestrictedPolicy$/);
        const login = resources.find((r) => r.name === "redis-cloud-console-login");
        assert.strictEqual(login?.inputs.passwordLength, 24);
    });

    it("has one config key per component arg, and names unknown or mistyped keys", () => {
        assert.deepStrictEqual(checkStackConfigObject({ consoleLogin: true, tags: { a: "b" } }), []);
        assert.deepStrictEqual(checkStackConfigObject({ consolelogin: true, consoleLogin: "yes" }), [
            `unknown config key "consolelogin" (did you mean "consoleLogin"?); known keys: ${Object.keys(STACK_CONFIG_KEYS).join(", ")}`,
            'config key "consoleLogin" must be a boolean (or its text, "true" or "false", as a stack file stores it)',
        ]);
        assert.deepStrictEqual(checkStackConfigObject([]), ["the config must be a JSON object whose keys are stack config keys"]);
    });

    it("accepts top-level values as a Pulumi stack file stores them, as text, and the program reads them so", async () => {
        const config = { consoleLogin: "true", protectResources: "false", consolePasswordLength: "24" };
        assert.deepStrictEqual(checkStackConfigObject(config), []);
        assert.deepStrictEqual(checkStackConfigObject({ consolePasswordLength: "long" }), [
            'config key "consolePasswordLength" must be a number (or its text, such as "32", as a stack file stores it)',
        ]);
        const { resources } = await runOnMockEngine(() => loadFresh(PROGRAM), { config });
        const login = resources.find((r) => r.name === "redis-cloud-console-login");
        assert.strictEqual(login?.inputs.passwordLength, 24);
        assert.strictEqual(
            resources.filter((r) => r.protect).length,
            0,
            'protectResources "false" is read as false: no child is protected',
        );
    });

    it("hints to drop the project's namespace from a key copied from a stack file", () => {
        const projectName = /^name:\s*(\S+)$/m.exec(fs.readFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), "utf8"))?.[1];
        assert.strictEqual(PROJECT_CONFIG_NAMESPACE, projectName, "the namespace is Pulumi.yaml's project name");
        assert.deepStrictEqual(checkStackConfigObject({ "redis-cloud-byoc-aws:consoleLogin": true }), [
            'config key "redis-cloud-byoc-aws:consoleLogin": drop the "redis-cloud-byoc-aws:" prefix and write "consoleLogin"; these keys carry no namespace',
        ]);
        assert.deepStrictEqual(checkStackConfigObject({ "redis-cloud-byoc-aws:consolLogin": true }), [
            'config key "redis-cloud-byoc-aws:consolLogin": drop the "redis-cloud-byoc-aws:" prefix and write "consoleLogin"; these keys carry no namespace',
        ]);
        assert.match(
            checkStackConfigObject({ "aws:region": "eu-west-1" })[0],
            /^config key "aws:region" belongs to the "aws" namespace, which the program does not read; known keys \(no namespace\): consoleRolePolicy, /,
        );
    });

    it("stops on an accessKeyGenerations list with an empty entry by naming the entry, as a RunError (no stack trace, no colour codes)", async () => {
        // `pulumi config set --path 'accessKeyGenerations[1]' 2` on an unset list stores [null, 2].
        await assert.rejects(
            runOnMockEngine(() => loadFresh(PROGRAM), { config: { accessKeyGenerations: [null, 2] } }),
            (error: Error) => {
                assert.ok(pulumi.RunError.isInstance(error), `a RunError, whose stack the CLI hides: ${error.name}`);
                assert.strictEqual(
                    error.message,
                    "stack config: RedisCloudIam args.accessKeyGenerations: entry 0 is empty; set it (for example " +
                        "`pulumi config set --path 'accessKeyGenerations[0]' 1`) or remove the list with `pulumi config rm accessKeyGenerations`",
                );
                assert.ok(!error.message.includes("\u001b[") && !/\n\s+at /.test(error.message), "no colour code, no stack frame");
                return true;
            },
        );
    });
});
