import assert from 'node:assert/strict';
import { test } from 'node:test';
import { demoCausalVariant } from '../demo/knowledge.js';
import { demoGenome } from '../demo/reference.js';
import { trioVcf } from './demo-trio.js';

test("the demo trio's joint VCF is Mendelian except for the one planted de novo start loss in SCN1A", () => {
  const genome = demoGenome();
  const plant = demoCausalVariant(genome);
  assert.deepEqual(plant, { chrom: 'chr1', pos1: 1136, ref: 'A', alt: 'G' });
  const text = trioVcf({ genome, seed: 11, count: 2000, deNovo: plant }, ['PB', 'MO', 'FA'], 1000);
  const lines = text.trimEnd().split('\n');
  assert.equal(lines.find((l) => l.startsWith('#CHROM')), '#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tPB\tMO\tFA');
  const copies = (col: string) => col.split(':')[0]!.split('/').filter((a) => a === '1').length;
  const deNovo: string[] = [];
  let records = 0;
  let last = { chrom: '', pos1: 0 };
  for (const l of lines.filter((x) => !x.startsWith('#'))) {
    const c = l.split('\t');
    const pos1 = Number(c[1]);
    assert.ok(c[0] !== last.chrom || pos1 >= last.pos1, `sorted at ${c[0]}:${pos1}`);
    last = { chrom: c[0]!, pos1 };
    records++;
    const [pb, mo, fa] = [copies(c[9]!), copies(c[10]!), copies(c[11]!)];
    // Each of the proband's ALT copies needs a parent to have given it.
    const possible = (pb === 0 && mo < 2 && fa < 2) || (pb === 1 && (mo > 0 || fa > 0) && (mo < 2 || fa < 2)) || (pb === 2 && mo > 0 && fa > 0);
    if (!possible) deNovo.push(`${c[0]}:${c[1]} ${c[9]} ${c[10]} ${c[11]}`);
  }
  assert.ok(records > 1000, `${records} records`);
  assert.deepEqual(deNovo, ['chr1:1136 0/1:18,17:35:99 0/0:34,0:34:99 0/0:31,0:31:99']);
});
