/**
 * The npm package as another project gets it: `npm pack`, install the tarball
 * into a copy of examples/consumer-ts (tests/package/consumer-example.ts), type-check
 * that program with the package's published .d.ts, and run it on Pulumi's mock engine.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REDIS_CLOUD_IAM_TYPE } from "../../components";
import { REDIS_GUARD_ALL_POLICIES } from "../../policy-pack/policies";
import { REPO_ROOT } from "../helpers";
import { childEnv, installConsumerExample, packLibrary, readJson, run } from "./consumer-example";
import { auditReadOnlyPolicy } from "../../audit/read-only-policy";
import { DISCOVERY_READ_ONLY_POLICY } from "../../core/redis-discovery";

const SECRET_OUTPUTS = ["redisCloudConsole", "consolePassword"];

interface ConsumerSummary {
    packageEntry: string;
    pulumiSdkForProgram: string;
    pulumiSdkForPackage: string;
    resources: { type: string; name: string; custom: boolean; inputs: { tags?: unknown; policyArn?: unknown; passwordLength?: unknown } }[];
    outputs: Record<string, { secret: boolean; value: unknown }>;
}

/**
 * The folders the package ships built: the components, the dependency-free core they and the audit share, the
 * package's `bin` (cli) with the audit and discover commands and the offline plan, the discovery reader the discover
 * command shares with the pack, and the pack's policies the plan checks --policy-config against.
 */
const SHIPPED_DIRS = ["components", "core", "audit", "cli", "plan", "policy-pack/discovery", "policy-pack/lib", "policy-pack/policies"];
/** Of evidence/, only the access matrix's own data, which the review folder renders: never the IAM simulator (AGPL). */
const SHIPPED_EVIDENCE = ["access-matrix", "access-requests", "role-cases", "user-cases"].map((m) => `evidence/${m}`);
const modulesIn = (dir: string) =>
    fs.existsSync(path.join(REPO_ROOT, "dist", dir))
        ? fs
              .readdirSync(path.join(REPO_ROOT, "dist", dir))
              .filter((file) => file.endsWith(".js"))
              .map((file) => `${dir}/${file.replace(/\.js$/, "")}`)
        : [];
/** The shipped modules as built (`components/index`, `core/redis-documents`, ...): what `files` should put in the tarball. */
const builtModules = () => [...SHIPPED_DIRS.flatMap(modulesIn), ...SHIPPED_EVIDENCE];
/** The guard pack's folder as the plan starts it, the way the Pulumi CLI starts a pack: package.json, PulumiPolicy.yaml, bin/. */
const packFolderFiles = () => [
    "policy-pack/package.json",
    "policy-pack/PulumiPolicy.yaml",
    ...fs
        .readdirSync(path.join(REPO_ROOT, "policy-pack", "bin"), { recursive: true, encoding: "utf8" })
        .filter((file) => file.endsWith(".js"))
        .map((file) => `policy-pack/bin/${file.split(path.sep).join("/")}`),
];

