import { randomBytes } from 'node:crypto';
import type { Actor, RequestContext } from '../auth/index.js';
import { audit } from '../audit/index.js';
import type { Db, Queryable } from '../db/index.js';
import { conflict, invalidInput, notFound } from '../errors.js';
import { assertCaseAccess, assertParticipantInUse, transitionCase } from '../registry/index.js';
import {
  BARCODE_MAX, BARCODE_MIN, BARCODE_RE, BARCODE_RULE, TUMOUR_TYPES,
  type Specimen, type SpecimenBody, type SpecimenQuery,
} from './schemas.js';
import * as store from './store.js';

/**
 * Specimens of a case and their chain of custody. Shipments are in shipments.ts. Every command is
 * one transaction: the specimen, its custody event, the case transition and the audit entry
 * commit together or not at all.
 */

/** Case states in which a hospital may record a specimen. */
const ADDABLE_STATES = ['consented', 'specimen_collected', 'shipped', 'recollection_requested', 'received', 'qc_failed'];
/**
 * A specimen recorded in these states moves the case to specimen_collected: the first specimen, a
 * re-collection after failed QC, or one after the sequencing company refused a specimen.
 */
const COLLECTING_STATES = new Set(['consented', 'qc_failed', 'recollection_requested']);
/** Allow for clocks of hospital systems running a little ahead. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `SP-` / `SH-` and 12 Crockford base32 characters (60 random bits): no guessable sequence. */
export function newId(prefix: 'SP' | 'SH'): string {
  const bytes = randomBytes(12);
  let out = '';
  for (const b of bytes) out += CROCKFORD[b & 31];
  return `${prefix}-${out}`;
}

/** The data center and the central management function see every hospital's specimens. */
export function isOverseer(actor: Actor): boolean {
  return actor.orgType === 'data_center' || actor.orgType === 'platform_operator';
}

export function checkBarcode(barcode: string): void {
  if (barcode.length < BARCODE_MIN || barcode.length > BARCODE_MAX || !BARCODE_RE.test(barcode)) {
    throw invalidInput('INVALID_BARCODE', `barcode: "${barcode}" is not a specimen barcode (${BARCODE_RULE})`, {
      field: 'barcode', rule: 'pattern', barcode,
    });
  }
}

export function toSpecimen(r: store.SpecimenRow): Specimen {
  return {
    id: r.id, barcode: r.barcode, caseId: r.case_id, participantId: r.participant_id,
    type: r.type, status: r.status, collectedAt: r.collected_at.toISOString(),
  };
}

/** Whom each specimen type is for: tumour types only in cancer cases and only from the proband; family blood only from relatives. */
function checkType(c: store.CaseRef, body: SpecimenBody, relationship: string): void {
  const fail = (message: string) => {
    throw invalidInput('SPECIMEN_TYPE_NOT_ALLOWED', message, { field: 'type', rule: 'specimen_type' });
  };
  const isProband = relationship === 'proband';
  if (TUMOUR_TYPES.includes(body.type) && c.domain !== 'cancer') {
    fail(`type: ${body.type} is for cancer cases; case ${c.id} is a rare_disease case`);
  }
  if (body.type === 'family_blood' && isProband) {
    fail(`type: family_blood is for family members; participant ${body.participantId} is the proband of case ${c.id}`);
  }
  if (body.type !== 'family_blood' && !isProband) {
    fail(`type: ${body.type} is for the proband; participant ${body.participantId} is the ${relationship} in case ${c.id} (use family_blood)`);
  }
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505';
}

