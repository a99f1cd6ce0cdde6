/**
 * Registration with Redis Cloud in the same `pulumi up` (`registerCloudAccount`),
 * through the real Pulumi CLI. The engine, the CLI, the Node SDK, its dynamic
 * provider plugin and the program are real; the `aws` provider, the Node.js
 * language host and the Redis Cloud API are stand-ins
 * (tests/harness/standin-redis-cloud-api.ts), so neither AWS nor Redis Cloud
 * is called.
 */
import * as assert from "assert";
import { REDIS_CLOUD_ACCOUNT_TYPE } from "../../core/type-tokens";
import * as net from "net";
import * as path from "path";
import { PulumiCli, exportState, type CliResult } from "../harness/pulumi-cli";
import { StandInRedisCloudApi } from "../harness/standin-redis-cloud-api";
import { STANDIN_SECRET_PREFIX } from "../harness/standin-aws-provider/secrets";
import { redisCloudCall, type TaskStateUpdate, waitForTask } from "../../core/redis-cloud-api";
import { TEST_PGP_PUBLIC_KEY } from "../helpers";

const REPOSITORY = path.join(__dirname, "..", "..");
const API_KEY = "STANDIN-API-ACCOUNT-KEY-e2e-7f3a";
const API_SECRET = "STANDIN-API-USER-KEY-e2e-91bc";
const ACCOUNT_TYPE = REDIS_CLOUD_ACCOUNT_TYPE;

