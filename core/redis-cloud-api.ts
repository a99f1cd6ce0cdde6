/**
 * The Redis Cloud API's contract for cloud accounts and tasks, as this project
 * uses it: one source of truth for the client (components/redis-cloud-account.ts)
 * and the tests' stand-in API (tests/harness/standin-redis-cloud-api.ts).
 *
 * Taken from Redis's OpenAPI document (redis/docs,
 * `content/operate/rc/api/api-reference/openapi.json`, revision of 2026-08-21):
 * the required fields of `CloudAccountCreateRequest` and
 * `CloudAccountUpdateRequest`, the statuses of `TaskStateUpdate`, and
 * `ProcessorResponse` (`resourceId`, `error`, `additionalInfo`). Nothing here
 * has run against Redis Cloud.
 *
 * Dependency-free: it uses only the global `fetch` and timers, so the
 * dynamic provider can carry it (Pulumi serialises the provider's code).
 */

/** Redis's base URL (the OpenAPI document's server plus `/v1`). */
export const REDIS_CLOUD_DEFAULT_URL = "https://api.redislabs.com/v1";

/** The environment variables Redis's Terraform provider reads; users of Redis's tools already have them set. */
export const REDIS_CLOUD_ENV = {
    accessKey: "REDISCLOUD_ACCESS_KEY",
    secretKey: "REDISCLOUD_SECRET_KEY",
    url: "REDISCLOUD_URL",
} as const;

/** The two API headers every request carries: the account key and the user key. */
export const REDIS_CLOUD_HEADERS = { apiKey: "x-api-key", apiSecretKey: "x-api-secret-key" } as const;

/** `CloudAccountCreateRequest.required`, in the document's order. `provider` is optional (`AWS` or `GCP`, default `AWS`). */
export const CLOUD_ACCOUNT_CREATE_REQUIRED = [
    "accessKeyId",
    "accessSecretKey",
    "consolePassword",
    "consoleUsername",
    "name",
    "signInLoginUrl",
] as const;
/** `CloudAccountUpdateRequest.required`: the four credential fields; `name` and `signInLoginUrl` are optional. */
export const CLOUD_ACCOUNT_UPDATE_REQUIRED = ["accessKeyId", "accessSecretKey", "consolePassword", "consoleUsername"] as const;
/** The request fields that hold a secret: never logged, never in an error, never recorded by the stand-in. */
export const CLOUD_ACCOUNT_SECRET_FIELDS = ["accessSecretKey", "consolePassword"] as const;
export const CLOUD_ACCOUNT_PROVIDERS = ["AWS", "GCP"] as const;

/** `TaskStateUpdate.status`. */
export const TASK_STATUSES = ["initialized", "received", "processing-in-progress", "processing-completed", "processing-error"] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** The `ProcessorResponse.error` values this project acts on (the document lists about 400). */
export const REDIS_CLOUD_ERRORS = {
    invalidCredentials: "CLOUD_ACCOUNT_INVALID_CREDS",
    notFound: "CLOUD_ACCOUNT_NOT_FOUND",
    used: "CLOUD_ACCOUNT_USED",
    nameExists: "CLOUD_ACCOUNT_NAME_EXISTS",
    accessKeyExists: "CLOUD_ACCOUNT_ACCESS_KEY_EXISTS",
    badRequest: "BAD_REQUEST",
    unauthorized: "UNAUTHORIZED",
} as const;

export interface CloudAccountCreateRequest {
    name: string;
    provider?: (typeof CLOUD_ACCOUNT_PROVIDERS)[number];
    accessKeyId: string;
    accessSecretKey: string;
    consoleUsername: string;
    consolePassword: string;
    signInLoginUrl: string;
}
export type CloudAccountUpdateRequest = Omit<CloudAccountCreateRequest, "provider" | "name" | "signInLoginUrl"> & {
    name?: string;
    signInLoginUrl?: string;
};

/** `CloudAccount` as `GET /cloud-accounts/{id}` returns it: no secret is ever read back. */
export interface CloudAccount {
    id: number;
    name?: string;
    status?: string;
    accessKeyId?: string;
    signInLoginUrl?: string;
    provider?: string;
    awsUserArn?: string;
    awsConsoleRoleArn?: string;
}

/**
 * `ProcessorResponse`. The OpenAPI document types `error` as a string enum;
 * Redis's Go client reads an object `{type, status, description}`. Both are read.
 */
export interface ProcessorResponse {
    resourceId?: number;
    error?: string | { type?: string; status?: string; description?: string };
    additionalInfo?: string;
}
export interface TaskStateUpdate {
    taskId: string;
    commandType?: string;
    status: TaskStatus;
    description?: string;
    timestamp?: string;
    response?: ProcessorResponse;
}

