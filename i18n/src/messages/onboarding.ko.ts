import type { Shape } from './shape';
import type { onboardingEn } from './onboarding.en';

/** 한국어: the onboarding area, key for key with onboarding.en.ts. */
export const onboardingKo: Shape<typeof onboardingEn> = {};
