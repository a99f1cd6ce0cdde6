/**
 * The program's registration settings (`registerCloudAccount` and friends) on
 * Pulumi's mock engine: each bad setting stops the program before anything is
 * registered, naming the key and what is allowed; a good one adds exactly one
 * protected `RedisCloudAccount` whose secret inputs are secrets. The real CLI
 * and the stand-in Redis Cloud API are in tests/engine/registration.e2e.ts.
 */
import * as assert from "assert";
import { REDIS_CLOUD_ACCOUNT_TYPE } from "../../core/type-tokens";
import * as path from "path";
import { REDIS_CLOUD_IAM_TYPE } from "../../components";
import { checkStackConfigObject } from "../../components/stack-config";
import { REDIS_CLOUD_DEFAULT_URL, REDIS_CLOUD_ENV } from "../../core/redis-cloud-api";
import { loadFresh, revealSecrets, runOnMockEngine } from "../../plan/mock-engine";
import { REPO_ROOT, TEST_PGP_PUBLIC_KEY } from "../helpers";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";

const PROGRAM = path.join(REPO_ROOT, "index.ts");
const ACCOUNT_TYPE = REDIS_CLOUD_ACCOUNT_TYPE;
const isMarkedSecret = (value: unknown) =>
    typeof value === "object" && value !== null && (value as Record<string, unknown>)[specialSigKey] === specialSecretSig;

