#!/usr/bin/env node
/**
 * The package's one bin, `redis-cloud-byoc-aws`:
 *
 *   redis-cloud-byoc-aws plan [PROGRAM-DIR] ...   the offline plan of a program of one's own (plan/plan.ts)
 *   redis-cloud-byoc-aws audit|discover|protected-children ...   read-only, against AWS (audit/cli.ts)
 *
 * Each is loaded only when it runs: the AWS commands never load Pulumi, and
 * the plan never loads AWS's SDK.
 */
const argv = process.argv.slice(2);
if (argv[0] === "plan") {
    import("../plan/plan")
        .then(({ runPlanCommand }) => runPlanCommand(argv.slice(1), "."))
        .then(
            (code) => (process.exitCode = code),
            (error: Error) => {
                process.stderr.write(`plan: unexpected error: ${error.name}: ${error.message.split("\n")[0]}\n`);
                process.exitCode = 2;
            },
        );
} else {
    void import("../audit/cli").then(({ runAwsCommand }) => runAwsCommand(argv));
}
