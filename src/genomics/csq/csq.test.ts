import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { requireOrSkip } from '../../testing/skip.js';
import { scratchDir } from '../../testing/test-db.js';
import { normalizeRecord } from '../normalize/index.js';
import { generateGenome, vcfLines } from '../synthetic/index.js';
import { annotateAllele, TranscriptCache } from '../consequence/index.js';
import { createCsqEngine, CSQ_FIELDS, csqEntry, csqHeaderLine, csqValue, vepAllele } from './index.js';

describe('CSQ formatting', () => {
  it('writes VEP alleles: anchor stripped, - for deletions', () => {
    assert.equal(vepAllele('A', 'G'), 'G');
    assert.equal(vepAllele('A', 'ACT'), 'CT');
    assert.equal(vepAllele('ACT', 'A'), '-');
    assert.equal(vepAllele('AC', 'GT'), 'GT');
    assert.equal(vepAllele('ACT', 'AG'), 'G');
  });

  it('escapes characters INFO values cannot hold', () => {
    assert.equal(csqValue('P1:p.Lys315='), 'P1:p.Lys315%3D'); // VEP's synonymous HGVSp in VCF output
    assert.equal(csqValue('a,b|c;d e'), 'a&b&c%3Bd_e');
  });

  it('writes an intergenic entry with every field present', () => {
    const entry = csqEntry({ chrom: 'chr1', pos1: 5, ref: 'A', alt: 'T' }, undefined);
    assert.equal(entry, `T|intergenic_variant|MODIFIER${'|'.repeat(17)}`);
    assert.equal(entry.split('|').length, CSQ_FIELDS.length);
  });

  it('names the fields in the header, with extra fields appended', () => {
    assert.equal(
      csqHeaderLine([...CSQ_FIELDS, 'ClinVar_CLNSIG']),
      '##INFO=<ID=CSQ,Number=.,Type=String,Description="Consequence annotations from Kiban. Format: Allele|Consequence|IMPACT|SYMBOL|Gene|Feature_type|Feature|BIOTYPE|EXON|INTRON|HGVSc|HGVSp|cDNA_position|CDS_position|Protein_position|Amino_acids|Codons|DISTANCE|STRAND|CANONICAL|ClinVar_CLNSIG">',
    );
  });
});

it('bcftools +split-vep reads the CSQ we write', (t) => {
  if (!requireOrSkip(t, spawnSync('bcftools', ['--version']).status === 0, 'bcftools is not installed')) return;
  const genome = generateGenome({ seed: 3, contigs: 1, contigLengthBp: 60_000 });
  const engine = createCsqEngine();
  const lines: string[] = [];
  const expected: string[] = [];
  for (const line of vcfLines(genome, { seed: 4, count: 300 })) {
    if (line.startsWith('#CHROM')) lines.push(csqHeaderLine(CSQ_FIELDS));
    if (line.startsWith('#')) {
      lines.push(line);
      continue;
    }
    const [chrom = '', pos = '', id = '', ref = '', alt = ''] = line.split('\t');
    if (alt.includes(',')) continue;
    const [allele] = normalizeRecord({ chrom, pos1: Number(pos), ref, alts: [alt] }, genome.reader);
    if (!allele) continue;
    const near = genome.transcripts.filter((x) => x.chrom === chrom && x.start0 - 5000 < Number(pos) + ref.length && x.end0 + 5000 > Number(pos));
    const entries = engine.entries(allele, near, genome.reader);
    lines.push([chrom, pos, id, ref, alt, '50', 'PASS', `CSQ=${entries.join(',')}`].join('\t'));
    for (const e of entries) expected.push(`${chrom} ${pos} ${e.split('|')[1]} ${e.split('|')[6] || '.'}`);
  }
  const dir = scratchDir('kiban-split-vep');
  try {
    const vcf = join(dir.path, 'out.vcf');
    writeFileSync(vcf, `${lines.join('\n')}\n`);
    const listed = execFileSync('bcftools', ['+split-vep', '-l', vcf], { encoding: 'utf8' });
    assert.deepEqual(
      listed.trim().split('\n').map((l) => l.split('\t')[1]),
      [...CSQ_FIELDS],
    );
    const rows = execFileSync('bcftools', ['+split-vep', '-d', '-f', '%CHROM %POS %Consequence %Feature\n', vcf], { encoding: 'utf8' });
    assert.deepEqual(rows.trim().split('\n'), expected);
    assert.ok(expected.some((r) => r.includes('missense_variant')) && expected.some((r) => r.includes('intergenic_variant')));
  } finally {
    dir.remove();
  }
});

it('createCsqEngine (fast paths) writes exactly what annotateAllele + csqEntry write', () => {
  // The engine writes up/downstream and deep-intron SNV entries without building consequence
  // objects (csq.ts quickEntry); this pins that shortcut to the general path, entry for entry.
  const genome = generateGenome({ seed: 21, contigs: 2, contigLengthBp: 400_000, genesPerMb: 30 });
  const engine = createCsqEngine();
  const cache = new TranscriptCache();
  let entries = 0;
  let quick = 0;
  for (const line of vcfLines(genome, { seed: 22, count: 6000, targetedFraction: 0.2 })) {
    if (line.startsWith('#')) continue;
    const [chrom = '', pos = '', , ref = '', alt = ''] = line.split('\t');
    for (const allele of normalizeRecord({ chrom, pos1: Number(pos), ref, alts: alt.split(',') }, genome.reader)) {
      if (allele.kind === 'symbolic' || allele.kind === 'ref') continue;
      const start0 = allele.pos1 - 1;
      const near = genome.transcripts.filter((x) => x.chrom === chrom && x.start0 < start0 + allele.ref.length + 5000 && x.end0 > start0 - 5000);
      const general = annotateAllele(allele, near.map((t) => cache.prepare(t)), genome.reader);
      const expected = general.length === 0 ? [csqEntry(allele, undefined)] : general.map((c) => csqEntry(allele, c));
      assert.deepEqual(engine.entries(allele, near, genome.reader), expected, `${chrom}:${pos} ${ref}>${alt}`);
      // Fields other than HGVS are written unescaped (csq.ts entryText): none may need escaping.
      for (const e of expected) assert.ok(e.split('|').length === CSQ_FIELDS.length && !/[,;=\s]/.test(e), e);
      entries += expected.length;
      quick += general.filter((c) => /^(intron_variant|upstream|downstream)/.test(c.terms.join('&')) && c.exon === undefined).length;
    }
  }
  assert.ok(entries > 5000 && quick > 2000, `entries ${entries}, of the fast-path kinds ${quick}`);
});
