// Shapes from docs/api-contract-foundation.md (specimens and shipments). src/specimens/schemas.ts
// was still being written when these pages were; import its `Static<>` types once it is committed.

export const SPECIMEN_TYPES = ['tumour_ffpe', 'tumour_fresh_frozen', 'blood_normal', 'family_blood'] as const;
export type SpecimenType = (typeof SPECIMEN_TYPES)[number];
export const SHIPMENT_STATUSES = ['created', 'dispatched', 'received'] as const;
export const CHECK_RESULTS = ['ok', 'damaged', 'missing', 'mislabelled'] as const;
export type CheckResult = (typeof CHECK_RESULTS)[number];

export interface Specimen {
  id: string;
  barcode: string;
  caseId: string;
  participantId: string;
  type: SpecimenType;
  status: 'collected' | 'shipped' | 'received' | 'rejected';
  collectedAt: string;
}

export interface Shipment {
  id: string;
  fromOrgId: string;
  fromOrgName: string;
  toOrgId: string;
  toOrgName: string;
  status: (typeof SHIPMENT_STATUSES)[number];
  trackingNo: string | null;
  createdAt: string;
  dispatchedAt: string | null;
  receivedAt: string | null;
  itemCount: number;
}

export interface ShipmentItem {
  specimenId: string;
  barcode: string;
  type: SpecimenType;
  caseId: string;
  checkResult: CheckResult | null;
  checkNote: string | null;
}

export interface ShipmentDetail extends Shipment {
  items: ShipmentItem[];
}

/** Barcode rule of src/specimens (Code 128 label): checked here too so the form can say so early. */
export const BARCODE_PATTERN = '[A-Z0-9]+(-[A-Z0-9]+)*';
