/**
 * Reading resource properties that can be anything: a pack runs on every
 * resource of every stack, so every reader tolerates missing, null, wrongly
 * typed and oversized values and returns `undefined` instead of throwing.
 *
 * Reads go through the SDK's unknown-checking proxy: touching a value that is
 * unknown during preview throws the SDK's UnknownValueError, which the SDK
 * turns into its "can't run policy during preview" advisory. Readers therefore
 * touch only the fields a decision needs.
 */

export type Props = Record<string, unknown>;

export const isRecord = (value: unknown): value is Props => typeof value === "object" && value !== null && !Array.isArray(value);

/** Providers receive object-typed settings as JSON text (`defaultTags` is one); other strings are left alone. */
function parsedIfJsonObject(value: unknown): unknown {
    if (typeof value !== "string" || !value.startsWith("{")) return value;
    try {
        return JSON.parse(value);
    } catch {
        return value;
    }
}

/** A dotted path such as `defaultTags.tags` or `iamInstanceProfile.name`. */
export function readPath(props: unknown, path: string): unknown {
    let current: unknown = props;
    for (const key of path.split(".")) {
        current = parsedIfJsonObject(current);
        if (!isRecord(current)) return undefined;
        current = current[key];
    }
    return current;
}

export function readString(props: unknown, path: string): string | undefined {
    const value = readPath(props, path);
    return typeof value === "string" ? value : undefined;
}

/** A field that holds one ID or a list of IDs; non-string entries are ignored. */
export function readStrings(props: unknown, path: string): string[] {
    const value = readPath(props, path);
    if (typeof value === "string") return [value];
    if (Array.isArray(value)) return value.filter((item): item is string => typeof item === "string");
    return [];
}

/** The keys of a tag map (`{ key: value }`) or a tag list (`[{ key, value }]`), without reading any value. */
export function readTagKeys(props: unknown, path: string): string[] {
    const value = readPath(props, path);
    if (isRecord(value)) return Object.keys(value);
    if (Array.isArray(value)) {
        return value.map((tag) => readString(tag, "key") ?? readString(tag, "Key")).filter((key): key is string => key !== undefined);
    }
    return [];
}

/** The type of a resource's parent, from its URN (`...::<parent types joined by $>::<name>`), known at preview. */
export function parentType(parentUrn: string | undefined): string | undefined {
    if (typeof parentUrn !== "string") return undefined;
    const parts = parentUrn.split("::");
    if (parts.length < 4) return undefined;
    const typeChain = parts[2].split("$");
    return typeChain[typeChain.length - 1];
}
