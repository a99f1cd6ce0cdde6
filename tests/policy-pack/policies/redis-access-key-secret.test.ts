/**
 * `redis-access-key-secret`: its violating and passing cases (policy-pack/policies/redis-access-key-secret.ts).
 */
import { COMPONENT_URN, PolicyCase, describePolicyCases, r } from "../policy-cases";

export const CASES: PolicyCase[] = [
    ...[
        [
            "a Redis access key without secret outputs or PGP",
            r("aws:iam/accessKey:AccessKey", { user: "redislabs-user" }, { parent: COMPONENT_URN }),
            /"secret", "sesSmtpPasswordV4" would be stored in plaintext/,
        ],
        [
            "a Redis login profile without its password marked",
            r("aws:iam/userLoginProfile:UserLoginProfile", { user: "redislabs-user" }, { parent: COMPONENT_URN }),
            /"password" would be stored in plaintext/,
        ],
    ].map(([title, resource, violation]) => ({ title, resource, violation }) as PolicyCase),
    ...[
        [
            "a Redis access key with its secrets marked",
            r(
                "aws:iam/accessKey:AccessKey",
                { user: "redislabs-user" },
                { parent: COMPONENT_URN, additionalSecretOutputs: ["secret", "sesSmtpPasswordV4"] },
            ),
        ],
        [
            "a Redis access key encrypted with PGP",
            r("aws:iam/accessKey:AccessKey", { user: "redislabs-user", pgpKey: "keybase:ops" }, { parent: COMPONENT_URN }),
        ],
        ["another user's access key (out of scope)", r("aws:iam/accessKey:AccessKey", { user: "ci-bot" })],
    ].map(([title, resource]) => ({ title, resource }) as PolicyCase),
];

describePolicyCases("redis-access-key-secret", CASES);
