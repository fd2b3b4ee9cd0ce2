/**
 * The web app's workspace wording in both languages, through the real catalogues and i18next: API errors by
 * code (with the server's own message for a code we do not word), a checked answer's summaries, where a
 * passage sits in a document without pages, and sizes in the language's number format.
 */
import assert from 'node:assert/strict';
import { ApiError, type Claim } from '@intellio/api-client';
import { createI18n } from '@intellio/i18n';
import { initReactI18next } from 'react-i18next';
import { describeError, errorMessage } from '../../webapp/src/forms/apiErrors.js';
import { claimSummaryText, locationText, readSummaryText, sourceText } from '../../webapp/src/analysis/summaries.js';
import { formatBytes } from '../../webapp/src/documents/formatBytes.js';

const claim = (verdict: Claim['verdict']) => ({ text: 'x', verdict, reason: null, sources: [] }) as unknown as Claim;
const passage = (id: string, documentId: string) => ({ id, documentId, documentName: 'a.pdf', page: 1, location: 'page 1', url: '', appUrl: '' });

describe('web app workspace wording (en, ko)', () => {
  const i18n = createI18n('en', [initReactI18next]);
  after(() => i18n.changeLanguage('en'));

  it('words API errors by their stable code, and keeps the server message for a code it does not know', async () => {
    await i18n.changeLanguage('en');
    assert.equal(errorMessage(new ApiError(409, 'email_taken', 'x')), 'An account with this email already exists.');
    assert.equal(errorMessage(new ApiError(402, 'insufficient_tokens', 'x', { needed: 24746, available: 1200 })), 'This needs 24,746 tokens; your available balance is 1,200.');
    assert.equal(errorMessage(new ApiError(422, 'something_new', 'The server says so.')), 'The server says so.');
    assert.equal(errorMessage(new ApiError(500, 'internal', 'stack trace')), 'Something went wrong on our side. Please try again in a moment.');
    assert.equal(errorMessage(new TypeError('Failed to fetch')), 'Cannot reach Intellio. Check your connection and try again.');
    await i18n.changeLanguage('ko');
    assert.equal(errorMessage(new ApiError(401, 'invalid_credentials', 'Email or password is incorrect.')), '이메일 또는 비밀번호가 올바르지 않습니다. 방금 가입하셨다면 먼저 이메일로 보내 드린 링크를 열어 주세요.');
    assert.equal(errorMessage(new ApiError(422, 'something_new', '서버 메시지입니다.')), '서버 메시지입니다.');
  });

  it('puts a wrong current password under its field as a whole sentence', async () => {
    await i18n.changeLanguage('en');
    const wrong = new ApiError(400, 'wrong_password', 'The current password is incorrect.', [{ path: 'body.currentPassword', message: 'That is not your current password.' }]);
    const described = describeError(wrong, ['currentPassword', 'newPassword'] as const);
    assert.equal(described.message, null);
    assert.equal(described.fields.currentPassword, 'That is not your current password. Enter the password you sign in with.');
    await i18n.changeLanguage('ko');
    assert.equal(describeError(wrong, ['currentPassword'] as const).fields.currentPassword, '현재 비밀번호가 아닙니다. 로그인할 때 쓰는 비밀번호를 입력하세요.');
  });

  it('summarises the checks and what was read, with plurals and grouped numbers', async () => {
    const claims = [...Array.from({ length: 7 }, () => claim('supported')), claim('unsupported')];
    const read = [passage('P1', 'a'), passage('P2', 'a'), passage('P3', 'b')];
    await i18n.changeLanguage('en');
    assert.equal(claimSummaryText(claims, i18n.t), '7 of 8 statements checked against their sources · 1 not found in its sources');
    assert.equal(claimSummaryText([], i18n.t), null);
    assert.equal(readSummaryText(read, 1204, i18n.t), 'Read 3 passages from 2 documents and 1,204 cells');
    assert.equal(readSummaryText([passage('P1', 'a')], 1, i18n.t), 'Read 1 passage from 1 document and 1 cell');
    await i18n.changeLanguage('ko');
    assert.equal(claimSummaryText(claims, i18n.t), '진술 8개 중 7개를 출처에서 확인했습니다 · 1개는 출처에서 찾지 못했습니다');
    assert.equal(readSummaryText(read, 1204, i18n.t), '문서 2개에서 구절 3개와 셀 1,204개를 읽었습니다');
  });

  it('says where a passage sits in a document without pages, in the language shown', async () => {
    await i18n.changeLanguage('ko');
    assert.equal(locationText('rows 2–40', i18n.t), '2–40행');
    assert.equal(locationText('lines 3–9', i18n.t), '3–9줄');
    assert.equal(locationText('line 4', i18n.t), '4줄');
    assert.equal(locationText('section “개요”', i18n.t), '‘개요’ 절');
    assert.equal(locationText('beginning', i18n.t), '처음 부분');
    assert.equal(locationText("'1분기'!A1:D20", i18n.t), "'1분기'!A1:D20");
    assert.equal(sourceText({ documentName: '보고서.pdf', page: 7 }, i18n.t), '보고서.pdf, 7쪽');
    await i18n.changeLanguage('en');
    assert.equal(sourceText({ documentName: 'notes.txt', page: null, location: 'lines 3–9' }, i18n.t), 'notes.txt, lines 3–9');
  });

  it('writes sizes with the language number format and international unit symbols', () => {
    assert.equal(formatBytes(512, 'en-US'), '512 B');
    assert.equal(formatBytes(1536, 'en-US'), '1.5 KB');
    // Korean writes the symbol right after the number, as Intl's ko-KR unit format does.
    assert.equal(formatBytes(1024 * 1024 * 1234, 'ko-KR'), '1.2GB');
    assert.equal(formatBytes(1024 * 1536, 'ko-KR'), '1.5MB');
    assert.equal(formatBytes(2_000_000, 'ko-KR'), '1.9MB');
    assert.equal(formatBytes(512, 'ko-KR'), '512B');
    // The decimal sign follows the locale (a German comma), the symbol does not change.
    assert.equal(formatBytes(1024 * 1536, 'de-DE'), '1,5 MB');
  });
});
