/**
 * `RedisCloudAccount`: the AWS account registered with Redis Cloud as a
 * "cloud account", through Redis's REST API, as a Pulumi resource.
 *
 * Mechanism: a Pulumi dynamic provider, deliberately. No Redis Cloud Pulumi
 * package can be had (FACTS.md), and a dynamic provider runs in any
 * TypeScript or JavaScript program with no plugin to install: the per-account
 * program and TypeScript consumers of the package get registration. Programs
 * in YAML, Python and other languages that use `RedisCloudIam` through
 * `PulumiPlugin.yaml` do not (the plugin serves the component only); they
 * register by hand or with Redis's own provider.
 *
 * What the provider does:
 * - check: the inputs are complete, and (when the API keys are known) the API
 *   answers `GET /cloud-accounts` with them, so wrong keys or an unreachable
 *   API stop the preview before anything changes;
 * - create: `POST /cloud-accounts`, then polls the task; retries
 *   `CLOUD_ACCOUNT_INVALID_CREDS` while IAM propagates the new key;
 * - read (refresh): `GET /cloud-accounts/{id}`: a changed name, access key ID
 *   or sign-in URL shows as drift; Redis never returns a secret, so a changed
 *   secret cannot be seen;
 * - update: `PUT /cloud-accounts/{id}` with the credentials;
 * - delete: `DELETE /cloud-accounts/{id}` and its task.
 *
 * Secrets: the access secret, the console password and both API keys are
 * secret inputs and secret outputs, so they are encrypted in state; the
 * serialised provider holds code only. Errors and progress lines are
 * scrubbed of every one of them. Nothing here has run against Redis Cloud:
 * the tests use a stand-in API.
 */
import * as pulumi from "@pulumi/pulumi";
import {
    REDIS_CLOUD_DEFAULT_URL,
    REDIS_CLOUD_ENV,
    REDIS_CLOUD_ERRORS,
    isRedisCloudApiError,
    messageOf,
    redisCloudCall,
    scrubSecrets,
    waitForTask,
    writeWithCredentialRetry,
    type CloudAccount,
    type RedisCloudApiTarget,
    type TaskStateUpdate,
} from "../core/redis-cloud-api";
import { argError } from "./validation";

const COMPONENT = "RedisCloudAccount";

export interface RedisCloudAccountArgs {
    /** The cloud account's display name in Redis Cloud, 1 to 100 characters. */
    name: pulumi.Input<string>;
    /** Access key ID of `redislabs-user` (`RedisCloudIam.accessKeyId`). */
    accessKeyId: pulumi.Input<string>;
    /** Its secret access key, in plaintext (`RedisCloudIam.secretAccessKey`; not usable with `pgpKey`). */
    accessSecretKey: pulumi.Input<string>;
    /** The console username, `redislabs-user` (`RedisCloudIam.consoleUsername`). */
    consoleUsername: pulumi.Input<string>;
    /** The console password, in plaintext (`RedisCloudIam.consolePassword`). */
    consolePassword: pulumi.Input<string>;
    /** The account's console sign-in URL (`RedisCloudIam.signInUrl`). */
    signInLoginUrl: pulumi.Input<string>;
    /** Redis Cloud API account key. Default: `$REDISCLOUD_ACCESS_KEY`. */
    apiKey?: pulumi.Input<string>;
    /** Redis Cloud API user key. Default: `$REDISCLOUD_SECRET_KEY`. */
    apiSecretKey?: pulumi.Input<string>;
    /** API base URL, ending in `/v1`. Default: `$REDISCLOUD_URL`, or Redis's `https://api.redislabs.com/v1`. */
    apiUrl?: string;
}

/** How long the provider waits: for one task (polled once a second), and for IAM to propagate a new key (retried from 2 s, doubling up to 16 s). */
export const REDIS_CLOUD_WAITS = {
    taskTimeoutSeconds: 600,
    pollMilliseconds: 1000,
    credentialsTimeoutSeconds: 120,
    initialBackoffMilliseconds: 2000,
    maxBackoffMilliseconds: 16000,
} as const;

