import type { Actor, RequestContext } from '../auth/index.js';
import { getOrg } from '../auth/index.js';
import { audit } from '../audit/index.js';
import type { Db, Queryable } from '../db/index.js';
import { conflict, invalidInput, notFound } from '../errors.js';
import { assertParticipantInUse, transitionCase } from '../registry/index.js';
import type { CancelBody, ReceiveBody, Shipment, ShipmentBody, ShipmentDetail, ShipmentQuery } from './schemas.js';
import { isOverseer, newId } from './service.js';
import * as store from './store.js';

/**
 * Shipments: a hospital's manifest of specimens to one sequencing company. created → dispatched
 * (specimens shipped, cases specimen_collected → shipped) → received, where the sequencing
 * company checks every item (ok → received, anything else → rejected); or created → cancelled,
 * before anything left the hospital. One transaction each.
 */

function toShipment(r: store.ShipmentRow): Shipment {
  return {
    id: r.id, fromOrgId: r.from_org_id, fromOrgName: r.from_org_name, toOrgId: r.to_org_id, toOrgName: r.to_org_name,
    status: r.status, trackingNo: r.tracking_no, createdAt: r.created_at.toISOString(),
    dispatchedAt: r.dispatched_at?.toISOString() ?? null, receivedAt: r.received_at?.toISOString() ?? null,
    cancelledAt: r.cancelled_at?.toISOString() ?? null, cancelReason: r.cancel_reason,
    itemCount: r.item_count,
  };
}

async function detail(q: Queryable, id: string): Promise<ShipmentDetail> {
  const row = await store.getShipment(q, id);
  if (!row) throw notFound('shipment', id);
  const items = await store.shipmentItems(q, id);
  return {
    ...toShipment(row),
    items: items.map((i) => ({
      specimenId: i.specimen_id, barcode: i.barcode, type: i.type, caseId: i.case_id, checkResult: i.check_result, checkNote: i.check_note,
    })),
  };
}

function canSee(actor: Actor, s: store.ShipmentRow): boolean {
  return isOverseer(actor) || s.from_org_id === actor.orgId || s.to_org_id === actor.orgId;
}

/** The shipment, locked, if the caller's organisation is on the given side of it; else 404. */
async function lockOwn(tx: Queryable, actor: Actor, id: string, side: 'from' | 'to'): Promise<store.ShipmentRow> {
  const row = await store.getShipment(tx, id, { lock: true });
  const own = side === 'from' ? row?.from_org_id : row?.to_org_id;
  if (!row || own !== actor.orgId) throw notFound('shipment', id);
  return row;
}

function assertNotWithdrawn(cases: store.CaseRef[], items: ReadonlyArray<{ specimenId: string; caseId: string }>): void {
  const withdrawn = new Set(cases.filter((c) => c.state === 'withdrawn').map((c) => c.id));
  const hit = items.find((i) => withdrawn.has(i.caseId));
  if (hit) {
    throw conflict('CASE_WITHDRAWN', `specimen ${hit.specimenId}: case ${hit.caseId} is withdrawn (consent withdrawal); its specimens are not shipped`, {
      specimenId: hit.specimenId, caseId: hit.caseId,
    });
  }
}

/** Nothing is shipped for a participant who withdrew consent (a family member of a live case, too): 409 PARTICIPANT_WITHDRAWN. */
async function assertSpecimensInUse(tx: Queryable, specimens: ReadonlyArray<{ id: string; participant_id: string }>): Promise<void> {
  for (const s of [...specimens].sort((a, b) => (a.participant_id < b.participant_id ? -1 : 1))) {
    await assertParticipantInUse(tx, s.participant_id, 'specimen', s.id);
  }
}

