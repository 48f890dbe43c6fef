import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyVariant } from './classify.js';
import { evaluateFrequency } from './frequency.js';
import { evaluateInSilico } from './insilico.js';
import { evaluateBp7, evaluateLengthChange, evaluateResidue, parseProteinChange, type KnownPathogenic } from './protein.js';
import { evaluatePvs1, lofMechanism, type LofMechanism } from './pvs1.js';
import { evaluateDeNovo, evaluatePhase } from './segregation.js';
import { criterionLabel, type Criterion } from './types.js';

const brief = (c: Criterion) => `${c.met ? criterionLabel(c) : `-${c.code}`}: ${c.evidence}`;
const HI3: LofMechanism = lofMechanism({ gene: 'SCN1A', haploinsufficiency: '3', dosageSource: 'ClinGen dosage 2026-02-06' });

test('LoF mechanism: ClinGen HI 3 or 30, else ClinVar LoF density', () => {
  assert.deepEqual(HI3, { established: true, evidence: 'ClinGen haploinsufficiency score 3 for SCN1A (sufficient evidence for haploinsufficiency)', source: 'ClinGen dosage 2026-02-06' });
  assert.equal(lofMechanism({ gene: 'G', haploinsufficiency: '30' }).established, true);
  assert.deepEqual(lofMechanism({ gene: 'G', haploinsufficiency: '1', clinvarPathogenicLof: 3, clinvarSource: 'ClinVar 2026-02-26' }), {
    established: true, evidence: '3 pathogenic/likely pathogenic LoF variants in ClinVar for G (≥3)', source: 'ClinVar 2026-02-26',
  });
  assert.deepEqual(lofMechanism({ gene: 'G', clinvarPathogenicLof: 2 }), { established: false, evidence: 'LoF is not an established mechanism for G: no ClinGen dosage curation, 2 P/LP LoF in ClinVar (<3)' });
});

test('PVS1: the SVI branches — NMD, NMD escape by last exon / 50-nt rule, >10% removed, splice frame, start loss, no mechanism', () => {
  const base = { proteinLength: 1000, mechanism: HI3 };
  const r = (x: Partial<Parameters<typeof evaluatePvs1>[0]>) => brief(evaluatePvs1({ ...base, consequences: ['stop_gained'], ...x }));
  const mech = HI3.evidence;
  assert.equal(r({ exonNumber: 3, exonCount: 10, proteinPos: 200 }), `PVS1: stop_gained predicted to undergo NMD (exon 3/10); ${mech}`);
  assert.equal(r({ exonNumber: 10, exonCount: 10, proteinPos: 850 }), `PVS1_Strong: stop_gained escapes NMD (last exon 10/10); ${mech}; 15.1% of the protein removed (>10%)`);
  assert.equal(r({ exonNumber: 10, exonCount: 10, proteinPos: 950 }), `PVS1_Moderate: stop_gained escapes NMD (last exon 10/10); ${mech}; 5.1% of the protein removed (≤10%)`);
  assert.equal(r({ exonNumber: 9, exonCount: 10, bpToLastJunction: 50, proteinPos: 800 }).split(';')[0], 'PVS1_Strong: stop_gained escapes NMD (50 nt before the last exon junction, ≤50)');
  assert.equal(r({ exonNumber: 9, exonCount: 10, bpToLastJunction: 51, proteinPos: 800 }).split(';')[0], 'PVS1: stop_gained predicted to undergo NMD (exon 9/10)');
  assert.equal(r({ consequences: ['splice_donor_variant'], exonNumber: 3, exonCount: 10, skippedExonLengthBp: 100 }).split(';')[0], 'PVS1: canonical splice site');
  assert.equal(r({ consequences: ['splice_acceptor_variant'], skippedExonLengthBp: 99, proteinPos: 100 }), `PVS1_Strong: canonical splice site; skipping the 99-bp exon keeps the frame; ${mech}; 90.1% of the protein removed (>10%)`);
  assert.equal(r({ consequences: ['start_lost'] }), `PVS1_Moderate: start loss (SVI: initiation codon, Moderate without evidence of an in-frame alternative start); ${mech}`);
  assert.equal(r({ consequences: ['missense_variant'] }), '-PVS1: not a null variant (missense_variant)');
  assert.equal(r({ mechanism: lofMechanism({ gene: 'G' }) }), '-PVS1: LoF is not an established mechanism for G: no ClinGen dosage curation, 0 P/LP LoF in ClinVar (<3)');
});

