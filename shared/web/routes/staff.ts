// The programme office's pages. Sign-in is by e-mailed link; every other staff path needs the
// session cookie that sign-in sets, and shows only the staff member's own programmes, as far as
// their roles there allow (STAFF_ROUTE_AREAS; another programme's data is unknown, 404; a page the
// role does not open, 403). Every staff POST must come from this site's own pages, and every
// signed-in one carries the session's CSRF token.

import { findMunicipality } from '../../domain/identifiers.js';
import {
  PROGRAMMES,
  isProgrammeId,
  type Programme,
  type ProgrammeId,
  type Round,
} from '../../domain/programmes.js';
import {
  SESSION_HOURS,
  mayUse,
  programmesFor,
  type StaffArea,
  type StaffRole,
} from '../../domain/staff.js';
import { type AdminRound, createRound, editRound, roundsForAdmin } from '../../services/rounds.js';
import { loadProgramme, loadProgrammes } from '../../services/programme-settings.js';
import {
  ConflictError,
  CrossSiteRequestError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from '../../errors.js';
import { config } from '../../config.js';
import { sameSecret } from '../../links.js';
import type { RouteKey } from '../../http-routes.js';
import { statusShown } from '../../domain/review.js';
import { regionName } from '../../presentation/labels.js';
import { EXPORT_NAMES, exportFilename } from '../../presentation/staff-csv.js';
import { exportPage } from '../../services/exports.js';
import {
  applicationDetail,
  listApplications,
  loadProgrammeRecords,
  ownProgramme,
  parseApplicationFilter,
} from '../../services/programme-records.js';
import { actionTarget, actionsOffered, runStaffAction } from '../../services/staff-actions.js';
import { retentionOf } from '../../services/retention.js';
import { isConcluded } from '../../domain/concluded.js';
import { archivePackage, documentPdf, documentsOf } from '../../services/case-documents.js';
import { dashboardFigures, evaluationFigures } from '../../services/staff-figures.js';
import {
  currentSession,
  openSignInLink,
  requestSignIn,
  signIn,
  signOut,
  type StaffSession,
} from '../../services/staff-auth.js';
import {
  addStaff,
  removeStaff,
  staffChanges,
  staffRegister,
} from '../../services/staff-register.js';
import { type Body, bodyFields, hasBody, readBody } from '../body.js';
import { refuseRepeatedFields } from '../form/lists.js';
import { notFound } from '../error-answers.js';
import { statusGrantOf } from '../grant-view.js';
import {
  bodyKind,
  cookie,
  binaryFile,
  csvFile,
  found,
  header,
  html,
  json,
  param,
  queryOf,
  redirect,
  wantsJson,
  type Request,
  type Response,
  type Route,
} from '../http.js';
import {
  peopleFieldId,
  peopleSection,
  type RefusedRoundPost,
  staffAdminPage,
  staffApplicationPage,
  staffApplicationsPage,
  staffDashboardPage,
  staffEvaluationPage,
  staffLinkSentPage,
  staffLoginPage,
  staffSignInPage,
} from '../pages/index.js';

export type StaffRouteKey = Extract<RouteKey, `${string} /staff${string}`>;

/**
 * Who may use each staff route: before sign-in anyone ('public'); any signed-in staff member
 * ('signed-in'); or those whose role in the programme opens an area (shared/domain/staff.ts
 * AREA_ROLES). The exports name their area by file. The routes below check exactly this, and
 * test/unit/web/staff-roles.test.ts walks every route against every role.
 */
export const STAFF_ROUTE_AREAS: Record<
  StaffRouteKey,
  'public' | 'signed-in' | StaffArea | 'by-export-file'
> = {
  'GET /staff/login': 'public',
  'POST /staff/login': 'public',
  'GET /staff/signin/{token}': 'public',
  'POST /staff/signin/{token}': 'public',
  'POST /staff/logout': 'signed-in',
  'GET /staff': 'dashboard',
  'GET /staff/applications': 'applications',
  'GET /staff/applications/{id}': 'applications',
  'POST /staff/applications/{id}/actions': 'admin',
  'GET /staff/applications/{id}/documents/{documentId}': 'applications',
  'GET /staff/applications/{id}/archive': 'applications',
  'GET /staff/evaluation': 'evaluation',
  'GET /staff/exports/{programme}/{file}': 'by-export-file',
  'GET /staff/admin': 'admin',
  'POST /staff/admin/{programme}/staff': 'admin',
  'POST /staff/admin/{programme}/staff/remove': 'admin',
  'POST /staff/admin/{programme}/rounds': 'admin',
  'POST /staff/admin/{programme}/rounds/{roundId}': 'admin',
  'ANY /staff/{proxy+}': 'signed-in',
};

/** The session cookie: only sent to staff paths, never readable by script, never over plain HTTP. */
const SESSION_COOKIE = 'alis_staff';
const COOKIE_ATTRIBUTES = 'Path=/staff; HttpOnly; Secure; SameSite=Lax';
const LOGIN_PATH = '/staff/login';

export const staffRoutes: Record<StaffRouteKey, Route> = {
  'GET /staff/login': async () => html(200, staffLoginPage({ email: '' })),

  'POST /staff/login': async (request) => {
    refuseCrossSite(request);
    const body = readBody(request);
    const asJson = body.kind === 'json' || wantsJson(request);
    const { email } = bodyFields(body);
    const address = typeof email === 'string' ? email.trim() : '';
    // Only the shape is checked; whether the address is staff never shows in the answer.
    if (!/^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,63}$/.test(address)) {
      const message = 'Skriv e-postadressen din, for eksempel navn@kommune.no.';
      return asJson
        ? json(400, { errors: [{ path: 'email', code: 'invalid', message }] })
        : html(400, staffLoginPage({ email: address, error: message }));
    }
    await requestSignIn(address);
    return asJson
      ? json(202, { message: 'Hvis adressen hører til prosjektet, er en lenke sendt.' })
      : html(200, staffLinkSentPage());
  },

  'GET /staff/signin/{token}': async (request) => {
    const token = param(request, 'token');
    await openSignInLink(token);
    return html(200, staffSignInPage({ action: `/staff/signin/${token}` }));
  },

  'POST /staff/signin/{token}': async (request) => {
    refuseCrossSite(request);
    const { sessionId } = await signIn(param(request, 'token'));
    return redirect('/staff', [
      `${SESSION_COOKIE}=${sessionId}; ${COOKIE_ATTRIBUTES}; Max-Age=${SESSION_HOURS * 3600}`,
    ]);
  },

  'POST /staff/logout': withStaffPost(async (request) => {
    await signOut(cookie(request, SESSION_COOKIE) ?? '');
    return redirect(LOGIN_PATH, [`${SESSION_COOKIE}=; ${COOKIE_ATTRIBUTES}; Max-Age=0`]);
  }),

  'GET /staff': withSession(async (request, session) => {
    const now = new Date();
    const programmes = allowedProgrammes(session, 'dashboard');
    const [records, running] = await Promise.all([
      Promise.all(programmes.map(loadProgrammeRecords)),
      loadProgrammes(programmes),
    ]);
    const figures = records.map((r, i) => dashboardFigures(r, now, running[i]));
    if (wantsJson(request)) {
      // The session's own token and roles, so that a script can post as its pages do.
      return json(200, {
        programmes: figures,
        csrfToken: session.csrfToken,
        roles: session.roles,
      });
    }
    return html(
      200,
      staffDashboardPage({
        email: session.email,
        csrfToken: session.csrfToken,
        roles: session.roles,
        programmes: figures,
      }),
    );
  }),

  'GET /staff/evaluation': withSession(async (request, session) => {
    const records = await Promise.all(
      allowedProgrammes(session, 'evaluation').map(loadProgrammeRecords),
    );
    const figures = records.map((r) => evaluationFigures(r));
    if (wantsJson(request)) return json(200, { programmes: figures });
    return html(
      200,
      staffEvaluationPage({
        email: session.email,
        csrfToken: session.csrfToken,
        roles: session.roles,
        programmes: figures,
      }),
    );
  }),

  'GET /staff/applications': withSession(async (request, session) => {
    const query = queryOf(request);
    const requested = query.get('programme') || allowedProgrammes(session, 'applications')[0]!;
    const programmeId = programmeFor(session, requested, 'applications');
    const values = {
      round: query.get('round') ?? '',
      status: query.get('status') ?? '',
      county: query.get('county') ?? '',
      model: query.get('model') ?? '',
    };
    const frame = {
      email: session.email,
      csrfToken: session.csrfToken,
      roles: session.roles,
      programmes: programmesFor(session.roles, 'applications').map((id) => PROGRAMMES[id]),
      // As it runs: the round filter offers the rounds the lead has opened.
      programme: await loadProgramme(programmeId),
      values,
    };
    let page: ApplicationsPage;
    try {
      refuseRepeatedFields(query);
      const filter = parseApplicationFilter(programmeId, values, frame.programme);
      page = await listApplications(programmeId, filter, query.get('after') ?? undefined);
    } catch (error) {
      if (!(error instanceof ValidationError) || wantsJson(request)) throw error;
      return html(400, staffApplicationsPage({ ...frame, errors: error.errors, rows: [] }));
    }
    const rows = page.rows.map((row) => listRow(row, frame.programme));
    const nextQuery =
      page.next &&
      new URLSearchParams({
        programme: programmeId,
        ...Object.fromEntries(Object.entries(values).filter(([, v]) => v !== '')),
        after: page.next,
      }).toString();
    if (wantsJson(request)) {
      return json(200, {
        programme: programmeId,
        applications: rows,
        ...(page.next && { next: page.next }),
      });
    }
    return html(
      200,
      staffApplicationsPage({
        ...frame,
        errors: [],
        rows,
        ...(nextQuery && { nextQuery }),
      }),
    );
  }),

  'GET /staff/applications/{id}': withSession(async (request, session) => {
    const records = await applicationDetail(param(request, 'id'), session.programmes);
    const { application: app } = records;
    if (!mayUse(session.roles, app.programme, 'applications')) throw forbidden();
    const decisions = records.reviewRounds.flatMap((round) =>
      round.decision
        ? [
            {
              round: round.round,
              decision: round.decision.decision,
              by: round.decision.by,
              at: round.decision.at,
              comment: round.decision.comment,
              ...(round.decision.yearlyAmount !== undefined && {
                yearlyAmount: round.decision.yearlyAmount,
              }),
            },
          ]
        : [],
    );
    const changeRequests = records.changeRequests.map((c) => ({
      round: c.round,
      requestedAt: c.requestedAt,
      deadline: c.deadline,
      comment: c.comment,
      status: c.status,
    }));
    const history = records.events.map((e) => ({
      at: e.at,
      type: e.type,
      by: e.by,
      ...(e.comment && { comment: e.comment }),
    }));
    const retention = records.retention && retentionOf(records.retention);
    const grant = statusGrantOf(
      records.grant && {
        grant: records.grant,
        positions: records.positions,
        instalments: records.instalments,
      },
    );
    const path = `/staff/applications/${app.applicationId}`;
    const documents = (await documentsOf(records)).map(({ id, kind, title, date }) => ({
      id,
      kind,
      title,
      date,
      url: `${path}/documents/${id}`,
    }));
    if (wantsJson(request)) {
      return json(200, {
        applicationId: app.applicationId,
        programme: app.programme,
        status: statusShown(app),
        application: app.application,
        decisions,
        changeRequests,
        history,
        documents,
        ...(grant && { grant }),
        ...(records.contactUndeliverable && {
          contactUndeliverable: records.contactUndeliverable,
        }),
        ...(retention && { retention }),
      });
    }
    return html(
      200,
      staffApplicationPage({
        email: session.email,
        csrfToken: session.csrfToken,
        roles: session.roles,
        programme: PROGRAMMES[app.programme],
        applicationId: app.applicationId,
        status: statusShown(app),
        submittedAt: app.submittedAt,
        version: app.version,
        application: app.application,
        decisions,
        changeRequests,
        history,
        ...(grant && { grant }),
        ...(records.contactUndeliverable && {
          contactUndeliverable: records.contactUndeliverable,
        }),
        ...(mayUse(session.roles, app.programme, 'admin') && {
          actions: actionsOffered(app, records),
        }),
        ...(retention && { retention }),
        documents: {
          documents,
          ...(isConcluded(app.status, records.positions) && { archiveUrl: `${path}/archive` }),
        },
      }),
    );
  }),

  'GET /staff/applications/{id}/documents/{documentId}': withSession(async (request, session) => {
    const records = await applicationDetail(param(request, 'id'), session.programmes);
    if (!mayUse(session.roles, records.application.programme, 'applications')) throw forbidden();
    const file = await documentPdf(await documentsOf(records), param(request, 'documentId'));
    return binaryFile(file.contentType, file.bytes, file.filename, 'inline');
  }),

  // A concluded case only (409 otherwise): the package is the record that remains of it.
  'GET /staff/applications/{id}/archive': withSession(async (request, session) => {
    const records = await applicationDetail(param(request, 'id'), session.programmes);
    if (!mayUse(session.roles, records.application.programme, 'applications')) throw forbidden();
    const file = await archivePackage(records);
    return binaryFile(file.contentType, file.bytes, file.filename, 'attachment');
  }),

  'POST /staff/applications/{id}/actions': withStaffPost(async (request, session) => {
    const app = await actionTarget(param(request, 'id'), session.programmes);
    if (!mayUse(session.roles, app.programme, 'admin')) throw forbidden();
    const body = readBody(request);
    const asJson = body.kind === 'json' || wantsJson(request);
    if (body.kind === 'form') refuseRepeatedFields(body.form);
    const input = body.kind === 'json' ? body.value : bodyFields(body);
    const result = await runStaffAction(app, session.email, input);
    if (!asJson) return redirect(`/staff/applications/${app.applicationId}#handlinger-tittel`);
    return json(200, result);
  }),

  'GET /staff/exports/{programme}/{file}': withSession(async (request, session) => {
    const programme = ownProgramme(param(request, 'programme'), session.programmes);
    const name = EXPORT_NAMES.find((n) => `${n}.csv` === param(request, 'file'));
    if (!name) return notFound(request);
    if (!mayUse(session.roles, programme, `export:${name}`)) throw forbidden();
    const after = queryOf(request).get('after') ?? undefined;
    const page = await exportPage(programme, name, after);
    const next =
      page.next &&
      `</staff/exports/${programme}/${name}.csv?after=${encodeURIComponent(page.next)}>; rel="next"`;
    return csvFile(page.csv, exportFilename(programme, name), next ? { link: next } : {});
  }),

  'GET /staff/admin': withSession(async (request, session) => {
    const programmes = allowedProgrammes(session, 'admin');
    if (wantsJson(request)) {
      const rounds = await Promise.all(programmes.map((id) => roundsForAdmin(id)));
      return json(200, {
        csrfToken: session.csrfToken,
        programmes: programmes.map((programme, i) => ({
          programme,
          rounds: rounds[i]!.map(roundJson),
        })),
      });
    }
    return html(200, await adminPage(session));
  }),

  'POST /staff/admin/{programme}/staff': withStaffPost(async (request, session) =>
    changeStaff(request, session, 'add'),
  ),

  'POST /staff/admin/{programme}/staff/remove': withStaffPost(async (request, session) =>
    changeStaff(request, session, 'remove'),
  ),

  'POST /staff/admin/{programme}/rounds': withStaffPost(async (request, session) => {
    const programme = adminProgramme(request, session);
    const body = readBody(request);
    const asJson = body.kind === 'json' || wantsJson(request);
    try {
      const { roundId, created } = await createRound(programme, adminFields(body), session.email);
      return asJson
        ? json(created ? 201 : 200, { roundId })
        : redirect(`/staff/admin#runder-${programme}`);
    } catch (error) {
      return refusedAdminForm(session, body, asJson, error, { programme });
    }
  }),

  'POST /staff/admin/{programme}/rounds/{roundId}': withStaffPost(async (request, session) => {
    const programme = adminProgramme(request, session);
    const roundId = param(request, 'roundId');
    const body = readBody(request);
    const asJson = body.kind === 'json' || wantsJson(request);
    try {
      const { round, changed } = await editRound(
        programme,
        roundId,
        adminFields(body),
        session.email,
      );
      return asJson
        ? json(200, { roundId, changed, round: roundJson(round) })
        : redirect(`/staff/admin#runder-${programme}`);
    } catch (error) {
      return refusedAdminForm(session, body, asJson, error, { programme, roundId });
    }
  }),

  'ANY /staff/{proxy+}': withSession(async (request) => notFound(request)),
};

