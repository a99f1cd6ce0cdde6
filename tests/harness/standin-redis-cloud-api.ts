/**
 * A STAND-IN for the Redis Cloud API, for tests only: a local HTTP server on a
 * free loopback port, started and stopped by the tests. It is not Redis Cloud
 * and knows nothing of AWS; it implements the documented contract for cloud
 * accounts and tasks as core/redis-cloud-api.ts records it from Redis's OpenAPI
 * document:
 *
 * - every request needs both `x-api-key` and `x-api-secret-key`, matching the
 *   pair it was started with, or it answers 401;
 * - `POST /cloud-accounts` and `PUT /cloud-accounts/{id}` check the required
 *   fields of `CloudAccountCreateRequest` / `CloudAccountUpdateRequest` and
 *   answer 400 naming the missing ones, in the shape of `ProcessorResponse`
 *   (`{error, additionalInfo}`; the document gives no body for a 400);
 * - writes answer 202 with a task that moves `received` ->
 *   `processing-in-progress` -> `processing-completed` or `processing-error`,
 *   one step per `taskStepMilliseconds`, read with `GET /tasks/{id}`;
 * - a task that checks credentials fails with `CLOUD_ACCOUNT_INVALID_CREDS`
 *   while the access key ID was first seen less than `propagationMilliseconds`
 *   ago, which is how IAM propagation looks to Redis;
 * - every call is recorded (method, path, status, time, body) with each secret field
 *   replaced by `"[redacted]"` and no header value at all.
 */
import * as http from "http";
import type { AddressInfo } from "net";
import {
    CLOUD_ACCOUNT_CREATE_REQUIRED,
    CLOUD_ACCOUNT_PROVIDERS,
    CLOUD_ACCOUNT_SECRET_FIELDS,
    CLOUD_ACCOUNT_UPDATE_REQUIRED,
    REDIS_CLOUD_ERRORS,
    REDIS_CLOUD_HEADERS,
    missingRequiredFields,
    type CloudAccount,
    type TaskStateUpdate,
} from "../../core/redis-cloud-api";

export interface StandInRedisCloudApiOptions {
    apiKey: string;
    apiSecretKey: string;
    /** How long an access key ID must have been seen before Redis accepts it. Default 0. */
    propagationMilliseconds?: number;
    /** How long a task stays in each state before the next. Default 50. */
    taskStepMilliseconds?: number;
    /** Called when a task accepts an access key: Redis has used it (see standin-iam-last-used.ts). */
    onKeyAccepted?: (accessKeyId: string) => void;
}

export interface RecordedCall {
    method: string;
    path: string;
    status: number;
    /** When it was answered, in ms since the epoch (to order it against the stand-in aws provider's log). */
    at: number;
    /** The request body, secret fields replaced by "[redacted]". */
    body?: Record<string, unknown>;
}

interface StoredAccount extends CloudAccount {
    consoleUsername: string;
    /** Kept only to answer like Redis would; never recorded, never returned. */
    secrets: Record<string, string>;
}

interface StoredTask {
    task: TaskStateUpdate;
    createdAt: number;
    /** Decides the outcome when the task reaches its last step. */
    finish: () => TaskStateUpdate["response"] & { failed?: boolean };
    finished?: TaskStateUpdate["response"] & { failed?: boolean };
}

export class StandInRedisCloudApi {
    readonly calls: RecordedCall[] = [];
    readonly accounts = new Map<number, StoredAccount>();
    private readonly tasks = new Map<string, StoredTask>();
    private readonly firstSeen = new Map<string, number>();
    private nextAccountId = 1001;
    private nextTaskId = 1;
    private server?: http.Server;
    private readonly options: Required<Omit<StandInRedisCloudApiOptions, "onKeyAccepted">> &
        Pick<StandInRedisCloudApiOptions, "onKeyAccepted">;

    constructor(options: StandInRedisCloudApiOptions) {
        this.options = { propagationMilliseconds: 0, taskStepMilliseconds: 50, ...options };
    }

    /** Starts on 127.0.0.1 and a free port; resolves to the base URL (ending in /v1), as REDISCLOUD_URL takes it. */
    async start(): Promise<string> {
        this.server = http.createServer((request, response) => void this.handle(request, response));
        await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
        return this.url;
    }

    get url(): string {
        const address = this.server?.address() as AddressInfo | null;
        if (!address) throw new Error("the stand-in Redis Cloud API is not started");
        return `http://127.0.0.1:${address.port}/v1`;
    }

