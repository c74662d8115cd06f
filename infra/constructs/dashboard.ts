// One CloudWatch dashboard per stage: the state of every alarm first, then the figures, a graph per
// section. Whoever adds figures (the application's own metrics, say) adds a section; an alarm
// added to Alarms later appears in the list too, which is read when the template is written.

import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';

export interface DashboardSection {
  /** The graph's title, as the programme office reads it (bokmål). */
  title: string;
  metrics: cloudwatch.IMetric[];
}

export interface DashboardProps {
  /** The dashboard's name; it carries the stage. */
  name: string;
  /** The alarms to show, e.g. Alarms' `alarms` (the list itself, so later additions show too). */
  alarms: { readonly alarms: cloudwatch.IAlarm[] };
  sections?: DashboardSection[];
}

export class Dashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: DashboardProps) {
    super(scope, id);
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: props.name,
      defaultInterval: Duration.days(7),
    });
    this.dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({
        title: 'Varsler',
        alarms: props.alarms.alarms,
        sortBy: cloudwatch.AlarmStatusWidgetSortBy.STATE_UPDATED_TIMESTAMP,
        width: 24,
        height: 8,
      }),
    );
    for (const section of props.sections ?? []) this.addSection(section);
  }

  /** A graph of the section's metrics, the width of the dashboard. */
  addSection(section: DashboardSection): void {
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: section.title,
        left: section.metrics,
        width: 24,
        height: 6,
      }),
    );
  }
}
