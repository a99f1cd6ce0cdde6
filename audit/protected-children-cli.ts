/**
 * `npx redis-cloud-byoc-aws protected-children [--guardrail]`: reads
 * `pulumi stack export` on stdin and prints, one per line, the URN of every
 * protected child of the stack's RedisCloudIam components (with
 * `--guardrail`, of its RedisManagedGuardrail components instead), for
 * `pulumi state unprotect`. Decommissioning: docs/deploy.md, "Decommissioning".
 *
 *   pulumi stack export | npx redis-cloud-byoc-aws protected-children | xargs -r -d '\n' pulumi state unprotect --yes
 *
 * Exit codes: 0 printed (possibly nothing); 2 bad input (the message names it).
 */
import { DECOMMISSION_COMPONENTS, StackExportError, protectedComponentChildren } from "../core/decommission";
import { closestName } from "../core/values";

const USAGE = `usage: pulumi stack export | redis-cloud-byoc-aws protected-children [--guardrail] [--help]

  prints the URN of every protected child of the stack's RedisCloudIam components, one per line
  --guardrail   the children of its RedisManagedGuardrail components instead (the management account's stack)
  --help, -h    print this help, and exit

Unprotect exactly those, and nothing else the stack protects:
  pulumi stack export | npx redis-cloud-byoc-aws protected-children | xargs -r -d '\\n' pulumi state unprotect --yes`;

const FLAGS = ["--guardrail", "--help", "-h"];

export async function runProtectedChildren(
    argv: string[],
    readInput: () => Promise<string>,
    out: (text: string) => void = (text) => process.stdout.write(`${text}\n`),
    err: (text: string) => void = (text) => process.stderr.write(`${text}\n`),
): Promise<number> {
    const args = argv[0] === "protected-children" ? argv.slice(1) : argv;
    let component = DECOMMISSION_COMPONENTS["redis-cloud-iam"];
    for (const flag of args) {
        if (flag === "--help" || flag === "-h") {
            out(USAGE);
            return 0;
        }
        if (flag === "--guardrail") component = DECOMMISSION_COMPONENTS.guardrail;
        else {
            const guess = closestName(flag, FLAGS);
            err(`protected-children: unknown argument "${flag.slice(0, 40)}"${guess ? ` (did you mean "${guess}"?)` : ""}\n\n${USAGE}`);
            return 2;
        }
    }
    const text = await readInput();
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch (error) {
        err(`protected-children: stdin is not JSON (${(error as Error).message.split("\n")[0]}): pipe \`pulumi stack export\` into it`);
        return 2;
    }
    try {
        for (const urn of protectedComponentChildren(parsed, [component])) out(urn);
    } catch (error) {
        if (!(error instanceof StackExportError)) throw error;
        err(`protected-children: stdin is ${error.message}: pipe \`pulumi stack export\` into it`);
        return 2;
    }
    return 0;
}

/** All of stdin, as text. */
export async function readStdin(): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString("utf8");
}