function forbidden(): ForbiddenError {
  return new ForbiddenError('The role does not open this');
}

/**
 * The programmes in which the session may use an area: refused (403) when there is none, since a
 * session always holds some role somewhere (staff-auth.ts ends it otherwise).
 */
function allowedProgrammes(session: StaffSession, area: StaffArea): ProgrammeId[] {
  const programmes = programmesFor(session.roles, area);
  if (programmes.length === 0) throw forbidden();
  return programmes;
}

/** A programme named in a request: unknown (404) unless the session has a role there, else 403 without the area's. */
function programmeFor(session: StaffSession, requested: string, area: StaffArea): ProgrammeId {
  const programme = ownProgramme(requested, session.programmes);
  if (!mayUse(session.roles, programme, area)) throw forbidden();
  return programme;
}

/** The programme a lead's post names: 404 unless the session has a role there, 403 unless lead. */
function adminProgramme(request: Request, session: StaffSession): ProgrammeId {
  const requested = param(request, 'programme');
  if (!isProgrammeId(requested)) throw new NotFoundError('Unknown programme');
  return programmeFor(session, requested, 'admin');
}

/** A lead's post as fields; a JSON body must be an object of them. */
function adminFields(body: Body): Record<string, unknown> {
  if (
    body.kind === 'json' &&
    (typeof body.value !== 'object' || body.value === null || Array.isArray(body.value))
  ) {
    throw new ValidationError([
      { path: '', code: 'not-an-object', message: 'Send feltene som et JSON-objekt.' },
    ]);
  }
  return bodyFields(body);
}

