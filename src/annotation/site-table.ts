import { closeSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { invalidInput } from '../errors.js';

/**
 * A block-indexed table of sites keyed by normalised (chrom, pos1, ref, alt), for ClinVar and
 * population frequencies (docs/reference-bundle.md, "sites-NAME.kbs"). Sites are written sorted;
 * every `SITES_PER_BLOCK` sites form one gzip member of TSV lines `pos1 ref alt value…`; the index
 * (`.idx.json`) lists each block's chrom, first and last pos1, byte offset and size. A lookup reads
 * one block; a sorted VCF walks the blocks in order, so the reader keeps only a few in memory.
 */
export const SITES_PER_BLOCK = 4096;

export interface SiteBlock {
  chrom: string;
  firstPos1: number;
  lastPos1: number;
  offset: number;
  bytes: number;
  count: number;
}

export interface SiteIndex {
  format: 'kiban-sites';
  version: 1;
  fields: string[];
  blocks: SiteBlock[];
}

export interface Site {
  chrom: string;
  pos1: number;
  ref: string;
  alt: string;
  values: string[];
}

/** Streams sorted sites to `<path>` and `<path>.idx.json`; refuses unsorted input. */
export class SiteTableWriter {
  private readonly fd: number;
  private offset = 0;
  private pending: Site[] = [];
  private readonly blocks: SiteBlock[] = [];
  private readonly chromsDone = new Set<string>();
  private last: Site | undefined;
  count = 0;

  constructor(private readonly path: string, private readonly fields: string[]) {
    this.fd = openSync(path, 'w');
  }

  add(site: Site): void {
    const last = this.last;
    if (last && last.chrom !== site.chrom) {
      this.flushBlock();
      this.chromsDone.add(last.chrom);
    }
    if (this.chromsDone.has(site.chrom)) {
      throw invalidInput('SITES_UNSORTED', `sites: ${site.chrom} appears again after other contigs (sort the file)`, { field: 'CHROM' });
    }
    if (last && last.chrom === site.chrom && site.pos1 < last.pos1) {
      throw invalidInput('SITES_UNSORTED', `sites: ${site.chrom}:${site.pos1} comes after ${last.pos1} (sort the file)`, { field: 'POS' });
    }
    this.last = site;
    this.pending.push(site);
    this.count++;
    // Keep all sites of one position in one block, so that a lookup reads a single block.
    if (this.pending.length >= SITES_PER_BLOCK) this.flushBlock();
  }

  private flushBlock(): void {
    const sites = this.pending;
    if (sites.length === 0) return;
    this.pending = [];
    const text = sites.map((s) => [s.pos1, s.ref, s.alt, ...s.values].join('\t')).join('\n');
    const bytes = gzipSync(text, { level: 6 });
    writeSync(this.fd, bytes);
    this.blocks.push({
      chrom: sites[0]!.chrom,
      firstPos1: sites[0]!.pos1,
      lastPos1: sites[sites.length - 1]!.pos1,
      offset: this.offset,
      bytes: bytes.length,
      count: sites.length,
    });
    this.offset += bytes.length;
  }

  close(): SiteIndex {
    this.flushBlock();
    closeSync(this.fd);
    const index: SiteIndex = { format: 'kiban-sites', version: 1, fields: this.fields, blocks: this.blocks };
    writeText(`${this.path}.idx.json`, JSON.stringify(index));
    return index;
  }
}

function writeText(path: string, text: string): void {
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
}

/** Synchronous lookups; keeps the `maxBlocks` most recently used blocks decoded. */
export class SiteTableReader {
  readonly fields: string[];
  private readonly fd: number;
  private readonly byChrom = new Map<string, SiteBlock[]>();
  private readonly cache = new Map<SiteBlock, Map<string, string[]>>();

  constructor(path: string, private readonly maxBlocks = 8) {
    const index = JSON.parse(readFileSync(`${path}.idx.json`, 'utf8')) as SiteIndex;
    if (index.format !== 'kiban-sites' || index.version !== 1) {
      throw invalidInput('BUNDLE_VERSION', `${path}: not a version-1 Kiban site table`, { field: 'sites', file: path });
    }
    this.fields = index.fields;
    for (const block of index.blocks) {
      const list = this.byChrom.get(block.chrom);
      if (list) list.push(block);
      else this.byChrom.set(block.chrom, [block]);
    }
    this.fd = openSync(path, 'r');
  }

  /** The values stored for this exact normalised allele, or undefined. */
  lookup(chrom: string, pos1: number, ref: string, alt: string): string[] | undefined {
    const blocks = this.byChrom.get(chrom);
    if (!blocks) return undefined;
    let lo = 0;
    let hi = blocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (blocks[mid]!.lastPos1 < pos1) lo = mid + 1;
      else hi = mid;
    }
    const key = `${pos1}\t${ref}\t${alt}`;
    // A position's sites can straddle two blocks when a block fills up mid-position.
    for (let k = lo; k < blocks.length && blocks[k]!.firstPos1 <= pos1; k++) {
      const hit = this.block(blocks[k]!).get(key);
      if (hit) return hit;
    }
    return undefined;
  }

  private block(block: SiteBlock): Map<string, string[]> {
    const hit = this.cache.get(block);
    if (hit) return hit;
    const buf = Buffer.allocUnsafe(block.bytes);
    readSync(this.fd, buf, 0, block.bytes, block.offset);
    const map = new Map<string, string[]>();
    for (const line of gunzipSync(buf).toString('utf8').split('\n')) {
      const parts = line.split('\t');
      map.set(`${parts[0]}\t${parts[1]}\t${parts[2]}`, parts.slice(3));
    }
    this.cache.set(block, map);
    if (this.cache.size > this.maxBlocks) this.cache.delete(this.cache.keys().next().value as SiteBlock);
    return map;
  }

  close(): void {
    closeSync(this.fd);
  }
}
