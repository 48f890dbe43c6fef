import { audit } from '../audit/index.js';
import type { Db, Queryable } from '../db/index.js';
import { KibanError } from '../errors.js';
import { samplesOfCase } from '../intake/index.js';
import { knowledgeVersions, type Knowledge } from '../knowledge/index.js';
import { caseMembers, randomId } from '../registry/index.js';
import type { StoredSample } from '../variant-store/index.js';
import type { AcmgClass } from './acmg/types.js';
import type { AnnotatedAllele } from './annotated-reader.js';
import { familyAlleles, type SampleVariantReader } from './from-store.js';
import type { Family, Sex } from './inheritance/ped.js';
import type { PhenotypeIndex } from './phenotype/ontology.js';
import { phenotypeIndexOf, rankGenes } from './prioritise.js';
import type { RankedCandidate } from './rank.js';
import * as store from './store.js';

/** Bumped when the criteria, filters or ranking change, so a run says which logic produced it. */
export const PIPELINE_VERSION = 'kiban-interpretation/1 (ACMG/AMP 2015 Table 5 + Tavtigian 2020 points; Resnik best-match)';

/** The knowledge a server runs with: the loaded bundle, whether it is the built-in demo content, its phenotype index. */
export interface ServerKnowledge {
  bundle: Knowledge;
  demo: boolean;
  phenotypeIndex?: PhenotypeIndex;
}

export interface RunDeps {
  db: Db;
  variants: (SampleVariantReader & { getSample(sampleId: string): Promise<StoredSample | undefined> }) | null;
  knowledge: ServerKnowledge | null;
}

export interface FamilyMember {
  relationship: 'proband' | 'mother' | 'father';
  participantId: string;
  sex: string;
  sampleId: string | null;
}

/**
 * The proband and parents of a case with their germline variant-store samples. A parent counts
 * only when the case has a germline file for them: an unsequenced parent makes a singleton or duo.
 */
export async function caseFamily(q: Queryable, caseId: string): Promise<FamilyMember[]> {
  const samples = (await samplesOfCase(q, caseId)).filter((s) => s.kind === 'germline');
  const members = await caseMembers(q, caseId);
  return members
    .filter((m) => m.relationship === 'proband' || m.relationship === 'mother' || m.relationship === 'father')
    .map((m) => ({
      relationship: m.relationship as FamilyMember['relationship'], participantId: m.participant_id, sex: m.sex,
      sampleId: samples.find((s) => s.participantId === m.participant_id)?.sampleId ?? null,
    }));
}

/** Why a case cannot be interpreted yet, or null when every sequenced member's calls are loaded. */
export async function notReady(deps: RunDeps, family: FamilyMember[]): Promise<string | null> {
  const proband = family.find((m) => m.relationship === 'proband');
  if (!proband?.sampleId) return 'the proband has no germline calls';
  if (!deps.variants) return 'the variant store is not available in this process';
  for (const m of family) {
    if (m.sampleId && !(await deps.variants.getSample(m.sampleId))) return `the ${m.relationship}'s sample ${m.sampleId} is not loaded yet`;
  }
  return null;
}

function familyOfMembers(members: FamilyMember[]): Family {
  const p = members.find((m) => m.relationship === 'proband')!;
  const parent = (rel: 'mother' | 'father') => {
    const m = members.find((x) => x.relationship === rel && x.sampleId);
    // Registry parents are recorded as unaffected relatives by default; affected status is not read here.
    return m ? { id: m.sampleId!, affected: false } : undefined;
  };
  const sex: Sex = p.sex === 'male' || p.sex === 'female' ? p.sex : 'unknown';
  const mother = parent('mother');
  const father = parent('father');
  return { proband: p.sampleId!, sex, noCallMeansHomRef: true, ...(mother ? { mother } : {}), ...(father ? { father } : {}) };
}

const CLASS_ORDER: AcmgClass[] = ['Pathogenic', 'Likely pathogenic', 'Uncertain significance', 'Likely benign', 'Benign'];

function candidateRow(runId: string, c: RankedCandidate, alleles: Map<string, AnnotatedAllele[]>): store.CandidateRow {
  const byKey = new Map((alleles.get(c.gene) ?? []).map((a) => [`${a.chrom}:${a.pos1}:${a.ref}:${a.alt}`, a]));
  const variants = c.variants.map((v) => ({ ...v, calls: byKey.get(v.key)?.calls ?? {} }));
  const classes = c.variants.map((v) => CLASS_ORDER.indexOf((v.acmg?.acmgClass ?? 'Uncertain significance') as AcmgClass));
  return {
    run_id: runId, rank: c.rank, gene: c.gene, mode: c.mode, score: c.score, variant_score: c.variantScore, phenotype_score: c.phenotypeScore,
    acmg_class: CLASS_ORDER[Math.min(...classes)] ?? 'Uncertain significance', variants, phenotype: c.phenotype ?? null, explanation: c.explanation,
  };
}

export type RunOutcome = { status: 'completed' | 'failed'; runId: string; candidates: number } | { status: 'not_ready'; reason: string };

/**
 * One interpretation run of a case: the family's calls from the variant store, the case's current
 * HPO terms, the server's knowledge; ranked, classified, stored with the versions behind it.
 * Every run is kept. A case whose sequenced members are not all loaded is not run (not_ready).
 */
export async function runInterpretation(deps: RunDeps, caseId: string, requestedBy: string): Promise<RunOutcome> {
  if (!deps.knowledge) throw new KibanError('conflict', 'KNOWLEDGE_UNAVAILABLE', 'no knowledge bundle is loaded (set KIBAN_KNOWLEDGE_DIR)', {});
  const k = deps.knowledge;
  const members = await caseFamily(deps.db, caseId);
  const why = await notReady(deps, members);
  if (why) return { status: 'not_ready', reason: why };
  const hpo = (await store.currentPhenotypeSet(deps.db, caseId))?.terms ?? [];
  const runId = randomId('IR-', 12);
  await store.insertRun(deps.db, {
    id: runId, case_id: caseId, knowledge_id: k.bundle.manifest.id, curated_version: 0, knowledge_sources: knowledgeVersions(k.bundle.manifest),
    knowledge_demo: k.demo, pipeline_version: PIPELINE_VERSION, hpo_terms: hpo, family: members, requested_by: requestedBy,
  });
  try {
    const family = familyOfMembers(members);
    const alleles = await familyAlleles(deps.variants!, { proband: family.proband, ...(family.mother ? { mother: family.mother.id } : {}), ...(family.father ? { father: family.father.id } : {}) });
    if (hpo.length > 0 && !k.phenotypeIndex) k.phenotypeIndex = phenotypeIndexOf(k.bundle);
    const ranked = rankGenes(alleles, family, k.bundle, { hpo, ...(k.phenotypeIndex ? { phenotypeIndex: k.phenotypeIndex } : {}) });
    await deps.db.transaction(async (tx) => {
      await store.insertCandidates(tx, ranked.map((c) => candidateRow(runId, c, alleles)));
      await store.finishRun(tx, runId, 'completed');
      await audit(tx, 'system', { action: 'interpretation.run', entityType: 'case', entityId: caseId, details: { runId, candidates: ranked.length, knowledgeId: k.bundle.manifest.id } });
    });
    return { status: 'completed', runId, candidates: ranked.length };
  } catch (err) {
    const e = err instanceof KibanError ? { code: err.code, message: err.message } : { code: 'INTERNAL', message: (err as Error).message };
    await store.finishRun(deps.db, runId, 'failed', e);
    return { status: 'failed', runId, candidates: 0 };
  }
}
