import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { annotateVcf } from '../annotation/index.js';
import { buildKnowledgeBundle, loadKnowledgeBundle } from '../knowledge/index.js';
import { requireOrSkip, sharedData } from '../testing/skip.js';
import { scratchDir } from '../testing/test-db.js';
import { phenotypeIndexOf, rankAnnotated } from './prioritise.js';
import { writeSyntheticCase } from './synthetic-case.js';

const dir = scratchDir('kiban-ranking');
after(() => dir.remove());

interface Case {
  id: string;
  gene: string;
  terms: string[];
}

/** Each phenopacket's observed HPO terms and its causative gene (interpretations → geneContext). */
function readCases(root: string): Case[] {
  const out: Case[] = [];
  for (const folder of readdirSync(root).sort()) {
    for (const file of readdirSync(join(root, folder)).filter((f) => f.endsWith('.json')).sort()) {
      const doc = JSON.parse(readFileSync(join(root, folder, file), 'utf8')) as {
        id: string;
        phenotypicFeatures?: { type: { id: string }; excluded?: boolean }[];
        interpretations?: { diagnosis?: { genomicInterpretations?: { variantInterpretation?: { variationDescriptor?: { geneContext?: { symbol?: string } } } }[] } }[];
      };
      const gene = doc.interpretations?.[0]?.diagnosis?.genomicInterpretations?.[0]?.variantInterpretation?.variationDescriptor?.geneContext?.symbol;
      const terms = (doc.phenotypicFeatures ?? []).filter((f) => !f.excluded).map((f) => f.type.id);
      if (gene) out.push({ id: doc.id, gene, terms });
    }
  }
  return out;
}

test('phenopacket-store cases planted into a generated genome: phenotype ranking beats phenotype-free ranking (top-1 / top-10)', async (t) => {
  const hpo = sharedData('hpo-annotations', '2023-01-27');
  const store = sharedData('phenopackets', 'phenopacket-store');
  if (!requireOrSkip(t, existsSync(hpo) && existsSync(store), 'shared data (hpo-annotations/2023-01-27, phenopackets/phenopacket-store) not present')) return;
  const kdir = join(dir.path, 'kb');
  await buildKnowledgeBundle({ outDir: kdir, hpoOntology: join(hpo, 'hp.json.gz'), hpoGenes: join(hpo, 'genes_to_phenotype.txt.gz') });
  const knowledge = loadKnowledgeBundle(kdir);
  const index = phenotypeIndexOf(knowledge);
  const annotatedGenes = knowledge.hpoGenes!.genes;
  // Cases whose gene has HPO annotations in this (2023) release and whose terms it knows.
  const cases = readCases(store)
    .map((c) => ({ ...c, terms: c.terms.filter((id) => index.resolve(id) !== undefined) }))
    .filter((c) => annotatedGenes[c.gene] && c.terms.length > 0);
  const causal = [...new Set(cases.map((c) => c.gene))];
  // Background: every 40th annotated gene, so the noise has real, varied phenotype annotations.
  const noise = Object.keys(annotatedGenes).filter((g, k) => k % 40 === 0 && !causal.includes(g)).slice(0, 100);
  const sc = writeSyntheticCase(dir.path, [...causal, ...noise], 11, 3_000_000);
  const geneOf = new Map(sc.genes.map((g) => [g.name, g]));
  // One sample per case: its causal gene's start-codon variant plus 20 noise genes' (same impact).
  const records = [...causal, ...noise].map((name) => {
    const g = geneOf.get(name)!;
    const pos = sc.startCodon(g)[0];
    const gts = cases.map((c, k) => (c.gene === name || (noise.includes(name) && (noise.indexOf(name) * 7 + k * 13) % 100 < 20) ? '0/1' : '0/0'));
    return { chrom: g.chrom, pos, line: `${g.chrom}\t${pos}\t.\tA\tG\t50\tPASS\t.\tGT\t${gts.join('\t')}` };
  }).sort((a, b) => a.chrom.localeCompare(b.chrom) || a.pos - b.pos);
  const vcf = join(dir.path, 'cases.vcf');
  writeFileSync(vcf, ['##fileformat=VCFv4.2', '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">', `#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\t${cases.map((_, k) => `S${k + 1}`).join('\t')}`, ...records.map((r) => r.line), ''].join('\n'));
  const annotated = join(dir.path, 'cases.annotated.vcf');
  await annotateVcf({ input: vcf, output: annotated, geneModels: sc.gff3, fasta: sc.fasta, threads: 1 });

  const rankOf = async (k: number, withPhenotype: boolean) => {
    const family = { proband: `S${k + 1}`, sex: 'unknown' as const };
    const ranked = await rankAnnotated(annotated, family, knowledge, { hpo: withPhenotype ? cases[k]!.terms : [], phenotypeIndex: index });
    return ranked.find((c) => c.gene === cases[k]!.gene)?.rank ?? Infinity;
  };
  const stats = { pheno: { top1: 0, top10: 0 }, free: { top1: 0, top10: 0 } };
  for (let k = 0; k < cases.length; k++) {
    const [p, f] = [await rankOf(k, true), await rankOf(k, false)];
    // The planted variant is always found and ranked: only its position changes.
    assert.ok(Number.isFinite(p) && Number.isFinite(f), `${cases[k]!.id}: ${cases[k]!.gene} not ranked`);
    stats.pheno.top1 += p === 1 ? 1 : 0;
    stats.pheno.top10 += p <= 10 ? 1 : 0;
    stats.free.top1 += f === 1 ? 1 : 0;
    stats.free.top10 += f <= 10 ? 1 : 0;
  }
  const pct = (n: number) => `${((100 * n) / cases.length).toFixed(0)}%`;
  t.diagnostic(`${cases.length} phenopackets, each with its causal gene among ~20 noise genes of the same variant impact: with HPO top-1 ${pct(stats.pheno.top1)}, top-10 ${pct(stats.pheno.top10)}; phenotype-free top-1 ${pct(stats.free.top1)}, top-10 ${pct(stats.free.top10)}`);
  // 40 phenopackets; 13 have a gene without HPO annotations in the 2023-01-27 release (or no known term).
  assert.equal(cases.length, 27);
  assert.ok(stats.pheno.top1 > stats.free.top1, JSON.stringify(stats));
  assert.ok(stats.pheno.top10 > stats.free.top10, JSON.stringify(stats));
  assert.ok(stats.pheno.top10 >= 0.8 * cases.length, JSON.stringify(stats));
});
