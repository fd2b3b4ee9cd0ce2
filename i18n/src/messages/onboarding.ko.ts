import type { Shape } from './shape';
import type { onboardingEn } from './onboarding.en';

/** 한국어: the onboarding area, key for key with onboarding.en.ts. */
export const onboardingKo: Shape<typeof onboardingEn> = {
  onboarding: {
    loadingPage: '페이지를 불러오는 중…',
    companySite: 'Intellio 웹사이트(새 탭에서 열림)',
    setupTitle: '관리자 계정 만들기',
    setupSubtitle: '이 서버에는 아직 계정이 없습니다. 첫 계정이 관리자가 되어 사용자, 결제, 백업을 관리합니다.',
    alreadyVerifiedTitle: '이미 확인된 이메일입니다',
    alreadyVerifiedBody: '이 링크는 이미 사용되었습니다. 이메일 주소는 확인되었으니 더 할 일이 없습니다.',
    support: '도움이 필요하면 <link>{{email}}</link>로 문의하세요.',
    tryTitle: '예제로 시작하기',
    tryText: '지역별 매출 예제 표와 예제 보고서(PDF)를 이 프로젝트에 추가한 뒤, 선택한 셀에 대해 질문해 보세요.',
    tryButton: '예제 추가',
    tryAdding: '예제를 추가하는 중…',
    tryFailed: '예제를 추가하지 못했습니다.',
    tryAdded: '예제가 추가되었습니다. 표에서 셀을 선택하고 질문하세요. 예: “EMEA 매출은 왜 줄었나요?”',
    localPrice: '로컬 분석기: 약 {{tokens, number}} 토큰',
    localPriceHint: '선택한 셀의 통계와 문서 인용을 서버에서 계산합니다. 언어 모델이 아닙니다.',
  },
};
