import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest, withQuery } from '../api';
import type { Phenotype, RunDetail, RunList } from './types';

/** Server state of the interpretation pages, through TanStack Query (cache keys per case / run). */
const keys = {
  phenotype: (caseId: string) => ['interpretation', 'phenotype', caseId] as const,
  runs: (caseId: string) => ['interpretation', 'runs', caseId] as const,
  run: (runId: string) => ['interpretation', 'run', runId] as const,
  hpo: (q: string) => ['interpretation', 'hpo', q] as const,
};

const path = (caseId: string, rest: string) => `/cases/${encodeURIComponent(caseId)}/${rest}`;

export function usePhenotype(caseId: string) {
  return useQuery({ queryKey: keys.phenotype(caseId), queryFn: ({ signal }) => apiRequest<Phenotype>('GET', path(caseId, 'phenotype'), undefined, signal) });
}

export function useSetPhenotype(caseId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (terms: string[]) => apiRequest<Phenotype>('PUT', path(caseId, 'phenotype'), { terms }),
    onSuccess: (data) => client.setQueryData(keys.phenotype(caseId), data),
  });
}

/** Runs refresh every few seconds while one is running, so a queued run appears when it ends. */
export function useRuns(caseId: string) {
  return useQuery({
    queryKey: keys.runs(caseId),
    queryFn: ({ signal }) => apiRequest<RunList>('GET', path(caseId, 'interpretations'), undefined, signal),
    refetchInterval: (q) => (q.state.data?.items.some((r) => r.status === 'running') ? 3000 : false),
  });
}

export function useRequestRun(caseId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest<{ jobId: string }>('POST', path(caseId, 'interpretations')),
    // The job runs in the background: poll the list for a few seconds until it shows up.
    onSuccess: () => {
      for (const ms of [1000, 3000, 6000]) setTimeout(() => void client.invalidateQueries({ queryKey: keys.runs(caseId) }), ms);
    },
  });
}

export function useRun(runId: string | null) {
  return useQuery({
    queryKey: keys.run(runId ?? ''),
    queryFn: ({ signal }) => apiRequest<RunDetail>('GET', withQuery(`/interpretations/${encodeURIComponent(runId!)}`, { limit: 100 }), undefined, signal),
    enabled: runId !== null,
  });
}

export function useHpoSearch(q: string) {
  return useQuery({
    queryKey: keys.hpo(q),
    queryFn: ({ signal }) => apiRequest<{ items: Array<{ id: string; label: string }> }>('GET', withQuery('/hpo/terms', { q, limit: 10 }), undefined, signal),
    enabled: q.trim().length >= 2,
    staleTime: Infinity,
  });
}
