/**
 * AWS's own managed policies whose text the guard pack judges without AWS at
 * hand, by name, as AWS publishes them. redis-boundary-lockout reads them as
 * boundaries; the false-alarm corpus declares copies of them as a customer's
 * policies. Dependency-free, so the pack can compile it in.
 */
export const AWS_MANAGED_POLICY_STATEMENTS: Readonly<Record<string, readonly Record<string, unknown>[]>> = {
    // Allows everything.
    AdministratorAccess: [{ Effect: "Allow", Action: "*", Resource: "*" }],
    // Allows nothing of IAM, Organizations or Account but these six actions, so as a boundary it stops Redis's PassRole and IAM reads.
    PowerUserAccess: [
        { Effect: "Allow", NotAction: ["iam:*", "organizations:*", "account:*"], Resource: "*" },
        {
            Effect: "Allow",
            Action: [
                "iam:CreateServiceLinkedRole",
                "iam:DeleteServiceLinkedRole",
                "iam:ListRoles",
                "organizations:DescribeOrganization",
                "account:ListRegions",
                "account:GetAccountInformation",
            ],
            Resource: "*",
        },
    ],
};

/** A managed policy's ARN in the `aws` partition. */
export const awsManagedPolicyArn = (name: string): string => `arn:aws:iam::aws:policy/${name}`;
