/**
 * The "real programs" stack: what Pulumi programs that use this project
 * actually register, as the engine would hand it to Analyze. The project's own
 * per-account program (index.ts) runs on the SDK's mock engine in the
 * configurations its guides recommend, and each resource is sent as it is
 * (Redis's canonical policy documents, trust policies, exclusive lists, keys).
 * The passes cycle through those resources until they reach the asked number
 * of calls, so that the CPU figure rests on enough clock ticks.
 */
import * as path from "path";
import { AnalyzerResource, toAnalyzerResource } from "../plan/analyzer-client";
import { loadFresh, runOnMockEngine } from "../plan/mock-engine";

const PROGRAM = path.resolve(__dirname, "..", "index.ts");

/** The program's configurations, as docs/deploy.md and docs/rotation.md set them, with why each is here. */
export const REAL_PROGRAM_CONFIGS: readonly { what: string; config: Record<string, unknown> }[] = [
    { what: "the defaults (`pulumi up` with no config)", config: {} },
    // No consoleLogin: awsguard's MFA policy would call the AWS API for the login profile, and there is no AWS here.
    {
        what: "tags and the user-restricted console policy",
        config: { tags: { team: "platform", "cost-center": "databases" }, consoleRolePolicy: "user-restricted-policy" },
    },
    { what: "mid-rotation: two key generations and their retirement gate", config: { accessKeyGenerations: ["1", "2"] } },
    {
        what: "under a permissions boundary",
        config: { permissionsBoundaryArn: "arn:aws:iam::123456789012:policy/platform-boundary" },
    },
];

/** Every resource of every configuration, in registration order. */
export async function realProgramResources(): Promise<AnalyzerResource[]> {
    const resources: AnalyzerResource[] = [];
    for (const [index, { config }] of REAL_PROGRAM_CONFIGS.entries()) {
        const run = await runOnMockEngine(() => loadFresh(PROGRAM), { config, stack: `real-${index}` });
        resources.push(...run.resources.map(toAnalyzerResource));
    }
    return resources;
}

/** `calls` Analyze requests cycling through the programs' resources. */
export function cycled(resources: readonly AnalyzerResource[], calls: number): AnalyzerResource[] {
    return Array.from({ length: calls }, (_, i) => resources[i % resources.length]);
}
