import type { Queryable } from '../db/index.js';
import type { ConsentChoices } from './duo.js';

export interface ConsentDocumentRow {
  id: string;
  code: string;
  version: string;
  title: string;
  title_ja: string;
  effective_from: string;
}

export interface ConsentRow {
  id: string;
  participant_id: string;
  document_id: string;
  kind: 'consent' | 'withdrawal';
  research_use: boolean;
  industry_use: boolean;
  international_sharing: boolean;
  recontact: boolean;
  secondary_findings: boolean;
  duo_codes: string[];
  signed_on: string;
  effective_on: string;
  recorded_at: Date;
  recorded_by: string | null;
  note: string | null;
}

// Dates are read as text: node-postgres turns a `date` into a local-midnight Date, which shifts
// the day in any time zone west of UTC.
const CONSENT_COLS = `id, participant_id, document_id, kind, research_use, industry_use, international_sharing,
  recontact, secondary_findings, duo_codes, to_char(signed_on, 'YYYY-MM-DD') AS signed_on,
  to_char(effective_on, 'YYYY-MM-DD') AS effective_on, recorded_at, recorded_by, note`;

export async function listDocuments(q: Queryable): Promise<ConsentDocumentRow[]> {
  return q.query<ConsentDocumentRow>(
    `SELECT id, code, version, title, title_ja, to_char(effective_from, 'YYYY-MM-DD') AS effective_from
       FROM consent_documents ORDER BY code, effective_from, id`,
  );
}

export async function getDocument(q: Queryable, id: string): Promise<ConsentDocumentRow | undefined> {
  const [row] = await q.query<ConsentDocumentRow>(
    `SELECT id, code, version, title, title_ja, to_char(effective_from, 'YYYY-MM-DD') AS effective_from
       FROM consent_documents WHERE id = $1`,
    [id],
  );
  return row;
}

export interface NewConsentRow {
  id: string;
  participantId: string;
  documentId: string;
  kind: 'consent' | 'withdrawal';
  choices: ConsentChoices;
  duoCodes: string[];
  signedOn: string;
  effectiveOn: string;
  recordedAt: Date;
  recordedBy: string | null;
  note: string | null;
}

/** The only write: consent rows are never updated (a trigger refuses it). */
export async function insertConsent(q: Queryable, r: NewConsentRow): Promise<void> {
  await q.query(
    `INSERT INTO consent_records (id, participant_id, document_id, kind, research_use, industry_use,
       international_sharing, recontact, secondary_findings, duo_codes, signed_on, effective_on,
       recorded_at, recorded_by, note)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
    [r.id, r.participantId, r.documentId, r.kind, r.choices.researchUse, r.choices.industryUse,
      r.choices.internationalSharing, r.choices.recontact, r.choices.secondaryFindings, r.duoCodes,
      r.signedOn, r.effectiveOn, r.recordedAt, r.recordedBy, r.note],
  );
}

/** Oldest first; ties (same recorded_at) in id order so the history reads the same every time. */
export async function listForParticipant(q: Queryable, participantId: string): Promise<ConsentRow[]> {
  return q.query<ConsentRow>(
    `SELECT ${CONSENT_COLS} FROM consent_records WHERE participant_id = $1 ORDER BY recorded_at, id`,
    [participantId],
  );
}

/** The record in force for each participant: the latest one recorded. */
export async function latestForParticipants(q: Queryable, participantIds: readonly string[]): Promise<Map<string, ConsentRow>> {
  if (participantIds.length === 0) return new Map();
  const rows = await q.query<ConsentRow>(
    `SELECT DISTINCT ON (participant_id) ${CONSENT_COLS}
       FROM consent_records WHERE participant_id = ANY($1::text[])
      ORDER BY participant_id, recorded_at DESC, id DESC`,
    [participantIds],
  );
  return new Map(rows.map((r) => [r.participant_id, r]));
}
