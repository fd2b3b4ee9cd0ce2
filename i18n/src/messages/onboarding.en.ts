/** English messages of the onboarding area (see ../en.ts for how areas combine). */
export const onboardingEn = {};
