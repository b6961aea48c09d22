import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import type { Upload } from '@/lib/api-types';

export const uploadsQueryKey = ['uploads'] as const;

export function getUploads(): Promise<Upload[]> {
  return apiRequest<Upload[]>('/api/uploads/');
}

export const uploadsQueryOptions = () => queryOptions({ queryKey: uploadsQueryKey, queryFn: getUploads });

export function useUploads() {
  return useQuery(uploadsQueryOptions());
}
