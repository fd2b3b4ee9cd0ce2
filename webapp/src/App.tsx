import { Route, Routes } from 'react-router-dom';
import { GuestOnly } from './auth/GuestOnly';
import { BillingPage } from './billing/BillingPage';
import { RequireAuth } from './auth/RequireAuth';
import { useGlobalStyles } from './layout/useGlobalStyles';
import { AccountPage } from './pages/AccountPage';
import { ForgotPasswordPage } from './pages/ForgotPasswordPage';
import { HomePage } from './pages/HomePage';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { ResetPasswordPage } from './pages/ResetPasswordPage';
import { SignupPage } from './pages/SignupPage';
import { VerifyEmailPage } from './pages/VerifyEmailPage';
import { ProjectPage } from './projects/ProjectPage';
import { AppShell } from './shell/AppShell';
import { TemplatesPage } from './templates/TemplatesPage';

/**
 * Every route of the web app. Signed-out pages sit outside the shell; everything inside the shell needs a
 * session. Later features (categories, projects, templates, billing, admin) add routes under the shell.
 */
export function App() {
  useGlobalStyles();
  return (
    <Routes>
      <Route path="/login" element={<GuestOnly><LoginPage /></GuestOnly>} />
      <Route path="/signup" element={<GuestOnly><SignupPage /></GuestOnly>} />
      {/* Reachable signed in or out: the links arrive by email and may be opened in any browser. */}
      <Route path="/forgot-password" element={<ForgotPasswordPage />} />
      <Route path="/reset-password" element={<ResetPasswordPage />} />
      <Route path="/verify-email" element={<VerifyEmailPage />} />
      <Route element={<RequireAuth><AppShell /></RequireAuth>}>
        <Route index element={<HomePage />} />
        <Route path="account" element={<AccountPage />} />
        <Route path="projects/:id" element={<ProjectPage />} />
        <Route path="templates" element={<TemplatesPage />} />
        <Route path="billing" element={<BillingPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
