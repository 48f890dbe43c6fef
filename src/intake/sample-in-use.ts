import type { Queryable } from '../db/index.js';
import { assertParticipantInUse } from '../registry/index.js';

/**
 * What the ingest worker asks before loading a sample (= run id): 409 PARTICIPANT_WITHDRAWN when
 * the run's participant, or its case's proband, withdrew consent after the upload was accepted.
 * A sample that is no run of the intake (a direct load, the bench) has nobody to ask about.
 */
export async function assertSampleInUse(q: Queryable, sampleId: string): Promise<void> {
  const [row] = await q.query<{ participant_id: string; proband_id: string }>(
    `SELECT s.participant_id, c.proband_id FROM sequencing_runs r
       JOIN specimens s ON s.id = r.specimen_id JOIN cases c ON c.id = r.case_id
      WHERE r.id = $1`,
    [sampleId],
  );
  if (!row) return;
  for (const pid of new Set([row.proband_id, row.participant_id])) await assertParticipantInUse(q, pid, 'sample', sampleId);
}