    async stop(): Promise<void> {
        const server = this.server;
        this.server = undefined;
        if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    }

    /** Replaces the API keys it accepts, as a rotation of Redis Cloud API keys would. */
    setApiKeys(apiKey: string, apiSecretKey: string): void {
        Object.assign(this.options, { apiKey, apiSecretKey });
    }

    /** Sets the propagation delay from now on (tests change it between runs). */
    setPropagationMilliseconds(milliseconds: number): void {
        this.options.propagationMilliseconds = milliseconds;
    }

    private record(method: string, path: string, status: number, body?: unknown) {
        let redacted: Record<string, unknown> | undefined;
        if (body && typeof body === "object" && !Array.isArray(body)) {
            redacted = { ...(body as Record<string, unknown>) };
            for (const field of CLOUD_ACCOUNT_SECRET_FIELDS) if (field in redacted) redacted[field] = "[redacted]";
        }
        this.calls.push({ method, path, status, at: performance.timeOrigin + performance.now(), ...(redacted ? { body: redacted } : {}) });
    }

    private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
        const method = request.method ?? "GET";
        const path = (request.url ?? "/").split("?")[0];
        const chunks: Buffer[] = [];
        for await (const chunk of request) chunks.push(chunk as Buffer);
        const text = Buffer.concat(chunks).toString("utf8");
        let body: unknown = undefined;
        const send = (status: number, payload: unknown) => {
            this.record(method, path, status, body);
            response.writeHead(status, { "content-type": "application/json" });
            response.end(JSON.stringify(payload));
        };
        if (
            request.headers[REDIS_CLOUD_HEADERS.apiKey] !== this.options.apiKey ||
            request.headers[REDIS_CLOUD_HEADERS.apiSecretKey] !== this.options.apiSecretKey
        ) {
            return send(401, { error: REDIS_CLOUD_ERRORS.unauthorized, additionalInfo: "Authentication failed for requested resource" });
        }
        if (text) {
            try {
                body = JSON.parse(text);
            } catch {
                return send(400, { error: REDIS_CLOUD_ERRORS.badRequest, additionalInfo: "Request body is not valid JSON" });
            }
        }
        const accountMatch = /^\/v1\/cloud-accounts\/(\d+)$/.exec(path);
        const taskMatch = /^\/v1\/tasks\/([^/]+)$/.exec(path);
        if (path === "/v1/cloud-accounts" && method === "GET") {
            return send(200, { accountId: 40131, cloudAccounts: [...this.accounts.values()].map(publicView) });
        }
        if (path === "/v1/cloud-accounts" && method === "POST") return this.create(body, send);
        if (accountMatch) {
            const id = Number(accountMatch[1]);
            const account = this.accounts.get(id);
            if (!account) return send(404, { error: REDIS_CLOUD_ERRORS.notFound, additionalInfo: `Cloud account ${id} not found` });
            if (method === "GET") return send(200, publicView(account));
            if (method === "PUT") return this.update(account, body, send);
            if (method === "DELETE") {
                return send(
                    200,
                    this.task("delete-cloud-account", () => {
                        this.accounts.delete(id);
                        return { resourceId: id };
                    }),
                );
            }
        }
        if (taskMatch && method === "GET") {
            const stored = this.tasks.get(taskMatch[1]);
            if (!stored) return send(404, { error: "TASK_NOT_FOUND", additionalInfo: `Task ${taskMatch[1]} not found` });
            return send(200, this.advance(stored));
        }
        return send(404, { error: "NOT_FOUND", additionalInfo: `${method} ${path} is not part of the stand-in` });
    }

    private badFields(body: unknown, required: readonly string[]): string | undefined {
        const missing = missingRequiredFields(body, required);
        if (missing.length) return `Missing required field(s): ${missing.join(", ")}`;
        const provider = (body as Record<string, unknown>).provider;
        if (provider !== undefined && !(CLOUD_ACCOUNT_PROVIDERS as readonly unknown[]).includes(provider)) {
            return `provider must be one of ${CLOUD_ACCOUNT_PROVIDERS.join(", ")}`;
        }
        return undefined;
    }

    /** Whether Redis would accept this key now: it has been seen for long enough. */
    private propagated(accessKeyId: string): boolean {
        const now = Date.now();
        if (!this.firstSeen.has(accessKeyId)) this.firstSeen.set(accessKeyId, now);
        return now - this.firstSeen.get(accessKeyId)! >= this.options.propagationMilliseconds;
    }

    private invalidCreds() {
        return { failed: true, error: REDIS_CLOUD_ERRORS.invalidCredentials, additionalInfo: "Invalid credentials provided" };
    }

    private create(body: unknown, send: (status: number, payload: unknown) => void) {
        const problem = this.badFields(body, CLOUD_ACCOUNT_CREATE_REQUIRED);
        if (problem) return send(400, { error: REDIS_CLOUD_ERRORS.badRequest, additionalInfo: problem });
        const request = body as Record<string, string>;
        this.propagated(request.accessKeyId);
        send(
            202,
            this.task("create-cloud-account", () => {
                if (!this.propagated(request.accessKeyId)) return this.invalidCreds();
                if ([...this.accounts.values()].some((a) => a.name === request.name)) {
                    return {
                        failed: true,
                        error: REDIS_CLOUD_ERRORS.nameExists,
                        additionalInfo: `Cloud account name ${request.name} exists`,
                    };
                }
                const id = this.nextAccountId++;
                this.accounts.set(id, {
                    id,
                    name: request.name,
                    provider: request.provider ?? "AWS",
                    status: "active",
                    accessKeyId: request.accessKeyId,
                    signInLoginUrl: request.signInLoginUrl,
                    consoleUsername: request.consoleUsername,
                    secrets: { accessSecretKey: request.accessSecretKey, consolePassword: request.consolePassword },
                });
                this.options.onKeyAccepted?.(request.accessKeyId);
                return { resourceId: id };
            }),
        );
    }

    private update(account: StoredAccount, body: unknown, send: (status: number, payload: unknown) => void) {
        const problem = this.badFields(body, CLOUD_ACCOUNT_UPDATE_REQUIRED);
        if (problem) return send(400, { error: REDIS_CLOUD_ERRORS.badRequest, additionalInfo: problem });
        const request = body as Record<string, string>;
        this.propagated(request.accessKeyId);
        send(
            202,
            this.task("update-cloud-account", () => {
                if (!this.propagated(request.accessKeyId)) return this.invalidCreds();
                Object.assign(account, {
                    name: request.name ?? account.name,
                    accessKeyId: request.accessKeyId,
                    signInLoginUrl: request.signInLoginUrl ?? account.signInLoginUrl,
                    consoleUsername: request.consoleUsername,
                    secrets: { accessSecretKey: request.accessSecretKey, consolePassword: request.consolePassword },
                });
                this.options.onKeyAccepted?.(request.accessKeyId);
                return { resourceId: account.id };
            }),
        );
    }

    private task(commandType: string, finish: StoredTask["finish"]): TaskStateUpdate {
        const taskId = `00000000-0000-4000-8000-${String(this.nextTaskId++).padStart(12, "0")}`;
        const task: TaskStateUpdate = {
            taskId,
            commandType,
            status: "received",
            description: "Task request received and is being queued for processing.",
            timestamp: new Date().toISOString(),
        };
        this.tasks.set(taskId, { task, createdAt: Date.now(), finish });
        return { ...task };
    }

    /** The task's state now: one step per `taskStepMilliseconds` since it was received. */
    private advance(stored: StoredTask): TaskStateUpdate {
        const steps = Math.floor((Date.now() - stored.createdAt) / this.options.taskStepMilliseconds);
        if (steps < 1) return { ...stored.task };
        if (steps < 2) return { ...stored.task, status: "processing-in-progress", description: "Task is being processed." };
        stored.finished ??= stored.finish();
        const { failed, ...response } = stored.finished;
        return {
            ...stored.task,
            status: failed ? "processing-error" : "processing-completed",
            description: failed ? "Task request failed during processing." : "Request processing completed successfully.",
            timestamp: new Date().toISOString(),
            response,
        };
    }
}

/** What GET answers for an account: never a secret. */
function publicView(account: StoredAccount): CloudAccount {
    const { id, name, status, accessKeyId, signInLoginUrl, provider } = account;
    return { id, name, status, accessKeyId, signInLoginUrl, provider };
}

/** Starts a stand-in in this process; the engine tests hand its URL to the CLI, whose dynamic provider calls it over HTTP. */
export async function startStandInRedisCloudApi(options: StandInRedisCloudApiOptions): Promise<StandInRedisCloudApi> {
    const api = new StandInRedisCloudApi(options);
    await api.start();
    return api;
}
