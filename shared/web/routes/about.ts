// The pages about the service itself, for anyone: the privacy notice and the accessibility
// statement, linked from every page's footer. They only read (the programmes as they run).

import type { RouteKey } from '../../http-routes.js';
import { loadProgrammes } from '../../services/programme-settings.js';
import { html, type Route } from '../http.js';
import { accessibilityStatementPage } from '../pages/accessibility-statement.js';
import { privacyPage } from '../pages/privacy.js';

type AboutRouteKey = Extract<RouteKey, 'GET /personvern' | 'GET /tilgjengelighet'>;

export const aboutRoutes: Record<AboutRouteKey, Route> = {
  'GET /personvern': async () => {
    const programmes = await loadProgrammes();
    return html(
      200,
      privacyPage({
        programmes: programmes.map((p) => ({ id: p.id, name: p.name, privacy: p.privacy })),
      }),
    );
  },

  'GET /tilgjengelighet': async () => {
    const programmes = await loadProgrammes();
    return html(
      200,
      accessibilityStatementPage({
        programmes: programmes.map((p) => ({
          id: p.id,
          name: p.name,
          owner: p.owner,
          contactEmail: p.people.lead,
        })),
      }),
    );
  },
};
