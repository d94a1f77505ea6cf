// zod's config, before anything parses (contract/zodPolicy.ts says why).
import '@tandem/contract/zodPolicy';
// Then, so the desk's database opens and the inbox's first screen is read while the rest evaluates.
import { earlyReads } from './data/earlyStart';
import { firstScreenReady } from './data/firstScreen';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './desk/components/App';
import { startDesk } from './startDesk';
import { readTandem } from './tandemClient';
import { isSupervisorPage } from './supervisor/supervisorPage';
import { loadSupervisorView } from './supervisor/loadSupervisorView';
import { loadMeaning, warmMeaning } from './social/meaning/meaningEngine';
import { afterNextPaint } from './dom/afterNextPaint';
import './styles/theme.css';
import './styles/desk.css';
import './styles/settings.css';
import './styles/shortcuts.css';
import './styles/supervisor.css';
import './styles/supervisorQueue.css';

// The supervisor view plays no calls and raises no call alerts: the agent's desk, in its own window, does.
const supervisor = isSupervisorPage(window.location);
const desk = startDesk(readTandem(window), document, supervisor ? { media: null, notifications: null, early: earlyReads } : { early: earlyReads });
const container = document.getElementById('root');
// The desk renders once its inbox's first screenful is in (bounded: firstScreen.ts). The supervisor view has no
// inbox; it is a chunk of its own (with its chart library), loaded only on its page.
const page = supervisor ? loadSupervisorView() : firstScreenReady(earlyReads).then(() => undefined);
void page.then((Page) => {
  if (container === null) return;
  createRoot(container).render(
    <StrictMode>
      <App store={desk.store} i18n={desk.i18n} customerIo={desk.customerIo} {...(Page === undefined ? { holdUntilPainted: true } : { page: Page })} />
    </StrictMode>,
  );
  // The meaning engine once the desk has painted and the page is idle, so a ring's pop or the next mention
  // does not wait for its chunk (social/meaning/meaningEngine.ts). A failed fetch is asked for again by its user.
  if (Page === undefined)
    void afterNextPaint(window)
      .then(() => warmMeaning(loadMeaning, (work) => window.requestIdleCallback(work, { timeout: 2_000 }), desk.i18n.language))
      .catch(() => undefined);
});
