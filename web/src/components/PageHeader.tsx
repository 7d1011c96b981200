import type { ReactNode } from 'react';
import { usePageTitle } from '../lib/usePageTitle';

/** The page's one <h1> (focusable so navigation can move focus to it) and the document title. */
export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  usePageTitle(title);
  return (
    <div className="page-header">
      <h1 tabIndex={-1}>{title}</h1>
      {children}
    </div>
  );
}
