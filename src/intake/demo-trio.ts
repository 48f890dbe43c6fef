import { vcfLines } from '../genomics/index.js';
import type { DemoSites } from './demo.js';

/** A deterministic 0–99 draw per (site, salt). */
function draw(site: number, salt: number): number {
  return (Math.imul((site + 1) ^ Math.imul(salt, 0x9e3779b9), 2654435761) >>> 0) % 100;
}

/** A parent's copies of ALT 1: 0 (55%), 1 (38%), 2 (7%). */
function parentCopies(site: number, salt: number): number {
  const d = draw(site, salt);
  return d < 55 ? 0 : d < 93 ? 1 : 2;
}

/** One allele passed on: a het parent passes ALT half the time. */
function transmitted(copies: number, site: number, salt: number): number {
  return copies === 2 ? 1 : copies === 1 ? draw(site, salt) % 2 : 0;
}

const gtOf = (copies: number) => ['0/0', '0/1', '1/1'][copies]!;
function sampleColumn(copies: number, site: number, salt: number): string {
  const dp = 25 + (draw(site, salt + 7) % 20);
  const alt = copies === 0 ? 0 : copies === 2 ? dp : Math.floor(dp / 2);
  return `${gtOf(copies)}:${dp - alt},${alt}:${dp}:60`;
}

/**
 * The demo trio's joint VCF (proband, mother, father), on the same sites as the singletons':
 * each parent's genotype drawn per site, the proband's by Mendelian transmission (so, unlike
 * independent draws, inheritance is consistent and the only de novo call is the planted one).
 * Multi-allelic sites keep their first ALT; sites where nobody carries it are left out.
 */
export function trioVcf(sites: DemoSites, names: string[], salt: number): string {
  const lines: string[] = [];
  const plant = sites.deNovo!;
  let site = 0;
  let planted = false;
  const plantLine = `${plant.chrom}\t${plant.pos1}\t.\t${plant.ref}\t${plant.alt}\t50\tPASS\t.\tGT:AD:DP:GQ\t0/1:18,17:35:99\t0/0:34,0:34:99\t0/0:31,0:31:99`;
  for (const line of vcfLines(sites.genome, { seed: sites.seed, count: sites.count, samples: 1 })) {
    if (line.startsWith('#CHROM')) lines.push(`${line.split('\t').slice(0, 9).join('\t')}\t${names.join('\t')}`);
    if (line.startsWith('#')) {
      if (!line.startsWith('#CHROM')) lines.push(line);
      continue;
    }
    const cols = line.split('\t');
    const pos1 = Number(cols[1]);
    if (!planted && cols[0] === plant.chrom && pos1 >= plant.pos1) {
      lines.push(plantLine);
      planted = true;
      if (pos1 === plant.pos1) continue;
    }
    const k = site++;
    const mother = parentCopies(k, salt);
    const father = parentCopies(k, salt + 1);
    const child = transmitted(mother, k, salt + 2) + transmitted(father, k, salt + 3);
    if (mother + father + child === 0) continue;
    const alt = cols[4]!.split(',')[0]!;
    lines.push([...cols.slice(0, 4), alt, cols[5], cols[6], '.', 'GT:AD:DP:GQ', sampleColumn(child, k, salt), sampleColumn(mother, k, salt + 4), sampleColumn(father, k, salt + 5)].join('\t'));
  }
  if (!planted) lines.push(plantLine);
  return lines.join('\n') + '\n';
}
