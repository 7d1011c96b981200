/** Small inline icons (decorative: always aria-hidden; the text next to them carries the meaning). */
import type { ReactElement } from 'react';

function Icon({ children }: { children: ReactElement | ReactElement[] }) {
  return (
    <svg className="icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false"
      fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
      {children}
    </svg>
  );
}

export function BrandMark() {
  return (
    <svg className="brand__mark" viewBox="0 0 64 64" width="36" height="36" aria-hidden="true" focusable="false">
      <rect width="64" height="64" rx="14" fill="#b3261e" />
      <path d="M32 12l5.9 12 13.1 1.9-9.5 9.3 2.2 13.1L32 42.1l-11.7 6.2 2.2-13.1-9.5-9.3 13.1-1.9z" fill="#ffd54a" />
    </svg>
  );
}

export const CategoriesIcon = () => (
  <Icon>
    <path d="M4 6h16" /><path d="M4 12h16" /><path d="M4 18h10" />
  </Icon>
);

export const LocateIcon = () => (
  <Icon>
    <path d="M12 21s-7-6.2-7-11.5A7 7 0 0 1 19 9.5C19 14.8 12 21 12 21z" /><circle cx="12" cy="9.5" r="2.5" />
  </Icon>
);

export const MapIcon = () => (
  <Icon>
    <path d="M9 4 3 6v14l6-2 6 2 6-2V4l-6 2-6-2z" /><path d="M9 4v14" /><path d="M15 6v14" />
  </Icon>
);

export const CodeIcon = () => (
  <Icon>
    <path d="m8 7-5 5 5 5" /><path d="m16 7 5 5-5 5" />
  </Icon>
);

export const ClockIcon = () => (
  <Icon>
    <circle cx="12" cy="12" r="9" /><path d="M12 7v5l3 2" />
  </Icon>
);
