/**
 * Accounts over the typed client: who is signed in (`useSession`), signing in (citizens by phone
 * and code, officials by password and second factor), and the signed-in person's own data.
 *
 * The web app never holds a token: every sign-in sets the httpOnly `cds_session` cookie and the
 * browser sends it back. Everything that belongs to one account is cached under `accountKey`, so
 * signing in or out drops it all at once.
 */
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api, ApiError, unwrap } from './client';
import type { paths } from './openapi';
import type { Language } from '../i18n';

/** The JSON request body of an operation, as docs/openapi.json describes it. */
type JsonBody<P extends keyof paths, M extends keyof paths[P]> =
  paths[P][M] extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;

export const sessionKey = ['auth', 'me'] as const;
export const accountKey = ['account'] as const;
const profileKey = [...accountKey, 'profile'] as const;
const sessionsKey = [...accountKey, 'sessions'] as const;

/** `null` when nobody is signed in (the server answers 401). */
async function fetchSession(signal?: AbortSignal) {
  try {
    return await unwrap(api.GET('/api/v1/auth/me', { signal }));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}
const fetchProfile = (signal?: AbortSignal) => unwrap(api.GET('/api/v1/me', { signal }));
const fetchSessions = (signal?: AbortSignal) => unwrap(api.GET('/api/v1/auth/sessions', { signal }));
const fetchVneidStatus = (signal?: AbortSignal) => unwrap(api.GET('/api/v1/auth/vneid', { signal }));

export type Session = NonNullable<Awaited<ReturnType<typeof fetchSession>>>;
export type Profile = Awaited<ReturnType<typeof fetchProfile>>;
export type ProfileUpdate = JsonBody<'/api/v1/me', 'patch'>;
export type NotificationPreferences = Profile['notificationPreferences'];
export type SessionItem = Awaited<ReturnType<typeof fetchSessions>>['items'][number];
export type IdentityInput = JsonBody<'/api/v1/me/identity', 'put'>;
export type Gender = IdentityInput['gender'];

/** Links the browser opens itself (downloads, images, the VNeID redirect), not fetch calls. */
export const accountLinks = {
  avatar: (version: string | number) => `/api/v1/me/avatar?v=${encodeURIComponent(String(version))}`,
  export: '/api/v1/me/export',
  vneidStart: (returnTo: string) => `/api/v1/auth/vneid/start?${new URLSearchParams({ returnTo })}`,
} as const;

// ─── Who is signed in ──────────────────────────────────────────────────────────────────────────

/** The signed-in account (`data` is `null` when signed out, `undefined` while loading). */
export function useSession() {
  return useQuery({
    queryKey: sessionKey,
    queryFn: ({ signal }) => fetchSession(signal),
    staleTime: 5 * 60 * 1000,
  });
}

/** After any sign-in: forget the previous account's data and read the new session. */
export async function adoptNewSession(queryClient: QueryClient): Promise<Session | null> {
  queryClient.removeQueries({ queryKey: accountKey });
  return queryClient.fetchQuery({ queryKey: sessionKey, queryFn: ({ signal }) => fetchSession(signal), staleTime: 0 });
}

/** After signing out, deleting the account, or a refused session: nobody is signed in. */
export function forgetSession(queryClient: QueryClient): void {
  queryClient.setQueryData(sessionKey, null);
  queryClient.removeQueries({ queryKey: accountKey });
}

/** Ends this session. The caller moves on and then calls `forgetSession` (see `useEndSession`). */
export function useSignOut() {
  return useMutation({
    mutationFn: async () => {
      try {
        await unwrap(api.POST('/api/v1/auth/logout'));
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 401)) throw error; // already ended: fine
      }
    },
  });
}

export function useVneidStatus() {
  return useQuery({
    queryKey: ['auth', 'vneid'],
    queryFn: ({ signal }) => fetchVneidStatus(signal),
    staleTime: 60 * 60 * 1000,
  });
}

// ─── Citizens: phone and one-time code, or phone and password ──────────────────────────────────

export function useStartPhoneSignIn() {
  return useMutation({
    mutationFn: (phone: string) => unwrap(api.POST('/api/v1/auth/phone/start', { body: { phone } })),
  });
}

