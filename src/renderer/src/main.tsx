import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectApi } from './api/client';
import { App } from './app/app';
import { forwardRendererErrors } from './stores/logs-store';
import './styles/tokens.css';
import './styles/base.css';

connectApi();
// Uncaught errors of this window go to the main log, so that a support bundle holds them.
forwardRendererErrors(window);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
