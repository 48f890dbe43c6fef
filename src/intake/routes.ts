import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { invalidInput } from '../errors.js';
import { ctx } from '../http/authenticate.js';
import { allow, AUTHENTICATED } from '../http/policy.js';
import type { ModuleOptions } from '../modules.js';
import { ObjectStore } from './object-store.js';
import { ingestPortFor } from './pipeline.js';
import { DEFAULT_QC_GATES, mergeGateConfig } from './qc-gates.js';
import * as read from './read.js';
import {
  CaseSequencing, GateConfigResponse, IdParam, RefList, RefsBody, ResequencingList, ResequencingQuery, Run, RunBody, RunList, RunListQuery,
  UploadHeaders, UploadQuery, UploadResult, VariantsQuery, VariantTable, CarriersQuery, CarriersResponse, VariantStatusList, VariantStatusQuery,
} from './schemas.js';
import * as service from './service.js';
import { uploadResultFile } from './upload.js';
import { caseVariants, variantCarriers, type VariantSource } from './variants.js';

const HOSPITAL = ['hospital:clinician', 'hospital:ehr_system'] as const;
const SEQUENCER = ['sequencing_company:lab_technician', 'sequencing_company:lims_system'] as const;
const OVERSEERS = ['data_center:analyst', 'platform_operator:central_manager'] as const;

const SEQ_WRITE = allow(...SEQUENCER);
const CASE_READ = allow(...HOSPITAL, ...SEQUENCER, ...OVERSEERS);
const SEQ_READ = allow(...SEQUENCER, ...OVERSEERS);
const VARIANT_READ = allow(...HOSPITAL, ...OVERSEERS);

/**
 * Uploads can be whole-genome VCFs of several GiB: the body is not buffered (Fastify's bodyLimit
 * does not apply to a stream handed to the handler) but bounded here while it is hashed.
 */
export const MAX_UPLOAD_BYTES = 64 * 1024 ** 3;
const UPLOAD_TYPES = ['application/octet-stream', 'application/gzip', 'application/x-gzip', 'text/vcf', 'text/x-vcf'];

export const intakeRoutes: FastifyPluginAsync<ModuleOptions> = async (fastify, { deps }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const objects = new ObjectStore(join(deps.config.dataDir, 'objects'));
  const intake: service.IntakeDeps = {
    db: deps.db,
    objects,
    gates: mergeGateConfig(DEFAULT_QC_GATES, deps.config.qcGates),
    // Without a job queue (a server started without the variant pipeline) files stay queued.
    ingest: ingestPortFor(deps.db, deps.variants?.queue ?? null, deps.config.dataDir),
    maxUploadBytes: MAX_UPLOAD_BYTES,
    minCellSize: deps.config.minCellSize,
    log: fastify.log,
  };
  // The variant store is opened once per process (DuckDB allows one writer) and shared with the
  // ingest workers; without it the variant table answers 409 VARIANT_STORE_UNAVAILABLE.
  const variantSource: VariantSource | null = deps.variants?.store ?? null;
  // Encapsulated: only this plugin's routes receive raw streams.
  app.addContentTypeParser(UPLOAD_TYPES, (_request, payload, done) => done(null, payload));
  const tags = ['intake'];

  app.post('/cases/:id/sequencing-runs', {
    config: { policy: SEQ_WRITE },
    schema: {
      tags,
      summary: 'Register a sequencing run with its QC metrics for a received specimen; the case moves received → sequenced',
      params: IdParam, body: RunBody, response: { 201: Run },
    },
  }, async (request, reply) => reply.status(201).send(await service.registerRun(deps.db, ctx(request), request.params.id, request.body)));

  app.post('/sequencing-runs/:id/references', {
    config: { policy: SEQ_WRITE },
    schema: {
      tags, summary: 'Add checksummed references (CRAM/CRAI/FASTQ…) to files the sequencing company keeps',
      params: IdParam, body: RefsBody, response: { 201: RefList },
    },
  }, async (request, reply) => reply.status(201).send(await service.addReferences(deps.db, ctx(request), request.params.id, request.body)));

  app.post('/cases/:id/result-files', {
    config: { policy: SEQ_WRITE },
    schema: {
      tags,
      summary: 'Upload a result VCF/gVCF as the request body (application/octet-stream or application/gzip), verified against x-content-sha256; the file that completes the round runs the QC gates',
      params: IdParam, querystring: UploadQuery, headers: UploadHeaders, response: { 201: UploadResult },
    },
  }, async (request, reply) => {
    const body = request.body;
    if (!(body instanceof Readable)) {
      throw invalidInput('INVALID_INPUT', `body: send the file itself as ${UPLOAD_TYPES.slice(0, 2).join(' or ')}`, { field: 'body', rule: 'content-type' });
    }
    const result = await uploadResultFile(intake, ctx(request), request.params.id, request.query, request.headers['x-content-sha256'], body);
    return reply.status(201).send(result);
  });

  app.get('/cases/:id/sequencing', {
    config: { policy: CASE_READ },
    schema: {
      tags, summary: "A case's sequencing runs with QC per gate, result files with checksums and pipeline progress, re-sequencing requests",
      params: IdParam, response: { 200: CaseSequencing },
    },
  }, async (request) => read.caseSequencing(intake, ctx(request), request.params.id));

  app.get('/sequencing-runs', {
    config: { policy: SEQ_READ },
    schema: { tags, summary: "The caller's sequencing runs, newest first (all runs for the data center and central management)", querystring: RunListQuery, response: { 200: RunList } },
  }, async (request) => read.listRuns(intake, ctx(request), request.query));

  app.get('/resequencing-requests', {
    config: { policy: SEQ_READ },
    schema: { tags, summary: 'Re-sequencing requests raised by failed QC, newest first', querystring: ResequencingQuery, response: { 200: ResequencingList } },
  }, async (request) => read.listResequencing(intake, ctx(request), request.query));

  app.get('/cases/:id/variants', {
    config: { policy: VARIANT_READ },
    schema: {
      tags, summary: "A case's variant table: filter by gene, consequence, impact, population AF, ClinVar; sorted; paged on the server",
      params: IdParam, querystring: VariantsQuery, response: { 200: VariantTable },
    },
  }, async (request) => caseVariants({ ...intake, variants: variantSource }, ctx(request), request.params.id, request.query));

  app.get('/variant-carriers', {
    config: { policy: VARIANT_READ },
    schema: {
      tags, summary: 'The samples carrying one variant, in the cases the caller may see; the platform-wide count under the small-count rule',
      querystring: CarriersQuery, response: { 200: CarriersResponse },
    },
  }, async (request) => {
    const { chrom, pos, ref, alt } = request.query;
    return variantCarriers({ ...intake, variants: variantSource }, ctx(request), { chrom, pos1: pos, ref, alt });
  });

  app.get('/variant-status', {
    config: { policy: allow(...OVERSEERS) },
    schema: {
      tags, summary: "Per case, its QC-passed files loaded, in progress or failed in the variant store (the data center's desk)",
      querystring: VariantStatusQuery, response: { 200: VariantStatusList },
    },
  }, async (request) => read.variantStatus(intake, ctx(request), request.query.caseIds.split(',')));

  app.get('/qc-gates', {
    config: { policy: AUTHENTICATED },
    schema: { tags, summary: 'The QC gates in force, per domain and specimen type (docs/qc-gates.md)', response: { 200: GateConfigResponse } },
  }, async () => intake.gates);
};
