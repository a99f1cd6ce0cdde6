/**
 * The `consoleRolePolicy` choice: which of Redis's policies the console role
 * gets. Dependency-free (no Pulumi), so that the audit command can read it
 * without loading the SDK; the component re-exports it.
 */
import { REDIS_IAM_NAMES } from "./redis-documents";

/**
 * Which policy the console role (`redislabs-role`) gets. Redis's documentation
 * has changed its mind on this; see docs/deploy.md, "Console role policy".
 */
export const ConsoleRolePolicy = {
    /** `RedisLabsInstanceRolePolicy`, as Redis's console-steps page of mid-2025 says. The default. */
    InstanceRolePolicy: "instance-role-policy",
    /** `RedislabsIAMUserRestrictedPolicy`, as Redis's current docs and its CloudFormation template do. */
    UserRestrictedPolicy: "user-restricted-policy",
} as const;
/** A value of {@link ConsoleRolePolicy}: its member (`ConsoleRolePolicy.UserRestrictedPolicy`) or the string itself (`"user-restricted-policy"`). */
export type ConsoleRolePolicy = (typeof ConsoleRolePolicy)[keyof typeof ConsoleRolePolicy];

/** The AWS policy name behind each choice. */
export const CONSOLE_ROLE_POLICY_NAMES: Readonly<Record<ConsoleRolePolicy, string>> = {
    [ConsoleRolePolicy.InstanceRolePolicy]: REDIS_IAM_NAMES.instanceRolePolicy,
    [ConsoleRolePolicy.UserRestrictedPolicy]: REDIS_IAM_NAMES.userRestrictedPolicy,
};
