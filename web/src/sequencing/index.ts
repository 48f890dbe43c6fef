/** The sequencing company's pages: its desk at /sequencing and a case's runs and uploads at /sequencing/cases/:id. */
export { SequencingHomePage } from './SequencingHomePage';
export { CaseSequencingPage } from './CaseSequencingPage';
