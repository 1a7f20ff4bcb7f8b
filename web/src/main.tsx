// Entry point of the Parley web client.
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { I18nRoot } from './i18n/index.tsx';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <I18nRoot>
    <App />
  </I18nRoot>,
);