/** The provider's inputs and outputs: every arg resolved, plus what Redis returns. */
export interface AccountState {
    name: string;
    provider: "AWS";
    accessKeyId: string;
    accessSecretKey: string;
    consoleUsername: string;
    consolePassword: string;
    signInLoginUrl: string;
    apiUrl: string;
    apiKey: string;
    apiSecretKey: string;
    cloudAccountId?: number;
    status?: string;
    awsUserArn?: string;
    awsConsoleRoleArn?: string;
}

/** The fields a change of which updates the account in place (the API keys and URL only say how to reach Redis). */
const UPDATABLE_FIELDS = ["name", "accessKeyId", "accessSecretKey", "consoleUsername", "consolePassword", "signInLoginUrl"] as const;
/** How the provider reaches Redis: stored, never sent as part of the account. */
const API_FIELDS = ["apiUrl", "apiKey", "apiSecretKey"] as const;
const REQUIRED_INPUTS = [...UPDATABLE_FIELDS, ...API_FIELDS] as const;
const SECRET_OUTPUTS = ["accessSecretKey", "consolePassword", "apiKey", "apiSecretKey"];

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

function targetOf(state: AccountState): RedisCloudApiTarget {
    return { url: state.apiUrl, apiKey: state.apiKey, apiSecretKey: state.apiSecretKey };
}

function secretsOf(state: AccountState): string[] {
    return [state.accessSecretKey, state.consolePassword, state.apiKey, state.apiSecretKey];
}

/** A progress line on the provider's stderr, which the engine shows; scrubbed, though none should hold a secret. */
function progressFor(state: AccountState): (line: string) => void {
    return (line) => console.error(`RedisCloudAccount "${state.name}": ${scrubSecrets(line, secretsOf(state))}`);
}

/** Rethrows with the resource's name, scrubbed once more. */
function failure(state: AccountState, action: string, error: unknown): Error {
    const message = messageOf(error);
    return new Error(`RedisCloudAccount "${state.name}": ${action} failed: ${scrubSecrets(message, secretsOf(state))}`);
}

function requestBody(state: AccountState) {
    return {
        name: state.name,
        accessKeyId: state.accessKeyId,
        accessSecretKey: state.accessSecretKey,
        consoleUsername: state.consoleUsername,
        consolePassword: state.consolePassword,
        signInLoginUrl: state.signInLoginUrl,
    };
}

async function readAccount(state: AccountState, id: string): Promise<CloudAccount | undefined> {
    try {
        return (await redisCloudCall<CloudAccount>(targetOf(state), "GET", `/cloud-accounts/${id}`, undefined, secretsOf(state))).body;
    } catch (error) {
        if (isRedisCloudApiError(error) && error.status === 404) return undefined;
        throw error;
    }
}

function withReadBack(state: AccountState, account: CloudAccount | undefined): AccountState {
    if (!account) return state;
    return {
        ...state,
        cloudAccountId: account.id,
        status: account.status,
        ...(account.name !== undefined ? { name: account.name } : {}),
        ...(account.accessKeyId !== undefined ? { accessKeyId: account.accessKeyId } : {}),
        ...(account.signInLoginUrl !== undefined ? { signInLoginUrl: account.signInLoginUrl } : {}),
        ...(account.awsUserArn !== undefined ? { awsUserArn: account.awsUserArn } : {}),
        ...(account.awsConsoleRoleArn !== undefined ? { awsConsoleRoleArn: account.awsConsoleRoleArn } : {}),
    };
}

async function write(state: AccountState, method: "POST" | "PUT", path: string): Promise<TaskStateUpdate> {
    const progress = progressFor(state);
    return writeWithCredentialRetry(
        targetOf(state),
        async () => (await redisCloudCall<TaskStateUpdate>(targetOf(state), method, path, requestBody(state), secretsOf(state))).body,
        { ...REDIS_CLOUD_WAITS, progress },
        secretsOf(state),
    );
}

