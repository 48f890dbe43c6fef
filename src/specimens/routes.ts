import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { ctx } from '../http/authenticate.js';
import { allow } from '../http/policy.js';
import type { ModuleOptions } from '../modules.js';
import {
  CancelBody, CustodyList, IdParam, ReceiveBody, ShipmentBody, ShipmentDetail, ShipmentList, ShipmentQuery, Specimen, SpecimenBody, SpecimenList, SpecimenPage, SpecimenQuery,
} from './schemas.js';
import * as service from './service.js';
import * as shipments from './shipments.js';

const HOSPITAL = ['hospital:clinician', 'hospital:ehr_system'] as const;
const SEQUENCER = ['sequencing_company:lab_technician', 'sequencing_company:lims_system'] as const;
const OVERSEERS = ['data_center:analyst', 'platform_operator:central_manager'] as const;

/** Hospitals record specimens and ship them. Record-level scoping is the services' job. */
const HOSPITAL_WRITE = allow(...HOSPITAL);
const CASE_READ = allow(...HOSPITAL, ...OVERSEERS);
const SHIPMENT_READ = allow(...HOSPITAL, ...SEQUENCER, ...OVERSEERS);
const RECEIVE = allow(...SEQUENCER);

export const specimenRoutes: FastifyPluginAsync<ModuleOptions> = async (fastify, { deps }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = deps;
  const tags = ['specimens'];

  app.get('/cases/:id/specimens', {
    config: { policy: CASE_READ },
    schema: { tags, summary: "A case's specimens", params: IdParam, response: { 200: SpecimenList } },
  }, async (request) => ({ items: await service.listCaseSpecimens(db, ctx(request), request.params.id) }));

  app.post('/cases/:id/specimens', {
    config: { policy: HOSPITAL_WRITE },
    schema: {
      tags,
      summary: 'Record a specimen of a case member; the first moves the case consented → specimen_collected',
      params: IdParam, body: SpecimenBody, response: { 201: Specimen },
    },
  }, async (request, reply) => reply.status(201).send(await service.addSpecimen(db, ctx(request), request.params.id, request.body)));

  app.get('/specimens', {
    config: { policy: CASE_READ },
    schema: {
      tags,
      summary: "The caller's hospital's specimens (every hospital's for the data center and central management); shippable=true: ready for a manifest",
      querystring: SpecimenQuery, response: { 200: SpecimenPage },
    },
  }, async (request) => service.listSpecimens(db, ctx(request), request.query));

  app.get('/specimens/:id/custody', {
    config: { policy: SHIPMENT_READ },
    schema: { tags, summary: "A specimen's chain of custody, oldest first", params: IdParam, response: { 200: CustodyList } },
  }, async (request) => ({ items: await service.specimenCustody(db, ctx(request), request.params.id) }));

  app.get('/shipments', {
    config: { policy: SHIPMENT_READ },
    schema: {
      tags,
      summary: "Shipments from or to the caller's organisation, newest first (all of them for the data center and central management)",
      querystring: ShipmentQuery, response: { 200: ShipmentList },
    },
  }, async (request) => shipments.listShipments(db, ctx(request), request.query));

  app.post('/shipments', {
    config: { policy: HOSPITAL_WRITE },
    schema: { tags, summary: 'Create a shipment manifest to a sequencing company', body: ShipmentBody, response: { 201: ShipmentDetail } },
  }, async (request, reply) => reply.status(201).send(await shipments.createShipment(db, ctx(request), request.body)));

  app.get('/shipments/:id', {
    config: { policy: SHIPMENT_READ },
    schema: { tags, summary: 'A shipment with its items', params: IdParam, response: { 200: ShipmentDetail } },
  }, async (request) => shipments.getShipment(db, ctx(request), request.params.id));

  app.post('/shipments/:id/dispatch', {
    config: { policy: HOSPITAL_WRITE },
    schema: { tags, summary: 'Dispatch: specimens shipped, cases specimen_collected → shipped', params: IdParam, response: { 200: ShipmentDetail } },
  }, async (request) => shipments.dispatchShipment(db, ctx(request), request.params.id));

  app.post('/shipments/:id/cancel', {
    config: { policy: HOSPITAL_WRITE },
    schema: {
      tags,
      summary: 'Cancel a shipment that has not been dispatched, with the reason; its specimens can go on another',
      params: IdParam, body: CancelBody, response: { 200: ShipmentDetail },
    },
  }, async (request) => shipments.cancelShipment(db, ctx(request), request.params.id, request.body));

  app.post('/shipments/:id/receive', {
    config: { policy: RECEIVE },
    schema: {
      tags,
      summary: 'Check a shipment in at the sequencing company: one result per manifest item',
      params: IdParam, body: ReceiveBody, response: { 200: ShipmentDetail },
    },
  }, async (request) => shipments.receiveShipment(db, ctx(request), request.params.id, request.body));
};
