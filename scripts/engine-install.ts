/**
 * `npm run engine:install`: builds the real Pulumi CLI, Pulumi's YAML language
 * host and the stand-in Node.js language host from Go modules into a cache
 * outside the repository (see drivers/engine-install.ts), skips what is
 * already built from the same inputs, and ends by printing `pulumi version`.
 * Needs Go and the Go module proxy; nothing is downloaded from anywhere else.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { ENGINE_BINARIES, buildBinary, engineBinDir, isCurrent, pinnedPulumiVersion } from "../drivers/engine-install";

async function main(): Promise<void> {
    const binDir = engineBinDir();
    fs.mkdirSync(binDir, { recursive: true });
    const version = pinnedPulumiVersion();
    const stale = ENGINE_BINARIES.filter((binary) => !isCurrent(binary, binDir));
    if (stale.length === 0) {
        console.log(`Pulumi ${version} engine: cached in ${binDir}`);
    } else {
        const minutes = stale.reduce((sum, binary) => sum + binary.coldMinutes, 0);
        console.log(
            `Building ${stale.map((b) => b.name).join(", ")} (Pulumi ${version}) into ${binDir}.\n` +
                `A cold build takes up to about ${minutes} minutes on 2 cores (less with a warm Go build cache).`,
        );
        for (const binary of stale) {
            console.log(`- ${binary.name}`);
            await buildBinary(binary, binDir, (line) => console.log(line));
        }
    }
    console.log(execFileSync(path.join(binDir, "pulumi"), ["version"], { encoding: "utf8" }).trim());
}

main().catch((error) => {
    console.error(`engine:install: ${(error as Error).message}`);
    process.exit(2);
});
