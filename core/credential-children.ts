/**
 * How a RedisCloudIam component names its credential children, and the shape
 * of credentials it declares in its outputs. The component names its children
 * with these functions and the guard pack's redis-component-shape reads the
 * declaration back: a key or login profile that the declaration does not
 * account for, by name, is an addition under the component, not its own
 * rotation or login. Dependency-free, so the pack can compile it in.
 */

/** The output under which the component declares its credentials. */
export const CREDENTIAL_SHAPE_OUTPUT = "credentialShape";

/** What a RedisCloudIam component created for redislabs-user's credentials. */
export interface CredentialShape {
    /** The access key generations, oldest first: one key per entry (two while rotating). */
    accessKeyGenerations: string[];
    /** Whether it created the console login profile (`consoleLogin`). */
    consoleLogin: boolean;
    /** Whether every key and the login profile are encrypted with the one PGP key it was given (`pgpKey`). */
    pgpEncrypted: boolean;
}

/** The access key of one generation. */
export const accessKeyChildName = (component: string, generation: string): string => `${component}-access-key-${generation}`;
/** The gate held while the retiring generation's key and the current one are both live. */
export const retirementGateChildName = (component: string, retiringGeneration: string): string =>
    `${accessKeyChildName(component, retiringGeneration)}-retirement-gate`;
/** The console login profile. */
export const consoleLoginChildName = (component: string): string => `${component}-console-login`;