export async function createShipment(db: Db, ctx: RequestContext, body: ShipmentBody): Promise<ShipmentDetail> {
  const seen = new Set<string>();
  body.specimenIds.forEach((id, i) => {
    if (seen.has(id)) throw invalidInput('DUPLICATE_SPECIMEN', `specimenIds[${i}]: specimen ${id} is listed twice`, { field: `specimenIds.${i}`, specimenId: id });
    seen.add(id);
  });
  return db.transaction(async (tx) => {
    const dest = await getOrg(tx, body.toOrgId);
    if (!dest) throw invalidInput('UNKNOWN_ORGANISATION', `toOrgId: there is no organisation ${body.toOrgId}`, { field: 'toOrgId', orgId: body.toOrgId });
    if (dest.type !== 'sequencing_company') {
      throw invalidInput('DESTINATION_NOT_SEQUENCER', `toOrgId: ${body.toOrgId} is a ${dest.type}, not a sequencing company`, { field: 'toOrgId', orgId: body.toOrgId });
    }
    const rows = new Map((await store.lockSpecimens(tx, body.specimenIds)).map((r) => [r.id, r]));
    const specimens = body.specimenIds.map((id, i) => {
      const s = rows.get(id);
      if (!s || s.hospital_org_id !== ctx.actor.orgId) {
        throw invalidInput('UNKNOWN_SPECIMEN', `specimenIds[${i}]: ${ctx.actor.orgId} has no specimen ${id}`, { field: `specimenIds.${i}`, specimenId: id });
      }
      if (s.status !== 'collected') {
        throw conflict('SPECIMEN_NOT_COLLECTED', `specimen ${id} (${s.barcode}) is ${s.status}; only collected specimens can be shipped`, { specimenId: id, barcode: s.barcode, status: s.status });
      }
      return s;
    });
    const [open] = await store.openShipmentsOf(tx, body.specimenIds);
    if (open) {
      const s = rows.get(open.specimen_id);
      throw conflict('SPECIMEN_IN_OPEN_SHIPMENT', `specimen ${open.specimen_id} (${s?.barcode ?? ''}) is already on shipment ${open.shipment_id}, not yet dispatched`, {
        specimenId: open.specimen_id, barcode: s?.barcode ?? open.specimen_id, shipmentId: open.shipment_id,
      });
    }
    const cases = await store.lockCases(tx, [...new Set(specimens.map((s) => s.case_id))]);
    assertNotWithdrawn(cases, specimens.map((s) => ({ specimenId: s.id, caseId: s.case_id })));
    await assertSpecimensInUse(tx, specimens);

    const id = newId('SH');
    const now = new Date();
    await store.insertShipment(tx, {
      id, fromOrgId: ctx.actor.orgId, toOrgId: body.toOrgId, trackingNo: body.trackingNo ?? null, createdAt: now, createdBy: ctx.actor.id,
    }, body.specimenIds);
    await store.insertCustody(tx, specimens.map((s) => ({
      specimenId: s.id, at: now, event: 'packed' as const, orgId: ctx.actor.orgId, actorId: ctx.actor.id, shipmentId: id, note: null,
    })));
    await audit(tx, ctx, {
      action: 'shipment.create', entityType: 'shipment', entityId: id,
      details: { toOrgId: body.toOrgId, specimenIds: body.specimenIds },
    });
    return detail(tx, id);
  });
}

export async function dispatchShipment(db: Db, ctx: RequestContext, id: string): Promise<ShipmentDetail> {
  return db.transaction(async (tx) => {
    const sh = await lockOwn(tx, ctx.actor, id, 'from');
    if (sh.status === 'cancelled') {
      throw conflict('SHIPMENT_CANCELLED', `shipment ${id} was cancelled; create a new shipment for its specimens`, { shipmentId: id, status: sh.status });
    }
    if (sh.status !== 'created') {
      throw conflict('SHIPMENT_ALREADY_DISPATCHED', `shipment ${id} is ${sh.status}; only a created shipment can be dispatched`, { shipmentId: id, status: sh.status });
    }
    const items = await store.shipmentItems(tx, id);
    const cases = await store.lockCases(tx, [...new Set(items.map((i) => i.case_id))]);
    assertNotWithdrawn(cases, items.map((i) => ({ specimenId: i.specimen_id, caseId: i.case_id })));
    await assertSpecimensInUse(tx, await store.lockSpecimens(tx, items.map((i) => i.specimen_id)));

    const now = new Date();
    await store.markDispatched(tx, id, now);
    await store.setSpecimenStatus(tx, items.map((i) => i.specimen_id), 'shipped');
    await store.insertCustody(tx, items.map((i) => ({
      specimenId: i.specimen_id, at: now, event: 'dispatched' as const, orgId: ctx.actor.orgId, actorId: ctx.actor.id,
      shipmentId: id, note: sh.tracking_no ? `tracking ${sh.tracking_no}` : null,
    })));
    for (const c of cases) {
      if (c.state === 'specimen_collected') await transitionCase(tx, ctx, c.id, 'shipped', {
        note: `shipment ${id} to ${sh.to_org_id}`, details: { kind: 'shipment_dispatched', shipmentId: id, toOrgId: sh.to_org_id },
      });
    }
    await audit(tx, ctx, { action: 'shipment.dispatch', entityType: 'shipment', entityId: id, details: { items: items.length } });
    return detail(tx, id);
  });
}