describe("the npm package, used by another Pulumi program", () => {
    let workDir: string;
    let packedFiles: string[];
    let tarball: string;
    let consumerDir: string;

    before(function () {
        this.timeout(60_000);
        // `npm test` builds right before mocha; a stale dist/ would pack yesterday's code.
        const rebuild = "run `npm run build` first (after `rm -rf dist` if a module was removed)";
        for (const dir of SHIPPED_DIRS) assert.ok(modulesIn(dir).length > 0, `dist/${dir} is empty or missing: ${rebuild}`);
        for (const module of builtModules()) {
            const source = path.join(REPO_ROOT, `${module}.ts`);
            const built = path.join(REPO_ROOT, "dist", `${module}.js`);
            assert.ok(fs.existsSync(source), `dist/${module}.js has no source any more: ${rebuild}`);
            assert.ok(fs.statSync(built).mtimeMs >= fs.statSync(source).mtimeMs, `${module}.ts is newer than its build: ${rebuild}`);
        }
        workDir = fs.mkdtempSync(path.join(os.tmpdir(), "redis-cloud-byoc-aws-package-"));
        // Scripts are skipped: the build `npm test` just ran is the one checked above; a prepack/prepare build would repeat it.
        ({ tarball, files: packedFiles } = packLibrary(workDir));
    });

    after(() => {
        if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
    });

    it("packs the library, its type declarations, the guard pack's build and the changelog, and nothing else", () => {
        const built = builtModules().flatMap((module) => [".js", ".d.ts"].map((ext) => `dist/${module}${ext}`));
        assert.ok(built.length >= 10, "the library's modules were found");
        // npm always packs a LICENSE file, when there is one.
        const license = fs.readdirSync(REPO_ROOT).filter((file) => /^licen[cs]e(\.\w+)?$/i.test(file));
        assert.deepStrictEqual(
            packedFiles,
            [...built, ...packFolderFiles(), ...license, "CHANGELOG.md", "README.md", "package.json"].sort(),
        );
        const manifest = readJson<{ main: string; types: string }>(path.join(REPO_ROOT, "package.json"));
        assert.ok(packedFiles.includes(manifest.main) && packedFiles.includes(manifest.types), "main and types are in the tarball");
    });

    it("ships no script that runs when the tarball is installed (the build runs at npm pack, as prepack)", () => {
        const manifest = JSON.parse(run("tar", ["-xzOf", tarball, "package/package.json"], workDir).stdout) as {
            scripts?: Record<string, string>;
        };
        // npm runs these on install; `prepare` would try to build a package that ships no sources, and npm warns about it.
        const installTime = ["preinstall", "install", "postinstall", "prepare"].filter((script) => manifest.scripts?.[script]);
        assert.deepStrictEqual(installTime, []);
        assert.strictEqual(manifest.scripts?.prepack, "npm run build");
    });

    it("installs offline into a copy of examples/consumer-ts, whose dependencies match this package's", function () {
        this.timeout(60_000);
        consumerDir = installConsumerExample(workDir, tarball);

        const installed = path.join(consumerDir, "node_modules", "redis-cloud-byoc-aws");
        assert.ok(!fs.lstatSync(installed).isSymbolicLink(), "the package is a copy from the tarball, not a link to the source");
        assert.ok(fs.existsSync(path.join(installed, "dist", "components", "index.d.ts")));
        assert.ok(!fs.existsSync(path.join(installed, "components")), "no TypeScript sources in the package");
    });

    it("installs the audit and discover commands as the package's bin (npx redis-cloud-byoc-aws audit|discover)", () => {
        assert.ok(consumerDir, "the install step ran");
        const bin = path.join(consumerDir, "node_modules", ".bin", "redis-cloud-byoc-aws");
        const printed = run(bin, ["audit", "--print-policy"], consumerDir).stdout;
        assert.deepStrictEqual(JSON.parse(printed), auditReadOnlyPolicy);
        const discovery = run(bin, ["discover", "--print-policy"], consumerDir).stdout;
        assert.deepStrictEqual(JSON.parse(discovery), DISCOVERY_READ_ONLY_POLICY);
    });

    it("plans the consumer offline with the package's bin (redis-cloud-byoc-aws plan DIR) into a complete review folder", function () {
        this.timeout(60_000);
        assert.ok(consumerDir, "the install step ran");
        const bin = path.join(consumerDir, "node_modules", ".bin", "redis-cloud-byoc-aws");
        const config = path.join(workDir, "stack-config.json");
        fs.writeFileSync(config, JSON.stringify({ "aws:allowedAccountIds": ["210987654321"] }));
        const out = path.join(workDir, "review");
        // From the consumer's parent folder, naming it, as `npx redis-cloud-byoc-aws plan consumer-ts` does.
        const printed = run(bin, ["plan", "consumer-ts", "--config", config, "--out", out], workDir).stdout;
        assert.match(printed, /It runs consumer-ts\/index\.ts on Pulumi's in-process mock engine/);
        assert.match(printed, /guard pack: the build shipped in the package/);
        assert.doesNotMatch(printed, /not installed beside the program/, "the installed package's components, not a stand-in");
        assert.match(printed, /No mandatory violations\./);

        assert.deepStrictEqual(fs.readdirSync(out).sort(), ["access-matrix.md", "plan.json", "policies", "summary.md", "trust-policies"]);
        const planned = readJson<{ resources: unknown[]; violations: { policy: string; enforcementLevel: string }[] }>(
            path.join(out, "plan.json"),
        );
        assert.strictEqual(planned.resources.length, 18, "component + 16 children + login profile");
        // The pack's defaults list no Redis IDs: one advisory verdict, as in the repository's own plan.
        assert.deepStrictEqual(
            planned.violations.map((v) => [v.policy, v.enforcementLevel]),
            [["redis-managed-ids-protected", "advisory"]],
        );
        const summary = fs.readFileSync(path.join(out, "summary.md"), "utf8");
        assert.match(summary, /^Verdict: \*\*passes\*\*: no mandatory violations; 1 violation\(s\) in all, over 18 planned resources\.$/m);
        assert.match(summary, /by `redis-cloud-byoc-aws plan` \(offline/);
        assert.match(summary, /^- Program: consumer-ts\/index\.ts$/m);
        assert.match(summary, /^- Target AWS account: `210987654321` \(from aws:allowedAccountIds/m);
        assert.match(summary, /### `RedislabsIAMUserRestrictedPolicy`, held by user `redislabs-user` and role `redislabs-role`/);
        assert.match(summary, /- Can \*\*pass roles to AWS services\*\* on `arn:aws:iam::\*:role\/redislabs-cluster-node-role`/);
        const policyRows = summary.split("\n").filter((line) => /^\| `redis-[\w-]+` \| (mandatory|advisory) \|/.test(line));
        assert.strictEqual(policyRows.length, REDIS_GUARD_ALL_POLICIES.length, "a verdict for each of the pack's policies");
        assert.match(fs.readFileSync(path.join(out, "access-matrix.md"), "utf8"), /^# Access matrix/);
    });

    it("without a compiler of its own, the plan compiles the program with the one @pulumi/pulumi vendors, as pulumi up does", function () {
        this.timeout(60_000);
        assert.ok(consumerDir, "the install step ran");
        const bare = path.join(workDir, "consumer-without-compiler");
        fs.cpSync(consumerDir, bare, { recursive: true, verbatimSymlinks: true, filter: (source) => !source.endsWith("review") });
        for (const name of ["ts-node", "typescript"]) fs.rmSync(path.join(bare, "node_modules", name));
        const bin = path.join(bare, "node_modules", ".bin", "redis-cloud-byoc-aws");
        // The vendored TypeScript 3.8 does not know the example's `module: nodenext`: one input error saying what to install.
        const refused = spawnSync(bin, ["plan"], { cwd: bare, env: childEnv(), encoding: "utf8" });
        assert.strictEqual(refused.status, 2, refused.stdout + refused.stderr);
        assert.match(
            refused.stderr,
            /the program's TypeScript does not compile \(error TS6046[^\n]*vendors \(3\.8\)[^\n]*`npm install --save-dev typescript ts-node` there\. Nothing was written\./,
        );
        fs.rmSync(path.join(bare, "tsconfig.json"));
        const planned = spawnSync(bin, ["plan"], { cwd: bare, env: childEnv(), encoding: "utf8" });
        assert.strictEqual(planned.status, 0, planned.stdout + planned.stderr);
        assert.match(planned.stdout, /Resources \(18\):/);
    });

    it("type-checks the consumer against the published declarations", function () {
        this.timeout(60_000);
        assert.ok(consumerDir, "the install step ran");
        // The consumer's typescript is this repository's (linked), so this is the root's tsc.
        const tsc = require.resolve("typescript/bin/tsc", { paths: [consumerDir] });
        const files = run(process.execPath, [tsc, "-p", path.join(consumerDir, "tsconfig.json"), "--listFiles"], consumerDir).stdout;
        // Through the `exports` map's "types" condition (the example resolves modules as Node does), into the tarball's copy.
        const published = path.join(
            fs.realpathSync(consumerDir),
            "node_modules",
            "redis-cloud-byoc-aws",
            "dist",
            "components",
            "redis-cloud-iam.d.ts",
        );
        assert.ok(files.split("\n").includes(published), `tsc read ${published}`);
    });

    it("runs the consumer on the mock engine: 12 resources, tags and options applied, secrets secret", function () {
        this.timeout(60_000);
        assert.ok(consumerDir, "the install step ran");
        const tsNode = require.resolve("ts-node/register/transpile-only", { paths: [consumerDir] });
        const env = { ...childEnv(), TS_NODE_PROJECT: path.join(consumerDir, "tsconfig.json") };
        const output = run(process.execPath, ["-r", tsNode, "mock-run.ts"], consumerDir, env).stdout;
        const summary = JSON.parse(output) as ConsumerSummary;

        assert.ok(summary.packageEntry.startsWith(path.join(consumerDir, "node_modules", "redis-cloud-byoc-aws")), summary.packageEntry);
        assert.strictEqual(summary.pulumiSdkForPackage, summary.pulumiSdkForProgram, "one @pulumi/pulumi, so the mocks reach the package");

        const count = (type: string) => summary.resources.filter((resource) => resource.type === type).length;
        assert.strictEqual(summary.resources.length, 18, "component + 16 children + login profile");
        assert.strictEqual(count(REDIS_CLOUD_IAM_TYPE), 1);
        assert.strictEqual(count("aws:iam/policy:Policy"), 2);
        assert.strictEqual(count("aws:iam/role:Role"), 2);
        assert.strictEqual(count("aws:iam/accessKey:AccessKey"), 1);
        assert.strictEqual(count("aws:iam/userLoginProfile:UserLoginProfile"), 1);
        const byName = (name: string) => summary.resources.find((resource) => resource.name === name);
        assert.match(String(byName("redis-cloud-console-role-policy")?.inputs.policyArn), /RedislabsIAMUserRestrictedPolicy$/);
        assert.deepStrictEqual(byName("redis-cloud-user")?.inputs.tags, { team: "platform", "cost-center": "databases" });
        assert.strictEqual(byName("redis-cloud-console-login")?.inputs.passwordLength, 40);

        assert.ok(Object.keys(summary.outputs).length >= 8, "the program's outputs were read");
        for (const name of SECRET_OUTPUTS) assert.strictEqual(summary.outputs[name]?.secret, true, `${name} is secret`);
        assert.deepStrictEqual(summary.outputs.redisCloudConsole.value, {
            accessKeyId: "[secret]",
            secretAccessKey: "[secret]",
            iamRoleName: "[secret]",
        });
        assert.deepStrictEqual(summary.outputs.consoleRolePolicyName, { secret: false, value: "RedislabsIAMUserRestrictedPolicy" });
        assert.deepStrictEqual(summary.outputs.signInUrl, { secret: false, value: "https://123456789012.signin.aws.amazon.com/console" });
    });
});
