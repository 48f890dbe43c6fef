import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Db } from '../db/index.js';
import { vcfLines, type SyntheticGenome } from '../genomics/index.js';
import { randomId } from '../registry/index.js';
import { ObjectStore } from './object-store.js';
import { DEFAULT_QC_GATES } from './qc-gates.js';
import { judgeRound } from './qc-round.js';
import * as store from './store.js';
import { trioVcf } from './demo-trio.js';

/** States after QC passed: their germline VCF is in the variant store in the demo. */
const LOADED_STATES = ['qc_passed', 'analysed', 'report_drafted', 'report_signed', 'returned', 'expert_panel_held', 'outcome_recorded'];

interface DemoCandidate {
  case_id: string;
  specimen_id: string;
  specimen_type: store.RunRow['specimen_type'];
  participant_id: string;
  seq_org_id: string;
  sequenced_at: Date;
  received_at: Date;
}

/**
 * Sequencing data for a few demo rare-disease cases past QC: one germline run each with passing
 * QC metrics, a germline VCF on the demo genome (20,000 records) in the object store, and the
 * file queued for ingest, so the server's ingest worker loads them into the variant store and
 * the case pages show QC, pipeline progress and a real variant table. Idempotent.
 */
export interface DemoSites {
  genome: SyntheticGenome;
  /** The synthetic VCF (seed and record count) that the demo ClinVar and population panel sample. */
  seed: number;
  count: number;
  /** A de novo allele to plant in the proband of the demo's trio (the demo's causal variant); no trio without it. */
  deNovo?: { chrom: string; pos1: number; ref: string; alt: string };
}

export async function seedDemoSequencing(db: Db, dataDir: string, sites: DemoSites, opts: { cases?: number } = {}): Promise<DemoSequencing> {
  const candidates = await db.query<DemoCandidate>(
    // One row per case: a proband re-collected after failed QC has two received specimens (the latest counts).
    `SELECT DISTINCT ON ((c.state = 'qc_passed'), (c.hospital_org_id = 'H-TOKYO'), c.id)
            c.id AS case_id, s.id AS specimen_id, s.type AS specimen_type, s.participant_id, sh.to_org_id AS seq_org_id,
            (SELECT max(at) FROM case_events e WHERE e.case_id = c.id AND e.to_state = 'sequenced') AS sequenced_at,
            (SELECT max(at) FROM case_events e WHERE e.case_id = c.id AND e.to_state = 'data_received') AS received_at
       FROM cases c
       JOIN specimens s ON s.case_id = c.id AND s.participant_id = c.proband_id AND s.status = 'received'
       JOIN shipment_items si ON si.specimen_id = s.id AND si.check_result = 'ok'
       JOIN shipments sh ON sh.id = si.shipment_id
      WHERE c.domain = 'rare_disease' AND c.state = ANY($1::text[])
        AND NOT EXISTS (SELECT 1 FROM sequencing_runs r WHERE r.case_id = c.id)
      -- Cases waiting for analysis first (the analyst's desk lists them), Tokyo's first among them
      -- (the demo clinician's hospital), so both find loaded data on their first page.
      ORDER BY (c.state = 'qc_passed') DESC, (c.hospital_org_id = 'H-TOKYO') DESC, c.id, s.collected_at DESC
      LIMIT $2`,
    [LOADED_STATES, opts.cases ?? 6],
  );
  const objects = new ObjectStore(join(dataDir, 'objects'));
  const out: DemoSequencing = { files: 0, trioCaseId: null };
  for (const c of candidates) {
    if (!c.sequenced_at || !c.received_at) continue;
    const parents = sites.deNovo && out.trioCaseId === null ? await parentSpecimens(db, c.case_id) : [];
    const trio = parents.length === 2;
    const members: DemoMember[] = [
      { specimenId: c.specimen_id, specimenType: c.specimen_type, participantId: c.participant_id, suffix: 'PB' },
      ...(trio ? parents.map((p) => ({ specimenId: p.id, specimenType: p.type, participantId: p.participant_id, suffix: p.relationship === 'mother' ? 'MO' as const : 'FA' as const })) : []),
    ];
    const names = members.map((m) => `${c.case_id}-${m.suffix}`);
    const file = trio ? writeText(objects, trioVcf(sites, names, 1000 + out.files)) : writeDemoVcf(objects, sites, names[0]!, 1000 + out.files);
    await recordSequencing(db, c, members, names, file, out.files);
    if (trio) out.trioCaseId = c.case_id;
    out.files++;
  }
  return out;
}

export interface DemoSequencing {
  /** Germline VCFs written and queued. */
  files: number;
  /** The case sequenced as a trio (joint VCF of proband, mother and father), if any. */
  trioCaseId: string | null;
}