/**
 * Cancels a manifest that has not left the hospital. The specimens were never marked shipped, so
 * they stay collected and can go on another shipment; custody records them unpacked, with the reason.
 */
export async function cancelShipment(db: Db, ctx: RequestContext, id: string, body: CancelBody): Promise<ShipmentDetail> {
  return db.transaction(async (tx) => {
    const sh = await lockOwn(tx, ctx.actor, id, 'from');
    if (sh.status !== 'created') {
      throw conflict('SHIPMENT_NOT_CANCELLABLE', `shipment ${id} is ${sh.status}; only a created shipment that has not been dispatched can be cancelled`, { shipmentId: id, status: sh.status });
    }
    const reason = body.reason.trim();
    const items = await store.shipmentItems(tx, id);
    const now = new Date();
    await store.markCancelled(tx, id, now, reason);
    await store.insertCustody(tx, items.map((i) => ({
      specimenId: i.specimen_id, at: now, event: 'unpacked' as const, orgId: ctx.actor.orgId, actorId: ctx.actor.id, shipmentId: id, note: reason,
    })));
    await audit(tx, ctx, { action: 'shipment.cancel', entityType: 'shipment', entityId: id, details: { items: items.length, reason } });
    return detail(tx, id);
  });
}

type Check = { specimenId: string; result: ReceiveBody['items'][number]['result']; note: string | null };

/** The check list must name every manifest item exactly once, and nothing else. */
function matchManifest(shipmentId: string, manifest: store.ShipmentItemRow[], body: ReceiveBody): Check[] {
  const onManifest = new Set(manifest.map((m) => m.specimen_id));
  const seen = new Set<string>();
  const mismatch = (message: string, field: string) => invalidInput('RECEIVE_ITEMS_MISMATCH', message, { field, shipmentId });
  body.items.forEach((item, i) => {
    if (!onManifest.has(item.specimenId)) throw mismatch(`items[${i}]: specimen ${item.specimenId} is not on shipment ${shipmentId}`, `items.${i}.specimenId`);
    if (seen.has(item.specimenId)) throw mismatch(`items[${i}]: specimen ${item.specimenId} is listed twice`, `items.${i}.specimenId`);
    seen.add(item.specimenId);
    if (item.result !== 'ok' && !item.note?.trim()) {
      throw invalidInput('CHECK_NOTE_REQUIRED', `items[${i}].note: a note is required when the result is ${item.result}`, { field: `items.${i}.note` });
    }
  });
  const unchecked = manifest.find((m) => !seen.has(m.specimen_id));
  if (unchecked) {
    throw mismatch(`items: specimen ${unchecked.specimen_id} (${unchecked.barcode}) on shipment ${shipmentId} has no check result`, 'items');
  }
  return body.items.map((i) => ({ specimenId: i.specimenId, result: i.result, note: i.note?.trim() || null }));
}

