import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './desk/components/App';
import { startDesk } from './startDesk';
import { readTandem } from './tandemClient';
import './styles/theme.css';
import './styles/desk.css';
import './styles/settings.css';
import './styles/shortcuts.css';

const desk = startDesk(readTandem(window), document);
const container = document.getElementById('root');
if (container !== null) {
  createRoot(container).render(
    <StrictMode>
      <App store={desk.store} i18n={desk.i18n} customerIo={desk.customerIo} />
    </StrictMode>,
  );
}
