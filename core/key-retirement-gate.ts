/**
 * What the access key retirement gate does while Redis Cloud has not used the
 * current key yet (components/access-key-retirement-gate.ts). Dependency-free,
 * so that the program's config and the plan can read it without the SDK.
 */
export const KeyRetirementGate = {
    /** Keep the old key: its deletion fails, with the reason, until IAM reports that the current key has been used. The default. */
    Refuse: "refuse",
    /** Warn, and delete the old key anyway. */
    Warn: "warn",
} as const;
/** A value of {@link KeyRetirementGate}: its member (`KeyRetirementGate.Warn`) or the string itself (`"warn"`). */
export type KeyRetirementGate = (typeof KeyRetirementGate)[keyof typeof KeyRetirementGate];
