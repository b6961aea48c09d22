import { http, HttpResponse } from 'msw';
import { editCatalogueFixture, editorFixture, jobFixture, optionsFixture, songFixture } from './fixtures';

/** Happy-path API; tests override single routes with `server.use(...)`. */
export const handlers = [
  http.get('*/api/account', () => HttpResponse.json({ is_authenticated: false, email: null, email_verified: false })),
  http.get('*/api/options', () =>
    HttpResponse.json(optionsFixture, {
      headers: { 'Set-Cookie': 'csrftoken=test-csrf-token; Path=/' },
    }),
  ),
  http.post('*/api/songs/', () =>
    HttpResponse.json({ song: songFixture({ status: 'pending' }), job: jobFixture() }, { status: 202 }),
  ),
  http.get('*/api/jobs/:id', () => HttpResponse.json(jobFixture({ status: 'succeeded', progress: 100 }))),
  http.get('*/api/songs/:id/editor', () => HttpResponse.json(editorFixture())),
  http.get('*/api/effects', () => HttpResponse.json(editCatalogueFixture)),
  http.get('*/api/songs/:id', () => HttpResponse.json(songFixture())),
  // FakeAudioContext decodes N bytes as N seconds: these stems last 17 s.
  http.get('*/media/stems/*', () => new HttpResponse(new ArrayBuffer(17))),
];
