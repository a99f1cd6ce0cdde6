/**
 * Live discovery of what Redis Cloud manages in an account (issue 18), with
 * the AWS SDK v3 and the standard credential chain; `AWS_ENDPOINT_URL` is
 * honoured by the SDK itself. The guard pack loads this module only when
 * `discover` is configured (a dynamic import), so a pack without discovery
 * starts as before; the `discover` command uses it too.
 *
 * Calls, each in DISCOVERY_READ_ACTIONS (core/redis-discovery.ts), which the
 * README's least-privilege policy allows: STS GetCallerIdentity (once, then an
 * account not in `accounts` is skipped), optionally STS AssumeRole, then per
 * region the tagging API's GetResources (by tag key, every page) and EC2's
 * DescribeSecurityGroups / DescribeRouteTables / DescribeNetworkAcls filtered
 * by the Redis VPCs. Every call has its own deadline and the whole has one.
 */
import { EC2Client, DescribeNetworkAclsCommand, DescribeRouteTablesCommand, DescribeSecurityGroupsCommand } from "@aws-sdk/client-ec2";
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from "@aws-sdk/client-resource-groups-tagging-api";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import type { DiscoverConfig } from "../../core/discovery-config";
import { discoveredRedisIds, type VpcBuiltIns } from "../../core/redis-discovery";
import { readCache, writeCache, type CacheKey } from "./cache";

/** Why discovery failed, for the message and for tests. */
export type DiscoveryFailureKind = "no-credentials" | "access-denied" | "rejected-credentials" | "unreachable" | "timeout" | "failed";

/** A failed discovery: the message names the cause and the call, never a credential. */
export class DiscoveryError extends Error {
    constructor(
        readonly kind: DiscoveryFailureKind,
        message: string,
    ) {
        super(message);
        this.name = "DiscoveryError";
    }
}

export interface RegionOutcome {
    region: string;
    ids: string[];
    fromCache: boolean;
}

export interface DiscoveryOutcome {
    /** The account the credentials reach. */
    accountId: string;
    /** The account read: the caller's, or that of `roleArn` when one is assumed. */
    readAccountId: string;
    /** True when `accounts` does not name it: nothing but GetCallerIdentity was called. */
    skipped: boolean;
    /** Every discovered ID, sorted, without repeats. */
    ids: string[];
    regions: RegionOutcome[];
    /** The IAM action of every call made, in order. */
    calls: string[];
}

export interface DiscoveryOptions {
    /** The clock (tests move it to expire the cache). */
    now?: () => number;
}

const ROLE_SESSION_NAME = "redis-cloud-byoc-discovery";
/** EC2 filters take at most 200 values. */
const FILTER_VALUES_MAX = 200;

const errorName = (error: unknown) => String((error as { name?: string })?.name ?? "");
const ACCESS_DENIED = /AccessDenied|UnauthorizedOperation|NotAuthorized|Forbidden/;
const REJECTED = /InvalidClientTokenId|SignatureDoesNotMatch|ExpiredToken|UnrecognizedClient|AuthFailure|InvalidAccessKeyId/;
const UNREACHABLE = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EHOSTUNREACH|ENETUNREACH|socket hang up/;

/** Text from AWS or Node with anything credential-shaped removed: access key IDs, and the environment's secret values. */
export function scrub(text: string): string {
    let clean = text.replace(/\b(AKIA|ASIA)[A-Z0-9]{16}\b/g, "(an access key ID)");
    for (const name of ["AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"]) {
        const secret = process.env[name];
        if (secret && secret.length >= 8) clean = clean.split(secret).join(`(${name})`);
    }
    return clean;
}

/** The failure, as one sentence naming the cause and the call. */
export function describeDiscoveryError(error: unknown, action: string, region: string): DiscoveryError {
    if (error instanceof DiscoveryError) return error;
    const name = errorName(error);
    const code = String((error as { code?: string })?.code ?? "");
    const message = String((error as Error)?.message ?? error);
    if (/CredentialsProviderError|ProviderError|TokenProviderError/.test(name) || /Could not load credentials/i.test(message)) {
        return new DiscoveryError(
            "no-credentials",
            `no AWS credentials found (at ${action}): the pack reads with the standard chain of the shell that runs pulumi (AWS_PROFILE, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, SSO, an instance role)`,
        );
    }
    if (ACCESS_DENIED.test(name) || ACCESS_DENIED.test(code)) {
        return new DiscoveryError(
            "access-denied",
            `access denied on ${action} in ${region}: give the caller (or discover.roleArn) the discovery policy (docs/guard-pack.md, "Live discovery")`,
        );
    }
    if (REJECTED.test(name)) {
        return new DiscoveryError("rejected-credentials", `AWS rejected the credentials (${name}) on ${action} in ${region}`);
    }
    if (UNREACHABLE.test(name) || UNREACHABLE.test(code) || UNREACHABLE.test(message)) {
        const endpoint = process.env.AWS_ENDPOINT_URL ? ` ${scrub(process.env.AWS_ENDPOINT_URL)}` : ` of ${region}`;
        const cause = (UNREACHABLE.exec(`${code} ${name} ${message}`) ?? [name])[0];
        return new DiscoveryError("unreachable", `the AWS endpoint${endpoint} is unreachable on ${action} (${cause})`);
    }
    const first = scrub(message.split("\n")[0]).slice(0, 200);
    return new DiscoveryError("failed", `${action} in ${region} failed: ${scrub(name) || "error"}${first ? `: ${first}` : ""}`);
}

