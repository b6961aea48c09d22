export { useAccount } from './api/get-account';
export { AccountMenu } from './components/account-menu';
export { AccountPage } from './components/account-page';
export { LogInPage } from './components/log-in-page';
export { ResetPasswordPage } from './components/reset-password-page';
export { ResetRequestPage } from './components/reset-request-page';
export { SignUpPage } from './components/sign-up-page';
export { usePreferredExportFormat } from './api/use-preferred-export-format';