/** The provider itself; exported for tests, which drive it against the stand-in API in-process. */
export const redisCloudAccountProvider: pulumi.dynamic.ResourceProvider<AccountState, AccountState> = {
    async check(_olds, news) {
        const failures = REQUIRED_INPUTS.filter((field) => news[field] === undefined || news[field] === "").map((field) => ({
            property: field,
            reason: `RedisCloudAccount: ${field} must be a non-empty string`,
        }));
        if (failures.length) return { inputs: news, failures };
        // Known keys: ask the API once, read-only, so that bad keys or an unreachable API fail the preview.
        const known = [news.apiUrl, news.apiKey, news.apiSecretKey].every((value) => typeof value === "string" && value !== UNKNOWN);
        if (known) {
            try {
                await redisCloudCall(targetOf(news), "GET", "/cloud-accounts", undefined, secretsOf(news));
            } catch (error) {
                throw failure(news, "checking the Redis Cloud API keys (GET /cloud-accounts)", error);
            }
        }
        return { inputs: news };
    },
    async diff(_id, olds, news) {
        const replaces = olds.provider !== news.provider ? ["provider"] : [];
        // New API keys or URL change nothing in Redis Cloud, but are stored, so that a later refresh or delete uses them.
        const changed = [...UPDATABLE_FIELDS, ...API_FIELDS].filter((field) => olds[field] !== news[field]);
        return { changes: changed.length + replaces.length > 0, replaces, deleteBeforeReplace: true };
    },
    async create(inputs) {
        try {
            const task = await write(inputs, "POST", "/cloud-accounts");
            const id = task.response?.resourceId;
            if (id === undefined) throw new Error(`Redis Cloud task ${task.taskId} completed without a resourceId`);
            return { id: String(id), outs: withReadBack({ ...inputs, cloudAccountId: id }, await readAccount(inputs, String(id))) };
        } catch (error) {
            throw failure(inputs, "registering the cloud account (POST /cloud-accounts)", error);
        }
    },
    async read(id, props) {
        if (!props)
            throw new Error(`RedisCloudAccount: importing cloud account ${id} is not supported; register it with pulumi up instead`);
        try {
            const account = await readAccount(props, id);
            // Gone from Redis Cloud: an empty ID tells the engine to drop it from state.
            if (!account) return { id: "", props: {} as AccountState };
            return { id, props: withReadBack(props, account) };
        } catch (error) {
            throw failure(props, `reading cloud account ${id} (GET /cloud-accounts/${id})`, error);
        }
    },
    async update(id, olds, news) {
        if (UPDATABLE_FIELDS.every((field) => olds[field] === news[field])) {
            return { outs: { ...olds, apiUrl: news.apiUrl, apiKey: news.apiKey, apiSecretKey: news.apiSecretKey } };
        }
        try {
            await write(news, "PUT", `/cloud-accounts/${id}`);
            return { outs: withReadBack({ ...news, cloudAccountId: Number(id) }, await readAccount(news, id)) };
        } catch (error) {
            throw failure(news, `updating cloud account ${id} (PUT /cloud-accounts/${id})`, error);
        }
    },
    async delete(id, props) {
        try {
            let task: TaskStateUpdate;
            try {
                task = (
                    await redisCloudCall<TaskStateUpdate>(targetOf(props), "DELETE", `/cloud-accounts/${id}`, undefined, secretsOf(props))
                ).body;
            } catch (error) {
                if (isRedisCloudApiError(error) && error.status === 404) return;
                throw error;
            }
            await waitForTask(targetOf(props), task, { ...REDIS_CLOUD_WAITS, progress: progressFor(props) }, secretsOf(props));
        } catch (error) {
            const used =
                isRedisCloudApiError(error) && error.code === REDIS_CLOUD_ERRORS.used
                    ? "; Redis Cloud keeps a cloud account while subscriptions use it: delete those subscriptions first (docs/deploy.md, Decommissioning)"
                    : "";
            throw failure(props, `deregistering cloud account ${id} (DELETE /cloud-accounts/${id})`, `${messageOf(error)}${used}`);
        }
    },
};

