/**
 * Builds the guard pack into `policy-pack/bin` only when a source is newer than
 * the build. Compiling the pack is about half of `npm run plan`'s time, and the
 * pack rarely changes between plans. The installed package ships the build and
 * no sources: there it is used as shipped.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { HAS_PACK_SOURCES, PACKAGE_ROOT, PACK_DIR } from "./package-root";

const ROOT = PACKAGE_ROOT;
const BUILT_ENTRY = path.join(PACK_DIR, "bin", "policy-pack", "index.js");
/** Everything the pack's build reads from this repository (it compiles parts of components/ in). */
const SOURCE_DIRS = ["policy-pack", "components"];
const SOURCE_FILES = ["tsconfig.json", "policy-pack/tsconfig.json", "package-lock.json"];

function newestSourceTime(): number {
    let newest = 0;
    const visit = (dir: string) => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
            if (entry.name === "bin" || entry.name === "node_modules") continue;
            const full = path.join(dir, entry.name);
            if (entry.isDirectory()) visit(full);
            else if (entry.name.endsWith(".ts")) newest = Math.max(newest, fs.statSync(full).mtimeMs);
        }
    };
    SOURCE_DIRS.forEach((dir) => visit(path.join(ROOT, dir)));
    for (const file of SOURCE_FILES) newest = Math.max(newest, fs.statSync(path.join(ROOT, file)).mtimeMs);
    return newest;
}

/** True when `policy-pack/bin` exists and no source is newer than it. */
export function packBuildIsCurrent(): boolean {
    if (!fs.existsSync(BUILT_ENTRY)) return false;
    return fs.statSync(BUILT_ENTRY).mtimeMs >= newestSourceTime();
}

/** Compiles the pack with the repository's TypeScript unless the build is current; says which it did. */
export function ensurePackBuilt(log: (line: string) => void = () => {}): "built" | "current" | "shipped" {
    if (!HAS_PACK_SOURCES) {
        if (!fs.existsSync(BUILT_ENTRY)) throw new Error(`the guard pack's build ${BUILT_ENTRY} is missing from the installed package`);
        log("guard pack: the build shipped in the package");
        return "shipped";
    }
    if (packBuildIsCurrent()) {
        log("guard pack: policy-pack/bin is current, not rebuilt");
        return "current";
    }
    log("guard pack: compiling policy-pack/ into policy-pack/bin ...");
    const tsc = require.resolve("typescript/bin/tsc", { paths: [ROOT] });
    execFileSync(process.execPath, [tsc, "-p", path.join(ROOT, "policy-pack", "tsconfig.json")], { stdio: "inherit" });
    // tsc leaves unchanged outputs alone; touch the entry so the next check sees this build.
    const now = new Date();
    fs.utimesSync(BUILT_ENTRY, now, now);
    return "built";
}