interface DemoMember {
  specimenId: string;
  specimenType: store.RunRow['specimen_type'];
  participantId: string;
  suffix: 'PB' | 'MO' | 'FA';
}

async function parentSpecimens(db: Db, caseId: string) {
  return db.query<{ id: string; type: store.RunRow['specimen_type']; participant_id: string; relationship: string }>(
    `SELECT DISTINCT ON (m.relationship) s.id, s.type, s.participant_id, m.relationship
       FROM specimens s JOIN case_members m ON m.case_id = s.case_id AND m.participant_id = s.participant_id
      WHERE s.case_id = $1 AND s.status = 'received' AND m.relationship IN ('mother', 'father')
      ORDER BY m.relationship, s.id`,
    [caseId],
  );
}

/** One run per member with passing QC, the evaluation, and the (joint) VCF queued for ingest. */
async function recordSequencing(db: Db, c: DemoCandidate, members: DemoMember[], names: string[], file: { sha256: string; sizeBytes: number }, n: number): Promise<void> {
  const runs: store.NewRun[] = members.map((m, i) => ({
    id: randomId('SR-', 12), case_id: c.case_id, specimen_id: m.specimenId, seq_org_id: c.seq_org_id, sample_name: names[i]!,
    platform: 'Illumina NovaSeq X', instrument_run_id: `DEMO-${n + 1}`, library_prep: 'PCR-free', read_length_bp: 150, paired_end: true,
    pipeline_name: 'DRAGEN', pipeline_version: '4.3.6', reference_genome: 'GRCh38', sequenced_at: c.sequenced_at!,
    mean_coverage: 34 + (n % 5), pct_bases_20x: 97.1, pct_bases_30x: 88.4, q30_pct: 92.3, duplication_pct: 8.1,
    contamination_pct: 0.4, insert_size_median_bp: 412, created_at: c.sequenced_at!, created_by: 'demo',
  }));
  const outcome = judgeRound(DEFAULT_QC_GATES, 'rare_disease', runs.map((run, i) => ({
    runId: run.id, specimenId: members[i]!.specimenId, specimenType: members[i]!.specimenType,
    metrics: store.metricsOf({ ...run, specimen_type: members[i]!.specimenType, barcode: '', participant_id: members[i]!.participantId }),
  })));
  const evaluation: store.EvaluationRow = { id: randomId('QE-', 12), case_id: c.case_id, passed: outcome.passed, gates: outcome.gates, at: c.received_at! };
  await db.transaction(async (tx) => {
    for (const run of runs) await store.insertRun(tx, run);
    await store.insertEvaluation(tx, evaluation);
    await store.insertFile(tx, {
      id: randomId('RF-', 12), case_id: c.case_id, seq_org_id: c.seq_org_id, kind: 'germline_vcf', caller: null,
      file_name: `${names[0]}.hard-filtered.vcf`, sha256: file.sha256, size_bytes: file.sizeBytes, compression: 'none', run_ids: runs.map((r) => r.id),
      samples: members.map((m, i) => ({ vcfSample: names[i]!, runId: runs[i]!.id, specimenId: m.specimenId, participantId: m.participantId, role: 'germline' as const })),
      pipeline_name: 'DRAGEN', pipeline_version: '4.3.6',
      status: outcome.passed ? 'queued' : 'qc_failed', qc_evaluation_id: evaluation.id, uploaded_at: c.received_at!, uploaded_by: 'demo',
    });
  });
}

/**
 * Each patient carries about 70% of the demo's variant sites (a different subset per patient), so
 * some of their variants are in the demo ClinVar and population panel.
 */
function writeDemoVcf(objects: ObjectStore, sites: DemoSites, sampleName: string, patientSeed: number): { sha256: string; sizeBytes: number } {
  let i = 0;
  const lines: string[] = [];
  for (const line of vcfLines(sites.genome, { seed: sites.seed, count: sites.count, samples: 1 })) {
    if (line.startsWith('#CHROM')) lines.push(line.replace(/\tS1$/, `\t${sampleName}`));
    else if (line.startsWith('#') || (Math.imul(++i ^ Math.imul(patientSeed, 0x9e3779b9), 2654435761) >>> 0) % 100 < 70) lines.push(line);
  }
  return writeText(objects, lines.join('\n') + '\n');
}

function writeText(objects: ObjectStore, text: string): { sha256: string; sizeBytes: number } {
  const sha256 = createHash('sha256').update(text).digest('hex');
  const path = objects.pathOf(objects.keyFor(sha256));
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.part`, text);
  renameSync(`${path}.part`, path);
  return { sha256, sizeBytes: statSync(path).size };
}
