/** Chart colours as plain hex (SVG fill attributes do not resolve Fluent's CSS variables); Fluent's palette. */
export const CHART_COLORS = {
  brand: '#0f6cbd',
  teal: '#00a5af',
  red: '#d13438',
  green: '#107c10',
  orange: '#ca5010',
} as const;
