/**
 * Runs `index.ts` on Pulumi's mock engine (no CLI, no AWS account) and prints a
 * JSON summary on stdout: every resource registered and every stack output,
 * with secret values masked. The repository's tests/package/package.test.ts runs it
 * against the installed npm tarball; a consumer can use it the same way:
 *
 *     node -r ts-node/register/transpile-only mock-run.ts
 */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";

interface RegisteredResource {
    type: string;
    name: string;
    custom: boolean;
    /** Only the inputs the tests look at; policy documents are long and public anyway. */
    inputs: { tags?: unknown; policyArn?: unknown; passwordLength?: unknown };
}

const resources: RegisteredResource[] = [];

const mocks: pulumi.runtime.Mocks = {
    newResource(args) {
        const inputs = args.inputs as Record<string, unknown>;
        resources.push({
            type: args.type,
            name: args.name,
            custom: args.custom ?? false,
            inputs: { tags: inputs.tags, policyArn: inputs.policyArn, passwordLength: inputs.passwordLength },
        });
        const physicalName = typeof inputs.name === "string" ? inputs.name : args.name;
        const kind = args.type.split(":")[2] ?? "resource";
        const state: Record<string, unknown> = { ...inputs, arn: `arn:aws:iam::123456789012:${kind.toLowerCase()}/${physicalName}` };
        if (args.type === "aws:iam/accessKey:AccessKey") state.secret = "mock-secret-access-key";
        if (args.type === "aws:iam/userLoginProfile:UserLoginProfile") state.password = "mock-console-password";
        return { id: `${physicalName}-id`, state };
    },
    call: (args) => args.inputs,
};

/** The resolved value of an Output, through the public `apply`. */
const valueOf = (output: pulumi.Output<unknown>) => new Promise<unknown>((resolve) => output.apply(resolve));

async function main(): Promise<void> {
    // The mocks must be in place, on this very @pulumi/pulumi, before the program registers anything.
    await pulumi.runtime.setMocks(mocks, "redis-cloud-byoc-aws-consumer", "mock", false);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loading after setMocks is the point
    const program = require("./index") as Record<string, unknown>;

    const outputs: Record<string, { secret: boolean; value: unknown }> = {};
    for (const [name, exported] of Object.entries(program)) {
        if (!pulumi.Output.isInstance(exported)) continue;
        const secret = await pulumi.isSecret(exported);
        const value = await valueOf(exported);
        // A secret's value never reaches stdout; its shape is enough to check.
        outputs[name] = { secret, value: secret ? maskedShape(value) : value };
    }
    // Drains every outstanding registration before the summary is printed.
    await pulumi.runtime.disconnect();

    const packageEntry = require.resolve("redis-cloud-byoc-aws");
    const summary = {
        packageEntry,
        pulumiSdkForProgram: path.dirname(require.resolve("@pulumi/pulumi/package.json")),
        pulumiSdkForPackage: path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [path.dirname(packageEntry)] })),
        resources,
        outputs,
    };
    process.stdout.write(JSON.stringify(summary, null, 2) + "\n");
}

function maskedShape(value: unknown): unknown {
    if (typeof value === "object" && value !== null) return Object.fromEntries(Object.keys(value).map((key) => [key, "[secret]"]));
    return value === "" ? "" : "[secret]";
}

main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
});
