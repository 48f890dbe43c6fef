/** The analysis & data center's pages: its desk at /analysis. */
export { AnalysisHomePage } from './AnalysisHomePage';
