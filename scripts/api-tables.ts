/**
 * The package's public API as Pulumi infers it for other languages, and the
 * API tables of docs/deploy.md rendered from it.
 *
 *     npm run build && npx ts-node scripts/api-tables.ts           # print the tables
 *     npm run build && npx ts-node scripts/api-tables.ts --write   # rewrite schema.json and the docs/deploy.md block
 *
 * The schema comes from `@pulumi/pulumi`'s own analyzer, called the way
 * `pulumi package add` calls it through the plugin host: load the package
 * from its directory (so `main`, in dist/, must be built), collect its
 * ComponentResource classes, and ask a ComponentProvider for the schema.
 * Descriptions are the JSDoc comments of the args interface and the class.
 */
import * as fs from "fs";
import * as path from "path";
import { ComponentProvider, getPulumiComponents } from "@pulumi/pulumi/provider/experimental/provider";
import type { PackageSpec } from "@pulumi/pulumi/provider/experimental/schema";

export const REPO_ROOT = path.resolve(__dirname, "..");
export const SCHEMA_FILE = path.join(REPO_ROOT, "schema.json");
export const API_TABLES_FILE = path.join(REPO_ROOT, "docs", "deploy.md");
export const API_TABLES_MARKERS = { start: "<!-- api-tables:start -->", end: "<!-- api-tables:end -->" } as const;
export const REGENERATE_COMMAND = "npm run build && npx ts-node scripts/api-tables.ts --write";

/** A schema property as the analyzer writes it (it adds `optional`, which the published schema spec lacks). */
export interface InferredProperty {
    type?: string;
    $ref?: string;
    items?: InferredProperty;
    additionalProperties?: InferredProperty;
    plain?: boolean;
    optional?: boolean;
    secret?: boolean;
    description?: string;
}

export interface InferredType {
    type: string;
    description?: string;
    properties?: Record<string, InferredProperty>;
    required?: string[];
    enum?: { name: string; value: string | number; description?: string }[];
}

export interface InferredResource {
    isComponent?: boolean;
    description?: string;
    inputProperties?: Record<string, InferredProperty>;
    requiredInputs?: string[];
    properties?: Record<string, InferredProperty>;
    required?: string[];
}

export interface InferredSchema extends Omit<PackageSpec, "resources" | "types"> {
    resources: Record<string, InferredResource>;
    types: Record<string, InferredType>;
}

export interface Inference {
    /** What the plugin host would serve: component class names found in the package's exports. */
    componentNames: string[];
    schema: InferredSchema;
    /** The provider, for running `construct` the way a Python or YAML program would reach it. */
    provider: ComponentProvider;
}

/** Infers the schema exactly as the Node.js plugin host (`@pulumi/pulumi/cmd/run-plugin`) does for a package directory. */
export async function inferSchema(packageDir: string = REPO_ROOT): Promise<Inference> {
    const packageJson = JSON.parse(fs.readFileSync(path.join(packageDir, "package.json"), "utf8")) as { name: string; main: string };
    const main = path.join(packageDir, packageJson.main);
    if (!fs.existsSync(main)) {
        throw new Error(`${path.relative(packageDir, main)} does not exist: run \`npm run build\` first (the plugin host loads "main").`);
    }
    // The host's naming rule: an npm scope becomes the namespace, other odd characters become dashes.
    const [, scope, bareName] = /^(?:@([^/]+)\/)?(.+)$/.exec(packageJson.name) ?? [];
    const name = bareName.replace(/[^-a-zA-Z0-9_]/g, "-");
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the host loads the package directory the same way
    const components = getPulumiComponents(require(packageDir));
    const provider = new ComponentProvider({ components, dirname: packageDir, name, namespace: scope });
    const schema = JSON.parse(await provider.getSchema()) as InferredSchema;
    return { componentNames: components.map((component) => component.name), schema, provider };
}

/** schema.json as committed: the inferred schema, formatted by the repository's prettier settings. */
export async function formatSchema(schema: InferredSchema): Promise<string> {
    const prettier = await import("prettier");
    const options = (await prettier.resolveConfig(SCHEMA_FILE)) ?? {};
    return prettier.format(JSON.stringify(schema), { ...options, filepath: SCHEMA_FILE });
}

const cell = (text: string) => text.replace(/\s*\n\s*/g, " ").replace(/\|/g, "\\|");
const typeName = (ref: string) => ref.split(":").pop() ?? ref;

