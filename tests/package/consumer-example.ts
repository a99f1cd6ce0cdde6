/**
 * The npm package as another project gets it: `npm pack` this repository and
 * install the tarball into a copy of examples/consumer-ts. Shared by the
 * package test (mock engine) and the end-to-end test (real CLI).
 *
 * The consumer's other dependencies (@pulumi/*, @types/node, typescript,
 * ts-node) are links to this repository's node_modules. A fully offline
 * `npm install` of them resolves version ranges from registry metadata in the
 * npm cache, which a lockfile install (`npm ci`) need not have fetched: with an
 * empty cache it fails (ENOTCACHED); with a warm one it takes ~5 s and 190 MB.
 * Only the tarball itself is installed by npm, offline.
 */
import * as assert from "assert";
import { spawnSync, SpawnSyncReturns } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "../helpers";

export const CONSUMER_EXAMPLE = path.join(REPO_ROOT, "examples", "consumer-ts");
export const LINKED_DEPENDENCIES = [
    "@pulumi/pulumi",
    "@pulumi/aws",
    // The audit and discover commands'; the example lists them so that the links are kept (npm prunes what no one depends on).
    "@aws-sdk/client-ec2",
    "@aws-sdk/client-iam",
    "@aws-sdk/client-organizations",
    "@aws-sdk/client-resource-groups-tagging-api",
    "@aws-sdk/client-sts",
    // The plan command's: the guard pack's SDK, the policy config's schema check, and stack files.
    "@pulumi/policy",
    "ajv",
    "js-yaml",
    "@types/node",
    "typescript",
    "ts-node",
];

/** The environment without npm's own run-script variables, which would point a child npm at this repository. */
export function childEnv(): NodeJS.ProcessEnv {
    const keep = new Set([
        "npm_config_cache",
        "npm_config_userconfig",
        "npm_config_globalconfig",
        "npm_config_registry",
        "npm_config_cafile",
    ]);
    return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) || keep.has(key.toLowerCase())));
}

export function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = childEnv()): SpawnSyncReturns<string> {
    const result = spawnSync(command, args, { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    assert.ok(!result.error, `${command} ${args.join(" ")} did not start: ${result.error?.message}`);
    assert.strictEqual(result.status, 0, `${command} ${args.join(" ")} failed in ${cwd}:\n${result.stdout}\n${result.stderr}`);
    return result;
}

export const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(file, "utf8")) as T;

/** `npm pack` of this repository into `workDir` (scripts skipped: the caller's build is the one packed). */
export function packLibrary(workDir: string): { tarball: string; files: string[] } {
    const pack = run("npm", ["pack", "--pack-destination", workDir, "--ignore-scripts", "--json"], REPO_ROOT);
    const [packed] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
    return { tarball: path.join(workDir, packed.filename), files: packed.files.map((file) => file.path).sort() };
}

/** Copies examples/consumer-ts into `workDir/consumer-ts` and installs `tarball` there, offline. Returns the copy. */
export function installConsumerExample(workDir: string, tarball: string): string {
    type Manifest = { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    const root = readJson<Manifest>(path.join(REPO_ROOT, "package.json"));
    const example = readJson<Manifest>(path.join(CONSUMER_EXAMPLE, "package.json"));
    // Linking this repository's copies is only honest while the example asks for the same versions.
    for (const name of LINKED_DEPENDENCIES) {
        const wanted = example.dependencies[name] ?? example.devDependencies[name];
        assert.strictEqual(
            wanted,
            root.dependencies[name] ?? root.devDependencies[name],
            `examples/consumer-ts asks for ${name}@${wanted}`,
        );
    }
    const consumerDir = path.join(workDir, "consumer-ts");
    fs.cpSync(CONSUMER_EXAMPLE, consumerDir, { recursive: true, filter: (source) => !/node_modules|package-lock\.json/.test(source) });
    example.dependencies["redis-cloud-byoc-aws"] = `file:${tarball}`;
    fs.writeFileSync(path.join(consumerDir, "package.json"), JSON.stringify(example, null, 4));
    for (const name of LINKED_DEPENDENCIES) {
        const link = path.join(consumerDir, "node_modules", name);
        fs.mkdirSync(path.dirname(link), { recursive: true });
        fs.symlinkSync(path.join(REPO_ROOT, "node_modules", name), link, "dir");
    }
    const npmArgs = ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", "--no-package-lock", "--loglevel=error"];
    run("npm", [...npmArgs, "--prefix", consumerDir], consumerDir);
    return consumerDir;
}
