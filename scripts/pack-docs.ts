/**
 * Regenerates the generated parts of policy-pack/README.md from the pack's
 * own data. Run: `npm run docs`. A test fails when the README is stale.
 */
import * as fs from "fs";
import * as path from "path";
import { MANAGED_RESOURCE_TARGETS } from "../policy-pack/policies/managed-resource-targets";

const START = "<!-- covered-types:start -->";
const END = "<!-- covered-types:end -->";

/** The markdown table of resource types `redis-managed-ids-protected` covers. */
export function renderCoveredTypesTable(): string {
    const rows = Object.entries(MANAGED_RESOURCE_TARGETS).map(
        ([type, { targets, effect }]) =>
            `| \`${type}\` | ${targets.map((t) => `\`${t}\``).join(", ") || "(none: references only)"} | ${effect} |`,
    );
    return [START, "| type | target fields | what declaring it does |", "|---|---|---|", ...rows, END].join("\n");
}

if (require.main === module) {
    const readmePath = path.join(__dirname, "..", "policy-pack", "README.md");
    const readme = fs.readFileSync(readmePath, "utf8");
    const start = readme.indexOf(START);
    const end = readme.indexOf(END);
    if (start < 0 || end < 0) throw new Error(`${readmePath} lacks the markers ${START} and ${END}`);
    fs.writeFileSync(readmePath, readme.slice(0, start) + renderCoveredTypesTable() + readme.slice(end + END.length));
    console.log(`updated ${readmePath}`);
}
