/**
 * Live discovery (issue 18) on moto, with the real AWS SDK, through the pack's
 * protocol: the SDK's own handlers in-process, and once the pack spawned as
 * the CLI starts it. moto stands in for AWS here; nothing ran against AWS.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import * as iam from "@aws-sdk/client-iam";
import { runDiscover } from "../../audit/discover-cli";
import { validateRedisManagedGuardrailArgs } from "../../components/redis-managed-guardrail";
import { AnalyzerClient, AnalyzerResource, Diagnostic } from "../../plan/analyzer-client";
import { parseDiscoverConfig } from "../../core/discovery-config";
import { DISCOVERY_READ_ONLY_POLICY } from "../../core/redis-discovery";
import { discoverRedisIds } from "../../policy-pack/discovery/discover";
import { cacheDirectory } from "../../policy-pack/discovery/cache";
import { startInProcessAnalyzer } from "../harness/in-process-analyzer";
import { REPO_ROOT } from "../helpers";
import { useVariant } from "./hooks";
import { MOTO_ACCOUNT_ID, freeLoopbackPort } from "./moto-server";
import { addTaggedVolume, buildFootprint, Footprint, protectedOf } from "./redis-footprint";

const POLICY = "redis-managed-ids-protected";
const REGION = "us-east-1";
const OTHER_ACCOUNT = "210987654321";

/** A resource that names `id`: an EC2 tag on it, which the policy blocks on any Redis ID. */
const tagOn = (id: string): AnalyzerResource => ({
    type: "aws:ec2/tag:Tag",
    name: `tag-${id}`,
    urn: `urn:pulumi:prod::acct::aws:ec2/tag:Tag::tag-${id}`,
    properties: { resourceId: id, key: "team", value: "platform" },
});

const discover = (extra: Record<string, unknown> = {}) => ({ regions: [REGION], cacheSeconds: 0, ...extra });

/** One preview: Configure, then Analyze of each resource in order; this policy's diagnostics per resource. */
async function preview(analyzer: AnalyzerClient, properties: Record<string, unknown>, resources: AnalyzerResource[]) {
    await analyzer.configure({ [POLICY]: { properties } });
    const found: Diagnostic[][] = [];
    for (const resource of resources) found.push((await analyzer.analyze(resource)).filter((d) => d.policyName === POLICY));
    return found;
}

const violatingIds = (ids: string[], found: Diagnostic[][]) =>
    ids.filter((_, i) => found[i].some((d) => /Field "resourceId" names a Redis-managed resource/.test(d.message)));

/** The environment a test changes, put back after it. */
function restoreEnvAfterEach(...names: string[]) {
    let saved: Record<string, string | undefined> = {};
    beforeEach(() => (saved = Object.fromEntries(names.map((name) => [name, process.env[name]]))));
    afterEach(() => {
        for (const [name, value] of Object.entries(saved)) {
            if (value === undefined) delete process.env[name];
            else process.env[name] = value;
        }
    });
}

