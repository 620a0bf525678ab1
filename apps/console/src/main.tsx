import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { App } from './app';
import { restoreSession } from './auth/session';
import { prefetchWorklist, queryClient } from './query-client';
import './styles.css';

prefetchWorklist(restoreSession(), location.pathname);

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <App queryClient={queryClient} />
  </StrictMode>,
);

// Installable and usable at a post without a connection: the service worker keeps the app's files.
if ('serviceWorker' in navigator && import.meta.env.PROD) {
  addEventListener('load', () => void navigator.serviceWorker.register('/sw.js'));
}
