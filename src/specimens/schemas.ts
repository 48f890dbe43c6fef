import Type, { type Static } from 'typebox';
import { Paging } from '../http/schemas.js';

/** Specimen types (DESIGN §3): cancer is a tumour/normal pair; rare disease is germline, often a family. */
export const SPECIMEN_TYPES = ['tumour_ffpe', 'tumour_fresh_frozen', 'blood_normal', 'family_blood'] as const;
export type SpecimenType = (typeof SPECIMEN_TYPES)[number];
export const TUMOUR_TYPES: readonly SpecimenType[] = ['tumour_ffpe', 'tumour_fresh_frozen'];

export const SPECIMEN_STATUSES = ['collected', 'shipped', 'received', 'rejected'] as const;
export type SpecimenStatus = (typeof SPECIMEN_STATUSES)[number];

export const SHIPMENT_STATUSES = ['created', 'dispatched', 'received', 'cancelled'] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

export const CHECK_RESULTS = ['ok', 'damaged', 'missing', 'mislabelled'] as const;
export type CheckResult = (typeof CHECK_RESULTS)[number];

/** Chain-of-custody events, in the order a specimen meets them. `packed`: put on a shipment manifest. */
export const CUSTODY_EVENTS = ['collected', 'packed', 'unpacked', 'dispatched', 'received', 'rejected'] as const;
export type CustodyEvent = (typeof CUSTODY_EVENTS)[number];

/**
 * Specimen barcode: what the hospital's label printer encodes in Code 128, e.g. `TKY-2026-000123-T`.
 * 6–32 characters of A–Z and 0–9 in groups joined by single hyphens (no leading, trailing or
 * double hyphen; upper case only, so a scanner's case setting cannot create a second barcode).
 * Kept here rather than as a schema pattern so that the message can say what is wrong in words.
 */
export const BARCODE_RE = /^[A-Z0-9]+(?:-[A-Z0-9]+)*$/;
export const BARCODE_MIN = 6;
export const BARCODE_MAX = 32;
export const BARCODE_RULE = `${BARCODE_MIN}–${BARCODE_MAX} characters: A–Z and 0–9 in groups joined by single hyphens`;

const Id = Type.String({ minLength: 1, maxLength: 100 });
const Timestamp = Type.String({ format: 'date-time' });
const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);
const NullableString = Type.Union([Type.String(), Type.Null()]);

export const IdParam = Type.Object({ id: Id });

export const SpecimenBody = Type.Object({
  participantId: Id,
  type: Type.Enum(SPECIMEN_TYPES),
  barcode: Type.String({ minLength: 1, maxLength: 100 }),
  collectedAt: Timestamp,
}, { additionalProperties: false });
export type SpecimenBody = Static<typeof SpecimenBody>;

export const Specimen = Type.Object({
  id: Type.String(),
  barcode: Type.String(),
  caseId: Type.String(),
  participantId: Type.String(),
  type: Type.Enum(SPECIMEN_TYPES),
  status: Type.Enum(SPECIMEN_STATUSES),
  collectedAt: Timestamp,
  /** On a case's list, for a rejected specimen: what the sequencing company found, and when. */
  rejection: Type.Optional(Type.Object({
    result: Type.Enum(CHECK_RESULTS), note: NullableString, at: Timestamp, orgId: Type.String(), shipmentId: Type.String(),
  })),
});
export type Specimen = Static<typeof Specimen>;

export const SpecimenList = Type.Object({ items: Type.Array(Specimen) });

export const SpecimenQuery = Type.Object({
  status: Type.Optional(Type.Enum(SPECIMEN_STATUSES)),
  caseId: Type.Optional(Id),
  /** Ready for a new manifest: collected, on no undispatched shipment, case not withdrawn. */
  shippable: Type.Optional(Type.Boolean()),
  ...Paging,
});
export type SpecimenQuery = Static<typeof SpecimenQuery>;

export const SpecimenPage = Type.Object({ items: Type.Array(Specimen), total: Type.Integer() });

export const ShipmentBody = Type.Object({
  toOrgId: Id,
  specimenIds: Type.Array(Id, { minItems: 1, maxItems: 500 }),
  trackingNo: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
}, { additionalProperties: false });
export type ShipmentBody = Static<typeof ShipmentBody>;

export const ShipmentQuery = Type.Object({
  direction: Type.Optional(Type.Enum(['outgoing', 'incoming'])),
  status: Type.Optional(Type.Enum(SHIPMENT_STATUSES)),
  ...Paging,
});
export type ShipmentQuery = Static<typeof ShipmentQuery>;

export const Shipment = Type.Object({
  id: Type.String(),
  fromOrgId: Type.String(),
  fromOrgName: Type.String(),
  toOrgId: Type.String(),
  toOrgName: Type.String(),
  status: Type.Enum(SHIPMENT_STATUSES),
  trackingNo: NullableString,
  createdAt: Timestamp,
  dispatchedAt: NullableTimestamp,
  receivedAt: NullableTimestamp,
  cancelledAt: NullableTimestamp,
  cancelReason: NullableString,
  itemCount: Type.Integer(),
});
export type Shipment = Static<typeof Shipment>;

/** What a sequencing company sees of a specimen: nothing that identifies the participant. */
export const ShipmentItem = Type.Object({
  specimenId: Type.String(),
  barcode: Type.String(),
  type: Type.Enum(SPECIMEN_TYPES),
  caseId: Type.String(),
  checkResult: Type.Union([Type.Enum(CHECK_RESULTS), Type.Null()]),
  checkNote: NullableString,
});
export type ShipmentItem = Static<typeof ShipmentItem>;

export const ShipmentDetail = Type.Object({ ...Shipment.properties, items: Type.Array(ShipmentItem) });
export type ShipmentDetail = Static<typeof ShipmentDetail>;

export const ShipmentList = Type.Object({ items: Type.Array(Shipment), total: Type.Integer() });

export const CancelBody = Type.Object({
  reason: Type.String({ minLength: 1, maxLength: 1000, pattern: '\\S' }),
}, { additionalProperties: false });
export type CancelBody = Static<typeof CancelBody>;

export const ReceiveBody = Type.Object({
  items: Type.Array(Type.Object({
    specimenId: Id,
    result: Type.Enum(CHECK_RESULTS),
    note: Type.Optional(Type.String({ maxLength: 1000 })),
  }, { additionalProperties: false }), { minItems: 1, maxItems: 500 }),
}, { additionalProperties: false });
export type ReceiveBody = Static<typeof ReceiveBody>;

export const CustodyList = Type.Object({
  items: Type.Array(Type.Object({
    at: Timestamp,
    event: Type.Enum(CUSTODY_EVENTS),
    orgId: Type.String(),
    actorId: NullableString,
    shipmentId: NullableString,
    note: NullableString,
  })),
});