type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: Date };

/** One discovery run: its deadline, its clients and the calls it made. */
class Discovery {
    readonly calls: string[] = [];
    private readonly deadline: number;
    private readonly clients: Array<{ destroy(): void }> = [];

    constructor(private readonly config: DiscoverConfig) {
        this.deadline = Date.now() + config.totalTimeoutMs;
    }

    private clientConfig(region: string, credentials?: Credentials) {
        const timeout = this.config.callTimeoutMs;
        return {
            region,
            maxAttempts: 2,
            requestHandler: { connectionTimeout: timeout, requestTimeout: timeout },
            ...(credentials ? { credentials } : {}),
        };
    }

    client<T extends { destroy(): void }>(
        make: (config: ReturnType<Discovery["clientConfig"]>) => T,
        region: string,
        credentials?: Credentials,
    ): T {
        const client = make(this.clientConfig(region, credentials));
        this.clients.push(client);
        return client;
    }

    /** One call under the per-call deadline and what is left of the total one; every failure becomes a DiscoveryError. */
    async call<T>(action: string, region: string, send: (abortSignal: AbortSignal) => Promise<T>): Promise<T> {
        this.calls.push(action);
        const left = this.deadline - Date.now();
        const total = left <= this.config.callTimeoutMs;
        const timedOut = () =>
            new DiscoveryError(
                "timeout",
                total
                    ? `discovery did not finish within discover.totalTimeoutMs (${this.config.totalTimeoutMs} ms); it stopped at ${action} in ${region}`
                    : `${action} in ${region} did not answer within discover.callTimeoutMs (${this.config.callTimeoutMs} ms)`,
            );
        if (left <= 0) throw timedOut();
        const controller = new AbortController();
        let timer: NodeJS.Timeout | undefined;
        const expired = new Promise<never>((_, reject) => {
            timer = setTimeout(
                () => {
                    controller.abort();
                    reject(timedOut());
                },
                Math.min(left, this.config.callTimeoutMs),
            );
        });
        try {
            return await Promise.race([send(controller.signal), expired]);
        } catch (error) {
            throw describeDiscoveryError(error, action, region);
        } finally {
            clearTimeout(timer);
        }
    }

    close(): void {
        for (const client of this.clients) client.destroy();
    }
}

async function assumeRole(run: Discovery, config: DiscoverConfig, roleArn: string): Promise<Credentials> {
    const region = config.regions[0];
    const sts = run.client((c) => new STSClient(c), region);
    const answer = await run.call("sts:AssumeRole", region, (abortSignal) =>
        sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: ROLE_SESSION_NAME, DurationSeconds: 900 }), { abortSignal }),
    );
    const c = answer.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new DiscoveryError("failed", `sts:AssumeRole in ${region} returned no credentials`);
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
    const out: T[][] = [];
    for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
    return out;
}

/** Follows NextToken until the last page. */
async function allPages<T>(page: (token?: string) => Promise<{ items: T[]; next?: string }>): Promise<T[]> {
    const items: T[] = [];
    let token: string | undefined;
    do {
        const answer = await page(token);
        items.push(...answer.items);
        token = answer.next;
    } while (token);
    return items;
}

