// Every page, for the router.

export { applicationFormPage, type ApplicationFormPageProps } from './application-form.js';
export { calculatorPage, type CalculatorPageProps } from './calculator.js';
export { decisionPage, type DecisionPageProps, type DecisionValues } from './decision.js';
export { landingPage, type LandingPageProps } from './landing.js';
export { messagePage, type MessagePageProps } from './message.js';
export { receiptPage, type ReceiptPageProps } from './receipt.js';
export {
  alreadyDecidedPage,
  amendmentReceivedPage,
  approvalRefusedPage,
  decisionRecordedPage,
} from './results.js';
export {
  caseDocumentsPage,
  StaffDocumentsSection,
  type CaseDocumentsPageProps,
  type DocumentLink,
} from './documents.js';
export {
  declinedPage,
  statusPage,
  withdrawnPage,
  type StatusGrant,
  type StatusPageProps,
} from './status.js';
export {
  confirmationPage,
  confirmationRecordedPage,
  type ConfirmationPageProps,
} from './confirmation.js';
export { paymentPage, paymentRecordedPage, type PaymentPageProps } from './payment.js';
export { staffDashboardPage, type StaffDashboardPageProps } from './staff-dashboard.js';
export {
  adminRoundsPath,
  type AdminRoundsProgramme,
  type RefusedRoundPost,
} from './staff-admin-rounds.js';
export { staffEvaluationPage, type StaffEvaluationPageProps } from './staff-evaluation.js';
export {
  FigureTable,
  renderStaffPage,
  StaffLayout,
  type StaffLayoutProps,
  type StaffPageId,
} from './staff-layout.js';
export {
  staffApplicationPage,
  staffApplicationsPage,
  type ApplicationListRow,
  type StaffApplicationPageProps,
  type StaffApplicationsPageProps,
} from './staff-applications.js';
export { staffLinkSentPage, staffLoginPage, staffSignInPage } from './staff-signin.js';
export {
  staffAdminPage,
  type AdminProgramme,
  type AdminSection,
  type StaffAdminPageProps,
} from './staff-admin.js';
export {
  peopleFieldId,
  peopleSection,
  type PeopleSectionProps,
  type StaffChangeView,
} from './staff-admin-people.js';
export { contactConfirmedPage, verifyPage, type VerifyPageProps } from './verify.js';
export {
  FIND_ANSWER,
  FIND_PATH,
  draftProgrammePage,
  draftSavedPage,
  findAnsweredPage,
  findPage,
} from './drafts.js';
export { positionStartPage, positionStartedPage } from './position-start.js';
