/** The interpretation module's pages: InterpretationPage at /cases/:id/interpretation. */
export { InterpretationPage } from './InterpretationPage';
export { InterpretationLink } from './InterpretationLink';
