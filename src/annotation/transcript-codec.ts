import { gunzipSync, gzipSync } from 'node:zlib';
import { invalidInput } from '../errors.js';
import type { Interval, Strand, Transcript } from '../genomics/types.js';

/**
 * The bundle's compact transcript encoding (docs/reference-bundle.md, "transcripts.kbt"):
 *   gzip( "KBTX" u32:version u32:count u32:textBytes u32:intCount
 *         text: one line per transcript, `id \t geneId \t geneName \t biotype \t chrom \t proteinId \t tags,`
 *         int32[intCount]: per transcript strand start0 end0 cdsStartPhase canonical nExons nCds,
 *                          then exon and CDS bounds as offsets from start0 )
 * Exon bounds relative to start0 keep the integers small, so gzip shrinks them well; decoding is
 * lazy (a transcript object is built on first use), so loading ~250k transcripts is one gunzip and
 * one split (load time measured in docs/reference-bundle.md).
 */
export const TRANSCRIPT_CODEC_VERSION = 1;
const MAGIC = 0x5854424b; // "KBTX" little-endian
const FIXED_INTS = 7;

/** `level` 1 is enough when the bytes only go to worker threads (annotate --gff3). */
export function encodeTranscripts(transcripts: readonly Transcript[], level = 6): Buffer {
  const lines: string[] = [];
  const ints: number[] = [];
  for (const t of transcripts) {
    lines.push([t.id, t.geneId, t.geneName, t.biotype, t.chrom, t.proteinId ?? '', t.tags.join(',')].join('\t'));
    ints.push(t.strand, t.start0, t.end0, t.cdsStartPhase, t.canonical ? 1 : 0, t.exons.length, t.cds.length);
    for (const iv of t.exons) ints.push(iv.start0 - t.start0, iv.end0 - t.start0);
    for (const iv of t.cds) ints.push(iv.start0 - t.start0, iv.end0 - t.start0);
  }
  const text = Buffer.from(lines.join('\n'), 'utf8');
  const head = Buffer.alloc(20);
  head.writeUInt32LE(MAGIC, 0);
  head.writeUInt32LE(TRANSCRIPT_CODEC_VERSION, 4);
  head.writeUInt32LE(transcripts.length, 8);
  head.writeUInt32LE(text.length, 12);
  head.writeUInt32LE(ints.length, 16);
  const pad = Buffer.alloc((4 - ((20 + text.length) % 4)) % 4);
  const body = Buffer.from(Int32Array.from(ints).buffer);
  return gzipSync(Buffer.concat([head, text, pad, body]), { level });
}

/** Decoded lazily: `get(i)` builds (and keeps) the i-th transcript. */
export class TranscriptStore {
  readonly count: number;
  private readonly lines: string[];
  private readonly ints: Int32Array;
  private readonly offsets: Uint32Array;
  private built: (Transcript | undefined)[];
  /** How many transcripts are decoded and held (see `release`). */
  builtCount = 0;
  /** Per transcript: chrom name, start0, end0, for the interval index without decoding. */
  readonly chroms: string[];

  constructor(encoded: Uint8Array) {
    const raw = gunzipSync(encoded);
    if (raw.length < 20 || raw.readUInt32LE(0) !== MAGIC) {
      throw invalidInput('BUNDLE_BAD_TRANSCRIPTS', 'transcripts: not a Kiban transcript table', { field: 'transcripts' });
    }
    const version = raw.readUInt32LE(4);
    if (version !== TRANSCRIPT_CODEC_VERSION) {
      throw invalidInput('BUNDLE_VERSION', `transcripts: encoding version ${version}, this Kiban reads ${TRANSCRIPT_CODEC_VERSION}`, {
        field: 'transcripts',
      });
    }
    this.count = raw.readUInt32LE(8);
    const textBytes = raw.readUInt32LE(12);
    const intCount = raw.readUInt32LE(16);
    this.lines = this.count === 0 ? [] : raw.toString('utf8', 20, 20 + textBytes).split('\n');
    const intStart = 20 + textBytes + ((4 - ((20 + textBytes) % 4)) % 4);
    // Copy into an aligned buffer: the gunzipped Buffer may sit at any byte offset.
    this.ints = new Int32Array(raw.buffer.slice(raw.byteOffset + intStart, raw.byteOffset + intStart + intCount * 4));
    this.offsets = new Uint32Array(this.count);
    this.chroms = new Array<string>(this.count);
    let p = 0;
    for (let i = 0; i < this.count; i++) {
      this.offsets[i] = p;
      p += FIXED_INTS + 2 * (this.ints[p + 5]! + this.ints[p + 6]!);
      const line = this.lines[i]!;
      const a = line.indexOf('\t');
      const b = line.indexOf('\t', a + 1);
      const c = line.indexOf('\t', b + 1);
      const d = line.indexOf('\t', c + 1);
      this.chroms[i] = line.slice(d + 1, line.indexOf('\t', d + 1));
    }
    this.built = new Array<Transcript | undefined>(this.count);
  }

  start0(i: number): number {
    return this.ints[this.offsets[i]! + 1]!;
  }

  end0(i: number): number {
    return this.ints[this.offsets[i]! + 2]!;
  }

  get(i: number): Transcript {
    const hit = this.built[i];
    if (hit) return hit;
    const [id, geneId, geneName, biotype, chrom, proteinId, tags] = this.lines[i]!.split('\t') as [
      string, string, string, string, string, string, string,
    ];
    const p = this.offsets[i]!;
    const start0 = this.ints[p + 1]!;
    const nExons = this.ints[p + 5]!;
    const nCds = this.ints[p + 6]!;
    const read = (from: number, n: number): Interval[] => {
      const out: Interval[] = [];
      for (let k = 0; k < n; k++) out.push({ start0: start0 + this.ints[from + 2 * k]!, end0: start0 + this.ints[from + 2 * k + 1]! });
      return out;
    };
    const t: Transcript = {
      id,
      geneId,
      geneName,
      biotype,
      chrom,
      strand: this.ints[p]! as Strand,
      start0,
      end0: this.ints[p + 2]!,
      exons: read(p + FIXED_INTS, nExons),
      cds: read(p + FIXED_INTS + 2 * nExons, nCds),
      cdsStartPhase: this.ints[p + 3]!,
      canonical: this.ints[p + 4] === 1,
      tags: tags === '' ? [] : tags.split(','),
    };
    if (proteinId !== '') t.proteinId = proteinId;
    this.built[i] = t;
    this.builtCount++;
    return t;
  }

  /** Drops decoded transcripts (the worker does so between batches to bound memory). */
  release(): void {
    this.built = new Array<Transcript | undefined>(this.count);
    this.builtCount = 0;
  }
}
