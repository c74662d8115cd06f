// Decision letters and complaints, under their application:
//   a letter as sent ............... pk APP#<id>, sk LETTER#<nnn> (its number in the case)
//   the complaint of a letter ...... pk APP#<id>, sk COMPLAINT#<nnn> (the letter's number: one each)
// and on the application item, `openComplaints`: how many complaints wait for the programme's
// answer (its status shows COMPLAINED meanwhile, `statusShown` in shared/domain/review.ts).

import type { Letter } from '../domain/letters.js';
import { keys } from './items.js';
import { getItem, putNew, queryPartition, tableName, type TransactItem } from './table.js';

export const LETTER_PREFIX = 'LETTER#';
export const COMPLAINT_PREFIX = 'COMPLAINT#';

const pad = (n: number) => String(n).padStart(3, '0');

export const letterKey = (applicationId: string, number: number) => ({
  pk: keys.application(applicationId).pk,
  sk: `${LETTER_PREFIX}${pad(number)}`,
});

export const complaintKey = (applicationId: string, letter: number) => ({
  pk: keys.application(applicationId).pk,
  sk: `${COMPLAINT_PREFIX}${pad(letter)}`,
});

export interface LetterItem {
  pk: string;
  sk: string;
  applicationId: string;
  letter: Letter;
}

export type ComplaintStatus = 'FILED' | 'GRANTED' | 'FORWARDED';

export interface ComplaintItem {
  pk: string;
  sk: string;
  applicationId: string;
  /** The letter complained of. */
  letter: number;
  text: string;
  filedAt: string;
  /** Who filed it: the holder of the letter's link, the municipality's contact. */
  by: string;
  status: ComplaintStatus;
  decidedAt?: string;
  decidedBy?: string;
  /** A granted reduction: the positions the grant has after it. */
  positionsApproved?: number;
  /** The lead's comment to the klageinstans, sent with a forwarded complaint. */
  comment?: string;
}

export async function listLetters(applicationId: string): Promise<LetterItem[]> {
  return queryPartition<LetterItem>(keys.application(applicationId).pk, LETTER_PREFIX);
}

export async function getLetter(
  applicationId: string,
  number: number,
): Promise<LetterItem | undefined> {
  return getItem<LetterItem>(letterKey(applicationId, number));
}

/** Writes a new letter under its number; false when that number is taken. */
export async function putNewLetter(applicationId: string, letter: Letter): Promise<boolean> {
  return putNew({
    ...letterKey(applicationId, letter.number),
    applicationId,
    letter,
  } as unknown as LetterItem & Record<string, unknown>);
}

export async function listComplaints(applicationId: string): Promise<ComplaintItem[]> {
  return queryPartition<ComplaintItem>(keys.application(applicationId).pk, COMPLAINT_PREFIX);
}

export async function getComplaint(
  applicationId: string,
  letter: number,
): Promise<ComplaintItem | undefined> {
  return getItem<ComplaintItem>(complaintKey(applicationId, letter));
}

/** The complaint of a letter, refused if that letter has one. */
export function fileComplaintPart(complaint: Omit<ComplaintItem, 'pk' | 'sk'>): TransactItem {
  return {
    Put: {
      TableName: tableName(),
      Item: { ...complaintKey(complaint.applicationId, complaint.letter), ...complaint },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** Decides a filed complaint, only while it is filed: a repeat is refused. */
export function decideComplaintPart(
  complaint: Pick<ComplaintItem, 'applicationId' | 'letter'>,
  to: Exclude<ComplaintStatus, 'FILED'>,
  by: string,
  now: Date,
  positionsApproved?: number,
  comment?: string,
): TransactItem {
  const set = [
    '#status = :to',
    'decidedAt = :at',
    'decidedBy = :by',
    ...(positionsApproved === undefined ? [] : ['positionsApproved = :positions']),
    ...(comment === undefined ? [] : ['#comment = :comment']),
  ];
  return {
    Update: {
      TableName: tableName(),
      Key: complaintKey(complaint.applicationId, complaint.letter),
      UpdateExpression: `SET ${set.join(', ')}`,
      ConditionExpression: '#status = :filed',
      ExpressionAttributeNames: {
        '#status': 'status',
        ...(comment !== undefined && { '#comment': 'comment' }),
      },
      ExpressionAttributeValues: {
        ':to': to,
        ':at': now.toISOString(),
        ':by': by,
        ':filed': 'FILED',
        ...(positionsApproved !== undefined && { ':positions': positionsApproved }),
        ...(comment !== undefined && { ':comment': comment }),
      },
    },
  };
}

/** One more (or, with -1, one fewer) complaint waiting for the programme's answer. */
export function countOpenComplaintPart(applicationId: string, by: 1 | -1): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: keys.application(applicationId),
      UpdateExpression: 'ADD openComplaints :by',
      ConditionExpression:
        by === 1 ? 'attribute_exists(pk)' : 'attribute_exists(pk) AND openComplaints >= :one',
      ExpressionAttributeValues: { ':by': by, ...(by === -1 && { ':one': 1 }) },
    },
  };
}

/**
 * A granted complaint of a rejection: the application goes back to review, from the round that
 * rejected it, with one complaint fewer open and a resume counted, whose execution the caller
 * starts (the "start" timer starts it should the caller die first, as `claimResume` does).
 */
export function reopenReviewPart(
  app: { applicationId: string; reviewRound: number; executionResumes?: number },
  now: Date,
  startTimer: { gsi1pk: string; gsi1sk: string },
): TransactItem {
  const previous = app.executionResumes;
  return {
    Update: {
      TableName: tableName(),
      Key: keys.application(app.applicationId),
      UpdateExpression:
        'SET #status = :inReview, updatedAt = :at, executionResumes = :resumes, timerStage = :start, gsi1pk = :gsi1pk, gsi1sk = :gsi1sk ADD openComplaints :minusOne',
      ConditionExpression: `#status = :rejected AND reviewRound = :round AND openComplaints >= :one AND ${
        previous === undefined
          ? 'attribute_not_exists(executionResumes)'
          : 'executionResumes = :seen'
      }`,
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':inReview': 'IN_REVIEW',
        ':rejected': 'REJECTED',
        ':at': now.toISOString(),
        ':resumes': (previous ?? 0) + 1,
        ':start': 'start',
        ':gsi1pk': startTimer.gsi1pk,
        ':gsi1sk': startTimer.gsi1sk,
        ':minusOne': -1,
        ':one': 1,
        ':round': app.reviewRound,
        ...(previous !== undefined && { ':seen': previous }),
      },
    },
  };
}

/** A granted reduction: the application's and the grant's positions, from what they were. */
export function raisePositionsParts(
  applicationId: string,
  from: number,
  to: number,
  now: Date,
): { application: TransactItem; grant: TransactItem } {
  return {
    application: {
      Update: {
        TableName: tableName(),
        Key: keys.application(applicationId),
        UpdateExpression:
          'SET positionsApproved = :to, updatedAt = :at ADD openComplaints :minusOne',
        ConditionExpression:
          'openComplaints >= :one AND (positionsApproved = :from OR attribute_not_exists(positionsApproved))',
        ExpressionAttributeValues: {
          ':to': to,
          ':from': from,
          ':at': now.toISOString(),
          ':minusOne': -1,
          ':one': 1,
        },
      },
    },
    grant: {
      Update: {
        TableName: tableName(),
        Key: keys.grant(applicationId),
        UpdateExpression: 'SET positions = :to',
        ConditionExpression: 'positions = :from AND #status = :active',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':to': to, ':from': from, ':active': 'ACTIVE' },
      },
    },
  };
}
