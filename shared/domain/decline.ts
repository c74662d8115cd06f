// A municipality declines its grant, or one position of it, after approval and before any payment
// (POST /status/{token}/decline): what the body may say, and which positions may go. Pure;
// shared/services/decline.ts carries it out.
//
// A position may be declined while it waits for its doctor or runs, as long as none of its
// instalments has been sent to finance (NOTIFIED) or paid: after that the money may be on its way,
// and ending the position is the programme office's matter. Without `position`, the whole grant is
// declined: every position that may be.

import type { FieldError } from './application.js';
import type { Instalment, Position } from './grant.js';

export interface DeclineRequest {
  /** The position to decline; absent: every position that may be declined. */
  position?: number;
}

export type DeclineParse =
  | { ok: true; value: DeclineRequest }
  | { ok: false; errors: FieldError[] };

/** The highest position number a body may name (an application asks for at most 50). */
const MAX_POSITION = 99;

/**
 * Reads the body: `confirm: true` (the form's ticked box arrives as true) and optionally
 * `position`, a whole number (JSON) or its digits (a form). Every problem at once.
 */
export function parseDecline(input: unknown): DeclineParse {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return {
      ok: false,
      errors: [
        {
          path: '',
          code: 'invalid-type',
          message: 'Send et JSON-objekt med «confirm»: true for å takke nei til tilskuddet.',
        },
      ],
    };
  }
  const fields = input as Record<string, unknown>;
  const errors: FieldError[] = [];
  const confirm = fields.confirm;
  if (confirm === undefined || confirm === null || confirm === false) {
    errors.push({
      path: 'confirm',
      code: 'required',
      message: 'Kryss av for å bekrefte at kommunen takker nei. Det kan ikke angres.',
    });
  } else if (confirm !== true) {
    errors.push({
      path: 'confirm',
      code: 'invalid-type',
      message: 'Bekreftelsen må være true (eller avkrysset i skjemaet).',
    });
  }
  const raw = fields.position;
  let position: number | undefined;
  if (raw !== undefined && raw !== null && raw !== '') {
    const value =
      typeof raw === 'number'
        ? raw
        : typeof raw === 'string' && /^\s*\d{1,3}\s*$/.test(raw)
          ? Number(raw.trim())
          : undefined;
    if (value === undefined) {
      errors.push({
        path: 'position',
        code: 'invalid-type',
        message: 'Stillingen må være et helt tall, for eksempel 1. Utelat den for hele tilskuddet.',
      });
    } else if (!Number.isInteger(value) || value < 1 || value > MAX_POSITION) {
      errors.push({
        path: 'position',
        code: 'invalid',
        message: `Stillingen må være et helt tall fra 1 til ${MAX_POSITION}.`,
      });
    } else {
      position = value;
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: position === undefined ? {} : { position } };
}

/** Whether finance has been told of, or has paid, any year of the position. */
export function paymentStarted(
  position: number,
  instalments: readonly Pick<Instalment, 'position' | 'status'>[],
): boolean {
  return instalments.some(
    (i) => i.position === position && (i.status === 'NOTIFIED' || i.status === 'PAID'),
  );
}

/** A position that may be declined now: it waits or runs, and no year of it is under way to be paid. */
export function isDeclinable(
  position: Pick<Position, 'position' | 'status'>,
  instalments: readonly Pick<Instalment, 'position' | 'status'>[],
): boolean {
  return (
    (position.status === 'AWAITING_START' || position.status === 'ACTIVE') &&
    !paymentStarted(position.position, instalments)
  );
}

export type DeclinePlan =
  | { ok: true; positions: number[] }
  /** `status` 400: the body names a position the grant does not have; else 409. */
  | { ok: false; status: 400 | 409; error: FieldError };

/**
 * The positions a decline ends, or why none may: the one asked for, or (without one) every
 * position that may be declined. Refusals name the first reason that applies.
 */
export function planDecline(input: {
  request: DeclineRequest;
  positions: readonly Pick<Position, 'position' | 'status' | 'endReason'>[];
  instalments: readonly Pick<Instalment, 'position' | 'status'>[];
}): DeclinePlan {
  const { request, positions, instalments } = input;
  const refuse = (code: string, message: string, path = ''): DeclinePlan => ({
    ok: false,
    status: 409,
    error: { path, code, message },
  });
  if (request.position !== undefined) {
    const asked = positions.find((p) => p.position === request.position);
    if (!asked) {
      return {
        ok: false,
        status: 400,
        error: {
          path: 'position',
          code: 'unknown-position',
          message: `Tilskuddet har ingen stilling ${request.position}. Velg en av stillingene ${positions.map((p) => p.position).join(', ')}.`,
        },
      };
    }
    if (isDeclinable(asked, instalments)) return { ok: true, positions: [asked.position] };
    return refuse(...whyNot(asked, instalments), 'position');
  }
  const declinable = positions.filter((p) => isDeclinable(p, instalments));
  if (declinable.length > 0) return { ok: true, positions: declinable.map((p) => p.position) };
  // Nothing left to decline: the most telling reason, first the money under way.
  const running = positions.find((p) => p.status === 'AWAITING_START' || p.status === 'ACTIVE');
  if (running) return refuse(...whyNot(running, instalments));
  if (positions.some((p) => p.endReason === 'declined')) {
    return refuse('already-declined', 'Kommunen har allerede takket nei til tilskuddet.');
  }
  return refuse('grant-over', 'Tilskuddet er avsluttet, og det er ingenting å takke nei til.');
}

function whyNot(
  position: Pick<Position, 'position' | 'status' | 'endReason'>,
  instalments: readonly Pick<Instalment, 'position' | 'status'>[],
): [code: string, message: string] {
  const n = position.position;
  if (position.status === 'AWAITING_START' || position.status === 'ACTIVE') {
    if (paymentStarted(n, instalments)) {
      return [
        'payment-started',
        `Utbetalingen for stilling ${n} er allerede sendt til økonomi eller betalt, så kommunen kan ikke lenger takke nei til den her. Ta kontakt med prosjektleder i programmet.`,
      ];
    }
  }
  if (position.status === 'ENDED' && position.endReason === 'declined') {
    return ['already-declined', `Kommunen har allerede takket nei til stilling ${n}.`];
  }
  if (position.status === 'LAPSED') {
    return [
      'position-over',
      `Stilling ${n} er allerede falt bort, fordi oppstarten ikke ble meldt i tide.`,
    ];
  }
  if (position.status === 'COMPLETED') {
    return ['position-over', `Stilling ${n} er ferdig utbetalt.`];
  }
  return ['position-over', `Stilling ${n} er allerede avsluttet.`];
}
