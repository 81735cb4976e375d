import { getJSON } from './api.js';
import { h, mount } from './dom.js';
import { queuesPage } from './pages/queues-page.js';
import { workersPage } from './pages/workers-page.js';
import { workflowPage } from './pages/workflow-page.js';
import { workflowsPage } from './pages/workflows-page.js';
import type { DashboardMeta } from '../wire.js';

/** The page routes in the browser: the server answers index.html for each of these paths. */
async function start(): Promise<void> {
  const main = document.getElementById('main')!;
  let meta: DashboardMeta;
  try {
    meta = await getJSON<DashboardMeta>('/api/meta');
  } catch (error) {
    mount(main, h('p', { class: 'error' }, (error as Error).message));
    return;
  }
  document.getElementById('driver')!.textContent = `driver: ${meta.driver}`;
  const path = location.pathname;
  for (const link of document.querySelectorAll<HTMLAnchorElement>('nav a')) {
    const href = link.getAttribute('href')!;
    if (href === '/' ? path === '/' || path.startsWith('/workflows') : path.startsWith(href)) link.classList.add('current');
  }
  const workflow = /^\/workflows\/([^/]+)$/.exec(path);
  if (workflow) await workflowPage(main, decodeURIComponent(workflow[1]!), meta);
  else if (path === '/workers') await workersPage(main, meta);
  else if (path === '/queues') await queuesPage(main, meta);
  else await workflowsPage(main, meta);
  document.body.dataset.ready = 'true';
}

void start();
