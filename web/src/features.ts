/**
 * What the home page offers. Only functions that exist get a tile with a link; the seven main
 * functions of the product are listed as planned until their pages are built — then move each
 * one into `availableTiles`.
 */
import type { ComponentType } from 'react';
import { CategoriesIcon, CodeIcon, LocateIcon, MapIcon } from './components/Icons';
import { routes, serverPages } from './routes';

export interface Tile {
  key: 'categories' | 'wardLookup' | 'wardMap' | 'api';
  icon: ComponentType;
  /** A client route, or a page the server renders (outside the app). */
  target: { route: string } | { serverPage: string };
}

export const availableTiles: readonly Tile[] = [
  { key: 'categories', icon: CategoriesIcon, target: { route: routes.categories } },
  { key: 'wardLookup', icon: LocateIcon, target: { route: routes.wardLookup } },
  { key: 'wardMap', icon: MapIcon, target: { route: routes.wardMap } },
  { key: 'api', icon: CodeIcon, target: { serverPage: serverPages.apiDocs } },
];

/** The seven functions of PRODUCT.md that are not built yet. */
export const plannedFunctions = [
  'fieldReports',
  'procedureFeedback',
  'receptionBooking',
  'utilities',
  'newsAlerts',
  'initiatives',
  'chat',
] as const;
