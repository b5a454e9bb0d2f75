import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import { createRecommenderClient } from './lib/recommender-client';
import './app/app.css';
import { applyTheme, storedTheme, systemTheme } from './lib/theme';

// Before the first render, so the page never flashes the other theme.
applyTheme(storedTheme() ?? systemTheme());
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
// One worker for the page's lifetime: training state and GPU memory live there.
createRoot(root).render(
  <StrictMode>
    <App client={createRecommenderClient()} />
  </StrictMode>,
);
