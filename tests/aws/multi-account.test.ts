/**
 * The audit over several accounts, on moto, which keeps accounts apart by the
 * account of the role assumed: the default account holds Redis's console
 * steps, a member account is empty.
 */
import * as assert from "assert";
import { FindingCode, type AuditReport } from "../../audit/findings";
import { MOTO_ACCOUNT_ID } from "./moto-server";
import { consoleSteps } from "./fixtures";
import { audit } from "./run-audit";

const MEMBER_ACCOUNT_ID = "111111111111";
const roleIn = (account: string) => `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`;

describe("the audit over several accounts, against moto", () => {
    it("assumes a role in each, reads them apart, and gives one JSON entry per account; exit 1 for the empty one's findings", async () => {
        await consoleSteps();
        const run = await audit(
            "--json",
            "--concurrency",
            "2",
            "--role-arn",
            roleIn(MOTO_ACCOUNT_ID),
            "--role-arn",
            roleIn(MEMBER_ACCOUNT_ID),
        );
        assert.strictEqual(run.code, 1, run.stderr);
        const { accounts } = JSON.parse(run.stdout) as { accounts: (AuditReport & { target: string })[] };
        assert.deepStrictEqual(
            accounts.map((a) => [a.target, a.account]),
            [
                [`role ${roleIn(MOTO_ACCOUNT_ID)}`, MOTO_ACCOUNT_ID],
                [`role ${roleIn(MEMBER_ACCOUNT_ID)}`, MEMBER_ACCOUNT_ID],
            ],
        );
        const missing = (a: AuditReport) => a.findings.filter((f) => f.code === FindingCode.MissingResource).length;
        assert.strictEqual(missing(accounts[0]), 0, "the console-steps account has every resource");
        assert.ok(missing(accounts[1]) >= 5, "the member account is empty: moto kept it apart");
    });

    it("prints one summary, then each account's table; exit 2 naming the target that could not be audited", async () => {
        await consoleSteps();
        const table = await audit("--role-arn", roleIn(MOTO_ACCOUNT_ID));
        assert.strictEqual(table.code, 0, table.stderr);
        assert.match(
            table.stdout,
            /^Redis Cloud BYOC audit of 1 target\(s\) \(read-only\)\n\n {2}role arn:aws:iam::123456789012:role\/OrganizationAccountAccessRole: account 123456789012: \d+ finding\(s\), 0 of severity high or critical\n\nRedis Cloud BYOC audit of AWS account 123456789012/,
        );
        const broken = await audit("--json", "--role-arn", roleIn(MOTO_ACCOUNT_ID), "--profile", "no-such-profile");
        assert.strictEqual(broken.code, 2);
        assert.match(broken.stderr, /^audit: profile no-such-profile: could not audit: /m);
        const { accounts } = JSON.parse(broken.stdout) as { accounts: { target: string; account?: string; error?: string }[] };
        assert.strictEqual(accounts[0].account, MOTO_ACCOUNT_ID);
        assert.strictEqual(accounts[1].target, "profile no-such-profile");
        assert.ok(accounts[1].error);
    });
});
