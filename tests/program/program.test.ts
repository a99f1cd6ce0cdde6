import * as assert from "assert";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { REDIS_CLOUD_IAM_TYPE } from "../../components";
import { checkStackConfigObject, STACK_CONFIG_KEYS } from "../../components/stack-config";
import { MOCK_SECRETS, loadFresh, runOnMockEngine, valueOf } from "../../plan/mock-engine";
import { REPO_ROOT } from "../helpers";

const PROGRAM = path.join(REPO_ROOT, "index.ts");

describe("importing the package", () => {
    it("registers no resource (while the program, loaded the same way, registers eleven)", async () => {
        const library = await runOnMockEngine(() => loadFresh("redis-cloud-byoc-aws"));
        assert.strictEqual(typeof library.result.RedisCloudIam, "function", "the package gives the library");
        assert.strictEqual(library.resources.length, 0);
        const program = await runOnMockEngine(() => loadFresh(PROGRAM));
        assert.strictEqual(program.resources.length, 11);
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
        assert.strictEqual(resources.length, 14, "component + 10 children + second key and its retirement gate + login profile");
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
            'config key "consoleLogin" must be a boolean',
        ]);
        assert.deepStrictEqual(checkStackConfigObject([]), ["the config must be a JSON object whose keys are stack config keys"]);
    });
});