/** A round as staff JSON shows it: its terms, its window, what is approved and its changes. */
function roundJson(round: Round & Partial<Pick<AdminRound, 'approvedPositions' | 'history'>>) {
  return {
    roundId: round.id,
    name: round.name,
    opensOn: round.opensOn,
    closesOn: round.closesOn,
    opensAt: round.opensAt,
    closesAt: round.closesAt,
    ...(round.closedEarlyAt && { closedEarlyAt: round.closedEarlyAt }),
    positions: round.positions,
    counties: round.counties,
    maxYearlyAmount: round.maxYearlyAmount,
    municipalShare: round.municipalShare,
    maxPositionsPerMunicipality: round.maxPositionsPerMunicipality,
    ...(round.approvedPositions !== undefined && { approvedPositions: round.approvedPositions }),
    ...(round.history && { history: round.history }),
  };
}

async function adminPage(
  session: StaffSession,
  refused?: {
    people?: {
      programme: ProgrammeId;
      values: { email: string; role: string };
      errors: Partial<Record<'email' | 'role', string>>;
    };
    rounds?: RefusedRoundPost;
  },
): Promise<string> {
  const programmes = programmesFor(session.roles, 'admin');
  const people = refused?.people;
  const [parts, running, rounds] = await Promise.all([
    Promise.all(
      programmes.map(async (programme) => {
        const [register, changes] = await Promise.all([
          staffRegister(programme),
          staffChanges(programme),
        ]);
        const own = people?.programme === programme ? people : undefined;
        return {
          programme,
          sections: [
            peopleSection({
              programme,
              csrfToken: session.csrfToken,
              members: register.members,
              changes: changes.slice(0, 10).map((c) => ({
                at: c.at,
                by: c.by,
                email: (c.new as { email: string }).email,
                before: (c.old as { roles: StaffRole[] }).roles,
                after: (c.new as { roles: StaffRole[] }).roles,
              })),
              ...(own && { values: own.values, errors: own.errors }),
            }),
          ],
        };
      }),
    ),
    loadProgrammes(programmes),
    Promise.all(programmes.map((id) => roundsForAdmin(id))),
  ]);
  const errors = people
    ? (['email', 'role'] as const).flatMap((field) => {
        const message = people.errors[field];
        return message ? [{ message, href: `#${peopleFieldId(people.programme, field)}` }] : [];
      })
    : [];
  return staffAdminPage({
    email: session.email,
    csrfToken: session.csrfToken,
    roles: session.roles,
    programmes: parts,
    errors,
    rounds: {
      csrfToken: session.csrfToken,
      now: new Date().toISOString(),
      programmes: running.map((programme, i) => ({ programme, rounds: rounds[i]! })),
      ...(refused?.rounds && { refused: refused.rounds }),
    },
  });
}

