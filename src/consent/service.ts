import type { RequestContext } from '../auth/roles.js';
import { audit } from '../audit/index.js';
import type { Db, Queryable } from '../db/index.js';
import { conflict, invalidInput } from '../errors.js';
import { assertParticipantAccess, lockParticipantForConsent, randomId, withdrawCasesOfProband } from '../registry/index.js';
import { checkPastDate } from './dates.js';
import { checkChoices, duoCodes, WITHDRAWN_CHOICES, type ConsentChoices } from './duo.js';
import type { ConsentRecordDto } from './schemas.js';
import * as store from './store.js';

export function toConsentRecord(r: store.ConsentRow): ConsentRecordDto {
  return {
    id: r.id,
    documentId: r.document_id,
    kind: r.kind,
    choices: {
      researchUse: r.research_use,
      industryUse: r.industry_use,
      internationalSharing: r.international_sharing,
      recontact: r.recontact,
      secondaryFindings: r.secondary_findings,
    },
    duoCodes: r.duo_codes,
    signedOn: r.signed_on,
    effectiveOn: r.effective_on,
    recordedAt: r.recorded_at.toISOString(),
  };
}

export interface ConsentInput {
  documentId: string;
  signedOn: string;
  choices: ConsentChoices;
}

type Who = RequestContext | 'system';

/** recorded_at strictly increases per participant, so "latest" and "oldest first" are never ties. */
async function nextRecordedAt(tx: Queryable, participantId: string): Promise<Date> {
  const history = await store.listForParticipant(tx, participantId);
  const last = history[history.length - 1];
  const now = new Date();
  return last && last.recorded_at.getTime() >= now.getTime() ? new Date(last.recorded_at.getTime() + 1) : now;
}

/**
 * Records a consent (first or a change of mind) as a NEW row, in the caller's transaction.
 * `field` names the body path for error messages (`body.consent`, `body.family.1.consent`).
 * Refused after a withdrawal: withdrawal wins over everything after it.
 */
export async function recordConsent(
  tx: Queryable,
  who: Who,
  participantId: string,
  input: ConsentInput,
  field = 'body',
): Promise<ConsentRecordDto> {
  const doc = await store.getDocument(tx, input.documentId);
  if (!doc) {
    throw invalidInput('INVALID_INPUT', `${field}.documentId: no consent document ${input.documentId}`, { field: `${field}.documentId`, rule: 'exists' });
  }
  checkPastDate(input.signedOn, `${field}.signedOn`);
  if (input.signedOn < doc.effective_from) {
    throw invalidInput('INVALID_INPUT', `${field}.signedOn: ${input.signedOn} is before ${doc.id} came into effect (${doc.effective_from})`,
      { field: `${field}.signedOn`, rule: 'minimum' });
  }
  checkChoices(input.choices, `${field}.choices`);
  // Serialised per participant: a concurrent withdrawal either committed before this lock (and is
  // seen below) or waits for this transaction (and withdraws what it recorded).
  await lockParticipantForConsent(tx, participantId);
  const latest = (await store.latestForParticipants(tx, [participantId])).get(participantId);
  if (latest?.kind === 'withdrawal') {
    throw conflict('CONSENT_WITHDRAWN', `participant ${participantId}: consent was withdrawn effective ${latest.effective_on}; a withdrawal is final`, {
      participantId, effectiveOn: latest.effective_on,
    });
  }
  const row: store.NewConsentRow = {
    id: randomId('CR-', 12),
    participantId,
    documentId: doc.id,
    kind: 'consent',
    choices: input.choices,
    duoCodes: duoCodes(input.choices),
    signedOn: input.signedOn,
    effectiveOn: input.signedOn,
    recordedAt: await nextRecordedAt(tx, participantId),
    recordedBy: who === 'system' ? null : who.actor.id,
    note: null,
  };
  await store.insertConsent(tx, row);
  await audit(tx, who, {
    action: latest ? 'consent.change' : 'consent.record',
    entityType: 'participant',
    entityId: participantId,
    details: { consentId: row.id, documentId: doc.id, duoCodes: row.duoCodes, ...(latest ? { replaces: latest.id } : {}) },
  });
  return toConsentRecord({ ...toRow(row) });
}

