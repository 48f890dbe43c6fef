import type { Queryable } from '../db/index.js';
import type { SampleMapping } from './vcf-samples.js';

/**
 * The seam between intake and the variant store (src/variant-store, built alongside). Intake hands
 * over a QC-passed file in the same transaction that moves the case to qc_passed, so a job is
 * queued exactly when the case says so; the variant store's bookkeeping then reports progress
 * (queued → normalising → annotating → loading → loaded | failed) per file.
 */
export interface IngestRequest {
  fileId: string;
  caseId: string;
  domain: 'cancer' | 'rare_disease';
  kind: 'germline_vcf' | 'germline_gvcf' | 'somatic_vcf';
  caller: 'mutect2' | 'strelka2' | null;
  /** Absolute path of the verified object. */
  objectPath: string;
  sha256: string;
  samples: SampleMapping[];
  pipeline: { name: string; version: string };
}

export type IngestStatus = 'queued' | 'running' | 'normalising' | 'annotating' | 'loading' | 'loaded' | 'failed' | 'replaced';

export interface IngestProgress {
  status: IngestStatus;
  error: string | null;
  updatedAt: Date;
}

export interface IngestPort {
  enqueue(tx: Queryable, request: IngestRequest): Promise<void>;
  progress(q: Queryable, fileIds: string[]): Promise<Map<string, IngestProgress>>;
}

/**
 * Until the variant store's queue is wired in, a handed-over file stays `queued` (recorded in
 * result_files.status by intake itself) and no progress beyond that is known.
 */
export const pendingIngestPort: IngestPort = {
  async enqueue() {},
  async progress() {
    return new Map();
  },
};