/** The API settings, from args or the environment; throws naming what is missing. */
export function resolveRedisCloudApi(args: Pick<RedisCloudAccountArgs, "apiKey" | "apiSecretKey" | "apiUrl">): {
    apiUrl: string;
    apiKey: pulumi.Input<string>;
    apiSecretKey: pulumi.Input<string>;
} {
    const apiKey = args.apiKey ?? process.env[REDIS_CLOUD_ENV.accessKey];
    const apiSecretKey = args.apiSecretKey ?? process.env[REDIS_CLOUD_ENV.secretKey];
    const missing = [
        ...(apiKey ? [] : [`the account key (apiKey, or $${REDIS_CLOUD_ENV.accessKey})`]),
        ...(apiSecretKey ? [] : [`the user key (apiSecretKey, or $${REDIS_CLOUD_ENV.secretKey})`]),
    ];
    if (missing.length) {
        throw argError(COMPONENT, apiKey ? "apiSecretKey" : "apiKey", `the Redis Cloud API keys are missing: ${missing.join(" and ")}`);
    }
    const apiUrl = args.apiUrl ?? process.env[REDIS_CLOUD_ENV.url] ?? REDIS_CLOUD_DEFAULT_URL;
    if (!/^https?:\/\/[^\s/]+(\/\S*)?$/.test(apiUrl)) {
        throw argError(COMPONENT, "apiUrl", `must be an http(s) URL such as ${REDIS_CLOUD_DEFAULT_URL}`);
    }
    return { apiUrl: apiUrl.replace(/\/+$/, ""), apiKey: apiKey!, apiSecretKey: apiSecretKey! };
}

/** Cloud account names: 1 to 100 characters (a limit this project sets; Redis documents none). */
export const CLOUD_ACCOUNT_NAME_LIMITS = { maxLength: 100 } as const;

export function checkCloudAccountName(field: string, value: unknown, component = COMPONENT): string {
    if (typeof value !== "string" || value.trim() === "" || value.length > CLOUD_ACCOUNT_NAME_LIMITS.maxLength) {
        throw argError(component, field, `must be a non-empty name of at most ${CLOUD_ACCOUNT_NAME_LIMITS.maxLength} characters`);
    }
    return value;
}

/**
 * The AWS account registered with Redis Cloud (a "cloud account"). Protect it
 * like every Redis resource: deleting it deregisters the account.
 */
export class RedisCloudAccount extends pulumi.dynamic.Resource {
    /** Redis Cloud's ID of the cloud account. */
    declare public readonly cloudAccountId: pulumi.Output<number>;
    /** Its status as Redis last reported it (for example `active`). */
    declare public readonly status: pulumi.Output<string>;
    /** The access key ID Redis holds. */
    declare public readonly accessKeyId: pulumi.Output<string>;

    constructor(name: string, args: RedisCloudAccountArgs, opts?: pulumi.CustomResourceOptions) {
        if (typeof args?.name === "string") checkCloudAccountName("name", args.name);
        const api = resolveRedisCloudApi(args);
        super(
            redisCloudAccountProvider,
            name,
            {
                name: args.name,
                provider: "AWS",
                accessKeyId: args.accessKeyId,
                accessSecretKey: pulumi.secret(args.accessSecretKey),
                consoleUsername: args.consoleUsername,
                consolePassword: pulumi.secret(args.consolePassword),
                signInLoginUrl: args.signInLoginUrl,
                apiUrl: api.apiUrl,
                apiKey: pulumi.secret(api.apiKey),
                apiSecretKey: pulumi.secret(api.apiSecretKey),
                cloudAccountId: undefined,
                status: undefined,
            },
            { ...opts, additionalSecretOutputs: [...SECRET_OUTPUTS, ...(opts?.additionalSecretOutputs ?? [])] },
            "redis-cloud-byoc-aws",
            "RedisCloudAccount",
        );
    }
}