/** The missing required fields of a create or update request, in the document's order. */
export function missingRequiredFields(body: unknown, required: readonly string[]): string[] {
    const record = typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
    return required.filter((field) => typeof record[field] !== "string" || record[field] === "");
}

/** Replaces every occurrence of each secret (of 4 characters or more) in `text` with `[secret]`. */
export function scrubSecrets(text: string, secrets: readonly (string | undefined)[]): string {
    let scrubbed = text;
    for (const secret of secrets) {
        if (typeof secret === "string" && secret.length >= 4) scrubbed = scrubbed.split(secret).join("[secret]");
    }
    return scrubbed;
}

/** A failed API call or task: its message is already scrubbed of every secret the client knows. */
export interface RedisCloudApiError extends Error {
    name: "RedisCloudApiError";
    /** The HTTP status, for an answer that was not 2xx. */
    status?: number;
    /** Redis's error code (`ProcessorResponse.error`), when it gave one. */
    code?: string;
}

/**
 * A plain `Error` with a name, status and code, not a subclass: Pulumi
 * serialises a dynamic provider's code, and a serialised subclass of `Error`
 * loses its message.
 */
export function redisCloudApiError(message: string, status?: number, code?: string): RedisCloudApiError {
    const error = new Error(message) as RedisCloudApiError;
    error.name = "RedisCloudApiError";
    if (status !== undefined) error.status = status;
    if (code !== undefined) error.code = code;
    return error;
}

/**
 * Whether `error` is a `RedisCloudApiError`, by its name: Pulumi runs a dynamic
 * provider's serialised code in a context of its own, where `instanceof` across
 * the boundary (even with `Error`) is not reliable.
 */
export function isRedisCloudApiError(error: unknown): error is RedisCloudApiError {
    return typeof error === "object" && error !== null && (error as { name?: unknown }).name === "RedisCloudApiError";
}

/** The message of anything thrown, without relying on `instanceof Error`. */
export function messageOf(error: unknown): string {
    const message = typeof error === "object" && error !== null ? (error as { message?: unknown }).message : undefined;
    return typeof message === "string" ? message : String(error);
}

/** What the client needs: where and who; the secrets are only sent as headers, and scrubbed from anything it reports. */
export interface RedisCloudApiTarget {
    url: string;
    apiKey: string;
    apiSecretKey: string;
}

export interface WaitOptions {
    /** Longest wait for one task to finish, in seconds. */
    taskTimeoutSeconds: number;
    /** Time between two polls of a task, in milliseconds. */
    pollMilliseconds: number;
    /** Called with a one-line progress report (no secret in it). */
    progress?: (line: string) => void;
}

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/** The error code and text of a processor response, in either of the two shapes. */
export function taskErrorOf(response: ProcessorResponse | undefined): { code: string; text: string } {
    const error = response?.error;
    if (typeof error === "string") return { code: error, text: response?.additionalInfo ?? "" };
    if (error && typeof error === "object") {
        return { code: error.type ?? "UNKNOWN", text: [error.status, error.description].filter(Boolean).join(" ") };
    }
    return { code: "UNKNOWN", text: response?.additionalInfo ?? "" };
}

/**
 * One call of the API. Throws `RedisCloudApiError` with a scrubbed message on
 * an unreachable API or a non-2xx answer; `secrets` are the request's own
 * secret values, scrubbed from the answer's body before it is quoted.
 */
export async function redisCloudCall<T>(
    target: RedisCloudApiTarget,
    method: "GET" | "POST" | "PUT" | "DELETE",
    path: string,
    body?: object,
    secrets: readonly string[] = [],
): Promise<{ status: number; body: T }> {
    const url = `${target.url.replace(/\/+$/, "")}${path}`;
    const scrub = (text: string) => scrubSecrets(text, [target.apiKey, target.apiSecretKey, ...secrets]);
    let response: Response;
    try {
        response = await fetch(url, {
            method,
            headers: {
                [REDIS_CLOUD_HEADERS.apiKey]: target.apiKey,
                [REDIS_CLOUD_HEADERS.apiSecretKey]: target.apiSecretKey,
                accept: "application/json",
                ...(body ? { "content-type": "application/json" } : {}),
            },
            body: body ? JSON.stringify(body) : undefined,
            signal: AbortSignal.timeout(30_000),
        });
    } catch (error) {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        const reason = cause?.code ?? cause?.message ?? messageOf(error);
        throw redisCloudApiError(
            scrub(
                `the Redis Cloud API at ${target.url} is unreachable (${reason}); check ${REDIS_CLOUD_ENV.url} or the network, and that the URL ends in /v1`,
            ),
        );
    }
    const text = await response.text();
    let parsed: unknown;
    try {
        parsed = text ? JSON.parse(text) : undefined;
    } catch {
        parsed = undefined;
    }
    if (!response.ok) {
        const known = parsed && typeof parsed === "object" ? taskErrorOf(parsed as ProcessorResponse) : undefined;
        const quoted = scrub(
            known && known.code !== "UNKNOWN" ? `${known.code}${known.text ? `: ${known.text}` : ""}` : text.slice(0, 500),
        );
        const hint =
            response.status === 401 || response.status === 403
                ? `; check the API keys (${REDIS_CLOUD_ENV.accessKey} is the account key, ${REDIS_CLOUD_ENV.secretKey} the user key) and that API access is enabled for the account`
                : "";
        throw redisCloudApiError(`${method} ${path} answered ${response.status}${hint}: ${quoted}`, response.status, known?.code);
    }
    return { status: response.status, body: parsed as T };
}

