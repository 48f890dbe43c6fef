// Shapes from docs/api-contract-foundation.md (management endpoints of the registry).
export interface Summary {
  total: number;
  byState: { state: string; domain: string; count: number }[];
}

export interface TatStage {
  from: string;
  to: string;
  targetDays: number | null;
  n: number;
  medianDays: number | null;
  p25Days: number | null;
  p75Days: number | null;
  p90Days: number | null;
  minDays: number | null;
  maxDays: number | null;
}

export interface DelayedCase {
  caseId: string;
  hospitalId: string;
  domain: string;
  state: string;
  since: string;
  daysInState: number;
  targetDays: number;
  overdueDays: number;
}
