/**
 * YAML text read as a user's tools read it: CloudFormation templates, SSM
 * documents, buildspecs, manifests. A real parser (eemeli/yaml), required on
 * first use only, so that a preview that never meets YAML worth decoding
 * never loads it; the callers decide what is worth decoding (lib/property-scan.ts).
 *
 * CloudFormation's short-form tags parse as the long form each stands for
 * (`!Sub x` as `{ "Fn::Sub": x }`, `!Ref x` as `{ Ref: x }`, `!GetAtt a.b` as
 * `{ "Fn::GetAtt": ["a", "b"] }`), so one reading serves both forms. Scalars
 * stay strings (the failsafe schema): an account ID written bare is the same
 * text as a quoted one, as IAM reads it.
 */
import type { DocumentOptions, ParseOptions, SchemaOptions, ToJSOptions } from "yaml";

/** CloudFormation's intrinsic functions with a short form `!Name` for `Fn::Name`. */
const CFN_FUNCTIONS = [
    "And",
    "Base64",
    "Cidr",
    "Contains",
    "EachMemberEquals",
    "EachMemberIn",
    "Equals",
    "FindInMap",
    "ForEach",
    "GetAZs",
    "GetAtt",
    "If",
    "ImportValue",
    "Join",
    "Length",
    "Not",
    "Or",
    "RefAll",
    "Select",
    "Split",
    "Sub",
    "ToJsonString",
    "Transform",
    "ValueOf",
    "ValueOfAll",
];

/** Aliases a document may use: more is a billion-laughs document, not a template (the parser's own default). */
export const MAX_YAML_ALIASES = 100;

/** A YAML document that a guard must not read on: too many aliases. */
export class YamlLimitError extends Error {}

type Yaml = typeof import("yaml");
let yaml: Yaml | undefined;
let options: (ParseOptions & DocumentOptions & SchemaOptions) | undefined;

function loaded(): { yaml: Yaml; options: ParseOptions & DocumentOptions & SchemaOptions } {
    if (yaml === undefined || options === undefined) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, not at the pack's start-up
        yaml = require("yaml") as Yaml;
        const longForm = (name: string) => (name === "Ref" || name === "Condition" ? name : `Fn::${name}`);
        const tags = [...CFN_FUNCTIONS, "Ref", "Condition"].flatMap((name) => {
            const tag = `!${name}`;
            const key = longForm(name);
            return [
                {
                    tag,
                    // `!GetAtt resource.attribute` is the only short form whose scalar is split.
                    resolve: (value: string) => ({
                        [key]:
                            name === "GetAtt" && value.includes(".")
                                ? [value.slice(0, value.indexOf(".")), value.slice(value.indexOf(".") + 1)]
                                : value,
                    }),
                },
                { tag, collection: "seq" as const, resolve: (seq: { toJSON(): unknown }) => ({ [key]: seq.toJSON() }) },
                { tag, collection: "map" as const, resolve: (map: { toJSON(): unknown }) => ({ [key]: map.toJSON() }) },
            ];
        });
        // Duplicate keys are tolerated (the text is still read), since a parse failure only falls back to matching the raw text.
        options = { schema: "failsafe", customTags: tags, uniqueKeys: false, prettyErrors: false, strict: false };
    }
    return { yaml, options };
}

const TO_JS: ToJSOptions = { maxAliasCount: MAX_YAML_ALIASES };

/**
 * The value of YAML text (a list of the documents when it holds more than one),
 * or undefined when it is not YAML a tool would accept. Never throws but
 * YamlLimitError, for a document whose aliases exceed MAX_YAML_ALIASES.
 */
export function parseYaml(text: string): { value: unknown } | undefined {
    const { yaml, options: parseOptions } = loaded();
    let documents;
    try {
        documents = yaml.parseAllDocuments(text, parseOptions);
    } catch {
        return undefined;
    }
    if (!Array.isArray(documents) || documents.length === 0) return undefined;
    const values: unknown[] = [];
    for (const document of documents) {
        if (document.errors.length > 0) return undefined;
        try {
            values.push(document.toJS(TO_JS));
        } catch (error) {
            if (error instanceof ReferenceError && /alias/i.test(error.message)) throw new YamlLimitError(error.message);
            return undefined;
        }
    }
    return { value: values.length === 1 ? values[0] : values };
}