const known: KnownPathogenic[] = [
  { id: '100', allele: '1:1000:C:T', hgvsp: 'ENSP1:p.Arg97Trp', clnsig: 'Pathogenic' },
  { id: '101', allele: '1:1001:G:A', hgvsp: 'p.(Arg97Gln)', clnsig: 'Likely_pathogenic' },
];

test('protein changes parse with and without parentheses (VEP p.Arg97Ter and p.(Arg97Ter) styles)', () => {
  assert.deepEqual(parseProteinChange('ENSP00000288602.6:p.Val600Glu'), { refAa: 'Val', pos: 600, altAa: 'Glu' });
  assert.deepEqual(parseProteinChange('p.(Arg97Ter)'), { refAa: 'Arg', pos: 97, altAa: 'Ter' });
  assert.deepEqual(parseProteinChange('p.Ser455='), { refAa: 'Ser', pos: 455, altAa: '=' });
  assert.equal(parseProteinChange('p.Lys2fs'), undefined);
});

test('PS1: same amino-acid change as a ClinVar pathogenic variant by another nucleotide change', () => {
  const [ps1, pm5] = evaluateResidue({ consequences: ['missense_variant'], allele: '1:1000:C:A', hgvsp: 'p.Arg97Trp', known, source: 'ClinVar 2026-02-26' });
  assert.equal(brief(ps1), 'PS1: same amino-acid change as ENSP1:p.Arg97Trp (ClinVar 100, Pathogenic)');
  assert.equal(ps1.source, 'ClinVar 2026-02-26');
  assert.equal(brief(pm5), 'PM5: other pathogenic missense at Arg97: p.(Arg97Gln) (ClinVar 101, Likely_pathogenic)');
  // The very same allele as the ClinVar record is not "another nucleotide change".
  assert.equal(evaluateResidue({ consequences: ['missense_variant'], allele: '1:1000:C:T', hgvsp: 'p.Arg97Trp', known })[0].met, false);
  // Only a likely pathogenic match: PS1 at Moderate.
  assert.equal(criterionLabel(evaluateResidue({ consequences: ['missense_variant'], allele: '1:1001:G:C', hgvsp: 'p.Arg97Gln', known })[0]), 'PS1_Moderate');
});

test('PM5: another missense at a pathogenic residue; not for nonsense or other residues', () => {
  const [ps1, pm5] = evaluateResidue({ consequences: ['missense_variant'], allele: '1:1001:G:T', hgvsp: 'p.Arg97Leu', known });
  assert.equal(ps1.met, false);
  assert.equal(brief(pm5), 'PM5: other pathogenic missense at Arg97: ENSP1:p.Arg97Trp (ClinVar 100, Pathogenic), p.(Arg97Gln) (ClinVar 101, Likely_pathogenic)');
  assert.equal(brief(evaluateResidue({ consequences: ['missense_variant'], allele: 'x', hgvsp: 'p.Arg98Leu', known })[1]), '-PM5: no other pathogenic missense at Arg98');
  assert.equal(brief(evaluateResidue({ consequences: ['stop_gained'], allele: 'x', hgvsp: 'p.Arg97Ter', known })[1]), '-PM5: not a missense substitution (p.Arg97Ter)');
});

test('PM2 (Supporting), BS1 and BA1 from one population frequency, at the thresholds', () => {
  const f = (af: number | null, thresholds = {}) => evaluateFrequency({ af, population: 'gnomAD 4.0', thresholds }).filter((c) => c.met).map(brief);
  assert.deepEqual(f(null), ['PM2_Supporting: absent from gnomAD 4.0']);
  assert.deepEqual(f(0.0001), ['PM2_Supporting: AF 0.0001 in gnomAD 4.0 ≤ 0.0001']);
  assert.deepEqual(f(0.00011), []);
  assert.deepEqual(f(0.01), []);
  assert.deepEqual(f(0.0101), ['BS1: AF 0.0101 in gnomAD 4.0 > 0.01']);
  assert.deepEqual(f(0.05), ['BS1: AF 0.05 in gnomAD 4.0 > 0.01']);
  assert.deepEqual(f(0.0501), ['BA1: AF 0.0501 in gnomAD 4.0 > 0.05']);
  // Per-gene thresholds (e.g. a recessive disorder's carrier frequency).
  assert.deepEqual(f(0.002, { pm2: 0.005, bs1: 0.02 }), ['PM2_Supporting: AF 0.002 in gnomAD 4.0 ≤ 0.005']);
  assert.equal(evaluateFrequency({ af: 0.2, population: 'gnomAD 4.0' })[2].source, 'gnomAD 4.0');
});

