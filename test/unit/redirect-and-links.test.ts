/** The web app's guards on addresses taken from the URL: where to go after sign-in, and a citation's document id. */
import assert from 'node:assert/strict';
import { safeDestination } from '../../webapp/src/auth/redirect.js';
import { isDocumentId } from '../../webapp/src/documents/documentId.js';

describe('web app: sign-in destinations and document links', () => {
  it('keeps same-app paths after sign-in', () => {
    for (const path of ['/', '/projects/7?tab=files#top', '/d/0b5e7f4c-2f1a-4c1e-9a57-3c2d1e0f9a8b?page=2', '/templates?q=//x']) assert.equal(safeDestination(path), path);
  });

  it('sends anything that leaves the app, or loops back to sign-in, home instead', () => {
    for (const path of [undefined, '', 'https://evil.example', 'evil.example', '//evil.example', '/\\evil.example', '/\\/evil.example', '/\t/evil.example', '/\n/evil.example', '/login', '/signup?x=1']) {
      assert.equal(safeDestination(path), '/', JSON.stringify(path));
    }
  });

  it('accepts only UUIDs as the document of a /d/ link', () => {
    assert.equal(isDocumentId('0b5e7f4c-2f1a-4c1e-9a57-3c2d1e0f9a8b'), true);
    assert.equal(isDocumentId('0B5E7F4C-2F1A-4C1E-9A57-3C2D1E0F9A8B'), true);
    for (const id of ['', '../../admin/users', '0b5e7f4c-2f1a-4c1e-9a57-3c2d1e0f9a8b/../x', '0b5e7f4c-2f1a-4c1e-9a57-3c2d1e0f9a8b?x', 'not-a-uuid']) assert.equal(isDocumentId(id), false, id);
  });
});
