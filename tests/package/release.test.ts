/**
 * Release hygiene: the three places a version lives agree, and both npm tarballs
 * (the library and the guard pack, which `pulumi policy publish` packs) hold
 * exactly the files below. A new module changes these lists on purpose.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { REDIS_GUARD_ALL_POLICIES } from "../../policy-pack/policies";
import { REPO_ROOT } from "../helpers";

const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(REPO_ROOT, file), "utf8"));

/** `npm pack --dry-run` of a folder: the paths that would be in its tarball, sorted. */
function packedFiles(dir: string): string[] {
    const result = spawnSync("npm", ["pack", "--dry-run", "--ignore-scripts", "--json"], { cwd: dir, encoding: "utf8" });
    assert.strictEqual(result.status, 0, result.stderr);
    const [packed] = JSON.parse(result.stdout) as { files: { path: string }[] }[];
    return packed.files.map((file) => file.path).sort();
}

/** The components, which load Pulumi and the AWS provider. */
const COMPONENT_MODULES = [
    "access-key-retirement-gate",
    "index",
    "redis-cloud-account",
    "redis-cloud-iam",
    "redis-cloud-iam-args",
    "redis-managed-guardrail",
    "stack-config",
    "validation",
];
/** The dependency-free core: Redis's documents and the pure logic the components, the pack and the audit share. */
const CORE_MODULES = [
    "adoption",
    "aws-managed-policies",
    "console-role-policy",
    "credential-children",
    "decommission",
    "discovery-config",
    "guard-exceptions",
    "guardrail-policy",
    "iam-principal-write-actions",
    "key-retirement-gate",
    "policy-document",
    "redis-cloud-api",
    "redis-discovery",
    "redis-documents",
    "redis-effects",
    "type-tokens",
    "values",
];
/** The audit and discover commands, the package's `bin`. */
const AUDIT_MODULES = [
    "cli",
    "discover-cli",
    "findings",
    "protected-children-cli",
    "read-account",
    "read-only-policy",
    "sdk-notice",
    "snapshot",
];
/** The pack's shared readers and scanners; each policy is its own file, named after its id. */
const PACK_LIB_MODULES = [
    "exceptions",
    "per-preview",
    "settings",
    "guarded",
    "iam-statements",
    "live-discovery",
    "managed-resource-targets",
    "property-scan",
    "redis-iam",
    "reference-uses",
    "resource-reader",
    "sdk-internals",
    "shared-scan",
    "yaml-text",
];

/** Live discovery's reader, which loads AWS's SDK: the pack imports it only when `discover` is configured. */
const PACK_DISCOVERY_MODULES = ["cache", "discover"];
/** The package's one bin, which loads the plan or the AWS commands. */
const CLI_MODULES = ["main"];
/** The offline plan (`redis-cloud-byoc-aws plan`). */
const PLAN_MODULES = ["analyzer-client", "mock-engine", "pack-build", "pack-config", "package-root", "plan", "review-folder", "summary"];
/** The access matrix's own data, which the review folder renders; never the IAM simulator (AGPL) that checks it. */
const EVIDENCE_DATA_MODULES = ["access-matrix", "access-requests", "role-cases", "user-cases"];
/** The guard pack's compiled files, as its own tarball ships them under bin/. */
const PACK_BIN_FILES = [
    "bin/core/aws-managed-policies.js",
    "bin/core/credential-children.js",
    "bin/core/discovery-config.js",
    "bin/core/guard-exceptions.js",
    "bin/core/guardrail-policy.js",
    "bin/core/iam-principal-write-actions.js",
    "bin/core/policy-document.js",
    "bin/core/redis-discovery.js",
    "bin/core/redis-documents.js",
    "bin/core/redis-effects.js",
    "bin/core/type-tokens.js",
    "bin/core/values.js",
    "bin/policy-pack/index.js",
    "bin/policy-pack/policies/index.js",
    ...REDIS_GUARD_ALL_POLICIES.map((p) => `bin/policy-pack/policies/${p.name}.js`),
    ...PACK_LIB_MODULES.map((m) => `bin/policy-pack/lib/${m}.js`),
    ...PACK_DISCOVERY_MODULES.map((m) => `bin/policy-pack/discovery/${m}.js`),
];
const withDeclarations = (dir: string, modules: string[]) => modules.flatMap((m) => [`${dir}/${m}.d.ts`, `${dir}/${m}.js`]);

describe("release hygiene", () => {
    it("package.json, policy-pack/package.json, schema.json and the CHANGELOG's newest entry carry the same version", () => {
        const version = readJson("package.json").version;
        assert.match(version, /^\d+\.\d+\.\d+(-[\w.]+)?$/);
        assert.strictEqual(readJson("policy-pack/package.json").version, version, "the pack is released with the package");
        assert.strictEqual(readJson("schema.json").version, version, "schema.json is stale: npm run api-tables");
        const newest = /^## \[([^\]]+)\]/m.exec(fs.readFileSync(path.join(REPO_ROOT, "CHANGELOG.md"), "utf8"));
        assert.strictEqual(newest?.[1], version, "CHANGELOG.md's newest entry");
    });

    it("PulumiPlugin.yaml and PulumiPolicy.yaml declare no version of their own, so both take package.json's", () => {
        // PulumiPolicy.yaml's `version` would override the pack's package.json; PulumiPlugin.yaml has no such field.
        for (const file of ["PulumiPlugin.yaml", "policy-pack/PulumiPolicy.yaml"]) {
            const text = fs.readFileSync(path.join(REPO_ROOT, file), "utf8");
            assert.match(text, /^runtime: nodejs$/m, file);
            assert.doesNotMatch(text, /^version:/m, file);
        }
    });

    it("the library's tarball holds exactly the built modules, the audit and plan commands, the guard pack as the CLI runs it, README, CHANGELOG, LICENSE and package.json", () => {
        const packed = packedFiles(REPO_ROOT);
        assert.deepStrictEqual(
            packed,
            [
                "CHANGELOG.md",
                "LICENSE",
                "README.md",
                "package.json",
                ...withDeclarations("dist/components", COMPONENT_MODULES),
                ...withDeclarations("dist/core", CORE_MODULES),
                ...withDeclarations("dist/audit", AUDIT_MODULES),
                ...withDeclarations("dist/cli", CLI_MODULES),
                ...withDeclarations("dist/plan", PLAN_MODULES),
                ...withDeclarations("dist/evidence", EVIDENCE_DATA_MODULES),
                // The plan checks --policy-config against the policies' schemas, so it compiles them in too.
                ...withDeclarations("dist/policy-pack/discovery", PACK_DISCOVERY_MODULES),
                ...withDeclarations("dist/policy-pack/lib", PACK_LIB_MODULES),
                ...withDeclarations("dist/policy-pack/policies", ["index", ...REDIS_GUARD_ALL_POLICIES.map((p) => p.name)]),
                "policy-pack/package.json",
                "policy-pack/PulumiPolicy.yaml",
                ...PACK_BIN_FILES.map((file) => `policy-pack/${file}`),
            ].sort(),
        );
        assert.deepStrictEqual(
            packed.filter((file) => /simulate|iam-data/.test(file)),
            [],
            "the IAM simulator and its data (AGPL, development only) never ship",
        );
    });

    it("the guard pack's tarball holds exactly its compiled policies, the Redis modules compiled in, and its own files", () => {
        assert.deepStrictEqual(
            packedFiles(path.join(REPO_ROOT, "policy-pack")),
            ["LICENSE", "PulumiPolicy.yaml", "README.md", "config.example.json", "package.json", ...PACK_BIN_FILES].sort(),
        );
    });
});
