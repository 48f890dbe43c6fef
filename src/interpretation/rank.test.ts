import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ModeMatch } from './inheritance/modes.js';
import { rankCandidates, variantScore, type GeneEvidence, type RankVariant } from './rank.js';

const variant = (key: string, gene: string, impact: RankVariant['impact'], af: number | null, extra: Partial<RankVariant> = {}): RankVariant => ({
  key, chrom: '1', pos1: Number(key.replace(/\D/g, '')) || 1, ref: 'C', alt: 'T', gene, consequence: impact === 'HIGH' ? 'stop_gained' : 'missense_variant', impact, hgvsc: 'c.1C>T', hgvsp: 'p.Arg1Ter', genotype: '0/1', af, ...extra,
});

const gene = (name: string, vs: RankVariant[], modes: ModeMatch[], phenotype?: number): GeneEvidence => ({
  gene: name, modes, variants: new Map(vs.map((v) => [v.key, v])),
  ...(phenotype === undefined ? {} : { phenotype: { gene: name, score: phenotype, resnik: phenotype, matches: [] } }),
});

test('variant score: impact × Exomiser frequency score; ClinVar pathogenic scores 1', () => {
  assert.equal(variantScore(variant('a', 'G', 'HIGH', null)), 1);
  assert.equal(Number(variantScore(variant('a', 'G', 'MODERATE', 0.01)).toFixed(4)), Number((0.8 * (1.13533 - 0.13533 * Math.E)).toFixed(4)));
  assert.equal(variantScore(variant('a', 'G', 'MODIFIER', null, { clinvar: 'Likely_pathogenic' })), 1);
});

test('ranking: phenotype lifts the matching gene above a stronger variant elsewhere; without HPO terms the variant decides', () => {
  const genes = [
    gene('NOISE', [variant('n1', 'NOISE', 'HIGH', null)], [{ mode: 'autosomal_dominant', variants: ['n1'], why: 'heterozygous' }], 0.1),
    gene('CAUSAL', [variant('c1', 'CAUSAL', 'MODERATE', null)], [{ mode: 'de_novo', variants: ['c1'], why: 'absent in both parents' }], 0.9),
    // Too common for a dominant mode: dropped.
    gene('COMMON', [variant('x1', 'COMMON', 'HIGH', 0.005)], [{ mode: 'autosomal_dominant', variants: ['x1'], why: 'heterozygous' }], 1),
  ];
  const ranked = rankCandidates(genes, true);
  assert.deepEqual(ranked.map((c) => [c.rank, c.gene, c.score, c.mode, c.variantScore, c.phenotypeScore]), [
    [1, 'CAUSAL', 0.85, 'de_novo', 0.8, 0.9],
    [2, 'NOISE', 0.55, 'autosomal_dominant', 1, 0.1],
  ]);
  assert.deepEqual(ranked[0]!.explanation, ['de_novo: absent in both parents', '1:1 C>T missense_variant p.Arg1Ter (MODERATE, unseen in the population data): variant score 0.8', 'phenotype score 0.9 (Resnik 0.9)']);
  assert.deepEqual(rankCandidates(genes, false).map((c) => [c.gene, c.score, c.phenotypeScore]), [['NOISE', 1, null], ['CAUSAL', 0.8, null]]);
});

test('compound heterozygotes score as the mean of their two variants', () => {
  const vs = [variant('a1', 'AR', 'HIGH', 0.001), variant('a2', 'AR', 'MODERATE', null)];
  const [c] = rankCandidates([gene('AR', vs, [{ mode: 'autosomal_recessive_comphet', variants: ['a1', 'a2'], why: 'in trans' }])], false);
  assert.equal(c!.variantScore, Number(((1 * (1.13533 - 0.13533 * Math.exp(0.1)) + 0.8) / 2).toFixed(4)));
  assert.deepEqual(c!.variants.map((v) => v.key), ['a1', 'a2']);
});
