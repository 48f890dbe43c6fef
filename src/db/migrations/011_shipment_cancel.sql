-- A hospital may cancel a shipment it created but has not dispatched (a wrong manifest, a courier
-- booked elsewhere): its specimens never left and can go on another shipment. The reason stays.
ALTER TABLE shipments DROP CONSTRAINT shipments_status_check;
ALTER TABLE shipments ADD CONSTRAINT shipments_status_check CHECK (status IN ('created', 'dispatched', 'received', 'cancelled'));
ALTER TABLE shipments ADD COLUMN cancelled_at timestamptz;
ALTER TABLE shipments ADD COLUMN cancel_reason text;

-- 'unpacked': taken off a cancelled manifest, back in the hospital's keeping.
ALTER TABLE custody_events DROP CONSTRAINT custody_events_event_check;
ALTER TABLE custody_events ADD CONSTRAINT custody_events_event_check
  CHECK (event IN ('collected', 'packed', 'unpacked', 'dispatched', 'received', 'rejected'));