function toRow(r: store.NewConsentRow): store.ConsentRow {
  return {
    id: r.id, participant_id: r.participantId, document_id: r.documentId, kind: r.kind,
    research_use: r.choices.researchUse, industry_use: r.choices.industryUse,
    international_sharing: r.choices.internationalSharing, recontact: r.choices.recontact,
    secondary_findings: r.choices.secondaryFindings, duo_codes: r.duoCodes, signed_on: r.signedOn,
    effective_on: r.effectiveOn, recorded_at: r.recordedAt, recorded_by: r.recordedBy, note: r.note,
  };
}

/** POST /participants/:id/consents: a change of mind, as a new row. */
export async function addConsent(db: Db, ctx: RequestContext, participantId: string, input: ConsentInput): Promise<ConsentRecordDto> {
  return db.transaction(async (tx) => {
    await assertParticipantAccess(tx, ctx.actor, participantId, 'write');
    return recordConsent(tx, ctx, participantId, input);
  });
}

/**
 * Withdrawal (同意撤回): a new 'withdrawal' row that permits nothing, and every case in which the
 * participant is the proband moves to `withdrawn`, all in one transaction. The effective date may be
 * in the past (a form signed earlier and entered later); the case moves now, and from then on no
 * transition is possible. A participant withdrawn as a family member stays in the case record, but
 * their consent now reads as a withdrawal wherever the case shows its members.
 */
export async function withdraw(
  db: Db,
  ctx: RequestContext,
  participantId: string,
  input: { effectiveOn: string; note?: string },
): Promise<ConsentRecordDto> {
  return db.transaction(async (tx) => {
    await assertParticipantAccess(tx, ctx.actor, participantId, 'write');
    checkPastDate(input.effectiveOn, 'body.effectiveOn');
    await lockParticipantForConsent(tx, participantId); // one withdrawal, however many race
    const history = await store.listForParticipant(tx, participantId);
    const latest = history[history.length - 1];
    if (!latest) throw conflict('NO_CONSENT', `participant ${participantId}: there is no consent to withdraw`, { participantId });
    if (latest.kind === 'withdrawal') {
      throw conflict('CONSENT_WITHDRAWN', `participant ${participantId}: consent was already withdrawn effective ${latest.effective_on}`, {
        participantId, effectiveOn: latest.effective_on,
      });
    }
    const first = history[0]!;
    if (input.effectiveOn < first.signed_on) {
      throw invalidInput('INVALID_INPUT', `body.effectiveOn: ${input.effectiveOn} is before the consent was signed (${first.signed_on})`,
        { field: 'body.effectiveOn', rule: 'minimum' });
    }
    const row: store.NewConsentRow = {
      id: randomId('CR-', 12),
      participantId,
      documentId: latest.document_id,
      kind: 'withdrawal',
      choices: WITHDRAWN_CHOICES,
      duoCodes: [],
      signedOn: input.effectiveOn,
      effectiveOn: input.effectiveOn,
      recordedAt: await nextRecordedAt(tx, participantId),
      recordedBy: ctx.actor.id,
      note: input.note ?? null,
    };
    await store.insertConsent(tx, row);
    const caseIds = await withdrawCasesOfProband(tx, ctx, participantId, {
      note: `consent withdrawn effective ${input.effectiveOn}${input.note ? `: ${input.note}` : ''}`,
      details: { kind: 'consent_withdrawn', effectiveOn: input.effectiveOn, ...(input.note ? { note: input.note } : {}) },
    });
    await audit(tx, ctx, {
      action: 'consent.withdraw',
      entityType: 'participant',
      entityId: participantId,
      details: { consentId: row.id, effectiveOn: input.effectiveOn, caseIds },
    });
    return toConsentRecord(toRow(row));
  });
}

/** A participant's consent history, oldest first. A read of individual-level data: audited. */
export async function listConsents(db: Db, ctx: RequestContext, participantId: string): Promise<ConsentRecordDto[]> {
  return db.transaction(async (tx) => {
    await assertParticipantAccess(tx, ctx.actor, participantId, 'read');
    const rows = await store.listForParticipant(tx, participantId);
    await audit(tx, ctx, { action: 'consent.list', entityType: 'participant', entityId: participantId, details: { consentIds: rows.map((r) => r.id) } });
    return rows.map(toConsentRecord);
  });
}

export async function listDocuments(q: Queryable) {
  return (await store.listDocuments(q)).map((d) => ({
    id: d.id, code: d.code, version: d.version, title: d.title, titleJa: d.title_ja, effectiveFrom: d.effective_from,
  }));
}

export { latestForParticipants } from './store.js';
