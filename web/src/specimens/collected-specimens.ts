import { useApi } from '../shell/use-api';
import type { SpecimenPage } from './types';

/**
 * Specimens ready to ship, one server page at a time: `GET /api/specimens?shippable=true` returns
 * the caller's hospital's specimens that are `collected`, on no undispatched shipment and in a case
 * that is not withdrawn (exactly what `POST /api/shipments` accepts), oldest collection first.
 */
export function useShippableSpecimens(offset: number, limit: number) {
  return useApi<SpecimenPage>('/specimens', { shippable: true, limit, offset });
}
