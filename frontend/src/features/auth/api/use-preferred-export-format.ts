import { useAccount } from './get-account';
import { usePreferences } from './get-preferences';

/** The signed-in user's preferred export format, or null (none chosen, or not signed in). */
export function usePreferredExportFormat(): string | null {
  const account = useAccount();
  const preferences = usePreferences({ enabled: account.data?.is_authenticated === true });
  return preferences.data?.export_format || null;
}
