// API shapes come from the server's TypeBox schemas (src/specimens/schemas.ts), as types only: the
// schemas themselves (and typebox) stay out of the browser bundle. The few value lists the pages
// iterate over are repeated here and checked against the server's types.
import type { Static } from 'typebox';
import type {
  CheckResult as ServerCheckResult,
  Shipment as ShipmentSchema,
  ShipmentDetail as ShipmentDetailSchema,
  ShipmentItem as ShipmentItemSchema,
  ShipmentStatus,
  Specimen as SpecimenSchema,
  SpecimenPage as SpecimenPageSchema,
  SpecimenType as ServerSpecimenType,
} from '../../../src/specimens/schemas.js';

export type SpecimenType = ServerSpecimenType;
export type CheckResult = ServerCheckResult;
export type Specimen = Static<typeof SpecimenSchema>;
/** `GET /api/specimens` (paged; `shippable=true`: what `POST /api/shipments` accepts). */
export type SpecimenPage = Static<typeof SpecimenPageSchema>;
export type Shipment = Static<typeof ShipmentSchema>;
export type ShipmentItem = Static<typeof ShipmentItemSchema>;
export type ShipmentDetail = Static<typeof ShipmentDetailSchema>;

export const SPECIMEN_TYPES = ['tumour_ffpe', 'tumour_fresh_frozen', 'blood_normal', 'family_blood'] as const;
export const SHIPMENT_STATUSES = ['created', 'dispatched', 'received', 'cancelled'] as const;
export const CHECK_RESULTS = ['ok', 'damaged', 'missing', 'mislabelled'] as const;

// Compile-time: each list above holds exactly the server's values (tsc fails when they drift).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type ListsMatchServer = [
  Assert<Same<(typeof SPECIMEN_TYPES)[number], SpecimenType>>,
  Assert<Same<(typeof SHIPMENT_STATUSES)[number], ShipmentStatus>>,
  Assert<Same<(typeof CHECK_RESULTS)[number], CheckResult>>,
];

/** Barcode rule of src/specimens (Code 128 label): checked here too so the form can say so early. */
export const BARCODE_PATTERN = '[A-Z0-9]+(-[A-Z0-9]+)*';