export async function addSpecimen(db: Db, ctx: RequestContext, caseId: string, body: SpecimenBody): Promise<Specimen> {
  checkBarcode(body.barcode);
  const collectedAt = new Date(body.collectedAt);
  if (collectedAt.getTime() > Date.now() + FUTURE_TOLERANCE_MS) {
    throw invalidInput('INVALID_INPUT', `collectedAt: ${body.collectedAt} is in the future`, { field: 'collectedAt', rule: 'not_future' });
  }
  try {
    return await db.transaction(async (tx) => {
      await assertCaseAccess(tx, ctx.actor, caseId);
      const [c] = await store.lockCases(tx, [caseId]);
      if (!c || c.hospital_org_id !== ctx.actor.orgId) throw notFound('case', caseId);
      if (!ADDABLE_STATES.includes(c.state)) {
        throw conflict('CASE_STATE', `case ${caseId} is ${c.state}: specimens can be recorded only when it is ${ADDABLE_STATES.join(', ')}`, {
          caseId, state: c.state,
        });
      }
      const relationship = await store.memberRelationship(tx, caseId, body.participantId);
      if (!relationship) {
        throw invalidInput('NOT_A_CASE_MEMBER', `participantId: ${body.participantId} is not a member of case ${caseId}`, {
          field: 'participantId', rule: 'case_member', participantId: body.participantId,
        });
      }
      checkType(c, body, relationship);
      await assertParticipantInUse(tx, body.participantId, 'case', caseId); // a withdrawn family member gives no new specimen
      if (await store.barcodeTaken(tx, body.barcode)) throw barcodeConflict(body.barcode);

      const row: store.SpecimenRow = {
        id: newId('SP'), barcode: body.barcode, case_id: caseId, participant_id: body.participantId,
        type: body.type, status: 'collected', collected_at: collectedAt,
      };
      await store.insertSpecimen(tx, { ...row, created_by: ctx.actor.id });
      await store.insertCustody(tx, [{
        specimenId: row.id, at: collectedAt, event: 'collected', orgId: ctx.actor.orgId, actorId: ctx.actor.id, shipmentId: null, note: null,
      }]);
      if (COLLECTING_STATES.has(c.state)) {
        await transitionCase(tx, ctx, caseId, 'specimen_collected', {
          note: `specimen ${body.barcode} (${body.type})`, details: { kind: 'specimen_collected', barcode: body.barcode, specimenType: body.type },
        });
      }
      await audit(tx, ctx, {
        action: 'specimen.create', entityType: 'specimen', entityId: row.id,
        details: { caseId, type: body.type, barcode: body.barcode },
      });
      return toSpecimen(row);
    });
  } catch (err) {
    // Two hospitals racing for one barcode: the loser meets the unique index, not a 500.
    if (isUniqueViolation(err)) throw barcodeConflict(body.barcode);
    throw err;
  }
}

function barcodeConflict(barcode: string) {
  return conflict('BARCODE_TAKEN', `barcode ${barcode} is already in use`, { field: 'barcode', barcode });
}

export async function listCaseSpecimens(db: Db, ctx: RequestContext, caseId: string): Promise<Specimen[]> {
  return db.transaction(async (tx) => {
    await assertCaseAccess(tx, ctx.actor, caseId);
    const rows = await store.listSpecimensOfCase(tx, caseId);
    const rejections = new Map((await store.rejectionsOfCase(tx, caseId)).map((r) => [r.specimen_id, r]));
    await audit(tx, ctx, { action: 'specimen.list', entityType: 'case', entityId: caseId, details: { count: rows.length } });
    return rows.map((row) => {
      const r = rejections.get(row.id);
      return r
        ? { ...toSpecimen(row), rejection: { result: r.check_result, note: r.check_note, at: r.received_at.toISOString(), orgId: r.to_org_id, shipmentId: r.shipment_id } }
        : toSpecimen(row);
    });
  });
}

/** A hospital's own specimens across its cases (every hospital's for overseers), oldest collection first. */
export async function listSpecimens(db: Db, ctx: RequestContext, query: SpecimenQuery): Promise<{ items: Specimen[]; total: number }> {
  const filter: store.SpecimenFilter = { limit: query.limit ?? 50, offset: query.offset ?? 0 };
  if (!isOverseer(ctx.actor)) filter.hospitalOrgId = ctx.actor.orgId;
  if (query.status) filter.status = query.status;
  if (query.caseId) filter.caseId = query.caseId;
  if (query.shippable !== undefined) filter.shippable = query.shippable;
  return db.transaction(async (tx) => {
    const { rows, total } = await store.listSpecimens(tx, filter);
    await audit(tx, ctx, { action: 'specimen.list', entityType: 'specimen', details: { query, ids: rows.map((r) => r.id) } });
    return { items: rows.map(toSpecimen), total };
  });
}

/** 404 unless the caller's organisation held the specimen or is an overseer. */
async function assertSpecimenAccess(q: Queryable, actor: Actor, specimenId: string): Promise<void> {
  const scope = await store.specimenScope(q, specimenId);
  const visible = scope && (isOverseer(actor) || scope.hospital_org_id === actor.orgId || scope.destinations.includes(actor.orgId));
  if (!visible) throw notFound('specimen', specimenId);
}

export async function specimenCustody(db: Db, ctx: RequestContext, specimenId: string) {
  return db.transaction(async (tx) => {
    await assertSpecimenAccess(tx, ctx.actor, specimenId);
    const rows = await store.listCustody(tx, specimenId);
    await audit(tx, ctx, { action: 'specimen.custody.read', entityType: 'specimen', entityId: specimenId });
    return rows.map((r) => ({
      at: r.at.toISOString(), event: r.event, orgId: r.orgId, actorId: r.actorId, shipmentId: r.shipmentId, note: r.note,
    }));
  });
}
