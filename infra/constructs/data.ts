// The single DynamoDB table, built from the key schema the store adapter defines
// (shared/store/items.ts). The local stack creates the same table in DynamoDB Local from the
// synthesized template.

import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { TABLE_KEYS } from '../../shared/store/items.js';

export class Data extends Construct {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string) {
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
  }
}
