// The single DynamoDB table, built from the key schema the store adapter defines
// (shared/store/items.ts), and its backups. The local stack creates the same table in DynamoDB
// Local from the synthesized template (and ignores the backups).
//
// Grants run five years and their records are kept for years after, longer than point-in-time
// recovery reaches (35 days): AWS Backup keeps a daily backup for 35 days and a monthly one for
// the grant period plus the retention period of the stage's configuration.

import { Duration, RemovalPolicy, TimeZone, Validations } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';
import { OSLO_TIME_ZONE } from '../../shared/domain/calendar.js';
import { TABLE_KEYS } from '../../shared/store/items.js';
import { GRANT_PERIOD_YEARS } from '../config.js';

/** Days a daily backup is kept. */
export const DAILY_BACKUP_DAYS = 35;

/** Days a monthly backup is kept: the grant period plus `retentionYears`, in whole days. */
export function monthlyBackupDays(retentionYears: number): number {
  return Math.ceil((GRANT_PERIOD_YEARS + retentionYears) * 365.25);
}

export interface DataProps {
  /** The stage: the backup vault and plan carry it in their names. */
  stage: string;
  /** Years the monthly backups are kept after the grant period. */
  retentionYears: number;
}

export class Data extends Construct {
  readonly table: dynamodb.Table;
  readonly backupVault: backup.BackupVault;
  readonly backupPlan: backup.BackupPlan;

  constructor(scope: Construct, id: string, props: DataProps) {
    super(scope, id);

    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: TABLE_KEYS.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // Applications, decisions and five-year grant plans are records the programmes must keep:
      // neither a stack deletion nor a careless replacement may take the data with it.
      removalPolicy: RemovalPolicy.RETAIN,
      deletionProtection: true,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: TABLE_KEYS.ttlAttribute,
    });

    // Keyed by due date so the daily run queries what is due instead of scanning the table.
    this.table.addGlobalSecondaryIndex({
      indexName: TABLE_KEYS.dueIndexName,
      partitionKey: { name: TABLE_KEYS.dueIndexPartitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.dueIndexSortKey, type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.ALL,
    });

    // A programme's records of one kind (applications, review rounds, grants, instalments,
    // confirmations), for the staff pages and exports: a query per programme and kind, never a Scan.
    this.table.addGlobalSecondaryIndex({
      indexName: TABLE_KEYS.programmeIndexName,
      partitionKey: {
        name: TABLE_KEYS.programmeIndexPartitionKey,
        type: dynamodb.AttributeType.STRING,
      },
      sortKey: { name: TABLE_KEYS.programmeIndexSortKey, type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.ALL,
    });

    // Retained like the table: deleting the stack must not delete the backups it exists for.
    this.backupVault = new backup.BackupVault(this, 'BackupVault', {
      backupVaultName: `AlisGrants-${props.stage}`,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.backupPlan = new backup.BackupPlan(this, 'BackupPlan', {
      backupPlanName: `AlisGrants-${props.stage}`,
      backupVault: this.backupVault,
      backupPlanRules: [
        new backup.BackupPlanRule({
          ruleName: 'Daily',
          // At night, Oslo time, after the day's work and before the daily run at 06:00.
          scheduleExpression: events.Schedule.cron({ hour: '2', minute: '0' }),
          scheduleExpressionTimezone: TimeZone.of(OSLO_TIME_ZONE),
          startWindow: Duration.hours(1),
          completionWindow: Duration.hours(3),
          deleteAfter: Duration.days(DAILY_BACKUP_DAYS),
        }),
        new backup.BackupPlanRule({
          ruleName: 'Monthly',
          scheduleExpression: events.Schedule.cron({ day: '1', hour: '3', minute: '0' }),
          scheduleExpressionTimezone: TimeZone.of(OSLO_TIME_ZONE),
          startWindow: Duration.hours(1),
          completionWindow: Duration.hours(3),
          deleteAfter: Duration.days(monthlyBackupDays(props.retentionYears)),
        }),
      ],
    });
    const selection = this.backupPlan.addSelection('Table', {
      resources: [backup.BackupResource.fromDynamoDbTable(this.table)],
    });
    Validations.of(selection).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      reason:
        "AWS Backup's own service-role policy for taking backups, which AWS keeps current with the services Backup supports; the selection names only this table.",
    });
  }
}
