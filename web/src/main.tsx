import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { SessionProvider } from './auth/session';
import { setupI18n } from './i18n';
import { installFonts } from './shell/fonts';
import { QueryProvider } from './shell/query';
import './shell/styles.css';

installFonts();
setupI18n();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SessionProvider>
      <QueryProvider>
        <App />
      </QueryProvider>
    </SessionProvider>
  </StrictMode>,
);
