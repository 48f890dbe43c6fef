/** The intake module's pages: mount SequencingPanel on the case page and VariantTablePage at /cases/:id/variants. */
export { SequencingPanel } from './SequencingPanel';
export { VariantTablePage } from './VariantTablePage';
