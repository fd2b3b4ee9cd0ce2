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
    checkEmailTitle: '이메일을 확인하세요',
    checkEmailBody: '{{email}}(으)로 메일을 보냈습니다. 메일의 링크를 열고 방금 정한 비밀번호를 입력하면 주소가 인증되고 바로 로그인되어 Intellio로 이동합니다. 링크는 48시간 동안 유효합니다.',
    checkEmailHasAccount: '이 주소로 이미 계정이 있다면, 메일에 그 사실과 함께 로그인하거나 비밀번호를 재설정하는 링크가 들어 있습니다.',
    checkEmailNothing: '몇 분이 지나도 메일이 오지 않나요? 스팸함이나 정크 메일함을 확인하세요. 새 비밀번호로 로그인을 시도하면 새 링크를 보내 드립니다.',
    checkEmailOther: '다른 주소 사용',
    checkEmailSignIn: '로그인 화면으로',
    verifySigningIn: '이메일이 인증되었습니다. 로그인하는 중…',
  },
};
