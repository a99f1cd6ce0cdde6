/**
 * The access matrix: who may do what with the IAM resources the component
 * creates, as data. Each case is one request (principal, action, one resource,
 * request context) and the verdict we expect from IAM's evaluation logic.
 *
 * The vocabulary (principals, resources, contexts) is in `access-requests.ts`,
 * the cases in `user-cases.ts` and `role-cases.ts`.
 *
 * `evidence/simulate.ts` runs each case through an IAM policy simulator,
 * `tests/evidence/access-matrix.test.ts` asserts the verdicts, and
 * `scripts/access-report.ts` renders them as docs/access.md.
 *
 * Names, tag and policies come from the component's modules; nothing here
 * restates a policy.
 */
import { REDIS_CLOUD_ACCOUNT_ID } from "../core/redis-documents";
import { AccessCase, CONSOLE_ROLE, NODE_ROLE, NO_CONTEXT, RequestContext, Verdict } from "./access-requests";
import { USER_CASES } from "./user-cases";
import { CONSOLE_ROLE_CASES, NODE_ROLE_CASES } from "./role-cases";

/** Every case, grouped by principal in the order of `PRINCIPALS` (access-requests.ts). */
export const ACCESS_MATRIX: readonly AccessCase[] = [...USER_CASES, ...NODE_ROLE_CASES, ...CONSOLE_ROLE_CASES];

/** Who may assume a role: a request for `sts:AssumeRole`, judged by the role's trust policy. */
export interface TrustCase {
    role: typeof NODE_ROLE | typeof CONSOLE_ROLE;
    /** An IAM principal ARN of another account, or an AWS service principal. */
    caller: string;
    context: RequestContext;
    expected: Verdict;
    why: string;
}

const REDIS_OPERATOR = `arn:aws:iam::${REDIS_CLOUD_ACCOUNT_ID}:user/redis-cloud-operator`;
const STRANGER = "arn:aws:iam::210987654321:user/stranger";
const WITH_MFA: RequestContext = { "aws:MultiFactorAuthPresent": "true" };
const WITHOUT_MFA: RequestContext = { "aws:MultiFactorAuthPresent": "false" };

export const TRUST_MATRIX: readonly TrustCase[] = [
    {
        role: CONSOLE_ROLE,
        caller: REDIS_OPERATOR,
        context: WITH_MFA,
        expected: "Allowed",
        why: "Redis Cloud's account, signed in with MFA.",
    },
    {
        role: CONSOLE_ROLE,
        caller: REDIS_OPERATOR,
        context: WITHOUT_MFA,
        expected: "ImplicitlyDenied",
        why: "The trust policy requires MFA.",
    },
    {
        role: CONSOLE_ROLE,
        caller: REDIS_OPERATOR,
        context: NO_CONTEXT,
        expected: "ImplicitlyDenied",
        why: "Long-term keys carry no MFA flag; the Bool condition does not match.",
    },
    {
        role: CONSOLE_ROLE,
        caller: STRANGER,
        context: WITH_MFA,
        expected: "ImplicitlyDenied",
        why: "Only Redis Cloud's account is trusted.",
    },
    {
        role: CONSOLE_ROLE,
        caller: "ec2.amazonaws.com",
        context: NO_CONTEXT,
        expected: "ImplicitlyDenied",
        why: "Instances cannot take the console role.",
    },
    {
        role: NODE_ROLE,
        caller: "ec2.amazonaws.com",
        context: NO_CONTEXT,
        expected: "Allowed",
        why: "EC2 takes the role for the instances of the instance profile.",
    },
    {
        role: NODE_ROLE,
        caller: "lambda.amazonaws.com",
        context: NO_CONTEXT,
        expected: "ImplicitlyDenied",
        why: "No other service is trusted.",
    },
    {
        role: NODE_ROLE,
        caller: REDIS_OPERATOR,
        context: WITH_MFA,
        expected: "ImplicitlyDenied",
        why: "Redis Cloud's account cannot take the node role directly.",
    },
];
