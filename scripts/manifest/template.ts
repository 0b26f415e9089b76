// Fills `${NAME}` placeholders in a parsed template; a string that is only a placeholder may
// become any JSON value (e.g. the generated command lists). Unknown names are an error, not blanks.
export type TemplateValue =
  string | number | boolean | null | TemplateValue[] | { [key: string]: TemplateValue };

const PLACEHOLDER = /\$\{([A-Z0-9_]+)\}/g;
const WHOLE_PLACEHOLDER = /^\$\{([A-Z0-9_]+)\}$/;

export function fillTemplate(
  template: unknown,
  values: Readonly<Record<string, TemplateValue>>,
): TemplateValue {
  const lookup = (name: string): TemplateValue => {
    const value = values[name];
    if (value === undefined) throw new Error(`the template uses \${${name}}, which has no value`);
    return value;
  };
  const fill = (node: unknown): TemplateValue => {
    if (typeof node === 'string') {
      const whole = WHOLE_PLACEHOLDER.exec(node);
      if (whole?.[1]) return lookup(whole[1]);
      return node.replace(PLACEHOLDER, (_match, name: string) => {
        const value = lookup(name);
        if (typeof value === 'object' && value !== null)
          throw new Error(`\${${name}} is not text and cannot sit inside "${node}"`);
        return String(value);
      });
    }
    if (Array.isArray(node)) return node.map(fill);
    if (node && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, fill(value)]));
    }
    if (typeof node === 'number' || typeof node === 'boolean' || node === null) return node;
    throw new Error(`the template holds a value JSON cannot: ${typeof node}`);
  };
  return fill(template);
}
