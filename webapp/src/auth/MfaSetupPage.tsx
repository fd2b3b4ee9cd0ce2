import { Button } from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { MfaSettings } from '../account/MfaSettings';
import { AuthLayout } from '../layout/AuthLayout';
import { FullPageSpinner } from '../layout/FullPageSpinner';
import { readRedirectState, safeDestination } from './redirect';
import { useAuth } from './useAuth';

/**
 * Where REQUIRE_ADMIN_MFA sends an administrator who has no MFA yet: nothing else answers them until it is
 * on. Outside the app shell, whose own requests would all be refused meanwhile.
 */
export function MfaSetupPage() {
  const { status, user, signOut } = useAuth();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const from = safeDestination(readRedirectState(useLocation().state).from);
  // Judged once, on arrival: turning MFA on here must not leave before the recovery codes are shown.
  const [neededOnArrival] = useState(() => user !== null && !user.mfaEnabled);

  function handleDone() {
    navigate(from, { replace: true });
  }

  function handleSignOut() {
    void signOut();
  }

  if (status === 'resolving') return <FullPageSpinner />;
  if (!user) return <Navigate to="/login" replace />;
  if (!neededOnArrival) return <Navigate to={from} replace />;

  return (
    <AuthLayout title={t('mfa.setupPage.title')} subtitle={t('mfa.setupPage.subtitle')}>
      <MfaSettings user={user} onEnabled={handleDone} />
      <Button appearance="transparent" onClick={handleSignOut}>
        {t('mfa.setupPage.signOut')}
      </Button>
    </AuthLayout>
  );
}
