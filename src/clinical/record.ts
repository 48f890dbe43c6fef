import type { CodeableConcept, Resource } from '@medplum/fhirtypes';
import type { RequestContext } from '../auth/index.js';
import { audit } from '../audit/index.js';
import type { Db } from '../db/index.js';
import { assertCaseAccess, caseMembers } from '../registry/index.js';
import * as store from './store.js';

/**
 * A case's longitudinal clinical record: each stored FHIR resource about one of the case's
 * participants as one dated fact of Kiban's clinical model, with its source resource and
 * provenance (which system sent which version, and when). This is the data of the case timeline.
 */
export type FactKind = 'patient' | 'diagnosis' | 'observation' | 'specimen' | 'medication' | 'procedure' | 'family_history' | 'allergy' | 'report';

export interface ClinicalFact {
  kind: FactKind;
  participantId: string;
  /** The first coding (system, code, display) and the text, as sent. */
  code: { system: string | null; code: string | null; display: string | null; text: string | null } | null;
  /** When it happened (onset, effective, performed, collected…), or null if the resource says not. */
  start: string | null;
  end: string | null;
  status: string | null;
  source: { reference: string; versionId: number; receivedAt: string; sentBy: string; hospitalId: string };
}

const KIND: Record<string, FactKind> = {
  Patient: 'patient', Condition: 'diagnosis', Observation: 'observation', Specimen: 'specimen', MedicationStatement: 'medication',
  MedicationRequest: 'medication', Procedure: 'procedure', FamilyMemberHistory: 'family_history', AllergyIntolerance: 'allergy',
  DiagnosticReport: 'report',
};

type Any = Record<string, unknown>;

function firstCode(cc: unknown): ClinicalFact['code'] {
  const c = cc as CodeableConcept | undefined;
  if (!c) return null;
  const coding = c.coding?.[0];
  return { system: coding?.system ?? null, code: coding?.code ?? null, display: coding?.display ?? null, text: c.text ?? null };
}

/** The element that dates each type, as `start`/`end` (a Period gives both). */
function when(r: Any): { start: string | null; end: string | null } {
  const period = (r.effectivePeriod ?? r.performedPeriod ?? r.onsetPeriod) as { start?: string; end?: string } | undefined;
  if (period) return { start: period.start ?? null, end: period.end ?? null };
  const collection = r.collection as { collectedDateTime?: string } | undefined;
  const at = r.onsetDateTime ?? r.effectiveDateTime ?? r.performedDateTime ?? collection?.collectedDateTime ?? r.authoredOn
    ?? r.recordedDate ?? r.date ?? r.deceasedDateTime ?? null;
  return { start: (at as string | null), end: (r.abatementDateTime as string | undefined) ?? null };
}

function codeOf(r: Any): unknown {
  return r.code ?? r.medicationCodeableConcept ?? r.type ?? r.relationship;
}

export function toFact(row: store.ResourceRow): ClinicalFact {
  const r = row.content as unknown as Any;
  const status = (r.status as string | undefined) ?? firstCode(r.clinicalStatus)?.code ?? null;
  return {
    kind: KIND[row.resource_type]!, participantId: row.participant_id,
    code: row.resource_type === 'Patient' ? null : firstCode(codeOf(r)), ...when(r), status,
    source: {
      reference: `${row.resource_type}/${row.id}`, versionId: row.version_id, receivedAt: row.last_updated.toISOString(),
      sentBy: row.sent_by, hospitalId: row.hospital_org_id,
    },
  };
}

/**
 * GET /api/cases/:id/clinical-record: the facts ordered by their date as sent (ISO 8601 text, so
 * two times of one day in different offsets may compare out of order), undated last; audited.
 */
export async function caseRecord(db: Db, ctx: RequestContext, caseId: string): Promise<{ caseId: string; facts: ClinicalFact[] }> {
  return db.transaction(async (tx) => {
    await assertCaseAccess(tx, ctx.actor, caseId);
    const members = await caseMembers(tx, caseId);
    const rows = await store.resourcesOfParticipants(tx, members.map((m) => m.participant_id));
    const facts = rows.map(toFact).sort((a, b) => (a.start ?? '\uffff').localeCompare(b.start ?? '\uffff'));
    await audit(tx, ctx, { action: 'case.clinical.read', entityType: 'case', entityId: caseId, details: { facts: facts.length } });
    return { caseId, facts };
  });
}
