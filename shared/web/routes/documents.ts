// The case's documents behind the municipality's status link: the list (a page, or JSON), and
// each document as PDF. The status token authenticates as it does for the status page; reading
// changes nothing.

import type { RouteKey } from '../../http-routes.js';
import { publicUrls } from '../../public-urls.js';
import { documentPdf, statusDocuments } from '../../services/case-documents.js';
import { PROGRAMMES } from '../../domain/programmes.js';
import { binaryFile, html, json, param, wantsJson, type Route } from '../http.js';
import { caseDocumentsPage } from '../pages/index.js';

export const documentRoutes: Record<
  Extract<RouteKey, 'GET /status/{token}/documents' | 'GET /status/{token}/documents/{documentId}'>,
  Route
> = {
  'GET /status/{token}/documents': async (request) => {
    const token = param(request, 'token');
    const found = await statusDocuments(token);
    const listed = found.documents.map(({ id, kind, title, date }) => ({ id, kind, title, date }));
    if (wantsJson(request)) {
      return json(200, {
        documents: listed.map((d) => ({ ...d, url: publicUrls.statusDocument(token, d.id) })),
      });
    }
    return html(
      200,
      caseDocumentsPage({
        applicationId: found.applicationId,
        programmeName: PROGRAMMES[found.programme].name,
        municipalityName: found.municipalityName,
        statusUrl: `/status/${token}`,
        documents: listed.map((d) => ({ ...d, url: `/status/${token}/documents/${d.id}` })),
      }),
    );
  },

  'GET /status/{token}/documents/{documentId}': async (request) => {
    const { documents } = await statusDocuments(param(request, 'token'));
    const file = await documentPdf(documents, param(request, 'documentId'));
    return binaryFile(file.contentType, file.bytes, file.filename, 'inline');
  },
};