test('PM4 and BP3: in-frame length changes outside and inside repeats, stop loss', () => {
  const r = (c: string[], rep?: boolean) => evaluateLengthChange(c, rep).map(brief);
  assert.deepEqual(r(['inframe_deletion'], false), ['PM4: inframe_deletion (outside repeats)', '-BP3: inframe_deletion outside repeats']);
  assert.deepEqual(r(['inframe_insertion'], true), ['-PM4: inframe_insertion in a repetitive region', 'BP3: inframe_insertion in a repetitive region']);
  assert.deepEqual(r(['inframe_deletion']), ['PM4: inframe_deletion (repeat context not known)', '-BP3: inframe_deletion repeat context not known']);
  assert.deepEqual(r(['stop_lost']), ['PM4: stop lost: protein extended', '-BP3: stop loss, not an in-frame indel']);
  assert.equal(r(['missense_variant'])[0], '-PM4: protein length unchanged (missense_variant)');
});

test('BP7: synonymous without predicted splice impact', () => {
  assert.equal(brief(evaluateBp7(['synonymous_variant'])), 'BP7: synonymous, outside the splice region (no splice score in the input)');
  assert.equal(brief(evaluateBp7(['synonymous_variant'], { name: 'SpliceAI', value: 0.1 })), 'BP7: synonymous, outside the splice region, SpliceAI 0.1 ≤ 0.1');
  assert.equal(brief(evaluateBp7(['synonymous_variant'], { name: 'SpliceAI', value: 0.2 })), '-BP7: synonymous but SpliceAI 0.2 > 0.1');
  assert.equal(brief(evaluateBp7(['splice_region_variant', 'synonymous_variant'])), '-BP7: synonymous but splice_region_variant');
  assert.equal(evaluateBp7(['missense_variant']).met, false);
});

test('PP3: REVEL at the Pejaver 2022 thresholds', () => {
  const pp3 = (s: number) => brief(evaluateInSilico(['missense_variant'], s)[0]);
  assert.equal(pp3(0.932), 'PP3_Strong: REVEL 0.932 ≥ 0.932');
  assert.equal(pp3(0.8), 'PP3_Moderate: REVEL 0.8 ≥ 0.773');
  assert.equal(pp3(0.644), 'PP3: REVEL 0.644 ≥ 0.644');
  assert.equal(pp3(0.5), '-PP3: REVEL 0.5 in the indeterminate range');
  assert.equal(brief(evaluateInSilico(['missense_variant'], undefined)[0]), '-PP3: no REVEL score in the input');
});

test('BP4: REVEL at the Pejaver 2022 thresholds; not for non-missense', () => {
  const bp4 = (s: number) => brief(evaluateInSilico(['missense_variant'], s)[1]);
  assert.equal(bp4(0.29), 'BP4: REVEL 0.29 ≤ 0.29');
  assert.equal(bp4(0.1), 'BP4_Moderate: REVEL 0.1 ≤ 0.183');
  assert.equal(bp4(0.01), 'BP4_Strong: REVEL 0.01 ≤ 0.016');
  assert.equal(brief(evaluateInSilico(['synonymous_variant'], 0.01)[1]), '-BP4: REVEL applies to missense variants (synonymous_variant)');
});

const het = { gt: '0/1', depth: 30 };
const ref = (depth: number) => ({ gt: '0/0', depth });

test('PS2: de novo with confirmed parentage and both parents covered', () => {
  const [ps2, pm6] = evaluateDeNovo({ trio: { proband: het, mother: ref(25), father: ref(12) }, parentageConfirmed: true });
  assert.equal(brief(ps2), 'PS2: de novo, parentage confirmed; absent in mother (DP 25) and father (DP 12)');
  assert.equal(pm6.met, false);
  assert.equal(brief(evaluateDeNovo({ trio: { proband: het, mother: ref(25), father: ref(9) }, parentageConfirmed: true })[0]), "-PS2: father's depth 9 < 10: absence not established");
  assert.equal(brief(evaluateDeNovo({ trio: { proband: het, mother: { gt: '0/1', depth: 20 }, father: ref(20) }, parentageConfirmed: true })[0]), '-PS2: inherited or undetermined: allele from mother');
  assert.equal(brief(evaluateDeNovo({ trio: { proband: het, mother: ref(20) }, parentageConfirmed: true })[0]), '-PS2: not a trio (father not sequenced)');
});