async function readRegion(run: Discovery, config: DiscoverConfig, region: string, credentials?: Credentials): Promise<string[]> {
    const tagging = run.client((c) => new ResourceGroupsTaggingAPIClient(c), region, credentials);
    const arns = await allPages(async (PaginationToken) => {
        const answer = await run.call("tag:GetResources", region, (abortSignal) =>
            tagging.send(
                new GetResourcesCommand({
                    TagFilters: [{ Key: config.tagKey }],
                    ResourceTypeFilters: ["ec2"],
                    ResourcesPerPage: 100,
                    ...(PaginationToken ? { PaginationToken } : {}),
                }),
                { abortSignal },
            ),
        );
        return {
            items: (answer.ResourceTagMappingList ?? []).map((m) => m.ResourceARN).filter((arn): arn is string => !!arn),
            next: answer.PaginationToken || undefined,
        };
    });
    const vpcIds = discoveredRedisIds(arns, { securityGroups: [], routeTables: [], networkAcls: [] }).filter((id) => id.startsWith("vpc-"));
    const builtIns = {
        securityGroups: [] as VpcBuiltIns["securityGroups"][number][],
        routeTables: [] as VpcBuiltIns["routeTables"][number][],
        networkAcls: [] as VpcBuiltIns["networkAcls"][number][],
    };
    if (vpcIds.length > 0) {
        const ec2 = run.client((c) => new EC2Client(c), region, credentials);
        for (const values of chunks(vpcIds, FILTER_VALUES_MAX)) {
            const Filters = [{ Name: "vpc-id", Values: values }];
            builtIns.securityGroups.push(
                ...(await allPages(async (NextToken) => {
                    const answer = await run.call("ec2:DescribeSecurityGroups", region, (abortSignal) =>
                        ec2.send(new DescribeSecurityGroupsCommand({ Filters, NextToken }), { abortSignal }),
                    );
                    return { items: answer.SecurityGroups ?? [], next: answer.NextToken };
                })),
            );
            builtIns.routeTables.push(
                ...(await allPages(async (NextToken) => {
                    const answer = await run.call("ec2:DescribeRouteTables", region, (abortSignal) =>
                        ec2.send(new DescribeRouteTablesCommand({ Filters, NextToken }), { abortSignal }),
                    );
                    return { items: answer.RouteTables ?? [], next: answer.NextToken };
                })),
            );
            builtIns.networkAcls.push(
                ...(await allPages(async (NextToken) => {
                    const answer = await run.call("ec2:DescribeNetworkAcls", region, (abortSignal) =>
                        ec2.send(new DescribeNetworkAclsCommand({ Filters, NextToken }), { abortSignal }),
                    );
                    return { items: answer.NetworkAcls ?? [], next: answer.NextToken };
                })),
            );
        }
    }
    return discoveredRedisIds(arns, builtIns);
}

/**
 * Discovers the IDs Redis Cloud manages in the account the credentials reach,
 * in every configured region, through the cache. Throws a DiscoveryError.
 */
export async function discoverRedisIds(config: DiscoverConfig, options: DiscoveryOptions = {}): Promise<DiscoveryOutcome> {
    const now = options.now ?? Date.now;
    const run = new Discovery(config);
    try {
        const first = config.regions[0];
        const sts = run.client((c) => new STSClient(c), first);
        const identity = await run.call("sts:GetCallerIdentity", first, (abortSignal) =>
            sts.send(new GetCallerIdentityCommand({}), { abortSignal }),
        );
        const accountId = identity.Account ?? "";
        if (!/^\d{12}$/.test(accountId)) throw new DiscoveryError("failed", `sts:GetCallerIdentity in ${first} returned no account`);
        if (config.accounts && !config.accounts.includes(accountId)) {
            return { accountId, readAccountId: accountId, skipped: true, ids: [], regions: [], calls: run.calls };
        }
        const roleArn = config.roleArn?.replace("{account}", accountId);
        // What is read, and so cached, is the role's account: two roles reached from one caller never share an entry.
        const readAccountId = roleArn ? roleArn.split(":")[4] : accountId;
        const key = (region: string): CacheKey => ({
            accountId: readAccountId,
            region,
            tagKey: config.tagKey,
            endpoint: process.env.AWS_ENDPOINT_URL ?? "",
        });
        const maxAgeMs = config.cacheSeconds * 1000;
        const cached = new Map(config.regions.map((region) => [region, readCache(key(region), maxAgeMs, now())] as const));
        const missing = config.regions.filter((region) => cached.get(region) === undefined);
        const credentials = missing.length > 0 && roleArn ? await assumeRole(run, config, roleArn) : undefined;
        const regions = await Promise.all(
            config.regions.map(async (region): Promise<RegionOutcome> => {
                const hit = cached.get(region);
                if (hit) return { region, ids: hit, fromCache: true };
                const ids = await readRegion(run, config, region, credentials);
                if (config.cacheSeconds > 0) writeCache(key(region), ids, now());
                return { region, ids, fromCache: false };
            }),
        );
        return {
            accountId,
            readAccountId,
            skipped: false,
            ids: [...new Set(regions.flatMap((r) => r.ids))].sort(),
            regions,
            calls: run.calls,
        };
    } finally {
        run.close();
    }
}