/**
 * Polls `GET /tasks/{taskId}` until the task ends, at most `taskTimeoutSeconds`.
 * Returns the completed task; throws on `processing-error` with Redis's own
 * error code and text (scrubbed), or when the wait runs out.
 */
export async function waitForTask(
    target: RedisCloudApiTarget,
    task: TaskStateUpdate,
    options: WaitOptions,
    secrets: readonly string[] = [],
): Promise<TaskStateUpdate> {
    const deadline = Date.now() + options.taskTimeoutSeconds * 1000;
    let current = task;
    let lastStatus = "";
    for (;;) {
        if (current.status !== lastStatus) {
            options.progress?.(`Redis Cloud task ${current.taskId} (${current.commandType ?? "command"}): ${current.status}`);
            lastStatus = current.status;
        }
        if (current.status === "processing-completed") return current;
        if (current.status === "processing-error") {
            const { code, text } = taskErrorOf(current.response);
            const scrubbed = scrubSecrets(`${code}${text ? `: ${text}` : ""}`, [target.apiKey, target.apiSecretKey, ...secrets]);
            throw redisCloudApiError(`Redis Cloud task ${current.taskId} failed: ${scrubbed}`, undefined, code);
        }
        if (Date.now() >= deadline) {
            throw redisCloudApiError(
                `Redis Cloud task ${current.taskId} did not finish within ${options.taskTimeoutSeconds} s (last status ${current.status}); it may still complete: check the Redis Cloud console before retrying`,
            );
        }
        await sleep(options.pollMilliseconds);
        current = (await redisCloudCall<TaskStateUpdate>(target, "GET", `/tasks/${encodeURIComponent(task.taskId)}`, undefined, secrets))
            .body;
    }
}

export interface RetryOptions {
    /** Longest total wait for IAM to propagate the new key, in seconds. */
    credentialsTimeoutSeconds: number;
    /** First wait between attempts, in milliseconds; it doubles up to `maxBackoffMilliseconds`. */
    initialBackoffMilliseconds: number;
    maxBackoffMilliseconds: number;
}

/**
 * Runs a write (create or update) and waits for its task, retrying while Redis
 * answers `CLOUD_ACCOUNT_INVALID_CREDS` (IAM has not propagated the new key
 * yet), with a doubling backoff, for at most `credentialsTimeoutSeconds`.
 */
export async function writeWithCredentialRetry(
    target: RedisCloudApiTarget,
    write: () => Promise<TaskStateUpdate>,
    options: WaitOptions & RetryOptions,
    secrets: readonly string[],
): Promise<TaskStateUpdate> {
    const deadline = Date.now() + options.credentialsTimeoutSeconds * 1000;
    let backoff = options.initialBackoffMilliseconds;
    for (let attempt = 1; ; attempt++) {
        try {
            return await waitForTask(target, await write(), options, secrets);
        } catch (error) {
            const invalid = isRedisCloudApiError(error) && error.code === REDIS_CLOUD_ERRORS.invalidCredentials;
            if (!invalid) throw error;
            if (Date.now() + backoff > deadline) {
                throw redisCloudApiError(
                    `Redis Cloud still answered ${REDIS_CLOUD_ERRORS.invalidCredentials} after ${attempt} attempts over ${options.credentialsTimeoutSeconds} s. ` +
                        "Check that the access key is active and belongs to redislabs-user, that RedislabsIAMUserRestrictedPolicy is attached to it, " +
                        "that the console password and sign-in URL are this account's, and that no SCP or permissions boundary denies Redis's actions; then run pulumi up again",
                    undefined,
                    REDIS_CLOUD_ERRORS.invalidCredentials,
                );
            }
            options.progress?.(
                `Redis Cloud does not accept the key yet (${REDIS_CLOUD_ERRORS.invalidCredentials}, attempt ${attempt}); IAM may still be propagating it: retrying in ${Math.round(backoff / 100) / 10} s`,
            );
            await sleep(backoff);
            backoff = Math.min(backoff * 2, options.maxBackoffMilliseconds);
        }
    }
}
