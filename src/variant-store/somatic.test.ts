import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { memoryReader } from '../genomics/synthetic/index.js';
import { openTestDb, scratchDir, type TestDb } from '../testing/test-db.js';
import { noAnnotator } from './annotate.js';
import { DuckDbVariantStore } from './duckdb.js';
import { ingestSampleVcf, type IngestDeps } from './service.js';
import { SEQUENCE, writeVcf } from './testing/fixtures.js';

// Somatic VAF conventions (calls.ts) on hand-made Mutect2 and Strelka2 records. The PostgreSQL
// side is the germline tests' (ingest.test.ts runs both drivers); PGlite suffices here.
const MUTECT2 = [
  '##fileformat=VCFv4.2',
  '##source=Mutect2',
  '##tumor_sample=TUMOUR1',
  '##normal_sample=NORMAL1',
  '##contig=<ID=chrT,length=23>',
  '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
  '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">',
  '##FORMAT=<ID=AF,Number=A,Type=Float,Description="Allele fractions">',
  '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Depth">',
  '#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tNORMAL1\tTUMOUR1',
  'chrT\t2\t.\tG\tC\t.\tPASS\t.\tGT:AD:AF:DP\t0/0:30,0:0.032:30\t0/1:36,12:0.245:48',
  'chrT\t20\t.\tA\tT,C\t.\tmulti_alleles\t.\tGT:AD:AF:DP\t0/0:25,0,0:0.04,0.04:25\t0/1/2:20,6,4:0.19,0.135:30',
];

const STRELKA2 = [
  '##fileformat=VCFv4.1',
  '##source=strelka',
  '##contig=<ID=chrT,length=23>',
  '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Read depth for tier1">',
  '##FORMAT=<ID=AU,Number=2,Type=Integer,Description="Number of A alleles used in tiers 1,2">',
  '##FORMAT=<ID=CU,Number=2,Type=Integer,Description="Number of C alleles used in tiers 1,2">',
  '##FORMAT=<ID=GU,Number=2,Type=Integer,Description="Number of G alleles used in tiers 1,2">',
  '##FORMAT=<ID=TU,Number=2,Type=Integer,Description="Number of T alleles used in tiers 1,2">',
  '##FORMAT=<ID=TAR,Number=2,Type=Integer,Description="Reads strongly supporting alternate allele for tiers 1,2">',
  '##FORMAT=<ID=TIR,Number=2,Type=Integer,Description="Reads strongly supporting indel allele for tiers 1,2">',
  '#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tNORMAL\tTUMOR',
  'chrT\t2\t.\tG\tC\t.\tPASS\t.\tDP:AU:CU:GU:TU\t30:0,0:0,0:30,30:0,0\t48:0,0:12,13:36,38:0,0',
  'chrT\t13\t.\tTT\tT\t.\tPASS\t.\tDP:TAR:TIR\t31:31,31:0,0\t41:30,31:10,10',
];

describe('somatic ingest: tumour VAF by caller (pglite)', () => {
  let db: TestDb;
  let dir: ReturnType<typeof scratchDir>;
  let store: DuckDbVariantStore;
  let deps: IngestDeps;
  before(async () => {
    db = await openTestDb('pglite');
    dir = scratchDir('kiban-vs-somatic');
    store = await DuckDbVariantStore.open({ path: join(dir.path, 'variants.duckdb') });
    deps = { db, store, reference: { reader: memoryReader([{ name: 'chrT', sequence: SEQUENCE }]), annotator: noAnnotator } };
  });
  after(async () => {
    await store.close();
    await db.close();
    dir.remove();
  });

  const calls = async (sampleId: string) =>
    (await store.sampleVariants({ sampleId })).rows.map((r) => [r.pos1, r.ref, r.alt, r.gt, r.adRef, r.adAlt, r.dp, r.vaf, r.filter]);

  it('Mutect2: tumour column from ##tumor_sample, VAF from FORMAT/AF per ALT', async () => {
    const out = await ingestSampleVcf(deps, { sampleId: 'T-1', kind: 'somatic', ...writeVcf(dir.path, 'm2.vcf', MUTECT2) });
    assert.equal(out.sample.vcfSample, 'TUMOUR1');
    assert.deepEqual(await calls('T-1'), [
      [2, 'G', 'C', '0/1', 36, 12, 48, 0.245, 'PASS'],
      [20, 'A', 'C', '0/0/1', 20, 4, 30, 0.135, 'multi_alleles'],
      [20, 'A', 'T', '0/1/0', 20, 6, 30, 0.19, 'multi_alleles'],
    ]);
    const normal = await store.carriers({ chrom: 'chrT', pos1: 2, ref: 'G', alt: 'C' });
    assert.deepEqual(normal.map((c) => [c.sampleId, c.kind]), [['T-1', 'somatic']]);
  });

  it('Strelka2: SNV VAF from tier-1 <base>U counts, indel VAF from tier-1 TIR/(TAR+TIR), left-aligned', async () => {
    const out = await ingestSampleVcf(deps, { sampleId: 'T-2', kind: 'somatic', ...writeVcf(dir.path, 's2.vcf', STRELKA2) });
    assert.equal(out.sample.vcfSample, 'TUMOR');
    assert.deepEqual(await calls('T-2'), [
      [2, 'G', 'C', null, 36, 12, 48, 0.25, 'PASS'],
      [12, 'AT', 'A', null, 30, 10, 41, 0.25, 'PASS'],
    ]);
  });
});
