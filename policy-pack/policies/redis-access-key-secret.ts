import type { ResourceValidationPolicy } from "@pulumi/policy";
import { guarded } from "../lib/guarded";
import { redisPrincipalField } from "../lib/redis-iam";
import { readString } from "../lib/resource-reader";

export const ACCESS_KEY_SECRET_POLICY_NAME = "redis-access-key-secret";

/** Credential types, and the output fields that hold plaintext secrets unless a PGP key encrypts them. */
const SECRET_OUTPUTS: Readonly<Record<string, string[]>> = {
    "aws:iam/accessKey:AccessKey": ["secret", "sesSmtpPasswordV4"],
    "aws:iam/userLoginProfile:UserLoginProfile": ["password"],
};

/**
 * A Redis user's secret access key (and console password) must never reach
 * the state in plaintext: either the secret outputs are marked
 * `additionalSecretOutputs`, or a PGP key encrypts them.
 */
export const redisAccessKeySecret: ResourceValidationPolicy = {
    name: ACCESS_KEY_SECRET_POLICY_NAME,
    description:
        "An access key or console password for a Redis Cloud user must list its secret fields in additionalSecretOutputs, or set pgpKey, so that no plaintext secret is written to state.",
    remediationSteps:
        'Use the RedisCloudIam component, or add the option additionalSecretOutputs: ["secret"] (["password"] for a login profile), or set pgpKey.',
    severity: "critical",
    enforcementLevel: "mandatory",
    validateResource: guarded(ACCESS_KEY_SECRET_POLICY_NAME, (args, reportViolation) => {
        const secretFields = SECRET_OUTPUTS[args.type];
        if (!secretFields || redisPrincipalField(args.type, args.props) === undefined) return;
        if (readString(args.props, "pgpKey")) return;
        const marked = new Set(args.opts.additionalSecretOutputs ?? []);
        const unmarked = secretFields.filter((field) => !marked.has(field));
        if (unmarked.length) {
            reportViolation(
                `Output(s) ${unmarked.map((f) => `"${f}"`).join(", ")} would be stored in plaintext: add them to additionalSecretOutputs or set pgpKey.`,
            );
        }
    }),
};