test('PM6: assumed de novo when parentage is not confirmed', () => {
  const [ps2, pm6] = evaluateDeNovo({ trio: { proband: het, mother: ref(10), father: ref(10) }, parentageConfirmed: false, minParentDepth: 10 });
  assert.equal(brief(ps2), '-PS2: parentage not confirmed');
  assert.equal(brief(pm6), 'PM6: assumed de novo (parentage not confirmed); absent in mother (DP 10) and father (DP 10)');
});

const fromMother = { proband: het, mother: { gt: '0/1' }, father: { gt: '0/0' } };
const fromFather = { proband: het, mother: { gt: '0/0' }, father: { gt: '0/1' } };
const other = (trio: typeof fromMother, acmgClass: 'Pathogenic' | 'Uncertain significance' = 'Pathogenic') => ({ label: 'chr1:2000 G>A p.Arg200Ter', acmgClass, trio });

test('PM3: in trans with a pathogenic variant in a recessive gene', () => {
  const [pm3, bp2] = evaluatePhase({ trio: fromMother, inheritance: 'AR', others: [other(fromFather)] });
  assert.equal(brief(pm3), 'PM3: in trans with chr1:2000 G>A p.Arg200Ter (Pathogenic; first from mother, second from father); AR gene');
  assert.equal(bp2.met, false);
  assert.equal(brief(evaluatePhase({ trio: fromMother, inheritance: 'AR', others: [other(fromFather, 'Uncertain significance')] })[0]), '-PM3: no other P/LP variant in the gene');
  assert.equal(brief(evaluatePhase({ trio: fromMother, inheritance: 'AR', others: [other({ proband: het, mother: { gt: '0/1' }, father: { gt: '0/1' } })] })[0]), '-PM3: phase with chr1:2000 G>A p.Arg200Ter: unknown');
});

test('BP2: in cis with a pathogenic variant, or in trans in a dominant gene', () => {
  const cis = evaluatePhase({ trio: fromMother, inheritance: 'AR', others: [other(fromMother)] });
  assert.deepEqual(cis.map(brief), ['-PM3: phase with chr1:2000 G>A p.Arg200Ter: cis', 'BP2: in cis with chr1:2000 G>A p.Arg200Ter (Pathogenic; first from mother, second from mother)']);
  const dominant = evaluatePhase({ trio: fromMother, inheritance: 'AD', others: [other(fromFather)] });
  assert.deepEqual(dominant.map(brief), ['-PM3: in trans with chr1:2000 G>A p.Arg200Ter, but the gene is not recessive (AD)', 'BP2: in trans with chr1:2000 G>A p.Arg200Ter (Pathogenic) in a dominant gene (AD)']);
});

test('classifyVariant: a de novo nonsense in a haploinsufficient gene, absent from gnomAD, is Pathogenic both ways', () => {
  const r = classifyVariant({
    allele: '2:1000:C:T', consequences: ['stop_gained'], hgvsp: 'p.Arg97Ter', transcript: { exonNumber: 3, exonCount: 26, proteinPos: 97, proteinLength: 2009 }, mechanism: HI3,
    frequency: { af: null, population: 'gnomAD 4.0' }, deNovo: { trio: { proband: het, mother: ref(30), father: ref(30) }, parentageConfirmed: false },
  });
  assert.deepEqual(r.criteria.filter((c) => c.met).map(criterionLabel), ['PVS1', 'PM2_Supporting', 'PM6']);
  assert.deepEqual(r.combination, { acmgClass: 'Pathogenic', rule: 'Pathogenic (i)(c): PVS1, 1 moderate and 1 supporting', points: 11, pointsClass: 'Pathogenic' });
  assert.deepEqual(r.criteria.map((c) => c.code), ['PVS1', 'PS1', 'PS2', 'PM2', 'PM3', 'PM4', 'PM5', 'PM6', 'PP1', 'PP3', 'BA1', 'BS1', 'BP2', 'BP3', 'BP4', 'BP7']);
  assert.equal(r.criteria.find((c) => c.code === 'PP1')!.evidence, 'not automated: co-segregation across the family is assessed by a curator');
});
