/**
 * Every policy's hand-written cases in one list, for the suites that need them
 * all as seeds (the fuzzer). Each policy's test file owns its cases; loading it
 * here registers its suite once, as mocha's own loading would (Node caches the module).
 */
import type { PolicyCase } from "./policy-cases";
import { CASES as accessKeySecret } from "./policies/redis-access-key-secret.test";
import { CASES as accountSettings } from "./policies/redis-account-settings.test";
import { CASES as iamCanonical } from "./policies/redis-iam-canonical.test";
import { CASES as iamDocuments } from "./policies/redis-iam-documents.test";
import { CASES as lockout } from "./policies/redis-lockout.test";
import { CASES as iamProtected } from "./policies/redis-iam-protected.test";
import { CASES as managedIdsProtected } from "./policies/redis-managed-ids-protected.test";
import { CASES as managedTagReserved } from "./policies/redis-managed-tag-reserved.test";
import { CASES as nodeRoleReserved } from "./policies/redis-node-role-reserved.test";
import { CASES as principalGrants } from "./policies/redis-principal-grants.test";

export const ALL_CASES: Readonly<Record<string, readonly PolicyCase[]>> = {
    "redis-access-key-secret": accessKeySecret,
    "redis-account-settings": accountSettings,
    "redis-iam-canonical": iamCanonical,
    "redis-iam-documents": iamDocuments,
    "redis-iam-protected": iamProtected,
    "redis-lockout": lockout,
    "redis-managed-ids-protected": managedIdsProtected,
    "redis-managed-tag-reserved": managedTagReserved,
    "redis-node-role-reserved": nodeRoleReserved,
    "redis-principal-grants": principalGrants,
};