export async function receiveShipment(db: Db, ctx: RequestContext, id: string, body: ReceiveBody): Promise<ShipmentDetail> {
  return db.transaction(async (tx) => {
    const sh = await lockOwn(tx, ctx.actor, id, 'to');
    if (sh.status === 'received') {
      throw conflict('SHIPMENT_ALREADY_RECEIVED', `shipment ${id} was already received at ${sh.received_at?.toISOString() ?? '?'}`, { shipmentId: id, status: sh.status });
    }
    if (sh.status === 'cancelled') throw conflict('SHIPMENT_CANCELLED', `shipment ${id} was cancelled by the hospital before dispatch`, { shipmentId: id, status: sh.status });
    if (sh.status !== 'dispatched') throw conflict('SHIPMENT_NOT_DISPATCHED', `shipment ${id} has not been dispatched yet`, { shipmentId: id, status: sh.status });
    const manifest = await store.shipmentItems(tx, id);
    const checks = matchManifest(id, manifest, body);
    const caseOf = new Map(manifest.map((m) => [m.specimen_id, m.case_id]));
    const ok = checks.filter((c) => c.result === 'ok').map((c) => c.specimenId);
    const rejected = checks.filter((c) => c.result !== 'ok').map((c) => c.specimenId);

    const now = new Date();
    await store.markReceived(tx, id, now, ctx.actor.id);
    await store.setItemChecks(tx, id, checks);
    await store.setSpecimenStatus(tx, ok, 'received');
    await store.setSpecimenStatus(tx, rejected, 'rejected');
    await store.insertCustody(tx, checks.map((c) => ({
      specimenId: c.specimenId, at: now, event: c.result === 'ok' ? 'received' as const : 'rejected' as const,
      orgId: ctx.actor.orgId, actorId: ctx.actor.id, shipmentId: id,
      note: c.result === 'ok' ? c.note : `${c.result}${c.note ? `: ${c.note}` : ''}`,
    })));
    await moveReceivedCases(tx, ctx, id, [...new Set(caseOf.values())], rejectionNotes(manifest, checks));
    await audit(tx, ctx, {
      action: 'shipment.receive', entityType: 'shipment', entityId: id,
      details: { ok: ok.length, rejected: rejected.map((s) => ({ specimenId: s, result: checks.find((c) => c.specimenId === s)?.result })) },
    });
    return detail(tx, id);
  });
}

/** Per case, what the sequencing company found wrong: "specimen TKY-1-T damaged: tube cracked". */
function rejectionNotes(manifest: store.ShipmentItemRow[], checks: Check[]): Map<string, string> {
  const notes = new Map<string, string[]>();
  for (const c of checks.filter((x) => x.result !== 'ok')) {
    const item = manifest.find((m) => m.specimen_id === c.specimenId)!;
    notes.set(item.case_id, [...(notes.get(item.case_id) ?? []), `specimen ${item.barcode} ${c.result}${c.note ? `: ${c.note}` : ''}`]);
  }
  return new Map([...notes].map(([caseId, list]) => [caseId, list.join('; ')]));
}

/**
 * A case moves shipped → received when every specimen of it on this shipment arrived ok and none
 * of its specimens is still in transit on another one. A case with a rejected specimen moves to
 * recollection_requested with what was found: the hospital collects again, and the new specimen's
 * shipment moves it on (docs/tat.md has the clock of both stages).
 */
async function moveReceivedCases(tx: Queryable, ctx: RequestContext, shipmentId: string, caseIds: string[], rejects: Map<string, string>): Promise<void> {
  const cases = await store.lockCases(tx, caseIds);
  const inTransit = await store.casesWithSpecimensInTransit(tx, caseIds);
  for (const c of cases) {
    if (c.state !== 'shipped') continue;
    const rejected = rejects.get(c.id);
    if (rejected) await transitionCase(tx, ctx, c.id, 'recollection_requested', { note: rejected });
    else if (!inTransit.has(c.id)) {
      await transitionCase(tx, ctx, c.id, 'received', { note: `shipment ${shipmentId} checked in`, details: { kind: 'shipment_received', shipmentId } });
    }
  }
}

export async function listShipments(db: Db, ctx: RequestContext, query: ShipmentQuery): Promise<{ items: Shipment[]; total: number }> {
  const org = ctx.actor.orgId;
  const filter: store.ShipmentFilter = { limit: query.limit ?? 50, offset: query.offset ?? 0 };
  if (query.status) filter.status = query.status;
  // Overseers see every shipment; direction is relative to the caller's own organisation otherwise.
  if (!isOverseer(ctx.actor)) {
    if (query.direction === 'outgoing') filter.fromOrgId = org;
    else if (query.direction === 'incoming') filter.toOrgId = org;
    else filter.eitherOrgId = org;
  }
  return db.transaction(async (tx) => {
    const { rows, total } = await store.listShipments(tx, filter);
    await audit(tx, ctx, { action: 'shipment.list', entityType: 'shipment', details: { query, ids: rows.map((r) => r.id) } });
    return { items: rows.map(toShipment), total };
  });
}

export async function getShipment(db: Db, ctx: RequestContext, id: string): Promise<ShipmentDetail> {
  return db.transaction(async (tx) => {
    const row = await store.getShipment(tx, id);
    if (!row || !canSee(ctx.actor, row)) throw notFound('shipment', id);
    await audit(tx, ctx, { action: 'shipment.read', entityType: 'shipment', entityId: id });
    return detail(tx, id);
  });
}
