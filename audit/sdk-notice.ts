/**
 * The AWS SDK for JavaScript v3 writes a multi-line `NodeVersionSupportWarning`
 * to stderr when its first client is made on Node below 22. It then lands
 * above the audit's table. The commands hold it back (the SDK's own switch,
 * unless the user set it) and say the same in one note after their report.
 */

/** The SDK's own switch for the warning (`@aws-sdk/core`, `emitWarningIfUnsupportedVersion`). */
export const SDK_NODE_WARNING_SWITCH = "AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED";
/** The lowest Node major the SDK's releases after January 2027 support, as its warning says. */
export const SDK_NODE_MAJOR = 22;

/** Call before any AWS SDK client is made. Returns the note to print after the report, if Node is older than the SDK wants. */
export function holdBackSdkNodeWarning(version: string = process.version): string | undefined {
    if (process.env[SDK_NODE_WARNING_SWITCH] === undefined) process.env[SDK_NODE_WARNING_SWITCH] = "true";
    const major = Number(/^v?(\d+)/.exec(version)?.[1] ?? SDK_NODE_MAJOR);
    return major < SDK_NODE_MAJOR
        ? `Node ${version}: AWS SDK for JavaScript v3 releases after the first week of January 2027 need Node >= ${SDK_NODE_MAJOR}.`
        : undefined;
}