describe("registration with Redis Cloud through the real Pulumi CLI (stand-in aws provider, Node.js host and Redis Cloud API)", function () {
    // Redis accepts a new key only 3 s after it first sees it, as IAM propagation looks to Redis.
    const api = new StandInRedisCloudApi({ apiKey: API_KEY, apiSecretKey: API_SECRET, propagationMilliseconds: 3000 });
    let cli: PulumiCli;
    let projectDir: string;
    before(async () => {
        const url = await api.start();
        cli = new PulumiCli({ REDISCLOUD_URL: url, REDISCLOUD_ACCESS_KEY: API_KEY, REDISCLOUD_SECRET_KEY: API_SECRET });
        projectDir = cli.projectCopy(REPOSITORY, "registration");
    });
    after(() => api.stop());

    const setConfig = (stack: string, key: string, value: string, ...flags: string[]) =>
        cli.ok(["config", "set", key, value, ...flags], projectDir, stack);
    async function registeringStack(stack: string, extra: [string, string][] = []): Promise<void> {
        await cli.initStack(stack, projectDir);
        await setConfig(stack, "consoleLogin", "true");
        await setConfig(stack, "registerCloudAccount", "true");
        for (const [key, value] of extra) await setConfig(stack, key, value);
    }
    const writes = (since: number) => api.calls.slice(since).filter((call) => call.method !== "GET");
    const noSecretIn = (text: string, what: string) => {
        for (const secret of [STANDIN_SECRET_PREFIX, API_KEY, API_SECRET]) assert.ok(!text.includes(secret), `${what} holds ${secret}`);
    };
    /** A failed run that created nothing: no provider operation, no write to Redis Cloud, no resource in state. */
    async function changedNothing(stack: string, run: CliResult, operationsBefore: number, callsBefore: number) {
        assert.notStrictEqual(run.code, 0, run.output);
        assert.strictEqual(cli.providerOperations().length, operationsBefore, "the aws provider was asked to change something");
        assert.deepStrictEqual(writes(callsBefore), [], "Redis Cloud was asked to change something");
        const state = (await exportState(cli, projectDir, stack)).filter((r) => !r.type.startsWith("pulumi:"));
        assert.deepStrictEqual(state, [], "nothing is in state");
        noSecretIn(run.output, "the CLI's output");
    }

    it("pulumi up registers the account, waiting out IAM propagation, with every secret encrypted in state", async () => {
        const stack = "registered";
        await registeringStack(stack, [["cloudAccountName", "prod-account"]]);
        const up = await cli.ok(["up", "--yes"], projectDir, stack);
        assert.match(up.output, /\+ 20 created/); // the stack, the component, its 16 children, the login profile, the registration
        // The progress lines: the task's states and the retry while the stand-in still refuses the new key.
        assert.match(up.output, /RedisCloudAccount "prod-account": Redis Cloud task \S+ \(create-cloud-account\): received/);
        assert.match(
            up.output,
            /Redis Cloud does not accept the key yet \(CLOUD_ACCOUNT_INVALID_CREDS, attempt 1\); IAM may still be propagating it/,
        );
        assert.match(up.output, /\(create-cloud-account\): processing-completed/);

        const outputs = JSON.parse((await cli.ok(["stack", "output", "--json"], projectDir, stack)).stdout);
        const [account] = api.accounts.values();
        assert.strictEqual(api.accounts.size, 1);
        assert.strictEqual(account.name, "prod-account");
        assert.strictEqual(account.accessKeyId, outputs.accessKeyId, "Redis holds the stack's current key");
        assert.strictEqual(account.consoleUsername, "redislabs-user");
        assert.strictEqual(account.signInLoginUrl, outputs.signInUrl);
        assert.ok(account.secrets.accessSecretKey.startsWith(`${STANDIN_SECRET_PREFIX}KEY-`), "Redis got the plaintext secret key");
        assert.ok(account.secrets.consolePassword.startsWith(`${STANDIN_SECRET_PREFIX}PASSWORD-`), "and the console password");
        assert.strictEqual(outputs.redisCloudAccountId, account.id);
        assert.strictEqual(outputs.redisCloudAccessKeyId, outputs.accessKeyId);

        const state = await exportState(cli, projectDir, stack);
        const registration = state.filter((r) => r.type === ACCOUNT_TYPE);
        assert.strictEqual(registration.length, 1);
        assert.strictEqual(registration[0].protect, true, "protected like every Redis resource");
        assert.strictEqual(registration[0].id, String(account.id));
        for (const field of ["accessSecretKey", "consolePassword", "apiKey", "apiSecretKey"]) {
            const value = registration[0].outputs?.[field] as Record<string, unknown>;
            assert.ok(value && "ciphertext" in value, `${field} is an encrypted secret in state`);
        }
        noSecretIn(cli.backendText(), "the state backend");
        assert.ok(cli.backendText().includes("__provider"), "the search covers the dynamic provider's serialised state");
        noSecretIn(up.output, "pulumi up's output");
        noSecretIn(JSON.stringify(api.calls), "the stand-in's record");
    });

    it("a second pulumi up changes nothing and writes nothing to Redis Cloud", async () => {
        const callsBefore = api.calls.length;
        const operationsBefore = cli.providerOperations().length;
        const up = await cli.ok(["up", "--yes"], projectDir, "registered");
        assert.doesNotMatch(up.output, /created|updated|deleted|replaced/);
        assert.match(up.output, /20 unchanged/);
        assert.strictEqual(cli.providerOperations().length, operationsBefore);
        assert.deepStrictEqual(writes(callsBefore), []);
    });

    it("an out-of-band edit in Redis Cloud shows as drift on refresh, and pulumi up puts the registration back", async () => {
        const [account] = api.accounts.values();
        const target = { url: api.url, apiKey: API_KEY, apiSecretKey: API_SECRET };
        const { secrets, consoleUsername, accessKeyId } = account;
        const edit = await redisCloudCall<TaskStateUpdate>(target, "PUT", `/cloud-accounts/${account.id}`, {
            name: "renamed-by-hand",
            accessKeyId,
            consoleUsername,
            ...secrets,
        });
        await waitForTask(target, edit.body, { taskTimeoutSeconds: 5, pollMilliseconds: 50 });
        assert.strictEqual(account.name, "renamed-by-hand");

        const preview = await cli.ok(["preview", "--refresh", "--diff"], projectDir, "registered");
        // The refresh reads the edit back from Redis Cloud; the program's name then wins.
        assert.match(preview.output, /RedisCloudAccount: \(refresh\)[\s\S]*~ name\s*: "prod-account" => "renamed-by-hand"/);
        assert.match(preview.output, /~ pulumi-nodejs:dynamic\/redis-cloud-byoc-aws:RedisCloudAccount: \(update\)/);
        const callsBefore = api.calls.length;
        await cli.ok(["up", "--yes", "--refresh"], projectDir, "registered");
        assert.deepStrictEqual(
            writes(callsBefore).map((call) => `${call.method} ${call.path}`),
            [`PUT /v1/cloud-accounts/${account.id}`],
        );
        assert.strictEqual(account.name, "prod-account");
        noSecretIn(cli.backendText(), "the state backend");
    });

    it("with pgpKey, registration is refused at preview, saying why, and nothing is created", async () => {
        const stack = "pgp";
        await registeringStack(stack, [["pgpKey", TEST_PGP_PUBLIC_KEY]]);
        const [operations, calls] = [cli.providerOperations().length, api.calls.length];
        const preview = await cli.run(["preview"], projectDir, stack);
        assert.notStrictEqual(preview.code, 0);
        assert.match(
            preview.output,
            /registerCloudAccount: cannot be used with pgpKey: with pgpKey the stack only ever holds the PGP-encrypted/,
        );
        await changedNothing(stack, await cli.run(["up", "--yes"], projectDir, stack), operations, calls);
    });

    it("without consoleLogin, registration is refused and names the setting", async () => {
        const stack = "no-login";
        await cli.initStack(stack, projectDir);
        await setConfig(stack, "registerCloudAccount", "true");
        const [operations, calls] = [cli.providerOperations().length, api.calls.length];
        const up = await cli.run(["up", "--yes"], projectDir, stack);
        assert.match(up.output, /registerCloudAccount: needs consoleLogin: true/);
        await changedNothing(stack, up, operations, calls);
    });

    it("missing API keys, wrong API keys and an unreachable API each stop pulumi up with a clear error, and nothing changes", async () => {
        const stack = "api-problems";
        await registeringStack(stack);
        // A loopback port that nothing listens on: one a server just gave back.
        const closed = net.createServer();
        await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
        const closedPort = (closed.address() as net.AddressInfo).port;
        await new Promise<void>((resolve) => closed.close(() => resolve()));
        const cases: { env: NodeJS.ProcessEnv; message: RegExp }[] = [
            {
                env: { REDISCLOUD_ACCESS_KEY: undefined, REDISCLOUD_SECRET_KEY: undefined },
                message:
                    /needs the Redis Cloud API keys, and \$REDISCLOUD_ACCESS_KEY or redisCloudAccessKey and \$REDISCLOUD_SECRET_KEY or redisCloudSecretKey is not set/,
            },
            {
                env: { REDISCLOUD_SECRET_KEY: "wrong-user-key-e2e" },
                message:
                    /GET \/cloud-accounts answered 401; check the API keys \(REDISCLOUD_ACCESS_KEY is the account key, REDISCLOUD_SECRET_KEY the user key\)/,
            },
            {
                env: { REDISCLOUD_URL: `http://127.0.0.1:${closedPort}/v1` },
                message: new RegExp(
                    `the Redis Cloud API at http://127\\.0\\.0\\.1:${closedPort}/v1 is unreachable \\(ECONNREFUSED\\); check REDISCLOUD_URL`,
                ),
            },
        ];
        for (const { env, message } of cases) {
            const [operations, calls] = [cli.providerOperations().length, api.calls.length];
            const up = await cli.run(["up", "--yes"], projectDir, stack, env);
            assert.match(up.output, message);
            assert.ok(!up.output.includes("wrong-user-key-e2e"), "the wrong key is not echoed");
            await changedNothing(stack, up, operations, calls);
        }
    });

    it("pulumi destroy is refused while protected; after unprotect it deregisters before deleting any IAM resource", async () => {
        const stack = "registered";
        const [account] = api.accounts.values();
        const refused = await cli.run(["destroy", "--yes"], projectDir, stack);
        assert.notStrictEqual(refused.code, 0);
        assert.match(refused.output, /protected/);
        assert.strictEqual(api.accounts.size, 1, "still registered");

        await cli.ok(["state", "unprotect", "--all", "--yes"], projectDir, stack);
        const callsBefore = api.calls.length;
        const operationsBefore = cli.providerOperations().length;
        await cli.ok(["destroy", "--yes"], projectDir, stack);
        const deletes = writes(callsBefore);
        assert.deepStrictEqual(
            deletes.map((call) => `${call.method} ${call.path}`),
            [`DELETE /v1/cloud-accounts/${account.id}`],
        );
        assert.strictEqual(api.accounts.size, 0, "deregistered");
        const iamDeletes = cli
            .providerOperations()
            .slice(operationsBefore)
            .filter((op) => op.operation === "delete");
        assert.strictEqual(iamDeletes.length, 17, "the 16 children and the login profile");
        // The registration's task ended (its last poll) before the first IAM delete.
        const lastTaskPoll = api.calls.filter((call) => call.path.startsWith("/v1/tasks/")).at(-1)!;
        assert.ok(
            lastTaskPoll.at < Math.min(...iamDeletes.map((op) => op.at)),
            "an IAM resource was deleted before the account was deregistered",
        );
    });
});
