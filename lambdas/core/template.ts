/** What a message template may say, filled in for each notification. */
export const TEMPLATE_PLACEHOLDERS = ['page', 'name', 'status', 'impact', 'body', 'link', 'time'] as const;
export type TemplateValues = Record<(typeof TEMPLATE_PLACEHOLDERS)[number], string>;

/** The placeholders a template uses that do not exist (empty when it is fine). */
export function unknownPlaceholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)]
    .map((m) => m[1]!)
    .filter((p) => !(TEMPLATE_PLACEHOLDERS as readonly string[]).includes(p));
}

/** Fills `{page}`, `{name}`, `{status}`… in; the text is plain (HTML is escaped where it goes). */
export function fillTemplate(template: string, values: TemplateValues): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? values[name as keyof TemplateValues] : whole,
  );
}
