// The public URLs of the pages that links lead to. Services deal in tokens and ids; this is the one
// place that knows the paths and the public base they hang from.

import { config } from './config.js';

const url = (path: string) => `${config().publicBaseUrl}${path}`;

export const publicUrls = {
  /** The status page of an application; the token is `<applicationId>.<secret>`. */
  status: (statusToken: string) => url(`/status/${statusToken}`),
  /** A decision letter as a page of its own, behind the status link. */
  letter: (statusToken: string, letterId: string) =>
    url(`/status/${statusToken}/letters/${letterId}`),
  /** A decision letter's complaint form. */
  complaint: (linkToken: string) => url(`/complaints/${linkToken}`),
  /** One of the case's documents as PDF, through the status link. */
  statusDocument: (statusToken: string, documentId: string) =>
    url(`/status/${statusToken}/documents/${documentId}`),
  /** The receipt page shown after a form submission, by the same token as the status page. */
  receipt: (statusToken: string) => url(`/receipt/${statusToken}`),
  /** A reviewer's decision link. */
  decision: (linkToken: string) => url(`/decisions/${linkToken}`),
  /** The municipality's link to amend its application. */
  amend: (linkToken: string) => url(`/amend/${linkToken}`),
  /** The municipality's link to confirm a grant year. */
  confirmation: (linkToken: string) => url(`/confirmations/${linkToken}`),
  positionStart: (linkToken: string) => url(`/positions/${linkToken}`),
  /** Finance's link to record the payment of a notification. */
  payment: (linkToken: string) => url(`/payments/${linkToken}`),
  /** The contact's link to confirm the address, from the receipt. */
  verify: (linkToken: string) => url(`/verify/${linkToken}`),
  /** A municipality's link to its saved draft. */
  draft: (linkToken: string) => url(`/drafts/${linkToken}`),
  /** Where anyone may ask for the links to an application or a draft again. */
  find: () => url('/find'),
  /** A staff member's sign-in link. */
  staffSignIn: (linkToken: string) => url(`/staff/signin/${linkToken}`),
  /** An application's page for staff (behind the staff sign-in). */
  staffApplication: (applicationId: string) => url(`/staff/applications/${applicationId}`),
} as const;
