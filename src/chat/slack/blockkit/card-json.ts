// Safe reads from Adaptive Card JSON, which reaches the converter as unknown-shaped data.

export type CardNode = Readonly<Record<string, unknown>>;

export function asNode(value: unknown): CardNode | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as CardNode)
    : undefined;
}

export function nodesOf(value: unknown): CardNode[] {
  if (!Array.isArray(value)) return [];
  return value.map(asNode).filter((node): node is CardNode => node !== undefined && node.isVisible !== false);
}

export function stringOf(node: CardNode, key: string): string | undefined {
  const value = node[key];
  return typeof value === 'string' ? value : undefined;
}

/** Adaptive Card enum values are case-insensitive. */
export function enumOf(node: CardNode, key: string): string | undefined {
  return stringOf(node, key)?.toLowerCase();
}
