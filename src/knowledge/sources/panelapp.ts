import { invalidInput } from '../../errors.js';
import { columnIndex, fieldOf } from '../delimited.js';
import type { Panel, Parsed } from '../types.js';

/**
 * A Genomics England PanelApp file: the API's panel JSON (`GET /api/v1/panels/<id>/`, one panel
 * with its version) or a flat TSV of panel × gene rows (id, mode_of_inheritance, Gene,
 * confidence_level, name), which carries no panel version.
 */
export function parsePanelApp(text: string): Parsed<Panel[]> {
  return text.trimStart().startsWith('{') ? parsePanelJson(text) : parsePanelTsv(text);
}

interface PanelJson {
  id?: unknown;
  name?: unknown;
  version?: unknown;
  genes?: { gene_data?: { hgnc_symbol?: string; gene_symbol?: string }; entity_name?: string; confidence_level?: unknown; mode_of_inheritance?: string }[];
}

function parsePanelJson(text: string): Parsed<Panel[]> {
  let doc: PanelJson;
  try {
    doc = JSON.parse(text) as PanelJson;
  } catch (err) {
    throw invalidInput('JSON_INVALID', `not JSON: ${(err as Error).message}`, { field: 'json' });
  }
  if (doc.id === undefined || typeof doc.name !== 'string' || !Array.isArray(doc.genes)) {
    throw invalidInput('PANELAPP_SHAPE', 'expected a PanelApp panel (id, name, genes[]); a panel list page has no genes', { field: 'genes' });
  }
  const genes = doc.genes.map((g, k) => {
    const symbol = g.gene_data?.hgnc_symbol ?? g.gene_data?.gene_symbol ?? g.entity_name;
    const confidence = Number(g.confidence_level);
    if (!symbol || !Number.isInteger(confidence) || confidence < 0 || confidence > 3) {
      throw invalidInput('PANELAPP_GENE', `genes[${k}]: expected a gene symbol and confidence_level 0–3`, { field: `genes[${k}]` });
    }
    return { symbol, confidence, modeOfInheritance: g.mode_of_inheritance ?? '' };
  });
  const version = typeof doc.version === 'string' ? doc.version : null;
  return { data: [{ id: String(doc.id), name: doc.name, version, genes }], version: version && `${String(doc.id)} v${version}` };
}

function parsePanelTsv(text: string): Parsed<Panel[]> {
  const lines = text.split('\n');
  const header = (lines[0] ?? '').replace(/\r$/, '').split('\t');
  const col = { id: columnIndex(header, 'id', 1), moi: columnIndex(header, 'mode_of_inheritance', 1), gene: columnIndex(header, 'Gene', 1), conf: columnIndex(header, 'confidence_level', 1), name: columnIndex(header, 'name', 1) };
  const panels = new Map<string, Panel>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    if (line === '') continue;
    const row = { fields: line.split('\t'), line: i + 1 };
    const id = fieldOf(row, col.id, 'id');
    const conf = fieldOf(row, col.conf, 'confidence_level');
    const confidence = Number(conf);
    if (!/^[0-3]$/.test(conf)) throw invalidInput('PANELAPP_CONFIDENCE', `confidence_level: expected 0–3, got "${conf}"`, { line: i + 1, field: 'confidence_level' });
    let panel = panels.get(id);
    if (!panel) panels.set(id, (panel = { id, name: fieldOf(row, col.name, 'name'), version: null, genes: [] }));
    panel.genes.push({ symbol: fieldOf(row, col.gene, 'Gene'), confidence, modeOfInheritance: fieldOf(row, col.moi, 'mode_of_inheritance') });
  }
  return { data: [...panels.values()], version: null };
}
