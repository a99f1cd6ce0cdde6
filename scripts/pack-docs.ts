/**
 * Regenerates the generated parts of policy-pack/README.md from the pack's
 * own data. Run: `npm run docs`. A test fails when the README is stale.
 */
import * as fs from "fs";
import * as path from "path";
import { MANAGED_RESOURCE_TARGETS } from "../policy-pack/lib/managed-resource-targets";
import {
    ID_REFERENCE_USES,
    NAME_REFERENCE_USES,
    REFERENCE_CONDITIONS,
    ReferenceUse,
    TAG_KEY_CONDITIONS,
    TAG_KEY_REFERENCE_USES,
} from "../policy-pack/lib/reference-uses";
import { PRINCIPAL_GRANTS } from "../policy-pack/policies/redis-principal-grants";
import { ACCOUNT_SETTINGS, SETTING_RESOURCES } from "../policy-pack/policies/redis-account-settings";

const markers = (name: string) => [`<!-- ${name}:start -->`, `<!-- ${name}:end -->`] as const;

/** The markdown table of known modifications, whose effects name the violation in messages. */
export function renderCoveredTypesTable(): string {
    const [start, end] = markers("covered-types");
    const rows = Object.entries(MANAGED_RESOURCE_TARGETS).map(
        ([type, { targets, effect }]) =>
            `| \`${type}\` | ${targets.map((t) => `\`${t}\``).join(", ") || "(none: references only)"} | ${effect} |`,
    );
    return [start, "| type | target fields | what declaring it does |", "|---|---|---|", ...rows, end].join("\n");
}

type AnyUse = ReferenceUse | (typeof TAG_KEY_REFERENCE_USES)[number] | (typeof NAME_REFERENCE_USES)[number];
const conditionText = (use: AnyUse) => {
    if (use.when === undefined) return "";
    const conditions: Record<string, { means: string }> = { ...REFERENCE_CONDITIONS, ...TAG_KEY_CONDITIONS };
    return `, ${conditions[use.when].means}`;
};
function renderUses(name: string, uses: readonly AnyUse[]): string {
    const [start, end] = markers(name);
    const rows = uses.map(
        (use) =>
            `| ${use.type === "*" ? "every type" : `\`${use.type}\``} | ${use.fields.map((f) => `\`${f}\``).join(", ")} | ${use.use}${conditionText(use)} |`,
    );
    return [start, "| type | fields (and everything beneath them) | the reviewed use |", "|---|---|---|", ...rows, end].join("\n");
}
/** The allowed references to Redis-managed IDs, from reference-uses.ts. */
export const renderIdReferencesTable = (): string => renderUses("id-references", ID_REFERENCE_USES);
/** The allowed uses of the Redis tag key, from reference-uses.ts. */
export const renderTagKeyUsesTable = (): string => renderUses("tag-key-uses", TAG_KEY_REFERENCE_USES);

/** The allowed uses of Redis's IAM names and account, from reference-uses.ts. */
export const renderNameUsesTable = (): string => renderUses("name-uses", NAME_REFERENCE_USES);

/** The grants outside policy documents that redis-principal-grants reads, from its table. */
export function renderPrincipalGrantsTable(): string {
    const [start, end] = markers("principal-grants");
    const rows = Object.entries(PRINCIPAL_GRANTS).map(
        ([type, { fields, grants }]) => `| \`${type}\` | ${fields.map((f) => `\`${f}\``).join(", ")} | ${grants} |`,
    );
    return [start, "| type | fields naming the grantee | what the grant gives it |", "|---|---|---|", ...rows, end].join("\n");
}

/** The account-wide settings that redis-account-settings judges, from its tables. */
export function renderAccountSettingsTable(): string {
    const [start, end] = markers("account-settings");
    const rows = Object.entries(SETTING_RESOURCES).flatMap(([type, settings]) =>
        settings.map(
            ({ setting, field, blocking, policyType, reason }) =>
                `| \`${type}\`${policyType ? ` (type \`${policyType}\`)` : ""} | \`${setting}\` (${ACCOUNT_SETTINGS[setting].what}) | \`${field}\` is ${blocking.map((v) => `\`${v}\``).join(" or ")} | ${reason} |`,
        ),
    );
    return [start, "| type | setting (acknowledgement name) | stops Redis when | why |", "|---|---|---|---|", ...rows, end].join("\n");
}

export const GENERATED_TABLES: readonly [string, () => string][] = [
    ["covered-types", renderCoveredTypesTable],
    ["id-references", renderIdReferencesTable],
    ["tag-key-uses", renderTagKeyUsesTable],
    ["name-uses", renderNameUsesTable],
    ["principal-grants", renderPrincipalGrantsTable],
    ["account-settings", renderAccountSettingsTable],
];

if (require.main === module) {
    const readmePath = path.join(__dirname, "..", "policy-pack", "README.md");
    let readme = fs.readFileSync(readmePath, "utf8");
    for (const [name, render] of GENERATED_TABLES) {
        const [START, END] = markers(name);
        const start = readme.indexOf(START);
        const end = readme.indexOf(END);
        if (start < 0 || end < 0) throw new Error(`${readmePath} lacks the markers ${START} and ${END}`);
        readme = readme.slice(0, start) + render() + readme.slice(end + END.length);
    }
    fs.writeFileSync(readmePath, readme);
    console.log(`updated ${readmePath}`);
}
