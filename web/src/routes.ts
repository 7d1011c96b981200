/** Client routes, in one place so links and the router agree. */
export const routes = {
  home: '/',
  categories: '/categories',
  wardLookup: '/wards/lookup',
  wardMap: '/wards/map',
  signIn: '/sign-in',
  officialSignIn: '/official/sign-in',
  profile: '/profile',
} as const;

/** Server pages the app links to (outside the client router). */
export const serverPages = {
  apiDocs: '/api/docs',
} as const;

export function wardLookupUrl(lat: number, lon: number): string {
  return `${routes.wardLookup}?${new URLSearchParams({ lat: String(lat), lon: String(lon) })}`;
}

export function wardMapUrl(wardId: string): string {
  return `${routes.wardMap}?${new URLSearchParams({ ward: wardId })}`;
}
