/**
 * The mechanism behind the `html` and `xml` template tags: every interpolated value is
 * escaped for its language unless it is already that language's safe markup; lists are
 * joined and empty values (null, undefined, false) print nothing.
 */
export type TagValue<Safe> = Safe | string | number | null | undefined | false | readonly TagValue<Safe>[];

export function escapingTag<Safe extends { readonly value: string }>(SafeClass: new (value: string) => Safe, escapeText: (text: string) => string) {
  const render = (value: TagValue<Safe>): string => {
    if (value === null || value === undefined || value === false) return "";
    if (value instanceof SafeClass) return value.value;
    if (Array.isArray(value)) return value.map(render).join("");
    return escapeText(String(value));
  };
  return (strings: TemplateStringsArray, ...values: TagValue<Safe>[]): Safe => {
    let out = strings[0] as string;
    for (let i = 0; i < values.length; i++) out += render(values[i] as TagValue<Safe>) + (strings[i + 1] as string);
    return new SafeClass(out);
  };
}
