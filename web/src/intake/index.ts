/** The intake module's pages: SequencingPanel on the case page, VariantTablePage at /cases/:id/variants, CarriersPage at /variant-carriers. */
export { SequencingPanel } from './SequencingPanel';
export { VariantTablePage } from './VariantTablePage';
export { CarriersPage } from './CarriersPage';