describe("the program's registration with Redis Cloud (stack config, mock engine)", () => {
    const saved: Record<string, string | undefined> = {};
    beforeEach(() => {
        for (const name of Object.values(REDIS_CLOUD_ENV)) saved[name] = process.env[name];
        process.env[REDIS_CLOUD_ENV.accessKey] = "env-account-key-0001";
        process.env[REDIS_CLOUD_ENV.secretKey] = "env-user-key-0001";
        delete process.env[REDIS_CLOUD_ENV.url];
    });
    afterEach(() => {
        for (const [name, value] of Object.entries(saved)) {
            if (value === undefined) delete process.env[name];
            else process.env[name] = value;
        }
    });
    const run = (config: Record<string, unknown>, secretConfig: string[] = []) =>
        runOnMockEngine(() => loadFresh(PROGRAM), { config, secretConfig, stack: "prod-account" });

    it("adds one protected RedisCloudAccount from the component's outputs, secrets marked, after every IAM child", async () => {
        const { resources } = await run({ consoleLogin: true, registerCloudAccount: true });
        assert.strictEqual(resources.length, 19, "component + 16 children + login profile + the registration");
        const accounts = resources.filter((r) => r.type === ACCOUNT_TYPE);
        assert.strictEqual(accounts.length, 1);
        const [account] = accounts;
        assert.strictEqual(account.protect, true);
        assert.ok(!account.parent.includes(REDIS_CLOUD_IAM_TYPE), "not a child of the component: the component's schema stays as it is");
        for (const field of ["accessSecretKey", "consolePassword", "apiKey", "apiSecretKey"]) {
            assert.ok(isMarkedSecret(account.inputs[field]), `${field} is a secret input`);
        }
        for (const field of ["accessSecretKey", "consolePassword", "apiKey", "apiSecretKey"])
            assert.ok(account.additionalSecretOutputs.includes(field), field);
        const inputs = revealSecrets(account.inputs) as Record<string, unknown>;
        assert.strictEqual(inputs.name, "prod-account", "the name defaults to the stack's");
        assert.strictEqual(inputs.apiUrl, REDIS_CLOUD_DEFAULT_URL);
        assert.strictEqual(inputs.apiKey, "env-account-key-0001");
        assert.strictEqual(inputs.consoleUsername, "redislabs-user");
        assert.strictEqual(inputs.signInLoginUrl, "https://123456789012.signin.aws.amazon.com/console");
        assert.ok(
            typeof inputs.__provider === "string" && !inputs.__provider.includes("env-user-key-0001"),
            "the serialised provider holds no key",
        );
        const children = resources.filter((r) => r.parent === resources.find((c) => c.type === REDIS_CLOUD_IAM_TYPE)!.urn);
        assert.strictEqual(children.length, 17, "sixteen, and the login profile");
        for (const child of children) assert.ok(account.dependencies.includes(child.urn), `the registration depends on ${child.name}`);
    });

    it("takes the API keys from secret stack config and the URL from REDISCLOUD_URL", async () => {
        process.env[REDIS_CLOUD_ENV.url] = "https://api.example.test/v1/";
        delete process.env[REDIS_CLOUD_ENV.accessKey];
        delete process.env[REDIS_CLOUD_ENV.secretKey];
        const { resources } = await run(
            {
                consoleLogin: true,
                registerCloudAccount: true,
                cloudAccountName: "Prod",
                redisCloudAccessKey: "cfg-a-key",
                redisCloudSecretKey: "cfg-u-key",
            },
            ["redisCloudAccessKey", "redisCloudSecretKey"],
        );
        const inputs = revealSecrets(resources.find((r) => r.type === ACCOUNT_TYPE)!.inputs) as Record<string, unknown>;
        assert.deepStrictEqual(
            [inputs.name, inputs.apiUrl, inputs.apiKey, inputs.apiSecretKey],
            ["Prod", "https://api.example.test/v1", "cfg-a-key", "cfg-u-key"],
        );
    });

    it("protectResources: false leaves the registration unprotected too", async () => {
        const { resources } = await run({ consoleLogin: true, registerCloudAccount: true, protectResources: false });
        assert.strictEqual(resources.find((r) => r.type === ACCOUNT_TYPE)!.protect, false);
    });

    it("is off by default: no registration, and its other keys are refused alone", async () => {
        const { resources } = await run({ consoleLogin: true });
        assert.strictEqual(resources.filter((r) => r.type === ACCOUNT_TYPE).length, 0);
        await assert.rejects(run({ cloudAccountName: "x" }), /args\.cloudAccountName: is only used with registerCloudAccount: true/);
    });

    const refusals: [string, Record<string, unknown>, RegExp, string[]?][] = [
        [
            "without consoleLogin",
            { registerCloudAccount: true },
            /args\.registerCloudAccount: needs consoleLogin: true: Redis's API registers an account with a console username, password and sign-in URL/,
        ],
        [
            "with pgpKey",
            { registerCloudAccount: true, consoleLogin: true, pgpKey: TEST_PGP_PUBLIC_KEY },
            /args\.registerCloudAccount: cannot be used with pgpKey: with pgpKey the stack only ever holds the PGP-encrypted secret access key and console password, and Redis's API needs them in plaintext/,
        ],
        [
            "with a name over 100 characters",
            { registerCloudAccount: true, consoleLogin: true, cloudAccountName: "n".repeat(101) },
            /args\.cloudAccountName: must be a non-empty name of at most 100 characters/,
        ],
        [
            "with an API key set in plaintext",
            { registerCloudAccount: true, consoleLogin: true, redisCloudAccessKey: "plain" },
            /args\.redisCloudAccessKey: is a Redis Cloud API key and must be set as a secret: pulumi config set --secret redisCloudAccessKey <value>/,
        ],
        [
            "with a misspelt key",
            { registerCloudAcount: true, consoleLogin: true },
            /unknown config key "registerCloudAcount" \(did you mean "registerCloudAccount"\?\)/,
        ],
        ["with registerCloudAccount not a boolean", { registerCloudAccount: "yes", consoleLogin: true }, /registerCloudAccount/],
    ];
    for (const [when, config, message] of refusals) {
        it(`refuses registration ${when}, naming the key and what is allowed`, async () => {
            await assert.rejects(run(config), message);
        });
    }

    it("refuses registration when neither the environment nor stack config has the API keys, naming both places", async () => {
        delete process.env[REDIS_CLOUD_ENV.secretKey];
        await assert.rejects(
            run({ registerCloudAccount: true, consoleLogin: true }),
            /needs the Redis Cloud API keys, and \$REDISCLOUD_SECRET_KEY or redisCloudSecretKey is not set/,
        );
    });

    it("the offline plan's --config accepts the registration keys and names mistyped ones", () => {
        assert.deepStrictEqual(checkStackConfigObject({ registerCloudAccount: true, cloudAccountName: "prod" }), []);
        assert.deepStrictEqual(checkStackConfigObject({ registerCloudAccount: "yes" }), [
            'config key "registerCloudAccount" must be a boolean (or its text, "true" or "false", as a stack file stores it)',
        ]);
    });
});
