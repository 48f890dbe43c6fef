import { invalidInput } from '../errors.js';
import type { Interval, Strand, Transcript } from '../genomics/types.js';

/**
 * The bundle's compact transcript table (docs/reference-bundle.md, "transcripts.kbt"):
 *   "KBTX" u32 version, u32 count, u32 textBytes, u32 bodyInts
 *   text (UTF-8): line 1 the chromosome names (tab-separated); then one line per transcript,
 *                 `id \t geneId \t geneName \t biotype \t proteinId \t tags(comma-separated)`
 *   int32 columns, `count` each: chromIndex, start0, end0 (sorted by chromosome, then start0)
 *   int32 body per transcript: strand, cdsStartPhase, canonical, nExons, nCds,
 *                 exon bounds relative to start0, then either (nCds = -1) the coding range
 *                 cdsStart0, cdsEnd0 relative to start0 (CDS = exons clipped to it, the usual
 *                 case), or nCds explicit CDS segments.
 * Loading is one read, one split and typed-array views: the interval index is built from the
 * three columns without decoding any transcript; a Transcript object is built on first use.
 * Not gzipped: for 250k transcripts gzip saves 26 MiB of disk (39 → 13 MiB) but gunzip alone took
 * 430–500 ms of the load on the 2-core bench machine; uncompressed, load + index is ~0.2 s.
 */
export const TRANSCRIPT_CODEC_VERSION = 1;
const MAGIC = 0x5854424b; // "KBTX" little-endian
const HEAD_BYTES = 20;

export function encodeTranscripts(input: readonly Transcript[]): Buffer {
  const chromOrder = new Map<string, number>();
  for (const t of input) if (!chromOrder.has(t.chrom)) chromOrder.set(t.chrom, chromOrder.size);
  const transcripts = [...input].sort((a, b) => chromOrder.get(a.chrom)! - chromOrder.get(b.chrom)! || a.start0 - b.start0);
  const n = transcripts.length;
  const lines: string[] = [[...chromOrder.keys()].join('\t')];
  let bodyInts = 0;
  for (const t of transcripts) bodyInts += 5 + 2 * t.exons.length + 2 * Math.max(1, t.cds.length); // upper bound
  const ints = new Int32Array(3 * n + bodyInts);
  let p = 3 * n;
  transcripts.forEach((t, i) => {
    lines.push([t.id, t.geneId, t.geneName, t.biotype, t.proteinId ?? '', t.tags.join(',')].join('\t'));
    ints[i] = chromOrder.get(t.chrom)!;
    ints[n + i] = t.start0;
    ints[2 * n + i] = t.end0;
    const clipped = isClippedExons(t);
    ints[p++] = t.strand;
    ints[p++] = t.cdsStartPhase;
    ints[p++] = t.canonical ? 1 : 0;
    ints[p++] = t.exons.length;
    ints[p++] = clipped ? -1 : t.cds.length;
    for (const iv of t.exons) {
      ints[p++] = iv.start0 - t.start0;
      ints[p++] = iv.end0 - t.start0;
    }
    if (clipped) {
      ints[p++] = t.cds[0]!.start0 - t.start0;
      ints[p++] = t.cds[t.cds.length - 1]!.end0 - t.start0;
    } else {
      for (const iv of t.cds) {
        ints[p++] = iv.start0 - t.start0;
        ints[p++] = iv.end0 - t.start0;
      }
    }
  });
  const text = Buffer.from(lines.join('\n'), 'utf8');
  const head = Buffer.alloc(HEAD_BYTES);
  head.writeUInt32LE(MAGIC, 0);
  head.writeUInt32LE(TRANSCRIPT_CODEC_VERSION, 4);
  head.writeUInt32LE(n, 8);
  head.writeUInt32LE(text.length, 12);
  head.writeUInt32LE(p - 3 * n, 16);
  const pad = Buffer.alloc((4 - ((HEAD_BYTES + text.length) % 4)) % 4);
  return Buffer.concat([head, text, pad, Buffer.from(ints.buffer, 0, p * 4)]);
}

/** True when the CDS is exactly the exons clipped to [first CDS start, last CDS end). */
function isClippedExons(t: Transcript): boolean {
  if (t.cds.length === 0) return false;
  const from = t.cds[0]!.start0;
  const to = t.cds[t.cds.length - 1]!.end0;
  const clipped = clip(t.exons, from, to);
  return clipped.length === t.cds.length && clipped.every((iv, k) => iv.start0 === t.cds[k]!.start0 && iv.end0 === t.cds[k]!.end0);
}

