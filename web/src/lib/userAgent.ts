/** A short, readable name for a browser's User-Agent: "Chrome · Android". Good enough to tell devices apart. */
export function describeUserAgent(userAgent: string | null): { browser: string | null; system: string | null } {
  if (!userAgent) return { browser: null, system: null };
  const browsers: [RegExp, string][] = [
    [/Edg(e|A|iOS)?\//, 'Edge'], [/OPR\/|Opera/, 'Opera'], [/CocCoc|coc_coc/i, 'Cốc Cốc'], [/SamsungBrowser/, 'Samsung Internet'],
    [/Zalo/i, 'Zalo'], [/Firefox\/|FxiOS/, 'Firefox'], [/Chrome\/|CriOS|Chromium/, 'Chrome'], [/Safari\//, 'Safari'],
  ];
  const systems: [RegExp, string][] = [
    [/Android/, 'Android'], [/iPhone|iPad|iPod/, 'iOS'], [/Windows/, 'Windows'], [/Mac OS X|Macintosh/, 'macOS'],
    [/CrOS/, 'ChromeOS'], [/Linux/, 'Linux'],
  ];
  return {
    browser: browsers.find(([pattern]) => pattern.test(userAgent))?.[1] ?? null,
    system: systems.find(([pattern]) => pattern.test(userAgent))?.[1] ?? null,
  };
}
