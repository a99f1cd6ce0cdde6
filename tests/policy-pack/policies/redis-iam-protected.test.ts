/**
 * `redis-iam-protected`: its violating and passing cases (policy-pack/policies/redis-iam-protected.ts).
 */
import { COMPONENT_URN, PolicyCase, describePolicyCases, r } from "../policy-cases";

export const CASES: PolicyCase[] = [
    ...[
        ["an unprotected Redis policy", r("aws:iam/policy:Policy", { name: "RedisLabsInstanceRolePolicy" }), /not protected/],
        ["an unprotected console role", r("aws:iam/role:Role", { name: "redislabs-role" }), /not protected/],
        ["an unprotected Redis user", r("aws:iam/user:User", { name: "redislabs-user" }), /not protected/],
        [
            "an unprotected instance profile",
            r("aws:iam/instanceProfile:InstanceProfile", { name: "redislabs-cluster-node-role", role: "redislabs-cluster-node-role" }),
            /not protected/,
        ],
        [
            "an unprotected attachment to a Redis role, even from the component",
            r("aws:iam/rolePolicyAttachment:RolePolicyAttachment", { role: "redislabs-role" }, { parent: COMPONENT_URN }),
            /not protected: set the resource option protect: true/,
        ],
    ].map(([title, resource, violation]) => ({ title, resource, violation }) as PolicyCase),
    ...[
        ["a protected Redis user", r("aws:iam/user:User", { name: "redislabs-user" }, { protect: true })],
        [
            "an unprotected retiring access key (rotation must remove it)",
            r(
                "aws:iam/accessKey:AccessKey",
                { user: "redislabs-user" },
                { parent: COMPONENT_URN, additionalSecretOutputs: ["secret", "sesSmtpPasswordV4"] },
            ),
        ],
        ["an unprotected role of the customer's", r("aws:iam/role:Role", { name: "app-role" })],
        // redis-iam-canonical refuses a stray grant; asking to protect it would suggest the wrong fix.
        [
            "an unprotected grant to a Redis role from outside the component (owned by redis-iam-canonical)",
            r("aws:iam/rolePolicy:RolePolicy", { role: "redislabs-role", policy: "{}" }),
        ],
    ].map(([title, resource]) => ({ title, resource }) as PolicyCase),
];

describePolicyCases("redis-iam-protected", CASES);
