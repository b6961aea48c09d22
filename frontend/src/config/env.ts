export const env = {
  /** Prefix for API paths; empty because Django serves the SPA and the API from one origin. */
  apiBaseUrl: (import.meta.env.VITE_API_BASE_URL as string | undefined) ?? '',
  /** How often a queued or running job is polled, in milliseconds. */
  jobPollMs: 400,
} as const;