/** A TypeScript-like type name: `Input<…>` marks an input that may be an Output (the others are plain). */
function renderType(property: InferredProperty, schema: InferredSchema): string {
    let text: string;
    if (property.$ref?.startsWith("#/types/")) {
        const token = property.$ref.slice("#/types/".length);
        const target = schema.types[token];
        // Enums and object types get their own table below.
        text = target?.enum ? `${typeName(token)} (enum)` : typeName(token);
    } else if (property.$ref) {
        text = property.$ref === "pulumi.json#/Any" ? "any" : property.$ref;
    } else if (property.type === "array" && property.items) {
        text = `${renderType({ ...property.items, plain: true }, schema)}[]`;
    } else if (property.type === "object" && property.additionalProperties) {
        text = `map of ${renderType({ ...property.additionalProperties, plain: true }, schema)}`;
    } else {
        text = property.type ?? "unknown";
    }
    // A plain input must be a known value when the component is constructed.
    return property.plain ? text : `Input<${text}>`;
}

function renderTable(
    properties: Record<string, InferredProperty>,
    required: string[],
    schema: InferredSchema,
    isOutput: boolean,
): string[] {
    const rows = Object.entries(properties).map(([name, property]) => {
        const optional = !required.includes(name) ? "?" : "";
        // Outputs are always Outputs; only inputs say which of them accept one.
        const type = isOutput ? renderType({ ...property, plain: true }, schema) : renderType(property, schema);
        const secret = property.secret ? " Secret." : "";
        return `| \`${name}${optional}\` | \`${cell(type)}\` | ${cell(property.description ?? "")}${secret} |`;
    });
    return ["| Name | Type | Description |", "| --- | --- | --- |", ...rows];
}

/** The API tables (docs/deploy.md): inputs, outputs, and every type they refer to. */
export function renderApiTables(schema: InferredSchema): string {
    const lines: string[] = [];
    for (const [token, resource] of Object.entries(schema.resources)) {
        lines.push(`**Inputs** of \`${typeName(token)}\` (\`?\`: optional; \`Input<…>\`: may be an Output)`, "");
        lines.push(...renderTable(resource.inputProperties ?? {}, resource.requiredInputs ?? [], schema, false), "");
        lines.push(`**Outputs** of \`${typeName(token)}\` (\`?\`: absent unless the description says when)`, "");
        lines.push(...renderTable(resource.properties ?? {}, resource.required ?? [], schema, true), "");
    }
    for (const [token, type] of Object.entries(schema.types)) {
        if (type.enum) {
            lines.push(`**\`${typeName(token)}\`** (enum)`, "", "| Value | Name | Description |", "| --- | --- | --- |");
            for (const member of type.enum) {
                lines.push(`| \`${JSON.stringify(member.value)}\` | \`${member.name}\` | ${cell(member.description ?? "")} |`);
            }
        } else {
            lines.push(`**\`${typeName(token)}\`**${type.description ? `: ${cell(type.description)}` : ""}`, "");
            lines.push(...renderTable(type.properties ?? {}, type.required ?? [], schema, true));
        }
        lines.push("");
    }
    return lines.join("\n").trimEnd();
}

/** The text between the API tables markers, or undefined when either marker is missing. */
export function apiTablesBlock(readme: string): string | undefined {
    const start = readme.indexOf(API_TABLES_MARKERS.start);
    const end = readme.indexOf(API_TABLES_MARKERS.end);
    if (start < 0 || end < start) return undefined;
    return readme.slice(start + API_TABLES_MARKERS.start.length, end).trim();
}

export function replaceApiTablesBlock(readme: string, tables: string): string {
    if (apiTablesBlock(readme) === undefined) {
        throw new Error(
            `${path.relative(REPO_ROOT, API_TABLES_FILE)} needs the markers ${API_TABLES_MARKERS.start} and ${API_TABLES_MARKERS.end}, in that order`,
        );
    }
    const start = readme.indexOf(API_TABLES_MARKERS.start) + API_TABLES_MARKERS.start.length;
    return `${readme.slice(0, start)}\n\n${tables}\n\n${readme.slice(readme.indexOf(API_TABLES_MARKERS.end))}`;
}

async function main(): Promise<void> {
    const { schema } = await inferSchema();
    const tables = renderApiTables(schema);
    if (!process.argv.includes("--write")) {
        process.stdout.write(`${tables}\n`);
        return;
    }
    // Checks the markers before writing anything.
    const doc = replaceApiTablesBlock(fs.readFileSync(API_TABLES_FILE, "utf8"), tables);
    fs.writeFileSync(SCHEMA_FILE, await formatSchema(schema));
    fs.writeFileSync(API_TABLES_FILE, doc);
    process.stdout.write(
        `wrote ${path.relative(process.cwd(), SCHEMA_FILE)} and the API tables in ${path.relative(process.cwd(), API_TABLES_FILE)}\n`,
    );
}

if (require.main === module) {
    main().catch((error: unknown) => {
        console.error(error instanceof Error ? error.message : error);
        process.exit(1);
    });
}
