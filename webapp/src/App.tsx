import { lazy } from 'react';
import { Route, Routes } from 'react-router-dom';
import { RequireAdmin } from './admin/RequireAdmin';
import { GuestOnly } from './auth/GuestOnly';
import { MfaSetupPage } from './auth/MfaSetupPage';
import { DocumentLinkPage } from './documents/DocumentLinkPage';
import { RequireAuth } from './auth/RequireAuth';
import { LazyPage } from './layout/LazyPage';
import { useGlobalStyles } from './layout/useGlobalStyles';
import { AccountPage } from './pages/AccountPage';
import { ForgotPasswordPage } from './pages/ForgotPasswordPage';
import { AddinsPage } from './addins/AddinsPage';
import { HomePage } from './pages/HomePage';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { ResetPasswordPage } from './pages/ResetPasswordPage';
import { SignupPage } from './pages/SignupPage';
import { VerifyEmailPage } from './pages/VerifyEmailPage';
import { ProjectPage } from './projects/ProjectPage';
import { AppShell } from './shell/AppShell';
import { TemplatesPage } from './templates/TemplatesPage';

// Admin, billing and usage (with their charts) are visited rarely: their code is fetched on first visit, not with the first load.
const AdminPage = lazy(() => import('./admin/AdminPage').then((m) => ({ default: m.AdminPage })));
const UserDetailPage = lazy(() => import('./admin/UserDetailPage').then((m) => ({ default: m.UserDetailPage })));
const BillingPage = lazy(() => import('./billing/BillingPage').then((m) => ({ default: m.BillingPage })));
const UsagePage = lazy(() => import('./usage/UsagePage').then((m) => ({ default: m.UsagePage })));

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
      {/* REQUIRE_ADMIN_MFA: an administrator without MFA sets it up here before anything else (auth/RequireAuth). */}
      <Route path="/mfa-setup" element={<MfaSetupPage />} />
      <Route element={<RequireAuth><AppShell /></RequireAuth>}>
        <Route index element={<HomePage />} />
        <Route path="account" element={<AccountPage />} />
        <Route path="projects/:id" element={<ProjectPage />} />
        {/* Stable document links kept in spreadsheet cells: sign in, then open the file at ?page=N. */}
        <Route path="d/:documentId" element={<DocumentLinkPage />} />
        <Route path="templates" element={<TemplatesPage />} />
        <Route path="addins" element={<AddinsPage />} />
        <Route path="billing" element={<LazyPage><BillingPage /></LazyPage>} />
        <Route path="usage" element={<LazyPage><UsagePage /></LazyPage>} />
        <Route path="admin" element={<RequireAdmin><LazyPage><AdminPage /></LazyPage></RequireAdmin>} />
        <Route path="admin/users/:id" element={<RequireAdmin><LazyPage><UserDetailPage /></LazyPage></RequireAdmin>} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
