/** English messages of the onboarding area (see ../en.ts for how areas combine). */
export const onboardingEn = {
  onboarding: {
    loadingPage: 'Loading the page…',
    companySite: 'Intellio website (opens in a new tab)',
    setupTitle: 'Create the administrator account',
    setupSubtitle: 'This server has no accounts yet. The first account runs it: it can manage users, billing and backups.',
    alreadyVerifiedTitle: 'Email already confirmed',
    alreadyVerifiedBody: 'This link was used before: your email address is confirmed. Nothing more to do.',
    support: 'Need help? Write to <link>{{email}}</link>.',
    tryTitle: 'Try it with an example',
    tryText: 'Add a sample table of regional sales and a sample report (PDF) to this project, then ask a question about the selected cells.',
    tryButton: 'Add the example',
    tryAdding: 'Adding the example…',
    tryFailed: 'The example could not be added.',
    tryAdded: 'The example is in: select cells in the table and ask, e.g. “Why did EMEA fall?”',
    localPrice: 'Local analyst: ~{{tokens, number}} tokens',
    localPriceHint: 'Statistics of the selected cells and quotes from your documents, computed on the server — not a language model.',
  },
};