export function useVerifyPhoneCode() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { challengeId: string; code: string; displayName?: string }) =>
      unwrap(api.POST('/api/v1/auth/phone/verify', { body })),
    onSuccess: () => adoptNewSession(queryClient),
  });
}

export function usePhonePasswordSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { phone: string; password: string }) => unwrap(api.POST('/api/v1/auth/phone/password', { body })),
    onSuccess: () => adoptNewSession(queryClient),
  });
}

// ─── Officials: password, then a second factor; an initial password must be replaced ──────────

export function useOfficialPasswordStep() {
  return useMutation({
    mutationFn: (body: { username: string; password: string }) => unwrap(api.POST('/api/v1/auth/login', { body })),
  });
}

export function useTotpEnrolment() {
  return useMutation({
    mutationFn: (challengeToken: string) => unwrap(api.POST('/api/v1/auth/login/totp/enrol', { body: { challengeToken } })),
  });
}

export function useTotpStep() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { challengeToken: string; code: string }) => unwrap(api.POST('/api/v1/auth/login/totp', { body })),
    onSuccess: () => adoptNewSession(queryClient),
  });
}

export function useChangeInitialPassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) => unwrap(api.POST('/api/v1/auth/password', { body })),
    onSuccess: () => adoptNewSession(queryClient),
  });
}

// ─── My profile ────────────────────────────────────────────────────────────────────────────────

export function useProfile() {
  return useQuery({ queryKey: profileKey, queryFn: ({ signal }) => fetchProfile(signal) });
}

/** A changed name or identity level also shows in the header, which reads the session. */
function useProfileSaved() {
  const queryClient = useQueryClient();
  return (profile: Profile) => {
    queryClient.setQueryData(profileKey, profile);
    void queryClient.invalidateQueries({ queryKey: sessionKey });
  };
}

export function useUpdateProfile() {
  const saved = useProfileSaved();
  return useMutation({
    mutationFn: (body: ProfileUpdate) => unwrap(api.PATCH('/api/v1/me', { body })),
    onSuccess: saved,
  });
}

export function useSaveLanguage() {
  const saved = useProfileSaved();
  return useMutation({
    mutationFn: (language: Language) => unwrap(api.PATCH('/api/v1/me', { body: { language } })),
    onSuccess: saved,
  });
}

export function useVerifyIdentity() {
  const saved = useProfileSaved();
  return useMutation({
    mutationFn: (body: IdentityInput) => unwrap(api.PUT('/api/v1/me/identity', { body })),
    onSuccess: saved,
  });
}

export function useUploadAvatar() {
  const saved = useProfileSaved();
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file);
      // docs/openapi.json does not describe this multipart body, so the typed client has no type for it.
      return unwrap(api.PUT('/api/v1/me/avatar', { body: form as never }));
    },
    onSuccess: saved,
  });
}

/** Citizens set or change an optional password; a change ends their other sessions. */
export function useSetPassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { currentPassword?: string; newPassword: string }) => unwrap(api.PUT('/api/v1/me/password', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: accountKey }),
  });
}

/** Officials change their password with the stricter rules of the sign-in module. */
export function useChangeOfficialPassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) => unwrap(api.POST('/api/v1/auth/password', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: accountKey }),
  });
}

// ─── Sessions ──────────────────────────────────────────────────────────────────────────────────

export function useSessions() {
  return useQuery({ queryKey: sessionsKey, queryFn: ({ signal }) => fetchSessions(signal) });
}

export function useRevokeSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (session: SessionItem) =>
      unwrap(api.DELETE('/api/v1/auth/sessions/{id}', { params: { path: { id: session.id } } })),
    // Ending this device's own session signs out: the caller handles that (`useEndSession`).
    onSuccess: (_data, session) => {
      if (!session.current) void queryClient.invalidateQueries({ queryKey: sessionsKey });
    },
  });
}

/** Signs out every device, this one included (the caller then uses `useEndSession`). */
export function useSignOutEverywhere() {
  return useMutation({ mutationFn: () => unwrap(api.POST('/api/v1/auth/logout-everywhere')) });
}

/** Erases the account and signs out (the caller then uses `useEndSession`). */
export function useDeleteAccount() {
  return useMutation({ mutationFn: () => unwrap(api.DELETE('/api/v1/me', { body: { confirm: true } })) });
}
