import { useId } from 'react';

interface LogoMarkProps {
  size?: number;
}

/** The Intellio mark: a selection of spreadsheet cells with a spark where the answer appears. */
export function LogoMark({ size = 28 }: LogoMarkProps) {
  const gradientId = `intellio-mark-${useId().replace(/:/g, '')}`;
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <defs>
        <linearGradient id={gradientId} x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stopColor="#6568d1" />
          <stop offset="1" stopColor="#2f3182" />
        </linearGradient>
      </defs>
      <rect width="32" height="32" rx="8" fill={`url(#${gradientId})`} />
      <rect x="7" y="7" width="8" height="8" rx="2" fill="#fff" />
      <rect x="7" y="17" width="8" height="8" rx="2" fill="#fff" />
      <rect x="17" y="17" width="8" height="8" rx="2" fill="#fff" fillOpacity="0.6" />
      <path
        d="M21 6.2c.45 3.55 1.3 4.4 4.8 4.8-3.5.4-4.35 1.25-4.8 4.8-.45-3.55-1.3-4.4-4.8-4.8 3.5-.4 4.35-1.25 4.8-4.8z"
        fill="#fff"
      />
    </svg>
  );
}