/** A lead gives or takes a role: JSON 201/200 with the person's roles now, a form 303 back to the page. */
async function changeStaff(
  request: Request,
  session: StaffSession,
  action: 'add' | 'remove',
): Promise<Response> {
  const programme = adminProgramme(request, session);
  const body = readBody(request);
  const asJson = body.kind === 'json' || wantsJson(request);
  const fields = bodyFields(body);
  let result: Awaited<ReturnType<typeof addStaff>>;
  try {
    result =
      action === 'add'
        ? await addStaff(programme, fields, session.email)
        : await removeStaff(programme, fields, session.email);
  } catch (error) {
    if (!(error instanceof ValidationError) || asJson) throw error;
    const text = (value: unknown) => (typeof value === 'string' ? value : '');
    const errors: Partial<Record<'email' | 'role', string>> = {};
    for (const e of error.errors) {
      if (e.path === 'email' || e.path === 'role') errors[e.path] = e.message;
    }
    return html(
      400,
      await adminPage(session, {
        people: {
          programme,
          values: { email: text(fields.email), role: text(fields.role) },
          errors,
        },
      }),
    );
  }
  if (!asJson) return redirect(`/staff/admin#${programme}-personer-tittel`);
  return json(action === 'add' ? 201 : 200, {
    programme,
    email: result.email,
    roles: result.roles,
    changed: result.changed,
  });
}

