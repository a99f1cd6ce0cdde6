/**
 * RedisCloudAccount's provider, driven in-process (as the dynamic provider
 * plugin would call it) against the stand-in Redis Cloud API over loopback
 * HTTP: what each operation asks of the API, and that no error carries a
 * secret. The same provider through the real CLI is in
 * tests/engine/registration.e2e.ts.
 */
import * as assert from "assert";
import { redisCloudAccountProvider as provider, type AccountState } from "../../components/redis-cloud-account";
import { StandInRedisCloudApi } from "../harness/standin-redis-cloud-api";

const API_KEY = "STANDIN-API-ACCOUNT-KEY-unit-01";
const API_SECRET = "STANDIN-API-USER-KEY-unit-01";
const SECRET_KEY = "STANDIN-SECRET-KEY-unit-abcdef";
const PASSWORD = "STANDIN-SECRET-PASSWORD-unit-abcdef";

describe("RedisCloudAccount's provider against the stand-in Redis Cloud API (in-process)", function () {
    let api: StandInRedisCloudApi;
    let inputs: AccountState;
    const writes = () => api.calls.filter((call) => call.method !== "GET").map((call) => `${call.method} ${call.path}`);
    beforeEach(async () => {
        api = new StandInRedisCloudApi({ apiKey: API_KEY, apiSecretKey: API_SECRET, taskStepMilliseconds: 1 });
        inputs = {
            name: "unit-account",
            provider: "AWS",
            accessKeyId: "AKIA0000000000000UNIT",
            accessSecretKey: SECRET_KEY,
            consoleUsername: "redislabs-user",
            consolePassword: PASSWORD,
            signInLoginUrl: "https://123456789012.signin.aws.amazon.com/console",
            apiUrl: await api.start(),
            apiKey: API_KEY,
            apiSecretKey: API_SECRET,
        };
    });
    afterEach(() => api.stop());

    it("check names each missing input, and does not call the API while the keys are unknown", async () => {
        const missing = await provider.check!(inputs, { ...inputs, name: "", consolePassword: undefined as unknown as string });
        assert.deepStrictEqual(
            missing.failures?.map((failure) => failure.property),
            ["name", "consolePassword"],
        );
        const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
        await provider.check!(inputs, { ...inputs, apiKey: unknown });
        assert.strictEqual(api.calls.length, 0, "no call with an unknown key");
        await provider.check!(inputs, inputs);
        assert.deepStrictEqual(
            api.calls.map((call) => `${call.method} ${call.path} ${call.status}`),
            ["GET /v1/cloud-accounts 200"],
        );
    });

    it("check with a wrong key fails naming the variables, and no secret is in the message", async () => {
        await assert.rejects(provider.check!(inputs, { ...inputs, apiSecretKey: "wrong-unit-user-key" }), (error: Error) => {
            assert.match(error.message, /answered 401; check the API keys \(REDISCLOUD_ACCESS_KEY is the account key/);
            for (const secret of ["wrong-unit-user-key", API_KEY, SECRET_KEY, PASSWORD]) assert.ok(!error.message.includes(secret), secret);
            return true;
        });
    });

    it("create, diff, update, read and delete ask the API for exactly what they should; progress lines carry no secret", async function () {
        // Each task is polled once a second, as against Redis Cloud.
        this.timeout(30_000);
        const lines: string[] = [];
        const consoleError = console.error;
        console.error = (line: string) => lines.push(line);
        try {
            await lifecycle();
        } finally {
            console.error = consoleError;
        }
        assert.ok(
            lines.some((line) => /\(create-cloud-account\): processing-completed$/.test(line)),
            lines.join("\n"),
        );
        assert.ok(lines.some((line) => /\(update-cloud-account\): processing-completed$/.test(line)));
        assert.ok(lines.some((line) => /\(delete-cloud-account\): processing-completed$/.test(line)));
        for (const secret of [SECRET_KEY, PASSWORD, API_KEY, API_SECRET]) assert.ok(!lines.join("\n").includes(secret), secret);
    });

    async function lifecycle() {
        const created = await provider.create(inputs);
        assert.strictEqual(created.id, "1001");
        assert.strictEqual(created.outs?.status, "active");
        assert.deepStrictEqual(await provider.diff!(created.id, created.outs!, inputs), {
            changes: false,
            replaces: [],
            deleteBeforeReplace: true,
        });

        // New Redis Cloud API keys: an update that stores them and sends nothing to Redis Cloud.
        api.setApiKeys(`${API_KEY}-2`, `${API_SECRET}-2`);
        const newApiKeys = { ...inputs, apiKey: `${API_KEY}-2`, apiSecretKey: `${API_SECRET}-2` };
        assert.strictEqual((await provider.diff!(created.id, created.outs!, newApiKeys)).changes, true);
        const sameAccount = await provider.update!(created.id, created.outs!, newApiKeys);
        assert.strictEqual(sameAccount.outs?.status, "active");
        assert.strictEqual(sameAccount.outs?.apiSecretKey, `${API_SECRET}-2`);
        assert.deepStrictEqual(writes(), ["POST /v1/cloud-accounts"]);
        inputs = newApiKeys;

        // A new key: a PUT with the credentials.
        const rotated = { ...inputs, accessKeyId: "AKIA0000000000000UNI2", accessSecretKey: `${SECRET_KEY}-2` };
        assert.strictEqual((await provider.diff!(created.id, sameAccount.outs!, rotated)).changes, true);
        await provider.update!(created.id, sameAccount.outs!, rotated);
        assert.deepStrictEqual(writes(), ["POST /v1/cloud-accounts", "PUT /v1/cloud-accounts/1001"]);
        assert.strictEqual(api.accounts.get(1001)?.accessKeyId, "AKIA0000000000000UNI2");

        // Drift: read reports what Redis holds.
        api.accounts.get(1001)!.name = "renamed";
        const read = await provider.read!(created.id, { ...sameAccount.outs!, ...rotated });
        assert.strictEqual(read.props?.name, "renamed");
        assert.strictEqual((await provider.diff!(created.id, read.props!, rotated)).changes, true);

        await provider.delete!(created.id, read.props!);
        assert.strictEqual(api.accounts.size, 0);
        // Gone already: read drops it from state, delete succeeds.
        assert.deepStrictEqual(await provider.read!(created.id, read.props!), { id: "", props: {} });
        await provider.delete!(created.id, read.props!);
        assert.ok(!JSON.stringify(api.calls).includes(SECRET_KEY), "the stand-in's record holds no secret");
    }
});
