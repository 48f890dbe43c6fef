import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { invalidInput } from '../errors.js';
import { readKnowledgeManifest, type KnowledgeManifest } from './bundle.js';
import type { SourceKey } from './source-specs.js';
import type {
  AcmgSfGene, CivicEvidence, CivicKnowledge, ClingenDosage, ClingenValidity, ClinvarKnowledge, HpoDiseases, HpoGenes, HpoOntology,
  ManeTranscript, OncotreeNode, Panel,
} from './types.js';

/** A loaded knowledge bundle: each source present in the manifest, parsed; absent ones undefined. */
export interface Knowledge {
  dir: string;
  manifest: KnowledgeManifest;
  hpoOntology?: HpoOntology;
  hpoGenes?: HpoGenes;
  hpoDiseases?: HpoDiseases;
  clinvar?: ClinvarKnowledge;
  civicEvidence?: CivicEvidence[];
  civicVariants?: CivicKnowledge['variants'];
  panelapp?: Panel[];
  clingenValidity?: ClingenValidity[];
  clingenDosage?: ClingenDosage[];
  acmgSf?: AcmgSfGene[];
  oncotree?: OncotreeNode[];
  mane?: ManeTranscript[];
}

/**
 * Reads every source file of the bundle (plain JSON: JSON.parse is the fastest loader Node has;
 * the full HPO release loads in ~0.3 s, see docs/knowledge-bundle.md).
 */
export function loadKnowledgeBundle(dir: string): Knowledge {
  const manifest = readKnowledgeManifest(dir);
  const knowledge: Knowledge = { dir, manifest };
  const seen = new Set<SourceKey>();
  for (const source of manifest.sources) {
    if (seen.has(source.key)) continue;
    seen.add(source.key);
    const path = join(dir, source.file);
    if (!existsSync(path)) throw invalidInput('KNOWLEDGE_FILE_MISSING', `${path}: missing from the knowledge bundle (rebuild it)`, { field: source.key, file: path });
    (knowledge as unknown as Record<string, unknown>)[source.key] = JSON.parse(readFileSync(path, 'utf8'));
  }
  return knowledge;
}

/** `name version` of each source, for the provenance of every interpretation. */
export function knowledgeVersions(manifest: KnowledgeManifest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of manifest.sources) {
    const text = `${s.name} ${s.version ?? 'unversioned'} (sha256 ${s.sha256.slice(0, 12)})`;
    out[s.key] = out[s.key] ? `${out[s.key]}; ${text}` : text;
  }
  return out;
}
