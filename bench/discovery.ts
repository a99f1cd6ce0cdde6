/**
 * `npm run bench:discovery`: what live discovery costs (issue 18), against
 * moto on loopback (`moto_server` on PATH: pip install -r
 * requirements-aws-tests.txt). moto stands in for AWS: its latency is a
 * loopback's, not a region's, so the figures are the pack's and the SDK's own
 * work, not AWS's. Prints a Markdown table; with `--write`, also writes it
 * to bench/DISCOVERY.md.
 *
 * - a discovery without cache (what the first preview of an interval pays),
 *   over a footprint with enough tagged resources for two tagging-API pages;
 * - a discovery from the cache (every other preview: one STS call);
 * - loading the reader module (the SDK clients), paid once per pack process;
 * - in-process Analyze per resource, discovery off vs on once its answer is in.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import * as ec2 from "@aws-sdk/client-ec2";
import { parseDiscoverConfig } from "../core/discovery-config";
import { REDIS_TAG_KEY } from "../core/redis-documents";
import { REDIS_GUARD_POLICIES } from "../policy-pack/policies";
import { decode, timeInProcess } from "./in-process";
import { BENCH_POLICY_CONFIG, syntheticStack } from "./stacks";
import { formatSummary, nowMs, summarize } from "./stats";

const RUNS = Number(process.env.BENCH_DISCOVERY_RUNS ?? 15);
const TAGGED_VOLUMES = 150;
const STACK_SIZE = 10_000;

async function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const { port } = server.address() as net.AddressInfo;
            server.close(() => resolve(port));
        });
    });
}

async function startMoto(): Promise<{ endpoint: string; stop: () => void }> {
    const port = await freePort();
    const child = spawn("moto_server", ["-H", "127.0.0.1", "-p", String(port)], { stdio: "ignore" });
    const endpoint = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 300; i++) {
        try {
            if ((await fetch(`${endpoint}/moto-api/`)).ok) return { endpoint, stop: () => child.kill() };
        } catch {
            await new Promise((resolve) => setTimeout(resolve, 100));
        }
    }
    child.kill();
    throw new Error("moto_server did not start (pip install -r requirements-aws-tests.txt)");
}

async function footprint(): Promise<void> {
    const client = new ec2.EC2Client({});
    const Tags = [{ Key: REDIS_TAG_KEY, Value: "bench" }];
    const vpc = (
        await client.send(new ec2.CreateVpcCommand({ CidrBlock: "10.0.0.0/16", TagSpecifications: [{ ResourceType: "vpc", Tags }] }))
    ).Vpc!.VpcId!;
    for (let i = 0; i < 3; i++) {
        await client.send(
            new ec2.CreateSubnetCommand({ VpcId: vpc, CidrBlock: `10.0.${i}.0/24`, TagSpecifications: [{ ResourceType: "subnet", Tags }] }),
        );
    }
    for (let i = 0; i < TAGGED_VOLUMES; i++) {
        await client.send(
            new ec2.CreateVolumeCommand({ AvailabilityZone: "us-east-1a", Size: 8, TagSpecifications: [{ ResourceType: "volume", Tags }] }),
        );
    }
    client.destroy();
}

async function main(): Promise<void> {
    const moto = await startMoto();
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bench-discovery-"));
    Object.assign(process.env, {
        AWS_ENDPOINT_URL: moto.endpoint,
        AWS_REGION: "us-east-1",
        AWS_ACCESS_KEY_ID: "testing",
        AWS_SECRET_ACCESS_KEY: "testing",
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
        TMPDIR: tmp,
    });
    try {
        const loadStart = nowMs();
        const { discoverRedisIds } = await import("../policy-pack/discovery/discover");
        const loadMs = nowMs() - loadStart;
        await footprint();

        const uncachedConfig = parseDiscoverConfig({ regions: ["us-east-1"], cacheSeconds: 0 }).config!;
        const cachedConfig = parseDiscoverConfig({ regions: ["us-east-1"], cacheSeconds: 900 }).config!;
        let ids = 0;
        let calls: string[] = [];
        const uncached: number[] = [];
        for (let i = 0; i < RUNS; i++) {
            const started = nowMs();
            const outcome = await discoverRedisIds(uncachedConfig);
            uncached.push(nowMs() - started);
            ids = outcome.ids.length;
            calls = outcome.calls;
        }
        await discoverRedisIds(cachedConfig);
        const cached: number[] = [];
        for (let i = 0; i < RUNS; i++) {
            const started = nowMs();
            const outcome = await discoverRedisIds(cachedConfig);
            if (!outcome.regions.every((r) => r.fromCache)) throw new Error("the cache was not used");
            cached.push(nowMs() - started);
        }

        const stack = decode(syntheticStack(STACK_SIZE));
        const listed = BENCH_POLICY_CONFIG;
        const ids_config = BENCH_POLICY_CONFIG["redis-managed-ids-protected"];
        const withDiscovery = {
            ...BENCH_POLICY_CONFIG,
            "redis-managed-ids-protected": {
                ...ids_config,
                properties: { ...(ids_config?.properties ?? {}), discover: { regions: ["us-east-1"], cacheSeconds: 900 } },
            },
        };
        const perResource = async (config: typeof listed) => {
            await timeInProcess(REDIS_GUARD_POLICIES, stack.slice(0, 100), config); // warm-up; with discover, its answer arrives here
            const samples: number[] = [];
            for (let i = 0; i < 5; i++) samples.push(((await timeInProcess(REDIS_GUARD_POLICIES, stack, config)).ms * 1000) / STACK_SIZE);
            return summarize(samples);
        };
        const off = await perResource(listed);
        const on = await perResource(withDiscovery);

        const rows = [
            ["loading the reader (SDK clients), once per pack process with discover", `${loadMs.toFixed(0)} ms (1 run)`],
            [
                `discovery without cache: ${calls.length} calls (${[...new Set(calls)].join(", ")}), ${ids} IDs`,
                formatSummary(summarize(uncached), "ms"),
            ],
            ["discovery from the cache (sts:GetCallerIdentity only)", formatSummary(summarize(cached), "ms")],
            [
                `in-process Analyze, whole pack, ${STACK_SIZE.toLocaleString("en")} resources: discovery off`,
                formatSummary(off, "µs/resource"),
            ],
            [`the same with discover, after its answer (${ids} more IDs)`, formatSummary(on, "µs/resource")],
        ];
        const table = [
            "# Live discovery: benchmarks",
            "",
            "Generated by `npm run bench:discovery -- --write`. Do not edit by hand: rerun to refresh. moto on loopback stands in for AWS, so the calls' latency is a loopback's, not a region's; the machine is shared, so the in-process figures carry other work's noise.",
            "",
            [
                `Live discovery against moto on loopback (${os.cpus().length} cores, Node ${process.version}, ${new Date().toISOString()}); ${RUNS} runs each unless noted; median (min–max, runs).`,
                "",
                "| what | measured |",
                "| --- | --- |",
                ...rows.map(([what, measured]) => `| ${what} | ${measured} |`),
                "",
            ].join("\n"),
        ].join("\n");
        process.stdout.write(table);
        if (process.argv.includes("--write")) fs.writeFileSync(path.join(__dirname, "DISCOVERY.md"), table);
    } finally {
        moto.stop();
        fs.rmSync(tmp, { recursive: true, force: true });
    }
}

main().then(
    () => process.exit(0),
    (error: Error) => {
        process.stderr.write(`bench:discovery: ${error.message}\n`);
        process.exit(1);
    },
);
