/**
 * The `reference` strings of a resource with their FHIRPath, for resolving a transaction's
 * `urn:uuid:` references and checking that relative references to supported types exist.
 */
export interface FoundReference {
  path: string;
  reference: string;
  /** Sets the reference in place. */
  set(value: string): void;
}

export function findReferences(resource: object, root: string): FoundReference[] {
  const out: FoundReference[] = [];
  const walk = (node: unknown, path: string) => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, `${path}[${i}]`));
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const o = node as Record<string, unknown>;
    if (typeof o.reference === 'string') {
      out.push({ path: `${path}.reference`, reference: o.reference, set: (v) => { o.reference = v; } });
    }
    for (const [key, value] of Object.entries(o)) {
      if (key !== 'contained' && typeof value === 'object') walk(value, `${path}.${key}`);
    }
  };
  walk(resource, root);
  return out;
}

/** `Type/id` (optionally `/_history/n`) → its parts; absolute URLs, fragments and urns → undefined. */
export function parseRelative(reference: string): { type: string; id: string } | undefined {
  const m = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(\/_history\/\d+)?$/.exec(reference);
  return m ? { type: m[1]!, id: m[2]! } : undefined;
}