describe("live discovery of Redis's resources, on moto", function () {
    this.timeout(60_000);
    let footprint: Footprint;
    let tmp: string;
    restoreEnvAfterEach("TMPDIR", "AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN");

    beforeEach(async () => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "discovery-test-"));
        footprint = await buildFootprint();
        // The cache lives under os.tmpdir(): each test gets its own.
        process.env.TMPDIR = tmp;
    });
    afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it("protects every tagged resource and the untagged defaults of the Redis VPC with an empty resourceIds; not the customer's neighbours", async () => {
        const mine = Object.values(footprint.customer);
        const redis = protectedOf(footprint);
        const all = [...redis, ...mine];
        const found = await preview(startInProcessAnalyzer(), { resourceIds: [], discover: discover() }, all.map(tagOn));
        assert.deepStrictEqual(violatingIds(all, found).sort(), redis);
        assert.strictEqual(redis.length, 10, "7 tagged kinds and 3 built-ins");
        for (const diagnostics of found) for (const d of diagnostics) assert.strictEqual(d.enforcementLevel, "mandatory");
    });

    it("discovers the same through the pack spawned as the CLI starts it, in Analyze and AnalyzeStack", async () => {
        const analyzer = await AnalyzerClient.start(path.join(REPO_ROOT, "policy-pack"));
        try {
            const found = await preview(analyzer, { discover: discover() }, [
                tagOn(footprint.tagged.instance),
                tagOn(footprint.customer.vpc),
            ]);
            assert.deepStrictEqual(
                found.map((ds) => ds.length),
                [1, 0],
            );
            const stack = (
                await analyzer.analyzeStack([
                    { type: "aws:ec2/volume:EbsVolume", name: "imported", properties: { id: footprint.tagged.volume } },
                    { type: "aws:ec2/volume:EbsVolume", name: "mine", properties: { id: footprint.customer.volume } },
                ])
            ).filter((d) => d.policyName === POLICY);
            assert.strictEqual(stack.length, 1);
            assert.match(stack[0].message, /This aws:ec2\/volume:EbsVolume is a Redis-managed resource \(its output "id"/);
        } finally {
            await analyzer.stop();
        }
    });

    it("an account the config does not name: one STS call, nothing else read, nothing protected, nothing reported", async () => {
        const config = parseDiscoverConfig(discover({ accounts: [OTHER_ACCOUNT] })).config!;
        const outcome = await discoverRedisIds(config);
        assert.deepStrictEqual(outcome, {
            accountId: MOTO_ACCOUNT_ID,
            readAccountId: MOTO_ACCOUNT_ID,
            skipped: true,
            ids: [],
            regions: [],
            calls: ["sts:GetCallerIdentity"],
        });
        const found = await preview(startInProcessAnalyzer(), { discover: discover({ accounts: [OTHER_ACCOUNT] }) }, [
            tagOn(footprint.tagged.vpc),
        ]);
        assert.deepStrictEqual(found, [[]]);
        const named = await discoverRedisIds(parseDiscoverConfig(discover({ accounts: [OTHER_ACCOUNT, MOTO_ACCOUNT_ID] })).config!);
        assert.deepStrictEqual(named.ids, protectedOf(footprint));
    });

    it("reuses the cache within cacheSeconds and reads again once it has expired", async () => {
        const config = parseDiscoverConfig(discover({ cacheSeconds: 900 })).config!;
        const t0 = Date.now();
        const first = await discoverRedisIds(config, { now: () => t0 });
        assert.deepStrictEqual(
            first.regions.map((r) => r.fromCache),
            [false],
        );
        assert.ok(fs.readdirSync(cacheDirectory()).length === 1, "one entry for the account and region");
        assert.strictEqual(cacheDirectory().startsWith(tmp), true, "the cache is under os.tmpdir()");
        assert.strictEqual(fs.statSync(cacheDirectory()).mode & 0o777, 0o700);

        const healed = await addTaggedVolume();
        const cached = await discoverRedisIds(config, { now: () => t0 + 899_000 });
        assert.deepStrictEqual(
            cached.regions.map((r) => r.fromCache),
            [true],
        );
        assert.deepStrictEqual(cached.calls, ["sts:GetCallerIdentity"], "only the account is read");
        assert.ok(!cached.ids.includes(healed), "within the interval, the cached answer stands");

        const expired = await discoverRedisIds(config, { now: () => t0 + 900_001 });
        assert.deepStrictEqual(
            expired.regions.map((r) => r.fromCache),
            [false],
        );
        assert.ok(expired.ids.includes(healed), "after it, the new volume is found");
        assert.deepStrictEqual(expired.calls, [
            "sts:GetCallerIdentity",
            "tag:GetResources",
            "ec2:DescribeSecurityGroups",
            "ec2:DescribeRouteTables",
            "ec2:DescribeNetworkAcls",
        ]);
    });

    it("assumes discover.roleArn ({account} filled in) before reading", async () => {
        const client = new iam.IAMClient({});
        const trust = {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${MOTO_ACCOUNT_ID}:root` }, Action: "sts:AssumeRole" }],
        };
        await client.send(new iam.CreateRoleCommand({ RoleName: "redis-discovery", AssumeRolePolicyDocument: JSON.stringify(trust) }));
        const outcome = await discoverRedisIds(
            parseDiscoverConfig(discover({ roleArn: "arn:aws:iam::{account}:role/redis-discovery" })).config!,
        );
        assert.deepStrictEqual(outcome.calls.slice(0, 3), ["sts:GetCallerIdentity", "sts:AssumeRole", "tag:GetResources"]);
        assert.deepStrictEqual(outcome.ids, protectedOf(footprint));
    });

    it("caches by the account read: a role in another account never shares the caller's entry", async () => {
        const inOther = parseDiscoverConfig(
            discover({ cacheSeconds: 900, roleArn: `arn:aws:iam::${OTHER_ACCOUNT}:role/redis-discovery` }),
        ).config!;
        const own = parseDiscoverConfig(discover({ cacheSeconds: 900 })).config!;
        const other = await discoverRedisIds(inOther);
        assert.strictEqual(other.accountId, MOTO_ACCOUNT_ID);
        assert.strictEqual(other.readAccountId, OTHER_ACCOUNT);
        assert.deepStrictEqual(other.ids, [], "moto's other account holds nothing");
        const mine = await discoverRedisIds(own);
        assert.deepStrictEqual(
            mine.regions.map((r) => r.fromCache),
            [false],
            "not the other account's entry",
        );
        assert.deepStrictEqual(mine.ids, protectedOf(footprint));
        assert.strictEqual(fs.readdirSync(cacheDirectory()).length, 2);
    });

    describe("the discover command (read-only), for teams that will not let a pack call AWS", () => {
        /** `redis-cloud-byoc-aws discover ...` as the package's bin runs it (audit/cli.ts dispatches), from source. */
        const command = (...args: string[]) =>
            spawnSync(process.execPath, [require.resolve("ts-node/dist/bin.js"), "--transpile-only", "audit/cli.ts", "discover", ...args], {
                cwd: REPO_ROOT,
                encoding: "utf8",
                env: process.env,
            });

        it("prints a config that, fed back to the pack, protects the same set as live discovery", async () => {
            const out: string[] = [];
            const code = await runDiscover(
                ["discover", "--regions", REGION],
                (t) => out.push(t),
                () => undefined,
            );
            assert.strictEqual(code, 0);
            const printed = JSON.parse(out.join("\n"));
            assert.deepStrictEqual(Object.keys(printed), [POLICY]);
            const all = [...protectedOf(footprint), ...Object.values(footprint.customer)];
            const fromCommand = await preview(startInProcessAnalyzer(), printed[POLICY], all.map(tagOn));
            const live = await preview(startInProcessAnalyzer(), { discover: discover() }, all.map(tagOn));
            assert.deepStrictEqual(violatingIds(all, fromCommand).sort(), protectedOf(footprint));
            assert.deepStrictEqual(violatingIds(all, fromCommand), violatingIds(all, live));
        });

        it("with --guardrail-out, writes RedisManagedGuardrail args targeting the account, which the component accepts", async () => {
            const file = path.join(tmp, "guardrail.json");
            const code = await runDiscover(
                ["discover", "--regions", REGION, "--guardrail-out", file],
                () => undefined,
                () => undefined,
            );
            assert.strictEqual(code, 0);
            const args = JSON.parse(fs.readFileSync(file, "utf8"));
            assert.deepStrictEqual(args, { targetIds: [MOTO_ACCOUNT_ID] });
            assert.doesNotThrow(() => validateRedisManagedGuardrailArgs(args));
        });

        it("as a command: exit 0 with the config on stdout, 1 when nothing is found, 2 when AWS cannot be read", async () => {
            const found = command("--regions", REGION);
            assert.strictEqual(found.status, 0, found.stderr);
            assert.deepStrictEqual(JSON.parse(found.stdout)[POLICY].resourceIds, protectedOf(footprint));
            assert.match(found.stderr, new RegExp(`discover: us-east-1: 10 Redis-managed ID\\(s\\) in account ${MOTO_ACCOUNT_ID}`));

            const empty = command("--regions", "us-west-2");
            assert.strictEqual(empty.status, 1, empty.stderr);
            assert.deepStrictEqual(JSON.parse(empty.stdout)[POLICY].resourceIds, []);
            assert.match(empty.stderr, /nothing tagged RedisLabsIdentifier was found/);

            process.env.AWS_ENDPOINT_URL = `http://127.0.0.1:${await freeLoopbackPort()}`;
            const unreachable = command("--regions", REGION);
            assert.strictEqual(unreachable.status, 2);
            assert.strictEqual(unreachable.stdout, "");
            assert.match(
                unreachable.stderr,
                /^discover: the AWS endpoint http:\/\/127\.0\.0\.1:\d+ is unreachable on sts:GetCallerIdentity/,
            );
            assert.ok(!unreachable.stderr.includes(process.env.AWS_SECRET_ACCESS_KEY!));
        });
    });

    describe("failures: one message per preview, naming the cause, never a credential", () => {
        const resources = () => [tagOn(footprint.customer.vpc), tagOn(footprint.customer.subnet), tagOn(footprint.tagged.vpc)];

        it("an unreachable endpoint: one mandatory message on the first resource, none after; the listed IDs stay protected", async () => {
            const port = await freeLoopbackPort();
            process.env.AWS_ENDPOINT_URL = `http://127.0.0.1:${port}`;
            const found = await preview(
                startInProcessAnalyzer(),
                { resourceIds: [footprint.tagged.vpc], discover: discover() },
                resources(),
            );
            assert.deepStrictEqual(
                found.map((ds) => ds.length),
                [1, 0, 1],
            );
            assert.match(
                found[0][0].message,
                new RegExp(
                    `redis-managed-ids-protected could not discover Redis's resources, so it protects only the listed resourceIds: the AWS endpoint http://127\\.0\\.0\\.1:${port} is unreachable on sts:GetCallerIdentity \\(ECONNREFUSED\\)`,
                ),
            );
            assert.strictEqual(found[0][0].enforcementLevel, "mandatory");
            assert.match(found[2][0].message, /Field "resourceId"/);
        });

        it("with onFailure advisory, the same message is advisory", async () => {
            process.env.AWS_ENDPOINT_URL = `http://127.0.0.1:${await freeLoopbackPort()}`;
            const found = await preview(startInProcessAnalyzer(), { discover: discover({ onFailure: "advisory" }) }, resources());
            assert.deepStrictEqual(
                found.map((ds) => ds.map((d) => d.enforcementLevel)),
                [["advisory"], [], []],
            );
            assert.match(found[0][0].message, /unreachable on sts:GetCallerIdentity/);
        });

        it("an endpoint that accepts and never answers: stopped at callTimeoutMs, one message", async () => {
            const { port, close } = await silentServer();
            try {
                process.env.AWS_ENDPOINT_URL = `http://127.0.0.1:${port}`;
                const started = Date.now();
                const found = await preview(
                    startInProcessAnalyzer(),
                    { discover: discover({ callTimeoutMs: 300, totalTimeoutMs: 1000 }) },
                    resources(),
                );
                assert.ok(Date.now() - started < 5_000, "the preview was not held up");
                assert.deepStrictEqual(
                    found.map((ds) => ds.length),
                    [1, 0, 0],
                );
                assert.match(
                    found[0][0].message,
                    /sts:GetCallerIdentity in us-east-1 did not answer within discover\.callTimeoutMs \(300 ms\)/,
                );
            } finally {
                close();
            }
        });

        it("no credentials: one message saying so", async () => {
            delete process.env.AWS_ACCESS_KEY_ID;
            delete process.env.AWS_SECRET_ACCESS_KEY;
            Object.assign(process.env, {
                AWS_EC2_METADATA_DISABLED: "true",
                AWS_SHARED_CREDENTIALS_FILE: path.join(tmp, "none"),
                AWS_CONFIG_FILE: path.join(tmp, "none"),
            });
            try {
                const found = await preview(startInProcessAnalyzer(), { discover: discover() }, resources());
                assert.deepStrictEqual(
                    found.map((ds) => ds.length),
                    [1, 0, 0],
                );
                assert.match(found[0][0].message, /no AWS credentials found \(at sts:GetCallerIdentity\)/);
            } finally {
                for (const name of ["AWS_EC2_METADATA_DISABLED", "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE"])
                    delete process.env[name];
            }
        });

        it("access denied on a named call (IAM enforced): one message naming it; the least-privilege policy is enough", async () => {
            const server = await useVariant({ enforceIam: true });
            const built = await buildFootprint();
            const client = new iam.IAMClient({});
            const keyOf = async (user: string, policy: object) => {
                await client.send(new iam.CreateUserCommand({ UserName: user }));
                await client.send(
                    new iam.PutUserPolicyCommand({ UserName: user, PolicyName: "p", PolicyDocument: JSON.stringify(policy) }),
                );
                const key = (await client.send(new iam.CreateAccessKeyCommand({ UserName: user }))).AccessKey!;
                return { AWS_ACCESS_KEY_ID: key.AccessKeyId!, AWS_SECRET_ACCESS_KEY: key.SecretAccessKey! };
            };
            // moto names a tagging API action by its signing name, tagging:GetResources, where IAM says tag:GetResources
            // (moto's iam/access_control.py): a moto-only statement, beside what AWS would check.
            const motoTaggingName = { Sid: "MotoSigningName", Effect: "Allow" as const, Action: "tagging:GetResources", Resource: "*" };
            const withoutEc2 = {
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Action: ["sts:GetCallerIdentity", "tag:GetResources"], Resource: "*" }, motoTaggingName],
            };
            const denied = await keyOf("no-ec2", withoutEc2);
            const allowed = await keyOf("discovery", {
                ...DISCOVERY_READ_ONLY_POLICY,
                Statement: [...DISCOVERY_READ_ONLY_POLICY.Statement, motoTaggingName],
            });
            await server.enforceIamNow();

            Object.assign(process.env, denied);
            const found = await preview(startInProcessAnalyzer(), { discover: discover() }, [
                tagOn(built.customer.vpc),
                tagOn(built.tagged.vpc),
            ]);
            assert.deepStrictEqual(
                found.map((ds) => ds.length),
                [1, 0],
            );
            assert.match(
                found[0][0].message,
                /access denied on ec2:DescribeSecurityGroups in us-east-1: give the caller \(or discover\.roleArn\) the discovery policy/,
            );
            for (const secret of Object.values(denied)) assert.ok(!found[0][0].message.includes(secret), "no credential echoed");

            Object.assign(process.env, allowed);
            const outcome = await discoverRedisIds(parseDiscoverConfig(discover()).config!);
            assert.deepStrictEqual(outcome.ids, protectedOf(built));
        });
    });
});

/** A loopback server that accepts connections and never answers. */
async function silentServer(): Promise<{ port: number; close: () => void }> {
    const sockets: net.Socket[] = [];
    const server = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return {
        port: (server.address() as net.AddressInfo).port,
        close: () => {
            for (const socket of sockets) socket.destroy();
            server.close();
        },
    };
}
