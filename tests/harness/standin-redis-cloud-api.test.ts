/**
 * The stand-in Redis Cloud API (tests/harness/standin-redis-cloud-api.ts) and
 * the client in core/redis-cloud-api.ts, over real HTTP on loopback. The
 * contract both follow is checked against the excerpt of Redis's OpenAPI
 * document in tests/fixtures/. Nothing here is Redis Cloud.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import {
    CLOUD_ACCOUNT_CREATE_REQUIRED,
    CLOUD_ACCOUNT_PROVIDERS,
    CLOUD_ACCOUNT_UPDATE_REQUIRED,
    REDIS_CLOUD_DEFAULT_URL,
    REDIS_CLOUD_ERRORS,
    REDIS_CLOUD_HEADERS,
    RedisCloudApiError,
    TASK_STATUSES,
    redisCloudCall,
    scrubSecrets,
    waitForTask,
    writeWithCredentialRetry,
    type RedisCloudApiTarget,
    type TaskStateUpdate,
} from "../../core/redis-cloud-api";
import { StandInRedisCloudApi } from "./standin-redis-cloud-api";
import { REPO_ROOT } from "../helpers";

const OPENAPI = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "tests", "fixtures", "redis-cloud-openapi-cloud-accounts.json"), "utf8"));
const API_KEY = "STANDIN-API-ACCOUNT-KEY-0001";
const API_SECRET = "STANDIN-API-USER-KEY-0001";
const SECRET_KEY = "STANDIN-SECRET-AWS-KEY-abcdef";
const PASSWORD = "STANDIN-SECRET-PASSWORD-abcdef";
const createBody = (overrides: Record<string, unknown> = {}) => ({
    name: "prod-account",
    accessKeyId: "AKIA0000000000000001",
    accessSecretKey: SECRET_KEY,
    consoleUsername: "redislabs-user",
    consolePassword: PASSWORD,
    signInLoginUrl: "https://123456789012.signin.aws.amazon.com/console",
    ...overrides,
});
/** The update request without its optional fields (`name`, `signInLoginUrl`). */
const updateBody = (overrides: Record<string, unknown> = {}): Record<string, unknown> => {
    const body: Record<string, unknown> = createBody(overrides);
    delete body.name;
    delete body.signInLoginUrl;
    return body;
};
const fastWait = { taskTimeoutSeconds: 5, pollMilliseconds: 10 };

describe("Redis Cloud API contract (from Redis's OpenAPI document)", () => {
    it("the required fields of create and update, the providers, task statuses, headers and base URL are the document's", () => {
        const schemas = OPENAPI.schemas;
        assert.deepStrictEqual([...CLOUD_ACCOUNT_CREATE_REQUIRED].sort(), [...schemas.CloudAccountCreateRequest.required].sort());
        assert.deepStrictEqual([...CLOUD_ACCOUNT_UPDATE_REQUIRED].sort(), [...schemas.CloudAccountUpdateRequest.required].sort());
        assert.deepStrictEqual([...CLOUD_ACCOUNT_PROVIDERS], schemas.CloudAccountCreateRequest.properties.provider.enum);
        assert.deepStrictEqual([...TASK_STATUSES], schemas.TaskStateUpdate.properties.status.enum);
        assert.deepStrictEqual(Object.keys(OPENAPI.securitySchemes).sort(), Object.values(REDIS_CLOUD_HEADERS).sort());
        assert.strictEqual(REDIS_CLOUD_DEFAULT_URL, `${OPENAPI.servers[0].url}/v1`);
        for (const code of Object.values(REDIS_CLOUD_ERRORS))
            assert.ok(schemas.ProcessorResponse.properties.error.enum.includes(code), code);
        assert.ok(!("roleName" in schemas.CloudAccountCreateRequest.properties), "no role-name field");
    });

    it("scrubSecrets replaces every occurrence and ignores empty or very short values", () => {
        assert.strictEqual(scrubSecrets(`a ${SECRET_KEY} b ${SECRET_KEY}`, [SECRET_KEY, "", undefined, "ab"]), "a [secret] b [secret]");
    });
});

