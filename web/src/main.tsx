import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter } from 'react-router';
import './i18n';
import './styles.css';
import { createQueryClient } from './api/queryClient';
import { App } from './App';

const container = document.getElementById('root');
if (!container) throw new Error('missing #root element in index.html');

createRoot(container).render(
  <StrictMode>
    <QueryClientProvider client={createQueryClient()}>
      {/* Navigations commit at once (no transitions): signing out can leave a guarded page before the session is forgotten. */}
      <BrowserRouter useTransitions={false}>
        <App />
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
);
