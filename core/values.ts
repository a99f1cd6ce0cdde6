/** Guards for values that came from anywhere (stack config, JSON text, a resource's properties). */

/** A plain object: not null, not a list. */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
    typeof value === "object" && value !== null && !Array.isArray(value);

/** The known name a misspelt one was probably meant to be: at most two edits away, ignoring case. */
export function closestName(name: string, known: readonly string[]): string | undefined {
    const distance = (a: string, b: string) => {
        let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
        for (let i = 1; i <= a.length; i++) {
            const current = [i];
            for (let j = 1; j <= b.length; j++)
                current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.length];
    };
    const ranked = known.map((k) => [k, distance(name.toLowerCase(), k.toLowerCase())] as const).sort((x, y) => x[1] - y[1]);
    return ranked.length && ranked[0][1] <= 2 ? ranked[0][0] : undefined;
}

/** `field.key: is not a setting of what (did you mean "..."?); its settings: ...`, for a misspelt key. */
export function unknownKeyProblem(field: string, key: string, known: readonly string[], what: string): string {
    const guess = closestName(key, known);
    // Only a name-like key is shown: it is the config's own text.
    const shown = /^[\w.-]{1,64}$/.test(key) ? key : "(a key that is not a name)";
    return `${field ? `${field}.` : ""}${shown}: is not a setting of ${what}${guess ? ` (did you mean "${guess}"?)` : ""}; its settings: ${known.join(", ")}`;
}