describe("the stand-in Redis Cloud API over HTTP, driven by the client", function () {
    let api: StandInRedisCloudApi;
    let target: RedisCloudApiTarget;
    beforeEach(async () => {
        api = new StandInRedisCloudApi({ apiKey: API_KEY, apiSecretKey: API_SECRET, taskStepMilliseconds: 20 });
        target = { url: await api.start(), apiKey: API_KEY, apiSecretKey: API_SECRET };
    });
    afterEach(() => api.stop());

    it("listens on a loopback address and a free port, with the /v1 prefix", () => {
        assert.match(target.url, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    });

    it("refuses a request without both API headers, or with a wrong one, with 401; the error names the variables to check", async () => {
        const partial: Record<string, string>[] = [
            {},
            { [REDIS_CLOUD_HEADERS.apiKey]: API_KEY },
            { [REDIS_CLOUD_HEADERS.apiSecretKey]: API_SECRET },
        ];
        for (const headers of partial) {
            const response = await fetch(`${target.url}/cloud-accounts`, { headers });
            assert.strictEqual(response.status, 401);
            assert.strictEqual((await response.json()).error, REDIS_CLOUD_ERRORS.unauthorized);
        }
        await assert.rejects(
            redisCloudCall({ ...target, apiSecretKey: "wrong-user-key" }, "GET", "/cloud-accounts"),
            (error: RedisCloudApiError) =>
                error.status === 401 && /REDISCLOUD_ACCESS_KEY/.test(error.message) && !error.message.includes("wrong-user-key"),
        );
        assert.strictEqual(api.accounts.size, 0);
    });

    it("answers 400 naming each missing required field of create and of update, in ProcessorResponse's shape", async () => {
        for (const field of CLOUD_ACCOUNT_CREATE_REQUIRED) {
            const body: Record<string, unknown> = createBody();
            delete body[field];
            await assert.rejects(
                redisCloudCall(target, "POST", "/cloud-accounts", body, [SECRET_KEY, PASSWORD]),
                (error: RedisCloudApiError) => {
                    assert.strictEqual(error.status, 400);
                    assert.strictEqual(error.code, REDIS_CLOUD_ERRORS.badRequest);
                    assert.match(error.message, new RegExp(`Missing required field\\(s\\): ${field}$`));
                    return true;
                },
            );
        }
        await assert.rejects(
            redisCloudCall(target, "POST", "/cloud-accounts", createBody({ provider: "AZURE" })),
            /provider must be one of AWS, GCP/,
        );
        // Optional fields of create (provider) and update (name, signInLoginUrl) may be left out.
        const created = await waitForTask(
            target,
            (await redisCloudCall<TaskStateUpdate>(target, "POST", "/cloud-accounts", createBody())).body,
            fastWait,
        );
        const id = created.response?.resourceId;
        for (const field of CLOUD_ACCOUNT_UPDATE_REQUIRED) {
            const body = updateBody();
            delete body[field];
            await assert.rejects(
                redisCloudCall(target, "PUT", `/cloud-accounts/${id}`, body),
                new RegExp(`Missing required field\\(s\\): ${field}$`),
            );
        }
        const minimal = updateBody();
        const updated = await waitForTask(
            target,
            (await redisCloudCall<TaskStateUpdate>(target, "PUT", `/cloud-accounts/${id}`, minimal)).body,
            fastWait,
        );
        assert.strictEqual(updated.status, "processing-completed");
    });

    it("runs a create as a task through received, processing-in-progress and processing-completed, with the new account's ID", async () => {
        const lines: string[] = [];
        const accepted = await redisCloudCall<TaskStateUpdate>(target, "POST", "/cloud-accounts", createBody());
        assert.strictEqual(accepted.status, 202);
        assert.strictEqual(accepted.body.status, "received");
        const done = await waitForTask(target, accepted.body, { ...fastWait, progress: (line) => lines.push(line) });
        assert.strictEqual(done.status, "processing-completed");
        assert.deepStrictEqual(
            lines.map((line) => line.split(": ").pop()),
            ["received", "processing-in-progress", "processing-completed"],
        );
        const account = (await redisCloudCall<Record<string, unknown>>(target, "GET", `/cloud-accounts/${done.response?.resourceId}`)).body;
        assert.deepStrictEqual(Object.keys(account).sort(), ["accessKeyId", "id", "name", "provider", "signInLoginUrl", "status"]);
        assert.strictEqual(account.status, "active");
        assert.ok(!JSON.stringify(account).includes(SECRET_KEY) && !JSON.stringify(account).includes(PASSWORD), "GET returns no secret");
    });

    it("fails a write with CLOUD_ACCOUNT_INVALID_CREDS while the key is newer than the propagation delay; the client retries and succeeds", async () => {
        api.setPropagationMilliseconds(400);
        const accepted = await redisCloudCall<TaskStateUpdate>(target, "POST", "/cloud-accounts", createBody());
        await assert.rejects(waitForTask(target, accepted.body, fastWait), (error: RedisCloudApiError) => {
            assert.strictEqual(error.code, REDIS_CLOUD_ERRORS.invalidCredentials);
            assert.match(error.message, /failed: CLOUD_ACCOUNT_INVALID_CREDS: Invalid credentials provided$/);
            return true;
        });
        const lines: string[] = [];
        const done = await writeWithCredentialRetry(
            target,
            async () => (await redisCloudCall<TaskStateUpdate>(target, "POST", "/cloud-accounts", createBody())).body,
            {
                ...fastWait,
                credentialsTimeoutSeconds: 5,
                initialBackoffMilliseconds: 100,
                maxBackoffMilliseconds: 200,
                progress: (l) => lines.push(l),
            },
            [SECRET_KEY, PASSWORD],
        );
        assert.strictEqual(done.status, "processing-completed");
        assert.ok(
            lines.some((line) => /does not accept the key yet .*attempt 1.*retrying/.test(line)),
            lines.join("\n"),
        );
        assert.strictEqual(api.accounts.size, 1);
    });

    it("gives up after the bounded wait with a message that says what to check", async () => {
        api.setPropagationMilliseconds(60_000);
        const started = Date.now();
        await assert.rejects(
            writeWithCredentialRetry(
                target,
                async () => (await redisCloudCall<TaskStateUpdate>(target, "POST", "/cloud-accounts", createBody())).body,
                { ...fastWait, credentialsTimeoutSeconds: 0.5, initialBackoffMilliseconds: 100, maxBackoffMilliseconds: 200 },
                [SECRET_KEY, PASSWORD],
            ),
            /still answered CLOUD_ACCOUNT_INVALID_CREDS after \d+ attempts .*Check that the access key is active and belongs to redislabs-user/,
        );
        assert.ok(Date.now() - started < 3000, "the wait is bounded");
        assert.strictEqual(api.accounts.size, 0);
    });

    it("a task that does not finish in time fails with the task and its last status", async () => {
        const slow = new StandInRedisCloudApi({ apiKey: API_KEY, apiSecretKey: API_SECRET, taskStepMilliseconds: 10_000 });
        const slowTarget = { ...target, url: await slow.start() };
        try {
            const accepted = await redisCloudCall<TaskStateUpdate>(slowTarget, "POST", "/cloud-accounts", createBody());
            await assert.rejects(
                waitForTask(slowTarget, accepted.body, { taskTimeoutSeconds: 0.2, pollMilliseconds: 50 }),
                /did not finish within 0.2 s \(last status received\)/,
            );
        } finally {
            await slow.stop();
        }
    });

    it("deletes through a task; a GET afterwards answers 404 CLOUD_ACCOUNT_NOT_FOUND", async () => {
        const created = await waitForTask(
            target,
            (await redisCloudCall<TaskStateUpdate>(target, "POST", "/cloud-accounts", createBody())).body,
            fastWait,
        );
        const id = created.response?.resourceId;
        const deleted = await waitForTask(
            target,
            (await redisCloudCall<TaskStateUpdate>(target, "DELETE", `/cloud-accounts/${id}`)).body,
            fastWait,
        );
        assert.strictEqual(deleted.status, "processing-completed");
        await assert.rejects(
            redisCloudCall(target, "GET", `/cloud-accounts/${id}`),
            (error: RedisCloudApiError) => error.status === 404 && error.code === REDIS_CLOUD_ERRORS.notFound,
        );
    });

    it("an unreachable API gives one clear error naming the URL and REDISCLOUD_URL", async () => {
        await api.stop();
        await assert.rejects(
            redisCloudCall(target, "GET", "/cloud-accounts"),
            /Redis Cloud API at http:\/\/127\.0\.0\.1:\d+\/v1 is unreachable \(ECONNREFUSED\); check REDISCLOUD_URL/,
        );
    });

    it("records every call with its status, secrets redacted and no header value", async () => {
        await waitForTask(target, (await redisCloudCall<TaskStateUpdate>(target, "POST", "/cloud-accounts", createBody())).body, fastWait);
        await fetch(`${target.url}/cloud-accounts`);
        const recorded = JSON.stringify(api.calls);
        const calls = api.calls.map(({ at: _at, ...call }) => call);
        for (const secret of [SECRET_KEY, PASSWORD, API_KEY, API_SECRET])
            assert.ok(!recorded.includes(secret), `the record holds ${secret}`);
        assert.deepStrictEqual(calls[0], {
            method: "POST",
            path: "/v1/cloud-accounts",
            status: 202,
            body: { ...createBody(), accessSecretKey: "[redacted]", consolePassword: "[redacted]" },
        });
        assert.ok(
            api.calls.slice(1, -1).every((call) => call.method === "GET" && call.path.startsWith("/v1/tasks/") && call.status === 200),
        );
        assert.deepStrictEqual(calls.at(-1), { method: "GET", path: "/v1/cloud-accounts", status: 401 });
    });

    it("a Redis error body that echoes a secret is scrubbed before the client quotes it", async () => {
        // The stand-in never echoes one; a server that does (such as this one) must not reach the user's terminal.
        const http = await import("http");
        const echo = http.createServer((request, response) => {
            response.writeHead(400, { "content-type": "application/json" });
            response.end(
                JSON.stringify({
                    error: "BAD_REQUEST",
                    additionalInfo: `bad key ${SECRET_KEY} for ${request.headers[REDIS_CLOUD_HEADERS.apiSecretKey]}`,
                }),
            );
        });
        await new Promise<void>((resolve) => echo.listen(0, "127.0.0.1", resolve));
        const port = (echo.address() as { port: number }).port;
        try {
            await assert.rejects(
                redisCloudCall({ ...target, url: `http://127.0.0.1:${port}/v1` }, "POST", "/cloud-accounts", createBody(), [
                    SECRET_KEY,
                    PASSWORD,
                ]),
                (error: RedisCloudApiError) => {
                    assert.ok(!error.message.includes(SECRET_KEY) && !error.message.includes(API_SECRET), error.message);
                    assert.match(error.message, /bad key \[secret\] for \[secret\]/);
                    return true;
                },
            );
        } finally {
            await new Promise<void>((resolve) => echo.close(() => resolve()));
        }
    });
});
