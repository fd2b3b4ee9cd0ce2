import type { Shape } from './messages/shape';
import { workspaceEn } from './messages/workspace.en';
import { manageEn } from './messages/manage.en';
import { panesEn } from './messages/panes.en';
import { serverEn } from './messages/server.en';
import { securityEn } from './messages/security.en';
import { onboardingEn } from './messages/onboarding.en';

/**
 * The English catalogue: the reference every other language must match key for key (the type below makes a
 * missing key a compile error; test/unit/i18n-catalogues.test.ts checks it at run time too).
 */
export const en = {
  // Each area's messages live in messages/<area>.en.ts, under top-level keys no other area uses.
  ...workspaceEn,
  ...manageEn,
  ...panesEn,
  ...serverEn,
  ...securityEn,
  ...onboardingEn,
  language: {
    label: 'Language',
  },
  validation: {
    nameRequired: 'Enter your name.',
    emailRequired: 'Enter your email address.',
    emailFormat: 'Enter an email address like name@example.com.',
    passwordRequired: 'Enter your password.',
    passwordShort: 'Use at least {{min}} characters.',
    passwordLong: 'Use at most {{max}} characters.',
    passwordIsEmail: 'Do not use your email address as your password.',
  },
  login: {
    title: 'Sign in to Intellio',
    subtitleContinue: 'Sign in to continue where you left off.',
    subtitleWelcome: 'Welcome back.',
    newHere: 'New to Intellio?',
    createAccount: 'Create an account',
    formLabel: 'Sign in',
    email: 'Email',
    password: 'Password',
    forgot: 'Forgot password?',
    submit: 'Sign in',
  },
  signup: {
    title: 'Create your account',
    subtitle: 'Ask questions about your spreadsheet selections and get answers cited from your documents.',
    haveAccount: 'Already have an account?',
    signIn: 'Sign in',
    formLabel: 'Create account',
    name: 'Name',
    email: 'Work email',
    password: 'Password',
    passwordHint: 'At least {{min}} characters. A short sentence works well.',
    submit: 'Create account',
  },
  forgot: {
    title: 'Reset your password',
    subtitle: 'Enter the email you signed up with and we will send you a link to choose a new password.',
    remembered: 'Remembered it?',
    backToSignIn: 'Back to sign in',
    sentTitle: 'Check your inbox',
    sentBody: 'If an account exists for {{email}}, a reset link is on its way. It works once, for 30 minutes.',
    formLabel: 'Request a reset link',
    email: 'Email',
    sendAgain: 'Send another link',
    send: 'Send reset link',
  },
  reset: {
    title: 'Reset your password',
    incompleteTitle: 'This link is incomplete',
    incompleteBody: 'Open the link from the email again, or <link>request a new one</link>.',
    chooseTitle: 'Choose a new password',
    chooseSubtitle: 'Every device signed in to your account will be signed out.',
    backToSignIn: 'Back to sign in',
    requestNew: 'Request a new link',
    formLabel: 'Choose a new password',
    newPassword: 'New password',
    passwordHint: 'At least {{min}} characters.',
    submit: 'Set new password',
    changedNotice: 'Password changed. Sign in with your new password.',
  },
  verify: {
    title: 'Confirm your email',
    incomplete: 'This link is incomplete. Open the link from the email again.',
    failedFallback: 'This link did not work.',
    continueApp: 'Continue to Intellio',
    signIn: 'Sign in',
    confirming: 'Confirming your email address…',
    confirmedTitle: 'Email confirmed',
    confirmedBody: 'Thanks, {{email}} is confirmed.',
    failedTitle: 'We could not confirm your email',
    failedHint: 'You can send yourself a new link from the banner in the app.',
  },
  shell: {
    skipToContent: 'Skip to content',
    mainNav: 'Main',
    templates: 'Templates',
    addins: 'Add-ins',
    companySite: 'Intellio website (opens in a new tab)',
  },
  userMenu: {
    trigger: 'Account menu for {{name}}',
    account: 'Account',
    billing: 'Billing',
    usage: 'Usage',
    admin: 'Admin',
    signOut: 'Sign out',
  },
  verifyBanner: {
    title: 'Confirm your email address',
    pending: 'We sent a link to {{email}}. Open it to confirm it is yours.',
    sent: 'A new link is on its way to {{email}}.',
    failed: 'The link could not be sent.',
    resend: 'Resend link',
    linkSent: 'Link sent',
  },
  home: {
    pageTitle: 'Home',
    loading: 'Loading',
    getAddins: 'Get the add-ins',
    empty: {
      titleProject: 'Now add your first project',
      titleBoth: 'Create your first category and project',
      welcomeName: 'Welcome, {{name}}.',
      welcome: 'Welcome.',
      lead: 'Projects hold the documents behind your answers; categories keep projects in order. Once a project has documents, every analysis you run from a spreadsheet cites the pages it used.',
      done: 'Done',
      categoryTitle: 'Create a category',
      categoryReady: '“{{name}}” is ready.',
      categoryText: 'Group your work, e.g. by client or by team.',
      categoryName: 'Category name',
      projectTitle: 'Add a project',
      projectText: 'Then upload the documents Intellio should cite.',
      projectName: 'Project name',
      askTitle: 'Ask from your sheet',
      askText: 'Select cells in Excel or Google Sheets and ask.',
    },
    projects: {
      welcomeBackName: 'Welcome back, {{name}}',
      welcomeBack: 'Welcome back',
      recent: 'Recent projects',
      meta: '{{category}} · {{documents}} · last active {{date}}',
      noDocuments: 'no documents yet',
      documents_one: '{{count, number}} document',
      documents_other: '{{count, number}} documents',
      askTitle: 'Ask from your sheet',
      askText: "Select cells in Excel or Google Sheets and ask Intellio, with answers cited from your projects' documents.",
    },
  },
  notFound: {
    title: 'Page not found',
    body: 'There is nothing at this address. <link>Go to your home page</link>.',
  },
};

/** The shape every catalogue has: the same keys as English, each a string. */
export type Catalogue = { [K in keyof typeof en]: Shape<(typeof en)[K]> };
