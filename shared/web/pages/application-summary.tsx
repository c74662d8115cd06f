// The whole application, section by section, for the people who judge it.

import type { Application } from '../../domain/application.js';
import { applicationSummary } from '../../presentation/summary.js';

export function ApplicationSummary({ application }: { application: Application }) {
  return (
    <>
      {applicationSummary(application).map((section) => (
        <section class="stack stack--tight">
          <h3 class="ds-heading" data-size="xs">
            {section.title}
          </h3>
          <dl class="summary-list">
            {section.rows.map((row) => (
              <>
                <dt>{row.label}</dt>
                <dd>{row.value}</dd>
              </>
            ))}
          </dl>
        </section>
      ))}
    </>
  );
}