/**
 * A POST of a signed-in staff member: from this site (refuseCrossSite), with the session's CSRF
 * token as the form field `csrf` or the header `X-CSRF-Token` (compared in constant time).
 */
function withStaffPost(
  route: (request: Request, session: StaffSession) => Promise<Response>,
): Route {
  return withSession(async (request, session) => {
    refuseCrossSite(request);
    const fromHeader = header(request, 'x-csrf-token');
    const { csrf } =
      fromHeader === undefined ? bodyFields(readBody(request)) : { csrf: fromHeader };
    if (typeof csrf !== 'string' || !sameSecret(csrf, session.csrfToken)) {
      throw new CrossSiteRequestError('Missing or wrong CSRF token');
    }
    return route(request, session);
  });
}

/** A refused round post from the page: the page again, the form with its messages and values. */
async function refusedAdminForm(
  session: StaffSession,
  body: Body,
  asJson: boolean,
  error: unknown,
  form: { programme: ProgrammeId; roundId?: string },
): Promise<Response> {
  if (asJson || body.kind !== 'form') throw error;
  if (!(error instanceof ValidationError || error instanceof ConflictError)) throw error;
  const values: Record<string, string | string[]> = {};
  for (const name of new Set(body.form.keys())) {
    if (name !== 'csrf')
      values[name] = name === 'counties' ? body.form.getAll(name) : (body.form.get(name) ?? '');
  }
  const status = error instanceof ConflictError ? 409 : 400;
  return html(
    status,
    await adminPage(session, { rounds: { ...form, values, errors: error.errors } }),
  );
}

