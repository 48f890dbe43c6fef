import { invalidInput } from '../../errors.js';
import type { OncotreeNode, Parsed } from '../types.js';

interface RawNode {
  code?: unknown;
  name?: unknown;
  mainType?: unknown;
  tissue?: unknown;
  parent?: unknown;
  level?: unknown;
  children?: Record<string, RawNode>;
}

/** OncoTree's nested JSON (`{"TISSUE": node}`) flattened to code → node with its parent's code. */
export function parseOncotree(text: string): Parsed<OncotreeNode[]> {
  let doc: Record<string, RawNode>;
  try {
    doc = JSON.parse(text) as Record<string, RawNode>;
  } catch (err) {
    throw invalidInput('JSON_INVALID', `not JSON: ${(err as Error).message}`, { field: 'json' });
  }
  const out: OncotreeNode[] = [];
  const walk = (node: RawNode, path: string) => {
    if (typeof node.code !== 'string' || typeof node.name !== 'string' || typeof node.level !== 'number') {
      throw invalidInput('ONCOTREE_NODE', `${path}: expected code, name and level`, { field: path });
    }
    out.push({
      code: node.code,
      name: node.name,
      mainType: typeof node.mainType === 'string' ? node.mainType : null,
      tissue: typeof node.tissue === 'string' ? node.tissue : null,
      parent: typeof node.parent === 'string' ? node.parent : null,
      level: node.level,
    });
    for (const [code, child] of Object.entries(node.children ?? {})) walk(child, `${path}.children.${code}`);
  };
  const root = doc.TISSUE;
  if (!root) throw invalidInput('ONCOTREE_SHAPE', 'expected a top-level "TISSUE" node', { field: 'TISSUE' });
  walk(root, 'TISSUE');
  return { data: out, version: null };
}