function clip(exons: Interval[], from: number, to: number): Interval[] {
  const out: Interval[] = [];
  for (const e of exons) {
    const s = Math.max(e.start0, from);
    const end = Math.min(e.end0, to);
    if (s < end) out.push({ start0: s, end0: end });
  }
  return out;
}

/** The decoded table; `get(i)` builds (and keeps, until `release`) the i-th transcript. */
export class TranscriptStore {
  readonly count: number;
  readonly chromNames: string[];
  /** Columns, sorted by chromosome then start0. */
  readonly chromIndex: Int32Array;
  readonly start0: Int32Array;
  readonly end0: Int32Array;
  private readonly lines: string[];
  private readonly body: Int32Array;
  private readonly offsets: Uint32Array;
  private built: (Transcript | undefined)[];
  /** How many transcripts are decoded and held (see `release`). */
  builtCount = 0;

  constructor(encoded: Uint8Array) {
    // Views need 4-byte alignment: copy only if the bytes sit at an odd offset (Buffer pool).
    const aligned = encoded.byteOffset % 4 === 0 ? encoded : new Uint8Array(encoded);
    const raw = Buffer.from(aligned.buffer, aligned.byteOffset, aligned.byteLength);
    if (raw.length < HEAD_BYTES || raw.readUInt32LE(0) !== MAGIC) {
      throw invalidInput('BUNDLE_BAD_TRANSCRIPTS', 'transcripts: not a Kiban transcript table', { field: 'transcripts' });
    }
    const version = raw.readUInt32LE(4);
    if (version !== TRANSCRIPT_CODEC_VERSION) {
      throw invalidInput('BUNDLE_VERSION', `transcripts: encoding version ${version}, this Kiban reads ${TRANSCRIPT_CODEC_VERSION}`, {
        field: 'transcripts',
      });
    }
    const n = (this.count = raw.readUInt32LE(8));
    const textBytes = raw.readUInt32LE(12);
    const bodyInts = raw.readUInt32LE(16);
    const lines = raw.toString('utf8', HEAD_BYTES, HEAD_BYTES + textBytes).split('\n');
    this.chromNames = lines[0] === '' ? [] : lines[0]!.split('\t');
    this.lines = lines;
    const intStart = HEAD_BYTES + textBytes + ((4 - ((HEAD_BYTES + textBytes) % 4)) % 4);
    const all = new Int32Array(raw.buffer, raw.byteOffset + intStart, 3 * n + bodyInts);
    this.chromIndex = all.subarray(0, n);
    this.start0 = all.subarray(n, 2 * n);
    this.end0 = all.subarray(2 * n, 3 * n);
    this.body = all.subarray(3 * n);
    this.offsets = new Uint32Array(n);
    let p = 0;
    for (let i = 0; i < n; i++) {
      this.offsets[i] = p;
      const nCds = this.body[p + 4]!;
      p += 5 + 2 * this.body[p + 3]! + 2 * (nCds < 0 ? 1 : nCds);
    }
    this.built = new Array<Transcript | undefined>(n);
  }

  get(i: number): Transcript {
    const hit = this.built[i];
    if (hit) return hit;
    const [id, geneId, geneName, biotype, proteinId, tags] = this.lines[i + 1]!.split('\t') as [string, string, string, string, string, string];
    const body = this.body;
    const p = this.offsets[i]!;
    const start0 = this.start0[i]!;
    const nExons = body[p + 3]!;
    const nCds = body[p + 4]!;
    const read = (from: number, count: number): Interval[] => {
      const out: Interval[] = [];
      for (let k = 0; k < count; k++) out.push({ start0: start0 + body[from + 2 * k]!, end0: start0 + body[from + 2 * k + 1]! });
      return out;
    };
    const exons = read(p + 5, nExons);
    const cdsAt = p + 5 + 2 * nExons;
    const cds = nCds < 0 ? clip(exons, start0 + body[cdsAt]!, start0 + body[cdsAt + 1]!) : read(cdsAt, nCds);
    const t: Transcript = {
      id,
      geneId,
      geneName,
      biotype,
      chrom: this.chromNames[this.chromIndex[i]!]!,
      strand: body[p]! as Strand,
      start0,
      end0: this.end0[i]!,
      exons,
      cds,
      cdsStartPhase: body[p + 1]!,
      canonical: body[p + 2] === 1,
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
