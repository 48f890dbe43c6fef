export { specimenRoutes } from './routes.js';
export { addSpecimen, listCaseSpecimens, listSpecimens as listHospitalSpecimens, specimenCustody, checkBarcode } from './service.js';
export { createShipment, dispatchShipment, receiveShipment, listShipments, getShipment } from './shipments.js';
export { seedDemoSpecimens } from './demo.js';
export {
  SPECIMEN_TYPES, SPECIMEN_STATUSES, SHIPMENT_STATUSES, CHECK_RESULTS, CUSTODY_EVENTS, BARCODE_RE, BARCODE_RULE,
  type SpecimenType, type SpecimenStatus, type ShipmentStatus, type CheckResult, type CustodyEvent,
  type Specimen, type Shipment, type ShipmentDetail, type ShipmentItem,
} from './schemas.js';