/**
 * A route for signed-in staff only. Without an open session a page is sent to sign in first (302);
 * a script or a file download gets 401, which it can act on.
 */
function withSession(route: (request: Request, session: StaffSession) => Promise<Response>): Route {
  return async (request) => {
    const sessionId = cookie(request, SESSION_COOKIE);
    const session = sessionId ? await currentSession(sessionId) : undefined;
    if (!session) return refused(request);
    return route(request, session);
  };
}

function refused(request: Request): Response {
  const script = wantsJson(request) || (hasBody(request) && bodyKind(request) === 'json');
  if (script || (request.rawPath ?? '').endsWith('.csv')) {
    return json(
      401,
      { errors: [{ path: '', code: 'unauthorized', message: 'Logg inn for å se denne siden.' }] },
      { 'www-authenticate': 'Cookie' },
    );
  }
  return found(LOGIN_PATH);
}

/**
 * Refuses a POST that a browser says came from another site. Browsers send Sec-Fetch-Site; where
 * it is missing, a foreign Origin refuses. Origin alone cannot decide: these pages send no
 * Referer (layout.tsx), so a browser sends `Origin: null` even for this site's own forms. The
 * session cookie is SameSite=Lax and sign-out carries its token as well; this also covers the
 * sign-in forms, which no session protects.
 */
function refuseCrossSite(request: Request): void {
  const site = header(request, 'sec-fetch-site');
  if (site !== undefined) {
    if (site !== 'same-origin' && site !== 'none') {
      throw new CrossSiteRequestError(`Sec-Fetch-Site: ${site}`);
    }
    return;
  }
  const origin = header(request, 'origin');
  if (
    origin !== undefined &&
    origin !== 'null' &&
    origin !== new URL(config().publicBaseUrl).origin
  ) {
    throw new CrossSiteRequestError('Foreign Origin');
  }
}

type ApplicationsPage = Awaited<ReturnType<typeof listApplications>>;

function listRow(app: ApplicationsPage['rows'][number], programme: Programme) {
  return {
    applicationId: app.applicationId,
    municipalityName: app.application.municipality.name,
    county: findMunicipality(app.municipalityNumber)?.county ?? '',
    healthTrust: regionName(programme, app.application.municipality.region),
    employmentModel: app.application.employmentModel,
    positions: app.application.positionsRequested,
    status: statusShown(app),
    roundName: programme.rounds.find((r) => r.id === app.roundId)?.name ?? app.roundId,
    submittedAt: app.submittedAt,
  };
}
