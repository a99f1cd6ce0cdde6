/**
 * Where the package's own files are: this checkout when the plan runs from
 * source (`npm run plan`), or the installed package when it runs compiled from
 * dist/plan (`redis-cloud-byoc-aws plan`). Both hold package.json and the
 * guard pack's folder, policy-pack/.
 */
import * as fs from "fs";
import * as path from "path";

function findPackageRoot(start: string): string {
    for (let dir = start; ; dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, "package.json"))) return dir;
        if (path.dirname(dir) === dir) throw new Error(`no package.json above ${start}`);
    }
}

export const PACKAGE_ROOT = findPackageRoot(path.join(__dirname, ".."));
/** The guard pack as the Pulumi CLI runs it: package.json, PulumiPolicy.yaml and the compiled bin/ (shipped in the package). */
export const PACK_DIR = path.join(PACKAGE_ROOT, "policy-pack");
/** True in a checkout, where the pack's TypeScript sources are and the plan may compile them. */
export const HAS_PACK_SOURCES = fs.existsSync(path.join(PACK_DIR, "index.ts"));
